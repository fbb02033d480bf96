package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FaultsAndHostileInputTest {

    /** Odd existing settings files: what each run must do, and that a refused file keeps every byte. */
    static Stream<Arguments> oddSettingsFiles() {
        byte[] bom = "\uFEFF{\"model\": \"opus\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "{\"name\": \"Jos\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        String huge = "{\n  \"big\": [" + "\"x\",".repeat(600_000) + "\"end\"]\n}\n";
        return Stream.of(
                Arguments.of("empty file", (Consumer<TempHome>) h -> h.write(".claude/settings.json", ""), 0, "changed"),
                Arguments.of("byte-order mark", (Consumer<TempHome>) h -> h.write(".claude/settings.json", bom), 0, "changed"),
                Arguments.of("comments", (Consumer<TempHome>) h -> h.write(".claude/settings.json", "{\n  // mine\n  \"a\": 1\n}\n"), 1, "comments are not allowed"),
                Arguments.of("CRLF", (Consumer<TempHome>) h -> h.write(".claude/settings.json", "{\r\n  \"a\": 1\r\n}\r\n"), 0, "changed"),
                Arguments.of("huge (5 MB)", (Consumer<TempHome>) h -> h.write(".claude/settings.json", huge), 0, "changed"),
                Arguments.of("not UTF-8", (Consumer<TempHome>) h -> h.write(".claude/settings.json", latin1), 1, "is not UTF-8"),
                Arguments.of("a folder", (Consumer<TempHome>) h -> h.mkdir(".claude/settings.json"), 1, "is a folder where a file is expected"),
                Arguments.of("an array", (Consumer<TempHome>) h -> h.write(".claude/settings.json", "[1, 2]"), 1, "must hold a JSON object"),
                Arguments.of("env not an object", (Consumer<TempHome>) h -> h.write(".claude/settings.json", "{\"env\": \"x\"}"), 1, "\"env\" must be an object"),
                Arguments.of("parent is a file", (Consumer<TempHome>) h -> h.write(".claude", "not a folder"), 1, "~/.claude"));
    }

    @ParameterizedTest(name = "[{index}] settings.json: {0}")
    @MethodSource("oddSettingsFiles")
    void oddOrMalformedFilesAreHandledAndNothingIsLost(String name, Consumer<TempHome> setup, int exit, String message) {
        try (TempHome home = new TempHome()) {
            setup.accept(home);
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, "--yes", "--tools", "claude-code", "--user", "me@x");
            assertEquals(exit, r.exit(), r.toString());
            assertTrue(r.all().contains(message), r.toString());
            if (exit != 0) {
                assertEquals(before, home.snapshot(), "a refused file keeps every byte");
                // One line for the error (the default gateway is not running here: its warning may come first).
                assertEquals(1, r.err().strip().lines().filter(l -> !l.startsWith("warning: ")).count(), "one line: " + r.err());
            } else {
                Cli.Result revert = Cli.run(home, "--revert", "--yes");
                assertEquals(0, revert.exit(), revert.toString());
                assertEquals(before, home.snapshot(), "revert gives the odd file back byte for byte");
            }
        }
    }

    /** Hostile values for every flag and variable: each is refused as usage, or written so that nothing breaks. */
    static Stream<Arguments> hostileInputs() {
        return Stream.of(
                Arguments.of(List.of("--user", "x\r\nInjected: 1"), Map.of(), 2, "--user"),
                Arguments.of(List.of("--team", "\u0007bell"), Map.of(), 2, "--team"),
                Arguments.of(List.of("--user", ""), Map.of(), 2, "--user is empty"),
                Arguments.of(List.of("--tools", ""), Map.of(), 2, "--tools has an empty entry"),
                Arguments.of(List.of("--tools", "claude-code,,codex"), Map.of(), 2, "empty entry"),
                Arguments.of(List.of("--gateway", "https://gw.example/`id`"), Map.of(), 2, "--gateway"),
                Arguments.of(List.of("--invite", "ari_ x"), Map.of(), 2, "--invite"),
                Arguments.of(List.of("--timeout", "-1"), Map.of(), 2, "--timeout"),
                Arguments.of(List.of(), Map.of("ANYRAY_GATEWAY_URL", "file:///etc/passwd"), 2, "ANYRAY_GATEWAY_URL"),
                Arguments.of(List.of(), Map.of("ANYRAY_CLIENT_KEY", "ark_\nX: y"), 2, "ANYRAY_CLIENT_KEY"),
                Arguments.of(List.of("--user", "o'neil \"$(touch pwned)\" `touch pwned` \\ ;rm -rf ~"), Map.of(), 0, "changed"),
                // A URL may hold $ ( ) ' and ;: with $IFS for the space, broken quoting would run `touch pwned`.
                Arguments.of(List.of("--gateway", "https://gw.example/a'$(touch$IFS'pwned');b"), Map.of(), 0, "changed"),
                Arguments.of(List.of("--gateway", "https://gw.example/a$(touch$IFS'pwned')b"), Map.of(), 0, "changed"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("hostileInputs")
    void hostileValuesNeverBreakAFileOrRun(List<String> args, Map<String, String> env, int exit, String message) throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(".bashrc", "# rc\n");
            List<String> all = new ArrayList<>(List.of("--yes", "--tools", "claude-code,codex,shell-env"));
            if (!args.contains("--user")) all.addAll(List.of("--user", "me@x"));
            if (!args.contains("--tools")) all.addAll(args);
            else all = new ArrayList<>(List.of("--yes", "--user", "me@x")) {{ addAll(args); }};
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, env, all.toArray(String[]::new));
            assertEquals(exit, r.exit(), r.toString());
            assertTrue(r.all().contains(message), r.toString());
            if (exit != 0) {
                assertEquals(before, home.snapshot());
                return;
            }
            ClaudeCodeTest.json(home, ".claude/settings.json");
            assertTrue(org.tomlj.Toml.parse(home.read(".codex/anyray.config.toml")).errors().isEmpty());
            String gateway = args.contains("--gateway") ? args.get(args.indexOf("--gateway") + 1) : "http://localhost:8787";
            assertEquals(gateway + "/v1\n" + gateway + "\nsk-anyray-placeholder\nsk-anyray-placeholder\n", ShellEnvTest.sourced(home, ".bashrc"),
                    "bash reads back exactly the values connect was given");
            assertFalse(home.exists("pwned"), "nothing in a value ran");
        }
    }

    @Test
    void aHeldLockStopsASecondRunWithAClearMessage() throws Exception {
        try (TempHome home = new TempHome()) {
            java.nio.file.Path lockFile = dev.anyray.connect.io.RunLock.path(
                    dev.anyray.connect.model.Environment.of(Cli.environment(home, Map.of()), home.root()));
            Files.createDirectories(lockFile.getParent());
            Files.createFile(lockFile);
            var before = home.snapshot();
            Cli.Result r;
            // POSIX locks drop when the holder closes any handle to the file, so nothing reads it while locked.
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
                    var lock = channel.lock()) {
                r = Cli.process(home, "--yes", "--tools", "claude-code", "--user", "me@x");
            }
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("another anyray-connect run"), r.err());
            assertEquals(before, home.snapshot());
        }
    }

    @Test
    void twoRunsAtOnceLeaveConsistentFiles() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(".bashrc", "# rc\n");
            var first = CompletableFuture.supplyAsync(() -> Cli.process(home, "--yes", "--tools", "claude-code,shell-env", "--user", "a@x"));
            var second = CompletableFuture.supplyAsync(() -> Cli.process(home, "--yes", "--tools", "claude-code,shell-env", "--user", "b@x"));
            List<Cli.Result> results = List.of(first.get(), second.get());
            for (Cli.Result r : results) {
                assertTrue(r.exit() == 0 || r.err().contains("another anyray-connect run"), r.toString());
            }
            ClaudeCodeTest.json(home, ".claude/settings.json");
            assertEquals(1, home.read(".bashrc").split("# >>> anyray-connect >>>", -1).length - 1);
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertEquals("# rc\n", home.read(".bashrc"));
            assertTrue(!home.exists(".claude/settings.json"));
        }
    }

    @Test
    void aFailureInOneToolLeavesEveryToolAsItWas() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(".bashrc", "# rc\n");
            home.write(".claude/settings.json", "{}");
            // The Codex folder is a file: its write must fail, and Claude Code and the shell must not be half-done.
            home.write(".codex", "oops");
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, "--yes", "--tools", "claude-code,codex,shell-env", "--user", "me@x");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains(".codex"), r.err());
            assertEquals(before, home.snapshot());
            assertTrue(Files.exists(home.path(".bashrc")));
        }
    }
}
