package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.model.Text;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.FakeWindows;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Windows, with its rules given to in-process runs ({@link FakeWindows}): the PowerShell profile
 * blocks (each PowerShell asked for its profile, the file's encoding and line endings kept, quoting
 * that nothing escapes, the execution-policy warning, exact revert), the DPAPI key store and its
 * helper pair, and what Claude Code and Codex are told to run. Every generated PowerShell file is
 * parsed by tree-sitter-powershell; what only a Windows machine can show is listed in the README.
 */
class WindowsTest {
    static final String KEY = "ark_windowsKey0123456789abcdef";
    static final byte[] UTF16LE_BOM = {(byte) 0xFF, (byte) 0xFE};
    static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** The characters PowerShell's tokenizer takes for a single quote (CharTraits.IsSingleQuote). */
    static boolean isSingleQuote(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B';
    }

    /**
     * What PowerShell makes of {@code expr}, by its tokenizer's rules for what Text.powerShellQuote may
     * write: single-quoted strings (any of the five quote characters ends one, two in a row are one
     * literal), {@code [char]0xHHHH}, joined by {@code " + "}. Anything else would be code: an error.
     */
    static String evaluate(String expr) {
        StringBuilder value = new StringBuilder();
        int i = 0;
        boolean first = true;
        while (i < expr.length()) {
            if (!first) {
                if (!expr.startsWith(" + ", i)) throw new AssertionError("code after a value at " + i + ": " + expr);
                i += 3;
            }
            first = false;
            if (expr.startsWith("[char]0x", i)) {
                value.append((char) Integer.parseInt(expr.substring(i + 8, i + 12), 16));
                i += 12;
            } else if (isSingleQuote(expr.charAt(i))) {
                i++;
                while (true) {
                    if (i >= expr.length()) throw new AssertionError("unterminated string: " + expr);
                    char c = expr.charAt(i);
                    if (isSingleQuote(c)) {
                        if (i + 1 < expr.length() && isSingleQuote(expr.charAt(i + 1))) {
                            value.append(expr.charAt(i + 1));
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.append(c);
                    i++;
                }
            } else {
                throw new AssertionError("not a value at " + i + ": " + expr);
            }
        }
        if (first) throw new AssertionError("empty expression");
        return value.toString();
    }

    @Test
    void powerShellQuotingIsAsciiAndPowerShellReadsBackTheValueWithNothingRun() {
        String hostile = "'\u2018\u2019\u201A\u201B\"$`(){};|&\n\r\t\u00e9\u00df\u4e2d\ud83d\ude00 aZ09#<>@\\";
        List<String> cases = new ArrayList<>(List.of("", "'", "’", "a’; Start-Process calc; ’b", "$(whoami)", "`n", "x\ny", "o'brien", "ünïcode"));
        long seed = Long.getLong("anyray.seed", new Random().nextLong());
        Random random = new Random(seed);
        for (int n = 0; n < 2000; n++) {
            StringBuilder s = new StringBuilder();
            for (int len = random.nextInt(12); len > 0; len--) s.append(hostile.charAt(random.nextInt(hostile.length())));
            cases.add(s.toString());
        }
        for (String value : cases) {
            String quoted = Text.powerShellQuote(value);
            assertTrue(quoted.chars().allMatch(c -> c >= 0x20 && c < 0x7F), "ASCII only (seed " + seed + "): " + quoted);
            assertEquals(value, evaluate(quoted), "seed " + seed + " (replay with -Danyray.seed=" + seed + "): " + quoted);
        }
    }

    @Test
    void theModelOfPowerShellCatchesACurlyQuoteThatEndsAString() {
        // The check above must be able to fail: a quote that doubles only ' lets ’ end the string.
        String naive = "'" + "a’; calc; ’b".replace("'", "''") + "'";
        try {
            evaluate(naive);
            throw new IllegalStateException("the model accepted " + naive);
        } catch (AssertionError expected) {
            assertTrue(expected.getMessage().contains("not a value") || expected.getMessage().contains("code"), expected.getMessage());
        }
    }

    @Test
    void eachPowerShellGetsTheBlockInItsOwnEncodingAndRevertGivesTheFileBack() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            Path winps = home.path("OneDrive/Documents/WindowsPowerShell/profile.ps1"); // where OneDrive moved Documents
            Path ps7 = home.path("OneDrive/Documents/PowerShell/Profile.ps1");
            byte[] original = utf16le("# my profile\r\nSet-Alias ll Get-ChildItem\r\n");
            home.write("OneDrive/Documents/WindowsPowerShell/profile.ps1", original);
            FakeWindows windows = new FakeWindows(home).windowsPowerShell(winps, "RemoteSigned").pwsh(ps7, "RemoteSigned");

            Cli.Result r = windows.run("--yes", "--tools", "shell-env,copilot-cli", "--gateway", gw.url(), "--user", "o'brien@example.com", "--team", "a’b & $c");
            assertEquals(0, r.exit(), r.toString());
            byte[] after = Files.readAllBytes(winps);
            assertArrayEquals(UTF16LE_BOM, java.util.Arrays.copyOf(after, 2), "Windows PowerShell's UTF-16LE profile stays UTF-16LE");
            String text = new String(after, 2, after.length - 2, StandardCharsets.UTF_16LE);
            assertTrue(text.startsWith("# my profile\r\nSet-Alias ll Get-ChildItem\r\n"), text);
            assertFalse(text.replace("\r\n", "").contains("\n"), "CRLF throughout: " + text);
            assertTrue(text.contains("$env:OPENAI_BASE_URL = '" + gw.url() + "/v1'\r\n"), text);
            assertTrue(text.contains("# >>> anyray-connect >>>") && text.contains("# >>> anyray-connect copilot-cli >>>"), text);
            // Every value, the quote and $ of the user's and team's included, is one that PowerShell reads back whole.
            assertTrue(text.contains("$env:COPILOT_PROVIDER_HEADERS = 'x-anyray-metadata: {\"user\":\"o''brien@example.com\",\"team\":\"a\\u2019b & $c\"}'"), text);
            for (String line : text.split("\r\n")) {
                if (line.startsWith("$env:")) evaluate(line.substring(line.indexOf(" = ") + 3));
            }
            byte[] created = Files.readAllBytes(ps7);
            assertArrayEquals(UTF8_BOM, java.util.Arrays.copyOf(created, 3), "a new profile is UTF-8 with a BOM, which Windows PowerShell also reads right");
            String ps7Text = new String(created, 3, created.length - 3, StandardCharsets.UTF_8);
            assertFalse(ps7Text.replace("\r\n", "").contains("\n"), "a new profile has CRLF: " + ps7Text);
            assertTrue(ps7Text.contains("$env:COPILOT_PROVIDER_BASE_URL = '" + gw.url() + "/v1'"), ps7Text);
            assertFalse(home.exists(".bashrc") || home.exists(".profile"), "no POSIX profile without a $SHELL (cmd.exe and PowerShell only)");
            assertTrue(r.out().contains("open a new PowerShell window"), r.out());
            assertFalse(r.out().contains("will not load"), "RemoteSigned loads the profile: " + r.out());

            Cli.Result status = windows.run("--status");
            assertTrue(status.out().contains(gw.url()), status.out());

            Cli.Result revert = windows.run("--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertArrayEquals(original, Files.readAllBytes(winps), "revert gives the UTF-16LE profile back byte for byte");
            assertFalse(Files.exists(ps7), "the profile connect created goes");
            assertFalse(Files.exists(ps7.getParent()), "and the folder connect created for it");
            assertTrue(Files.exists(winps.getParent()));
        }
    }

    @Test
    void aProfileInUtf8WithABomAndLfKeepsBoth() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            Path profile = home.path("Documents/PowerShell/Profile.ps1");
            byte[] original = concat(UTF8_BOM, "Import-Module posh-git\n".getBytes(StandardCharsets.UTF_8));
            home.write("Documents/PowerShell/Profile.ps1", original);
            FakeWindows windows = new FakeWindows(home).pwsh(profile, "RemoteSigned");
            assertEquals(0, windows.run("--yes", "--tools", "shell-env", "--gateway", gw.url(), "--user", "me@example.com").exit());
            byte[] after = Files.readAllBytes(profile);
            assertArrayEquals(UTF8_BOM, java.util.Arrays.copyOf(after, 3));
            String text = new String(after, 3, after.length - 3, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("Import-Module posh-git\n\n# >>> anyray-connect >>>\n") && !text.contains("\r"), text);
            assertEquals(0, windows.run("--revert", "--yes").exit());
            assertArrayEquals(original, Files.readAllBytes(profile));
        }
    }

    @Test
    void aPowerShellWhosePolicyRunsNoProfileIsNamedAndThePolicyIsNotTouched() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            Path winps = home.path("Documents/WindowsPowerShell/profile.ps1");
            Path ps7 = home.path("Documents/PowerShell/Profile.ps1");
            FakeWindows windows = new FakeWindows(home).windowsPowerShell(winps, "Restricted").pwsh(ps7, "RemoteSigned");
            Cli.Result r = windows.run("--dry-run", "--tools", "shell-env", "--gateway", gw.url(), "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            String all = flat(r);
            assertTrue(all.contains("Windows PowerShell will not load ~/Documents/WindowsPowerShell/profile.ps1: its execution policy is Restricted"), all);
            assertTrue(all.contains("Set-ExecutionPolicy -Scope CurrentUser RemoteSigned") && all.contains("or use PowerShell 7"), all);
            assertFalse(all.contains("PowerShell 7 will not load"), all);
            assertFalse(windows.argvLog().contains("Set-ExecutionPolicy"), "connect never changes the policy: " + windows.argvLog());
        }
    }

    @Test
    void aPowerShellThatAnswersNothingIsNotCountedAndCmdGetsAPrintedLine() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            FakeWindows windows = new FakeWindows(home);
            // Wine's powershell.exe is a stub that prints nothing and exits 0: it is not a PowerShell.
            home.write("Windows/System32/WindowsPowerShell/v1.0/powershell.exe", "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(windows.powerShellExe(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Cli.Result none = windows.run("--dry-run", "--gateway", gw.url(), "--user", "me@example.com");
            assertEquals(0, none.exit(), none.toString());
            assertFalse(none.out().contains("Shell environment:") && none.out().contains("anyray-connect block"), "no shell to write for: " + none.out());

            windows.windowsPowerShell(home.path("Documents/WindowsPowerShell/profile.ps1"), "RemoteSigned");
            Cli.Result r = windows.run("--dry-run", "--tools", "shell-env", "--gateway", gw.url(), "--user", "me@example.com");
            String all = flat(r);
            assertTrue(all.contains("cmd.exe reads no profile; to set the variables in one cmd window, run: set \"OPENAI_BASE_URL=" + gw.url() + "/v1\""), all);
            assertTrue(all.contains("set \"OPENAI_API_KEY=sk-anyray-placeholder\""), all);
        }
    }

    /**
     * Only a PowerShell that answers as one is counted: two lines, the first its profile path in Base64
     * (not blank), the second its policy, with exit code 0. Anything else (a stub, a wrapper printing its
     * own lines, an error) writes no profile; two PowerShells naming the same profile get one block.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"one line", "not Base64", "a blank path", "exit 1", "the same profile twice"})
    void aPowerShellThatDoesNotAnswerAsOneWritesNoProfile(String answer) throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            Path profile = home.path("Documents/WindowsPowerShell/profile.ps1");
            FakeWindows windows = new FakeWindows(home);
            String b64 = java.util.Base64.getEncoder().encodeToString(profile.toString().getBytes(StandardCharsets.UTF_8));
            String script = switch (answer) {
                case "one line" -> "echo " + b64;
                case "not Base64" -> "printf '%s\\r\\nRemoteSigned\\r\\n' '" + profile + "'";
                case "a blank path" -> "printf 'IA==\\r\\nRemoteSigned\\r\\n'";
                case "exit 1" -> "printf '%s\\r\\nRemoteSigned\\r\\n' " + b64 + "; exit 1";
                default -> null;
            };
            if (script == null) {
                windows.windowsPowerShell(profile, "RemoteSigned").pwsh(profile, "RemoteSigned");
            } else {
                home.write("Windows/System32/WindowsPowerShell/v1.0/powershell.exe", "#!/bin/sh\n" + script + "\n");
                Files.setPosixFilePermissions(windows.powerShellExe(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Cli.Result r = windows.run("--yes", "--tools", "shell-env", "--gateway", gw.url(), "--user", "me@example.com");
            if (script == null) {
                assertEquals(0, r.exit(), r.toString());
                String text = new String(Files.readAllBytes(profile), StandardCharsets.UTF_8);
                assertEquals(1, text.split("# >>> anyray-connect >>>", -1).length - 1, "one block: " + text);
                assertEquals(1, r.out().split("profile.ps1 \\(new file\\)", -1).length - 1, "and one file in the plan: " + r.out());
            } else {
                assertFalse(Files.exists(profile), answer + ": no profile written: " + r.all());
                // With no PowerShell, the POSIX fallback (~/.profile, for Git Bash) is the only file written.
                assertEquals(List.of("    ~/.profile (new file)"), r.out().lines().filter(l -> l.startsWith("    ~/")).toList(), answer + ": " + r.out());
                assertFalse(r.out().contains("PowerShell"), answer + ": no PowerShell is named: " + r.out());
            }
        }
    }

    /** PowerShell 7 off Path is found where its installer puts it; one on Path is found there first. */
    @Test
    void powerShell7IsFoundUnderProgramFilesWhenItIsNotOnPath() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            Path profile = home.path("Documents/PowerShell/Profile.ps1");
            FakeWindows windows = new FakeWindows(home).pwshInProgramFiles(profile, "RemoteSigned");
            Cli.Result r = windows.run("--yes", "--tools", "shell-env", "--gateway", gw.url(), "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(Files.readString(profile).contains("$env:OPENAI_BASE_URL = '" + gw.url() + "/v1'"), r.out());
            assertTrue(windows.argvLog().contains("CurrentUserAllHosts"), "asked for its profile: " + windows.argvLog());

            Path onPath = home.path("Documents/PowerShell-on-Path/Profile.ps1");
            windows.pwsh(onPath, "RemoteSigned");
            Cli.Result again = windows.run("--dry-run", "--tools", "shell-env", "--gateway", gw.url(), "--user", "me@example.com");
            assertTrue(again.out().contains("PowerShell-on-Path/Profile.ps1") && !again.out().contains("Documents/PowerShell/Profile.ps1"), again.out());
        }
    }

    @Test
    void thePersonalKeyIsProtectedByDpapiAndTheToolsRunTheHelperPair() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            gw.acceptKey(KEY);
            home.mkdir(".claude");
            home.mkdir(".codex");
            Path profile = home.path("Documents/WindowsPowerShell/profile.ps1");
            FakeWindows windows = new FakeWindows(home).windowsPowerShell(profile, "RemoteSigned").with("ANYRAY_CLIENT_KEY", KEY);
            Cli.Result r = windows.run("--yes", "--tools", "claude-code,codex,shell-env", "--gateway", gw.url(), "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("a file only this Windows user can decrypt (DPAPI)"), r.out());
            Path blob = home.path(".anyray/client-key.dpapi");
            assertTrue(Files.exists(blob) && !Files.readString(blob).contains(KEY), "the key is stored encrypted");
            assertFalse(home.exists(".anyray/client-key"), "and in no plain file");
            assertEquals(List.of(), home.filesContaining(KEY.substring(4)), "no file holds the key in clear");
            assertFalse(windows.argvLog().contains(KEY.substring(4)), "the key went to PowerShell on stdin, never in argv: " + windows.argvLog());
            java.util.regex.Matcher probe = java.util.regex.Pattern.compile("-File (\\S*anyray-probe-\\S*\\.ps1)").matcher(windows.argvLog());
            assertTrue(probe.find(), "the store asked whether PowerShell runs scripts: " + windows.argvLog());
            assertFalse(Files.exists(Path.of(probe.group(1))), "and removed its probe script");

            Path cmd = home.path(".anyray/bin/anyray-key.cmd");
            Path ps1 = home.path(".anyray/bin/anyray-key.ps1");
            String cmdText = Files.readString(cmd);
            assertTrue(cmdText.startsWith("@echo off\r\n") && !cmdText.replace("\r\n", "").contains("\n") && cmdText.chars().allMatch(c -> c < 0x80), cmdText);
            assertTrue(cmdText.contains("\"%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File \"%~dp0anyray-key.ps1\"\r\n"), cmdText);
            assertTrue(Files.readString(ps1).contains("ConvertTo-SecureString"));

            String settings = home.read(".claude/settings.json");
            assertTrue(settings.contains("\"apiKeyHelper\": " + com.fasterxml.jackson.databind.json.JsonMapper.builder().build().writeValueAsString("\"" + cmd + "\"")), "cmd.exe gets the path in double quotes: " + settings);
            String codex = home.read(".codex/anyray.config.toml");
            assertTrue(codex.contains("command = " + tomlString(windows.powerShellExe().toString())), codex);
            assertTrue(codex.contains("\"-ExecutionPolicy\", \"Bypass\", \"-File\", " + tomlString(ps1.toString()) + "]"), codex);
            String block = new String(Files.readAllBytes(profile), StandardCharsets.UTF_8);
            assertTrue(block.contains("$anyrayKeyFile = Join-Path $HOME '.anyray\\client-key.dpapi'") && block.contains("ConvertTo-SecureString"), block);

            Cli.Result status = windows.run("--status");
            assertTrue(status.out().contains("personal key, decrypted from ~/.anyray/client-key.dpapi"), status.out());
            assertTrue(status.out().contains("ark_…cdef"), "the key read back through PowerShell: " + status.out());

            // A store cut short leaves its temp file under the name every run's recovery removes.
            home.write(".anyray/.client-key.dpapi.anyray-tmp", "fake-dpapi:half");
            assertEquals(0, windows.run("--revert", "--yes").exit());
            assertFalse(Files.exists(blob) || Files.exists(cmd) || Files.exists(ps1), "the key and its helpers go");
            assertFalse(home.exists(".anyray"), "and the temp file of a store cut short, with connect's folder");
            assertFalse(Files.exists(profile));
        }
    }

    @Test
    void withoutAWindowsPowerShellThatAnswersTheKeyGoesToTheOwnerOnlyFileAndThePlanSaysWhy() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            gw.acceptKey(KEY);
            home.mkdir(".claude");
            FakeWindows windows = new FakeWindows(home).with("ANYRAY_CLIENT_KEY", KEY);
            Cli.Result r = windows.run("--yes", "--tools", "claude-code", "--gateway", gw.url(), "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            String all = flat(r);
            assertTrue(all.contains("did not answer within 10 s, so DPAPI cannot protect the key"), all);
            assertTrue(home.exists(".anyray/client-key") && !home.exists(".anyray/client-key.dpapi"));
        }
    }

    @Test
    void wherePowerShellRunsNoScriptFileOrCannotBeAskedTheKeyGoesToTheOwnerOnlyFile() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            gw.acceptKey(KEY);
            home.mkdir(".claude");
            FakeWindows windows = new FakeWindows(home).windowsPowerShell(home.path("Documents/WindowsPowerShell/profile.ps1"), "RemoteSigned")
                    .with("ANYRAY_CLIENT_KEY", KEY).blockScripts();
            Cli.Result r = windows.run("--yes", "--tools", "claude-code,shell-env", "--gateway", gw.url(), "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            String all = flat(r);
            assertTrue(all.contains("Windows PowerShell runs no script file here, even with -ExecutionPolicy Bypass"), all);
            assertTrue(home.exists(".anyray/client-key") && !home.exists(".anyray/client-key.dpapi") && !home.exists(".anyray/bin/anyray-key.cmd"), "the owner-only file instead");
            assertFalse(home.read(".claude/settings.json").contains("apiKeyHelper"), home.read(".claude/settings.json"));
            String block = home.read("Documents/WindowsPowerShell/profile.ps1");
            assertTrue(block.contains("$anyrayKeyFile = Join-Path $HOME '.anyray\\client-key'"), block);
            Cli.Result status = windows.run("--status");
            assertTrue(status.out().contains("Windows PowerShell reads ~/Documents/WindowsPowerShell/profile.ps1 (execution policy RemoteSigned)"), status.out());
            assertTrue(status.out().contains("ark_…cdef"), "the block's key, read from the file: " + status.out());
        }
        // A temp folder that takes no file (%TMP% names a file, a full disk) leaves no way to ask: the owner-only file too.
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            gw.acceptKey(KEY);
            FakeWindows windows = new FakeWindows(home).windowsPowerShell(home.path("Documents/WindowsPowerShell/profile.ps1"), "RemoteSigned")
                    .with("ANYRAY_CLIENT_KEY", KEY).with("TMP", home.write("not-a-folder", "").toString());
            Cli.Result r = windows.run("--yes", "--tools", "shell-env", "--gateway", gw.url(), "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(windows.argvLog().contains("$PROFILE.CurrentUserAllHosts") && !windows.argvLog().contains("anyray-probe-"), "PowerShell answered, no probe ran: " + windows.argvLog());
            assertTrue(home.exists(".anyray/client-key") && !home.exists(".anyray/client-key.dpapi"), "the owner-only file instead");
        }
    }

    @Test
    void gitBashGetsThePosixBlockWhichAsksPowerShellForTheDpapiKey() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            gw.acceptKey(KEY);
            FakeWindows windows = new FakeWindows(home).windowsPowerShell(home.path("Documents/WindowsPowerShell/profile.ps1"), "RemoteSigned")
                    .with("ANYRAY_CLIENT_KEY", KEY).with("SHELL", "C:\\Program Files\\Git\\usr\\bin\\bash.exe");
            home.write(".bash_profile", "# git bash\n");
            Cli.Result r = windows.run("--yes", "--tools", "shell-env", "--gateway", gw.url(), "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            String block = home.read(".bash_profile");
            Path ps1 = home.path(".anyray/bin/anyray-key.ps1");
            assertTrue(block.contains("powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File '" + ps1 + "' 2>/dev/null"), block);
            assertTrue(home.read("Documents/WindowsPowerShell/profile.ps1").contains("ConvertTo-SecureString"), "and PowerShell gets its own block");
            // Git Bash's PATH has powershell.exe: the block, sourced by bash, gets the key through it.
            Files.copy(windows.powerShellExe(), home.bin().resolve("powershell.exe"));
            ProcessBuilder builder = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", "source ~/.bash_profile && printf %s \"$OPENAI_API_KEY/$ANTHROPIC_AUTH_TOKEN\"")
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(java.util.Map.of("HOME", home.root().toString(), "USERPROFILE", home.root().toString(), "PATH", home.bin() + ":/usr/bin:/bin"));
            Process bash = builder.start();
            bash.getOutputStream().close();
            String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, bash.waitFor());
            assertEquals(KEY + "/" + KEY, out.strip(), out);
            assertTrue(windows.run("--status").out().contains("personal key, read from the keychain through ~/.anyray/bin/anyray-key.ps1"));
        }
    }

    @Test
    void cursorsStepsOnWindowsCopyTheKeyWithClip() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            gw.acceptKey(KEY);
            home.mkdir("AppData/Roaming/Cursor");
            FakeWindows windows = new FakeWindows(home).windowsPowerShell(home.path("Documents/WindowsPowerShell/profile.ps1"), "RemoteSigned")
                    .with("ANYRAY_CLIENT_KEY", KEY).with("APPDATA", home.path("AppData/Roaming").toString());
            Cli.Result r = windows.run("--dry-run", "--tools", "cursor", "--gateway", gw.url(), "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            String all = flat(r);
            assertTrue(all.contains("(copy it with: \"" + home.path(".anyray/bin/anyray-key.cmd") + "\" | clip)"), all);
            assertFalse(all.contains(KEY.substring(4)), "the key itself is never printed");
        }
    }

    @Test
    void everyGeneratedPowerShellFileParses() throws Exception {
        Assumptions.assumeTrue(FakeWindows.parserInstalled(), "tree-sitter-powershell is not installed (.ci/run installs it from npm and sets ANYRAY_PS_PARSER)");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.mkdir(".claude");
            Path broken = home.write("broken.ps1", "$env:X = 'it''s\r\nif ($x) {\r\n");
            assertTrue(FakeWindows.parseErrors(List.of(broken)) != null, "the parser rejects a broken file, so this check can fail");
            List<Path> parsed = new ArrayList<>();
            String[][] runs = {
                {"--tools", "shell-env,copilot-cli", "--user", "o'brien’s@example.com", "--team", "`$(calc)` ‘x‛ \"q\""},
                {"--tools", "shell-env,copilot-cli", "--user", "me@example.com", "--subscription"},
                {"--tools", "shell-env,copilot-cli,claude-code", "--user", "me@example.com", "--key-store", "file"},
                {"--tools", "shell-env,copilot-cli,claude-code", "--user", "me@example.com"},
            };
            int n = 0;
            for (String[] run : runs) {
                n++;
                Path profile = home.path("Documents " + n + "/WindowsPowerShell/profile.ps1");
                FakeWindows windows = new FakeWindows(home).windowsPowerShell(profile, "RemoteSigned").with("ANYRAY_CLIENT_KEY", n > 2 ? KEY : null);
                gw.acceptKey(KEY);
                List<String> args = new ArrayList<>(List.of("--yes", "--gateway", gw.url()));
                args.addAll(List.of(run));
                Cli.Result r = windows.run(args.toArray(String[]::new));
                assertEquals(0, r.exit(), String.join(" ", run) + ": " + r);
                Path copy = home.path("parsed-" + n + ".ps1");
                Files.copy(profile, copy);
                parsed.add(copy);
                if (home.exists(".anyray/bin/anyray-key.ps1")) {
                    Path helper = home.path("parsed-helper-" + n + ".ps1");
                    Files.copy(home.path(".anyray/bin/anyray-key.ps1"), helper);
                    parsed.add(helper);
                }
                assertEquals(0, windows.run("--revert", "--yes").exit());
            }
            assertTrue(parsed.stream().anyMatch(p -> p.getFileName().toString().startsWith("parsed-helper")), "the DPAPI helper was among them");
            // And the Intune script beside the Ansible play: ASCII (5.1 reads it in the ANSI code page), the invite only ever on stdin.
            Path intune = FleetTest.PROJECT.resolve("fleet/intune-onboard.ps1");
            String script = Files.readString(intune);
            assertTrue(script.chars().allMatch(c -> c < 0x80), "ASCII only");
            assertTrue(script.contains("Invoke-Connect ($connect + @('--invite', '-')) $Invite") && !script.matches("(?s).*'--invite',\\s*\\$Invite.*"), script);
            parsed.add(intune);
            assertNull(FakeWindows.parseErrors(parsed), "every generated PowerShell file parses");
        }
    }

    /** All the output on one line, runs of spaces as one: the renderer wraps long lines. */
    static String flat(Cli.Result r) {
        return r.all().replace("\n", " ").replaceAll(" +", " ");
    }

    static String tomlString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static byte[] utf16le(String s) {
        return concat(UTF16LE_BOM, s.getBytes(StandardCharsets.UTF_16LE));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
