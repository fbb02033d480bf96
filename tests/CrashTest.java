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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills the real CLI (SIGKILL, through strace's syscall fault injection) at its 1st, 2nd, 3rd… rename,
 * while it connects three tools with a personal key; then the next run must put every file back:
 * after {@code --revert} HOME is exactly as it was, and no file anywhere under it holds the key.
 * Needs strace (.ci/run installs it); skipped without it.
 */
@org.junit.jupiter.api.Order(2)
class CrashTest {
    static final String KEY = "ark_crashTestKey0123456789abcdef";
    static final String SETTINGS = "{\n  \"model\": \"opus\",\n  \"env\": {\n    \"ANTHROPIC_BASE_URL\": \"https://api.anthropic.com\"\n  }\n}\n";
    /** The journal, three tool files, the key file and the record: 6 renames. */
    static final int RENAMES = 6;

    static Path strace() {
        // Found the way .ci/run installs it: on PATH, wherever that is.
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "strace"))) return Path.of(dir, "strace");
        }
        Assumptions.abort("strace is not installed (.ci/run installs it)");
        return null;
    }

    static void prepare(TempHome home) {
        home.write(".claude/settings.json", SETTINGS);
        home.write(".codex/config.toml", "model = \"gpt-5\"\n");
        home.write(".bashrc", "# my rc\n");
    }

    /** Runs connect under strace and kills it at the {@code n}-th rename; returns the exit code. */
    static int connectKilledAt(TempHome home, int n) throws Exception {
        List<String> command = new ArrayList<>(List.of(strace().toString(), "-f", "-qq", "-o", "/dev/null", "-e", "trace=rename,renameat,renameat2",
                "-e", "inject=rename,renameat,renameat2:signal=KILL:when=" + n));
        command.addAll(Cli.javaCommand());
        command.addAll(List.of("--yes", "--tools", "claude-code,codex,shell-env", "--user", "crash@example.com"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.root().toFile()).redirectErrorStream(true)
                .redirectOutput(home.root().resolve("../" + home.root().getFileName() + ".out").toFile());
        builder.environment().clear();
        builder.environment().putAll(Cli.environment(home, Map.of("ANYRAY_CLIENT_KEY", KEY)));
        Process process = builder.start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the run did not end");
        return process.exitValue();
    }

    @ParameterizedTest(name = "killed at rename {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void aRunKilledAtAnyRenameIsRolledBackAndRevertRestoresEveryFile(int n) throws Exception {
        try (TempHome home = new TempHome()) {
            prepare(home);
            var before = home.snapshot();
            int exit = connectKilledAt(home, n);
            assertEquals(137, exit, "killed by SIGKILL at rename " + n + " of " + RENAMES);
            // The next run (here a connect in another mode, then a revert) first finishes the interrupted one.
            Cli.Result status = Cli.run(home, "--status");
            assertEquals(0, status.exit(), status.toString());
            InviteAndKeysTest.assertNoGroupOrOtherCanRead(home, KEY);
            try (var files = Files.walk(home.root())) {
                assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".anyray-tmp")).toList(), "no temp file outlives the next run");
            }
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertEquals(before, home.snapshot(), "every file is back, no temp file, no record");
            assertEquals(List.of(), home.filesContaining(KEY));
        }
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
