package dev.anyray.connect.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Windows user's environment on this machine, for in-process runs with Windows' rules:
 * {@code USERPROFILE} is the temporary home, {@code Path} (that case) finds the test's commands,
 * {@code SystemRoot} is a folder of the home where a PowerShell test double sits. No Windows runs the
 * suite, and Linux has no PowerShell with DPAPI (pwsh stores SecureStrings unencrypted there), so the
 * double answers as PowerShell would for the three things connect asks of it: the profile path and
 * execution policy, storing the key (read from stdin, kept reversibly scrambled as {@code fake-dpapi:…})
 * and reading it back. It appends every command line it gets to {@code ps-argv.log}, so a test can show
 * that the key never was in one.
 */
public final class FakeWindows {
    private final TempHome home;
    private final Map<String, String> vars = new HashMap<>();

    public FakeWindows(TempHome home) {
        this.home = home;
        vars.put("USERPROFILE", home.root().toString());
        vars.put("Path", home.bin() + ";/usr/bin;/bin"); // Windows separates Path with ;
        vars.put("SystemRoot", home.path("Windows").toString());
        vars.put("USERNAME", "tester");
    }

    public FakeWindows with(String name, String value) {
        if (value == null) vars.remove(name);
        else vars.put(name, value);
        return this;
    }

    public Map<String, String> vars() {
        return Map.copyOf(vars);
    }

    public Path powerShellExe() {
        return home.path("Windows/System32/WindowsPowerShell/v1.0/powershell.exe");
    }

    /** Windows PowerShell 5.1, answering {@code profile} (absolute) and {@code policy}. */
    public FakeWindows windowsPowerShell(Path profile, String policy) {
        install(powerShellExe(), profile, policy);
        return this;
    }

    /** PowerShell 7 on Path. */
    public FakeWindows pwsh(Path profile, String policy) {
        install(home.bin().resolve("pwsh.exe"), profile, policy);
        return this;
    }

    /** PowerShell 7 where its installer puts it, under %ProgramFiles%, and not on Path (its installer's own option). */
    public FakeWindows pwshInProgramFiles(Path profile, String policy) {
        vars.put("ProgramFiles", home.path("Program Files").toString());
        install(home.path("Program Files/PowerShell/7/pwsh.exe"), profile, policy);
        return this;
    }

    private void install(Path exe, Path profile, String policy) {
        String b64 = java.util.Base64.getEncoder().encodeToString(profile.toString().getBytes(StandardCharsets.UTF_8));
        String script = "#!/bin/bash\nPATH=/usr/bin:/bin\n"
                + "printf '%s\\n' \"$*\" >> " + q(home.path("ps-argv.log").toString()) + "\n"
                + "blob=\"$USERPROFILE/.anyray/client-key.dpapi\"\n"
                + "case \"$*\" in\n"
                + "  *'$PROFILE.CurrentUserAllHosts'*) printf '%s\\r\\n%s\\r\\n' " + q(b64) + " " + q(policy) + " ;;\n"
                + "  *anyray-probe-*) if [ -f " + q(home.path("scripts-blocked").toString()) + " ]; then echo 'AuthorizationManager check failed' >&2; exit 1; fi; echo anyray-scripts-ok ;;\n"
                + "  *ConvertFrom-SecureString*) IFS= read -r key; printf 'fake-dpapi:%s' \"$(printf %s \"$key\" | rev)\" > \"$USERPROFILE/.anyray/.client-key.dpapi.anyray-tmp\" && mv \"$USERPROFILE/.anyray/.client-key.dpapi.anyray-tmp\" \"$blob\" ;;\n"
                + "  *ConvertTo-SecureString*|*-File*) [ -f \"$blob\" ] || { echo 'Cannot find path' >&2; exit 1; }; b=$(cat \"$blob\"); printf '%s' \"${b#fake-dpapi:}\" | rev ;;\n"
                + "  *) echo \"fake powershell: unexpected $*\" >&2; exit 3 ;;\n"
                + "esac\n";
        try {
            Files.createDirectories(exe.getParent());
            Files.writeString(exe, script);
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on, PowerShell refuses to run script files (as a Group Policy makes it do). */
    public FakeWindows blockScripts() {
        home.write("scripts-blocked", "");
        return this;
    }

    /** Every command line the PowerShell doubles were given. */
    public String argvLog() {
        return home.exists("ps-argv.log") ? home.read("ps-argv.log") : "";
    }

    public Cli.Result run(String... args) {
        return Cli.onWindows(vars(), home.root(), null, args);
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Parses each file with tree-sitter-powershell (npm, installed by .ci/run into the folder named by
     * {@code ANYRAY_PS_PARSER}); null when every file parses, else the parser's report. Null as well
     * when the parser is not installed: {@link #parserInstalled} says whether it is.
     */
    public static String parseErrors(List<Path> files) throws Exception {
        String dir = System.getenv("ANYRAY_PS_PARSER");
        List<String> command = new ArrayList<>(List.of("node", Path.of(dir, "parse-powershell.mjs").toString()));
        files.forEach(f -> command.add(f.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "the parser did not finish";
        }
        return p.exitValue() == 0 && out.lines().filter(l -> l.endsWith(" ok")).count() == files.size() ? null : out;
    }

    public static boolean parserInstalled() {
        String dir = System.getenv("ANYRAY_PS_PARSER");
        return dir != null && Files.isRegularFile(Path.of(dir, "parse-powershell.mjs")) && Files.isDirectory(Path.of(dir, "node_modules", "tree-sitter-powershell"));
    }
}
