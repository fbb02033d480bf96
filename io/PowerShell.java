package dev.anyray.connect.io;

import dev.anyray.connect.model.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PowerShells installed on a Windows machine, each as it answers for itself: Windows PowerShell
 * 5.1 ({@code powershell.exe}, always under {@code %SystemRoot%}) and PowerShell 7 ({@code pwsh.exe},
 * on PATH or under {@code %ProgramFiles%}). Each is asked for its {@code $PROFILE.CurrentUserAllHosts}
 * (never built from {@code %USERPROFILE%\Documents}: OneDrive and folder redirection move Documents)
 * and its effective execution policy (with none set, Windows clients run 5.1 as {@code Restricted}, and
 * it then never loads a profile). This is conda's way ({@code conda init powershell}). A PowerShell that
 * does not answer in time, or answers nothing (Wine's stub), is not counted.
 */
public final class PowerShell {
    private PowerShell() {}

    /** One PowerShell: its name for the plan, its executable, its profile for all hosts, its execution policy. */
    public record Host(String name, Path exe, Path profile, String policy) {
        public boolean isWindowsPowerShell() {
            return name.equals(WINDOWS_POWERSHELL);
        }

        /** Whether this PowerShell will not run the profile as it is: Restricted runs no script, AllSigned no unsigned one. */
        public boolean skipsProfile() {
            return policy.equalsIgnoreCase("Restricted") || policy.equalsIgnoreCase("AllSigned");
        }
    }

    public static final String WINDOWS_POWERSHELL = "Windows PowerShell";
    public static final String POWERSHELL_7 = "PowerShell 7";

    /** The flags every run of ours gets: no banner, no profile of the user's, never a prompt. */
    public static final List<String> QUIET = List.of("-NoLogo", "-NoProfile", "-NonInteractive");

    /** The path as Base64 of its UTF-8 bytes: a redirected PowerShell writes stdout in the OEM code page, which would garble a non-ASCII user name. */
    private static final String ASK = "[Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($PROFILE.CurrentUserAllHosts)); [string](Get-ExecutionPolicy)";

    /**
     * Each answer is a process start (about half a second on Windows), so a run asks once: answers are
     * kept for the last few environments, by identity (a run has one; an equal one made later, by a test
     * or the next run in this JVM, asks again, since PowerShell or its policy may have changed since).
     */
    private static final class PerRun<T> {
        private final java.util.Deque<Map.Entry<Environment, T>> kept = new java.util.ArrayDeque<>();

        synchronized T get(Environment env, java.util.function.Function<Environment, T> ask) {
            for (Map.Entry<Environment, T> answer : kept) if (answer.getKey() == env) return answer.getValue();
            T value = ask.apply(env);
            kept.addFirst(Map.entry(env, value));
            while (kept.size() > 4) kept.removeLast();
            return value;
        }
    }

    private static final PerRun<List<Host>> HOSTS = new PerRun<>();
    private static final PerRun<Boolean> RUNS_SCRIPTS = new PerRun<>();

    /** The PowerShells that answered, Windows PowerShell first; none off Windows. */
    public static List<Host> hosts(Environment env) {
        return env.isWindows() ? HOSTS.get(env, PowerShell::ask) : List.of();
    }

    /** Windows PowerShell, when it answered (the DPAPI key store and its helper run it); else null. */
    public static Host windowsPowerShell(Environment env) {
        return hosts(env).stream().filter(Host::isWindowsPowerShell).findFirst().orElse(null);
    }

    /**
     * Whether Windows PowerShell runs a script file with {@code -ExecutionPolicy Bypass}, as the key helper
     * is run: only a Group Policy (or an endpoint tool gating powershell.exe) stops that. Asked once per
     * run, with a throwaway script in the temp folder; false when it does not answer.
     */
    public static boolean runsScripts(Environment env) {
        return RUNS_SCRIPTS.get(env, PowerShell::askRunsScripts);
    }

    private static boolean askRunsScripts(Environment env) {
        Path probe = null;
        try {
            // Where Windows gives this user's programs their temp files (GetTempPath: %TMP%, then %TEMP%).
            String temp = env.get("TMP") != null ? env.get("TMP") : env.get("TEMP");
            probe = temp != null ? Files.createTempFile(Path.of(temp), "anyray-probe-", ".ps1") : Files.createTempFile("anyray-probe-", ".ps1");
            Files.writeString(probe, "Write-Output 'anyray-scripts-ok'\r\n");
            List<String> command = new ArrayList<>(List.of(windowsPowerShellExe(env).toString()));
            command.addAll(QUIET);
            command.addAll(List.of("-ExecutionPolicy", "Bypass", "-File", probe.toString()));
            Processes.Result r = Processes.run(env, command, null, 10_000);
            return r != null && r.exit() == 0 && r.out().contains("anyray-scripts-ok");
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            return false; // cannot ask (no temp file can be made): the owner-only key file needs no script
        } finally {
            if (probe != null) try { Files.deleteIfExists(probe); } catch (java.io.IOException ignored) { /* the temp folder's own */ }
        }
    }

    /** Where Windows PowerShell 5.1 is: by absolute path, so a powershell.exe planted on PATH is never the one run. */
    public static Path windowsPowerShellExe(Environment env) {
        return systemRoot(env).resolve("System32").resolve("WindowsPowerShell").resolve("v1.0").resolve("powershell.exe");
    }

    static Path systemRoot(Environment env) {
        String root = env.get("SystemRoot") != null ? env.get("SystemRoot") : env.get("windir");
        return env.workingDir().resolve(root != null ? root : "C:\\Windows");
    }

    private static List<Host> ask(Environment env) {
        Path pwsh = env.which("pwsh");
        if (pwsh == null && env.get("ProgramFiles") != null) pwsh = env.workingDir().resolve(env.get("ProgramFiles")).resolve("PowerShell").resolve("7").resolve("pwsh.exe");
        Map<String, Path> candidates = new LinkedHashMap<>();
        candidates.put(WINDOWS_POWERSHELL, windowsPowerShellExe(env));
        if (pwsh != null) candidates.put(POWERSHELL_7, pwsh);
        // Both are asked at once, each on a thread of its own (each start takes about half a second on Windows,
        // and Processes waits on the common pool).
        List<java.util.concurrent.FutureTask<Host>> asked = new ArrayList<>();
        candidates.forEach((name, exe) -> {
            java.util.concurrent.FutureTask<Host> task = new java.util.concurrent.FutureTask<>(() -> askOne(env, name, exe));
            Thread thread = new Thread(task, "ask " + name);
            thread.setDaemon(true);
            thread.start();
            asked.add(task);
        });
        List<Host> found = new ArrayList<>();
        for (var answer : asked) {
            Host host = answerOf(answer);
            if (host != null && found.stream().noneMatch(h -> h.profile().equals(host.profile()))) found.add(host);
        }
        return List.copyOf(found);
    }

    private static Host answerOf(java.util.concurrent.FutureTask<Host> asked) {
        try {
            return asked.get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            return null; // not an answer
        }
    }

    /** One PowerShell's answer, or null when it is not there or does not answer as PowerShell. */
    private static Host askOne(Environment env, String name, Path exe) {
        if (!Files.isRegularFile(exe)) return null;
        List<String> command = new ArrayList<>(List.of(exe.toString()));
        command.addAll(QUIET);
        command.addAll(List.of("-Command", ASK));
        Processes.Result r = Processes.run(env, command, null, 10_000);
        if (r == null || r.exit() != 0) return null;
        List<String> lines = r.out().strip().lines().map(String::strip).toList();
        if (lines.size() < 2) return null;
        try {
            String profile = new String(Base64.getDecoder().decode(lines.get(0)), java.nio.charset.StandardCharsets.UTF_8);
            return profile.isBlank() ? null : new Host(name, exe, env.workingDir().resolve(profile).normalize(), lines.get(1));
        } catch (IllegalArgumentException notAnAnswer) { // not Base64, or not a path
            return null;
        }
    }
}
