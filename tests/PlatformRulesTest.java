package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.adapters.ToolRegistry;
import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.tests.support.TempHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where the tools look on each operating system, with its rules given to an environment made here
 * (no Windows or Mac runs the suite): the home folder, the case of variable names, the bash file a
 * login shell reads, and the tools' own folder variables on every OS.
 */
class PlatformRulesTest {

    static Path fileOf(String tool, Environment env) {
        ToolAdapter adapter = ToolRegistry.byId(tool).orElseThrow();
        return adapter.files(env).get(0);
    }

    @Test
    void onWindowsHomeIsUserProfileAndVariablesAreFoundWhateverTheirCase() throws Exception {
        try (TempHome home = new TempHome()) {
            Path profile = home.path("Users/me");
            Path bin = home.path("Program Files/nodejs");
            Files.createDirectories(bin);
            Files.writeString(bin.resolve("claude.cmd"), "@echo off\r\n");
            Files.setPosixFilePermissions(bin.resolve("claude.cmd"), PosixFilePermissions.fromString("rwxr-xr-x"));
            // Git Bash's HOME, Windows' Path: the tools use USERPROFILE and find commands through Path.
            Map<String, String> vars = Map.of("HOME", "/c/Users/me", "USERPROFILE", profile.toString(), "Path", bin.toString());
            Environment windows = Environment.of(vars, home.root(), "Windows 11");
            assertEquals(profile, windows.home());
            assertEquals(bin.toString(), windows.get("PATH"));
            assertTrue(windows.onPath("claude"), "claude.cmd is found through Path");
            // By PATHEXT, in its order: an extension it does not list is not a command.
            Files.writeString(bin.resolve("codex.exe"), "MZ");
            Files.setPosixFilePermissions(bin.resolve("codex.exe"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Map<String, String> onlyCmd = new HashMap<>(vars);
            onlyCmd.put("PATHEXT", ".CMD");
            Environment cmdOnly = Environment.of(onlyCmd, home.root(), "Windows 11");
            assertEquals(bin.resolve("claude.cmd"), cmdOnly.which("claude"));
            assertEquals(null, cmdOnly.which("codex"), "PATHEXT lists no .EXE");
            assertEquals(bin.resolve("codex.exe"), windows.which("codex"), "the default PATHEXT has .EXE");
            assertEquals(bin.resolve("codex.exe"), cmdOnly.which("codex.exe"), "a name with its extension is found as it is");
            assertEquals(profile.resolve(".claude/settings.json"), fileOf("claude-code", windows));
            // Elsewhere HOME comes first, and the names are exact.
            Environment linux = Environment.of(vars, home.root(), "Linux");
            assertEquals(Path.of("/c/Users/me"), linux.home());
            assertEquals(null, linux.get("PATH"));
            Map<String, String> noHome = new HashMap<>(vars);
            noHome.remove("HOME");
            assertEquals(profile, Environment.of(noHome, home.root(), "Linux").home(), "USERPROFILE when HOME is unset");
        }
    }

    @Test
    void bashGetsTheFileItsShellsRead() throws Exception {
        try (TempHome home = new TempHome()) {
            Map<String, String> vars = Map.of("HOME", home.root().toString(), "USERPROFILE", home.root().toString(), "SHELL", "/bin/bash");
            Environment linux = Environment.of(vars, home.root(), "Linux");
            Environment mac = Environment.of(vars, home.root(), "Mac OS X");
            Map<String, String> gitBash = new HashMap<>(vars);
            gitBash.put("SHELL", "C:\\Program Files\\Git\\usr\\bin\\BASH.EXE");
            Environment windows = Environment.of(gitBash, home.root(), "Windows 11");
            // None of the login files: ~/.bashrc, on every OS (the contract's rule).
            assertEquals(home.path(".bashrc"), fileOf("shell-env", linux));
            assertEquals(home.path(".bashrc"), fileOf("shell-env", mac));
            assertEquals(home.path(".bashrc"), fileOf("shell-env", windows), "bash.exe is bash");
            // The first login file that exists, in bash's order; Linux keeps .bashrc (its terminals start non-login shells).
            home.write(".profile", "# p\n");
            assertEquals(home.path(".profile"), fileOf("shell-env", mac));
            assertEquals(home.path(".profile"), fileOf("copilot-cli", windows));
            home.write(".bash_login", "# l\n");
            assertEquals(home.path(".bash_login"), fileOf("shell-env", mac));
            home.write(".bash_profile", "# b\n");
            assertEquals(home.path(".bash_profile"), fileOf("shell-env", mac));
            assertEquals(home.path(".bash_profile"), fileOf("shell-env", windows));
            assertEquals(home.path(".bashrc"), fileOf("shell-env", linux));
        }
    }

    @Test
    void theToolsOwnFolderVariablesAreHonouredOnEveryOs() throws Exception {
        try (TempHome home = new TempHome()) {
            Map<String, String> vars = new HashMap<>(Map.of("HOME", home.root().toString()));
            Environment plain = Environment.of(vars, home.root(), "Linux");
            assertEquals(home.path(".qwen/settings.json"), fileOf("qwen-code", plain));
            assertEquals(home.path(".cline/data/settings/providers.json"), fileOf("cline", plain));
            vars.put("QWEN_HOME", home.path("q").toString());
            vars.put("CLINE_DIR", home.path("c").toString());
            Environment set = Environment.of(vars, home.root(), "Linux");
            assertEquals(home.path("q/settings.json"), fileOf("qwen-code", set));
            assertEquals(home.path("c/data/settings/providers.json"), fileOf("cline", set));
            vars.put("CLINE_DATA_DIR", home.path("d").toString());
            assertEquals(home.path("d/settings/providers.json"), fileOf("cline", Environment.of(vars, home.root(), "Linux")), "CLINE_DATA_DIR wins");
            ToolAdapter copilot = ToolRegistry.byId("copilot-cli").orElseThrow();
            assertFalse(copilot.detect(Environment.of(Map.of("HOME", home.root().toString(), "COPILOT_HOME", home.path("cp").toString()), home.root(), "Linux")));
            Files.createDirectories(home.path("cp"));
            assertTrue(copilot.detect(Environment.of(Map.of("HOME", home.root().toString(), "COPILOT_HOME", home.path("cp").toString()), home.root(), "Linux")),
                    "Copilot CLI is found by its COPILOT_HOME");
            Files.createDirectories(home.path("q"));
            Files.createDirectories(home.path("c"));
            Environment elsewhere = Environment.of(Map.of("HOME", home.path("empty").toString(), "QWEN_HOME", home.path("q").toString(), "CLINE_DIR", home.path("c").toString()),
                    home.root(), "Linux");
            for (String tool : List.of("qwen-code", "cline")) assertTrue(ToolRegistry.byId(tool).orElseThrow().detect(elsewhere), tool + " is found by its folder variable");
        }
    }

    /** On macOS a block that has to go into ~/.bashrc (no login file yet) comes with what to add, since Terminal will not read it. */
    @Test
    void onMacOsABashrcBlockSaysHowTerminalWillLoadIt() throws Exception {
        try (TempHome home = new TempHome()) {
            Map<String, String> vars = Map.of("HOME", home.root().toString(), "SHELL", "/bin/bash");
            java.util.function.Function<Environment, List<String>> warnings = env -> ToolRegistry.byId("shell-env").orElseThrow()
                    .plan(new dev.anyray.connect.model.ConnectContext(dev.anyray.connect.model.Gateway.parse("https://gw.example"),
                            new dev.anyray.connect.model.Identity("me@x", null), dev.anyray.connect.model.ClientKey.placeholder(),
                            dev.anyray.connect.model.AuthMode.GATEWAY_KEY, env), dev.anyray.connect.engine.ConnectState.empty(), new dev.anyray.connect.io.Workspace(env)).warnings;
            String hint = "macOS Terminal starts login shells, which read ~/.bash_profile, not ~/.bashrc";
            assertTrue(warnings.apply(Environment.of(vars, home.root(), "Mac OS X")).stream().anyMatch(w -> w.startsWith(hint)));
            assertFalse(warnings.apply(Environment.of(vars, home.root(), "Linux")).stream().anyMatch(w -> w.startsWith(hint)), "Linux terminals read ~/.bashrc");
            home.write(".profile", "# p\n");
            assertFalse(warnings.apply(Environment.of(vars, home.root(), "Mac OS X")).stream().anyMatch(w -> w.startsWith(hint)), "a login file takes the block itself");
        }
    }
}
