package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills the real CLI (SIGKILL, through strace's syscall fault injection) at each of its renames, as
 * many as strace counts in a run of the same kind, while it connects three tools with a personal key,
 * and while it reverts them; then the next run must settle it: after {@code --revert} HOME is exactly
 * as it was, and no file anywhere under it holds the key.
 * Needs strace (.ci/run installs it); skipped without it.
 */
@org.junit.jupiter.api.Order(2)
class CrashTest {
    static final String KEY = "ark_crashTestKey0123456789abcdef";
    static final String SETTINGS = "{\n  \"model\": \"opus\",\n  \"env\": {\n    \"ANTHROPIC_BASE_URL\": \"https://api.anthropic.com\"\n  }\n}\n";

    static Path strace() {
        Path strace = Cli.onPath("strace");
        Assumptions.assumeTrue(strace != null, "strace is not installed (.ci/run installs it)");
        return strace;
    }

    static void prepare(TempHome home) {
        home.write(".claude/settings.json", SETTINGS);
        home.write(".codex/config.toml", "model = \"gpt-5\"\n");
        home.write(".bashrc", "# my rc\n");
    }

    static final String[] CONNECT = {"--yes", "--tools", "claude-code,codex,shell-env", "--user", "crash@example.com"};
    static final String[] REVERT = {"--revert", "--yes"};

    /** Runs connect under strace and kills it at the {@code n}-th rename; returns the exit code. */
    static int connectKilledAt(TempHome home, int n) throws Exception {
        return killedAt(home, n, CONNECT);
    }

    /** Runs the CLI with {@code args} under strace, killed (SIGKILL) at its {@code n}-th rename; returns the exit code. */
    static int killedAt(TempHome home, int n, String... args) throws Exception {
        return underStrace(home, List.of("-o", "/dev/null", "-e", "inject=rename,renameat,renameat2:signal=KILL:when=" + n), args);
    }

    /** How many renames a run with {@code args} makes from here (counted by strace, not assumed). */
    static int renames(TempHome home, String... args) throws Exception {
        Path trace = Files.createTempFile("anyray-crash-trace-", ".txt");
        try {
            assertEquals(0, underStrace(home, List.of("-o", trace.toString()), args), "the counting run itself failed");
            try (var lines = Files.lines(trace)) {
                return (int) lines.filter(l -> l.matches(".*\\brename(at2?)?\\(.*= 0.*")).count();
            }
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    private static int underStrace(TempHome home, List<String> straceArgs, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(strace().toString(), "-f", "-qq", "-e", "trace=rename,renameat,renameat2"));
        command.addAll(straceArgs);
        command.addAll(Cli.javaCommand());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.root().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(Cli.environment(home, Map.of("ANYRAY_CLIENT_KEY", KEY)));
        Process process = builder.start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the run did not end");
        return process.exitValue();
    }

    /** The connect's renames, counted on a home prepared the same way, then one test per rename. */
    @TestFactory
    Stream<DynamicTest> aConnectKilledAtAnyRenameIsSettledAndRevertRestoresEveryFile() throws Exception {
        int count;
        try (TempHome probe = new TempHome()) {
            prepare(probe);
            count = renames(probe, CONNECT);
        }
        assertTrue(count >= 6, "the journal, three tool files, the key file and the record are renamed into place: " + count);
        return IntStream.rangeClosed(1, count).mapToObj(n -> DynamicTest.dynamicTest("connect killed at rename " + n + " of " + count, () -> {
            try (TempHome home = new TempHome()) {
                prepare(home);
                var before = home.snapshot();
                assertEquals(137, connectKilledAt(home, n), "killed by SIGKILL at rename " + n + " of " + count);
                assertSettledAndRevertedExactly(home, before, n > 1);
            }
        }));
    }

    /** The same for a revert: killed at each of its renames, the next run settles it and a revert leaves HOME as it was. */
    @TestFactory
    Stream<DynamicTest> aRevertKilledAtAnyRenameIsSettledAndLeavesNothing() throws Exception {
        int count;
        try (TempHome probe = new TempHome()) {
            prepare(probe);
            assertEquals(0, Cli.run(probe, Map.of("ANYRAY_CLIENT_KEY", KEY), CONNECT).exit());
            count = renames(probe, REVERT);
        }
        assertTrue(count >= 2, "a revert renames the journal and the files it puts back: " + count);
        return IntStream.rangeClosed(1, count).mapToObj(n -> DynamicTest.dynamicTest("revert killed at rename " + n + " of " + count, () -> {
            try (TempHome home = new TempHome()) {
                prepare(home);
                var before = home.snapshot();
                assertEquals(0, Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", KEY), CONNECT).exit());
                assertEquals(137, killedAt(home, n, REVERT), "killed by SIGKILL at rename " + n + " of " + count);
                assertSettledAndRevertedExactly(home, before, n > 1);
            }
        }));
    }

    /**
     * The next run (a --status) settles the interrupted one; then a revert gives HOME back exactly, with no
     * key anywhere. {@code journalInPlace}: the kill came after the journal's own rename (the first one),
     * so there is a run to settle and the next run says so; before it, nothing had changed.
     */
    static void assertSettledAndRevertedExactly(TempHome home, Map<String, String> before, boolean journalInPlace) throws Exception {
        Cli.Result status = Cli.run(home, "--status");
        assertEquals(0, status.exit(), status.toString());
        assertEquals(journalInPlace, status.err().contains("an earlier run was interrupted"), "the next run says whether it settled an interrupted run: " + status.err());
        InviteAndKeysTest.assertNoGroupOrOtherCanRead(home, KEY);
        try (var files = Files.walk(home.root())) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().matches(".*\\.anyray-(tmp|bak)|journal\\.json")).toList(),
                    "no temp file, backup or journal outlives the next run");
        }
        Cli.Result revert = Cli.run(home, "--revert", "--yes");
        assertEquals(0, revert.exit(), revert.toString());
        assertEquals(before, home.snapshot(), "every file is back, no temp file, no record");
        assertEquals(List.of(), home.filesContaining(KEY));
    }

    @ParameterizedTest(name = "killed at rename {0}, then connected again")
    @ValueSource(ints = {3})
    void aConnectAfterACrashNeverRecordsConnectsOwnValuesAsTheUsers(int n) throws Exception {
        try (TempHome home = new TempHome()) {
            prepare(home);
            var before = home.snapshot();
            connectKilledAt(home, n);
            Cli.Result again = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", KEY), "--yes", "--tools", "claude-code,codex,shell-env", "--user", "crash@example.com");
            assertEquals(0, again.exit(), again.toString());
            assertTrue(again.err().contains("interrupted"), again.err());
            assertTrue(!home.read(".anyray/state.json").contains(KEY), "the record never holds the key");
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertEquals(before, home.snapshot());
            assertTrue(home.read(".claude/settings.json").contains("https://api.anthropic.com"));
        }
    }
}
