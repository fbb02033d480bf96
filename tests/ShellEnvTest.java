package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.edit.ManagedBlock;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShellEnvTest {

    /** Sources the profile in a real bash and prints the variables it ends up with. */
    /**
     * The variables a new bash sees after sourcing {@code profile}. Sourcing must succeed and print no
     * error: a value that broke the quoting would show there (or run, which the callers' canaries catch).
     */
    static String sourced(TempHome home, String profile) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "--norc", "--noprofile", "-c",
                "source \"$1\" >/dev/null || exit 97; printf '%s\\n' \"$OPENAI_BASE_URL\" \"$ANTHROPIC_BASE_URL\" \"$OPENAI_API_KEY\" \"${ANTHROPIC_AUTH_TOKEN-<unset>}\"",
                "bash", home.path(profile).toString()).directory(home.root().toFile());
        builder.environment().clear();
        builder.environment().putAll(Cli.environment(home, java.util.Map.of()));
        Process bash = builder.start();
        bash.getOutputStream().close();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(20, TimeUnit.SECONDS), "bash did not finish");
        assertEquals(0, bash.exitValue(), "sourcing " + profile + " failed: " + err.get() + "\n" + home.read(profile));
        assertEquals("", err.get(), "sourcing " + profile + " printed errors:\n" + home.read(profile));
        return out;
    }

    @Test
    void bashSeesTheVariablesAndHostileValuesNeverRun() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(".bashrc", "# my rc\nalias ll='ls -l'\n");
            String gateway = "https://gw.example/p'$(touch%20pwned1);x";
            Cli.Result r = Cli.run(home, "--yes", "--tools", "shell-env", "--gateway", gateway, "--user", "`touch pwned2`'\"\\");
            assertEquals(0, r.exit(), r.toString());
            assertEquals(gateway + "/v1\n" + gateway + "\nsk-anyray-placeholder\nsk-anyray-placeholder\n", sourced(home, ".bashrc"));
            assertFalse(home.exists("pwned1") || home.exists("pwned2"), "nothing in a value was executed");
            assertTrue(home.read(".bashrc").startsWith("# my rc\nalias ll='ls -l'\n\n" + ManagedBlock.BEGIN + "\n"));
        }
    }

    @Test
    void revertRemovesTheBlockAndNothingElseEvenWithCrlfAndNoFinalNewline() {
        try (TempHome home = new TempHome()) {
            String original = "export A=1\r\n# no final newline";
            home.write(".bashrc", original);
            Cli.ok(Cli.run(home, "--yes", "--tools", "shell-env", "--user", "me@example.com"));
            String connected = home.read(".bashrc");
            assertTrue(connected.contains(ManagedBlock.BEGIN + "\r\n"), "block uses the file's CRLF");
            assertTrue(connected.startsWith(original));
            Cli.Result again = Cli.run(home, "--yes", "--tools", "shell-env", "--user", "other@example.com");
            assertEquals(0, again.exit(), again.toString());
            String replaced = home.read(".bashrc");
            assertEquals(1, replaced.split(ManagedBlock.BEGIN, -1).length - 1, "replaced in place, not added twice");
            Cli.ok(Cli.run(home, "--revert", "--yes"));
            assertEquals(original, home.read(".bashrc"));
        }
    }

    @Test
    void theProfileFollowsShellZdotdirAndFish() throws Exception {
        try (TempHome home = new TempHome()) {
            Cli.Result zsh = Cli.run(home, Map.of("SHELL", "/usr/bin/zsh", "ZDOTDIR", home.path("zdot").toString()), "--yes", "--tools", "shell-env", "--user", "me@x");
            assertEquals(0, zsh.exit(), zsh.toString());
            assertTrue(home.read("zdot/.zshrc").contains("export OPENAI_BASE_URL='http://localhost:8787/v1'"));
            Cli.Result fish = Cli.run(home, Map.of("SHELL", "/usr/local/bin/fish"), "--yes", "--tools", "shell-env", "--user", "me@x", "--gateway", "https://gw.example/a'b$(x)");
            assertEquals(0, fish.exit(), fish.toString());
            String conf = home.read(".config/fish/conf.d/anyray-connect.fish");
            assertTrue(conf.contains("set -gx ANTHROPIC_BASE_URL 'https://gw.example/a\\'b$(x)'"), conf);
            Cli.Result sh = Cli.run(home, Map.of("SHELL", "/bin/dash"), "--yes", "--tools", "shell-env", "--user", "me@x");
            assertEquals(0, sh.exit(), sh.toString());
            assertTrue(home.read(".profile").contains("export ANTHROPIC_AUTH_TOKEN='sk-anyray-placeholder'"));
        }
    }

    @Test
    void aSymlinkedProfileStaysALink() throws Exception {
        try (TempHome home = new TempHome()) {
            Path real = home.write("dotfiles/bashrc", "# dotfiles\n");
            Files.createSymbolicLink(home.path(".bashrc"), real);
            Cli.ok(Cli.run(home, "--yes", "--tools", "shell-env", "--user", "me@x"));
            assertTrue(Files.isSymbolicLink(home.path(".bashrc")));
            assertTrue(Files.readString(real).contains(ManagedBlock.BEGIN));
            Cli.ok(Cli.run(home, "--revert", "--yes"));
            assertEquals("# dotfiles\n", Files.readString(real));
        }
    }

    @Test
    void dryRunCreatesNoProfile() {
        try (TempHome home = new TempHome()) {
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, "--dry-run", "--tools", "shell-env", "--user", "me@x");
            assertEquals(0, r.exit());
            assertTrue(r.out().contains("+export OPENAI_BASE_URL='http://localhost:8787/v1'"), r.out());
            assertEquals(before, home.snapshot());
            assertEquals(List.of(), home.filesContaining("anyray-connect"));
        }
    }
}
