package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import dev.anyray.connect.tests.support.WindowsDisk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Connect on a Windows disk ({@link WindowsDisk}, in memory): every path it derives and writes is a
 * Windows path ({@code C:\Users\me\.claude\settings.json}, the helper in double quotes for cmd.exe,
 * PowerShell by its absolute path for Codex), on a file system without POSIX permissions, and revert
 * takes it all back. Then the Wine tier: those very files copied into a fresh Wine prefix, where
 * Wine's cmd.exe runs the {@code .cmd} helper and the real Windows Claude Code (npm, pinned) reads the
 * settings, runs the helper through cmd.exe and sends the key and {@code x-anyray-metadata} to the
 * local gateway.
 */
class WindowsDiskTest {
    static final String KEY = "ark_windowsDiskKey0123456789abcd";

    /** Connects Claude Code, Codex and the shell environment on {@code disk} with a personal key. */
    static Cli.Result connect(WindowsDisk disk, TestGateway gw) throws Exception {
        Files.createDirectories(disk.profileDir.resolve(".claude"));
        Files.createDirectories(disk.profileDir.resolve(".codex"));
        gw.acceptKey(KEY);
        return disk.with("ANYRAY_CLIENT_KEY", KEY).run("--yes", "--tools", "claude-code,codex,shell-env", "--gateway", gw.url(), "--user", "win@example.com");
    }

    @Test
    void onAWindowsDiskEveryPathIsAWindowsPathAndRevertTakesItBack() throws Exception {
        try (WindowsDisk disk = new WindowsDisk("me", "RemoteSigned"); TestGateway gw = new TestGateway()) {
            Cli.Result r = connect(disk, gw);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("~/.claude/settings.json") && r.out().contains("~/Documents/WindowsPowerShell/profile.ps1"), r.out());
            String settings = disk.read(".claude\\settings.json");
            assertTrue(settings.contains("\"apiKeyHelper\": \"\\\"C:\\\\users\\\\me\\\\.anyray\\\\bin\\\\anyray-key.cmd\\\"\""), settings);
            assertFalse(settings.contains(KEY), settings);
            String codex = disk.read(".codex\\anyray.config.toml");
            assertTrue(codex.contains("command = \"C:\\\\windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe\""), codex);
            assertTrue(codex.contains("\"-File\", \"C:\\\\users\\\\me\\\\.anyray\\\\bin\\\\anyray-key.ps1\"]"), codex);
            String profile = disk.read("Documents\\WindowsPowerShell\\profile.ps1").substring(1); // after the BOM
            assertTrue(profile.contains("$anyrayKeyFile = Join-Path $HOME '.anyray\\client-key.dpapi'\r\n"), profile);
            assertTrue(disk.exists(".anyray\\bin\\anyray-key.cmd") && disk.exists(".anyray\\client-key.dpapi") && !disk.exists(".anyray\\client-key"));
            assertTrue(disk.commandLines.stream().noneMatch(c -> c.contains(KEY)), "the key went on stdin: " + disk.commandLines);
            // Names are found whatever their case, as on NTFS.
            assertTrue(Files.exists(disk.fs.getPath("c:\\USERS\\ME\\.CLAUDE\\Settings.json")));

            Cli.Result status = disk.run("--status");
            assertEquals(0, status.exit(), status.toString());
            assertTrue(status.out().contains("ark_…abcd"), status.out());

            Cli.Result revert = disk.run("--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertFalse(disk.exists(".claude\\settings.json") || disk.exists(".codex\\anyray.config.toml")
                    || disk.exists("Documents\\WindowsPowerShell\\profile.ps1") || disk.exists(".anyray"), "all of it goes: " + revert.out());
            assertTrue(disk.exists(".claude") && disk.exists(".codex"), "the tools' own folders stay");
        }
    }

    /** The Wine tier's aids, as .ci/run builds them: Wine, the stub DLL, the PowerShell double and the Windows Claude Code. */
    static Path wineAids() {
        String dir = System.getenv("ANYRAY_WINE_AIDS");
        Assumptions.assumeTrue(dir != null && Cli.onPath("wine") != null, "Wine and its test aids are not installed (.ci/run installs wine, mingw-w64 and the Windows Claude Code, and sets ANYRAY_WINE_AIDS)");
        Path aids = Path.of(dir);
        for (String f : List.of("bcryptprimitives.dll", "powershell.exe", "claude/claude.exe")) {
            Assumptions.assumeTrue(Files.isRegularFile(aids.resolve(f)), f + " is missing from " + aids + " (.ci/run builds it)");
        }
        return aids;
    }

    @Test
    void underWineTheRealWindowsClaudeCodeRunsTheHelperThroughCmdAndSendsTheKeyAndMetadata() throws Exception {
        Path aids = wineAids();
        String user = System.getProperty("user.name");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway(); WindowsDisk disk = new WindowsDisk(user, "RemoteSigned")) {
            Path prefix = home.path("wineprefix");
            Map<String, String> env = Map.of("WINEPREFIX", prefix.toString(), "WINEDEBUG", "-all", "WINEDLLOVERRIDES", "mscoree,mshtml=");
            try {
                assertEquals(0, wine(home, env, "winecfg.out", 120, "wine", "winecfg", "-v", "win10"), home.read("winecfg.out"));
                Path users = prefix.resolve("drive_c/users/" + user);
                assertTrue(Files.isDirectory(users), "Wine made the profile folder " + users);
                Files.copy(aids.resolve("bcryptprimitives.dll"), prefix.resolve("drive_c/windows/system32/bcryptprimitives.dll"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Path ps = prefix.resolve("drive_c/windows/system32/WindowsPowerShell/v1.0/powershell.exe");
                Files.createDirectories(ps.getParent());
                Files.copy(aids.resolve("powershell.exe"), ps, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

                Cli.Result r = connect(disk, gw);
                assertEquals(0, r.exit(), r.toString());
                disk.copyProfileTo(users);

                // Wine's cmd.exe runs the helper as Claude Code will: it prints the key connect stored.
                wine(home, env, "helper.out", 60, "wine", "cmd", "/c", "C:\\users\\" + user + "\\.anyray\\bin\\anyray-key.cmd");
                assertEquals(KEY, home.read("helper.out").strip(), "anyray-key.cmd prints the key: " + home.read("helper.out"));

                gw.requests.clear();
                int exit = wine(home, env, "claude.out", 180, "wine", "cmd", "/c",
                        "cd /d " + winPath(aids.resolve("claude")) + " && set DISABLE_AUTOUPDATER=1&& set DISABLE_TELEMETRY=1&& set CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1&& claude.exe -p \"say hi\"");
                TestGateway.Request call = gw.requests.stream().filter(q -> q.path().startsWith("/v1/messages")).findFirst()
                        .orElseThrow(() -> new AssertionError("no model call reached the gateway (exit " + exit + "): " + home.read("claude.out")));
                assertEquals("Bearer " + KEY, call.header("authorization"), call.headers().toString());
                assertEquals("{\"user\":\"win@example.com\"}", call.header("x-anyray-metadata"));
                String argv = new String(Files.readAllBytes(users.resolve("fake-powershell-argv.txt")), StandardCharsets.UTF_8);
                assertTrue(argv.contains("-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File \"C:\\users\\" + user + "\\.anyray\\bin\\anyray-key.ps1\""), argv);
            } finally {
                wine(home, env, "wineserver.out", 30, "wineserver", "-k");
            }
        }
    }

    /** A path of this machine as Wine names it (drive Z: is /). */
    static String winPath(Path p) {
        return "Z:" + p.toAbsolutePath().toString().replace('/', '\\');
    }

    /** Runs a Wine command with stdout and stderr to {@code out} in the home (a pipe gives Windows programs EBADF); its exit code. */
    static int wine(TempHome home, Map<String, String> env, String out, int seconds, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(home.root().toFile())
                .redirectErrorStream(true).redirectOutput(home.path(out).toFile());
        builder.environment().putAll(env);
        builder.environment().put("HOME", home.root().toString());
        // Wine makes its server's folder in $TMPDIR (wine-XXXXXX): in the test's own, not left in /tmp.
        builder.environment().put("TMPDIR", home.tmp().toString());
        Process p = builder.start();
        p.getOutputStream().close();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s: " + home.read(out));
        }
        return p.exitValue();
    }
}
