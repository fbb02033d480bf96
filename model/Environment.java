package dev.anyray.connect.model;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The process environment as the tools see it. Home is where the tools look: {@code $HOME} first on
 * Linux and macOS, like Node's {@code os.homedir()} (which Claude Code and Codex use; Java's
 * {@code user.home} ignores it); on Windows {@code %USERPROFILE%} first, because Node, Rust and the
 * Windows Claude Code ignore {@code HOME} there (Git Bash sets it, often as {@code /c/Users/name}).
 * On Windows the variables are found whatever their case ({@code Path} is {@code PATH}), as
 * {@code System.getenv(String)} finds them and its map does not.
 */
public record Environment(Map<String, String> vars, Path home, String osName, Path workingDir) {

    /** The environment of this process. */
    public static Environment current() {
        return of(System.getenv(), Path.of("").toAbsolutePath());
    }

    /** An environment given as data (the in-process entry tests use: a temporary HOME, never the real one). */
    public static Environment of(Map<String, String> vars, Path workingDir) {
        return of(vars, workingDir, System.getProperty("os.name", ""));
    }

    /** As above, for the operating system {@code osName} (tests give Windows' rules to an environment made here). */
    public static Environment of(Map<String, String> vars, Path workingDir, String osName) {
        boolean windows = osName.toLowerCase(Locale.ROOT).startsWith("windows");
        Map<String, String> variables;
        if (windows) {
            java.util.TreeMap<String, String> any = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            any.putAll(vars);
            variables = java.util.Collections.unmodifiableMap(any);
        } else {
            variables = Map.copyOf(vars);
        }
        String home = null;
        for (String name : windows ? new String[] {"USERPROFILE", "HOME"} : new String[] {"HOME", "USERPROFILE"}) {
            String value = variables.get(name);
            if (home == null && value != null && !value.isBlank()) home = value;
        }
        if (home == null) home = System.getProperty("user.home");
        return new Environment(variables, workingDir.resolve(home).toAbsolutePath().normalize(), osName, workingDir);
    }

    /** The variable's value, or null when it is unset or empty (an empty override means "unset" to the tools). */
    public String get(String name) {
        String value = vars.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@code $NAME} as a path when set, else {@code home/fallback...}. A relative value is taken from the working folder, as the tools do. */
    public Path dirFromVar(String name, String... fallback) {
        String value = get(name);
        if (value != null) return workingDir.resolve(expandTilde(value)).toAbsolutePath().normalize();
        return home.resolve(path("", fallback));
    }

    private String expandTilde(String value) {
        if (value.equals("~")) return home.toString();
        if (value.startsWith("~/")) return home.resolve(value.substring(2)).toString();
        return value;
    }

    public boolean isWindows() {
        return osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    public boolean isMac() {
        return osName.toLowerCase(Locale.ROOT).startsWith("mac");
    }

    /** Where connect keeps its revert record, lock and key file: {@code ~/.anyray}, owner-only. */
    public Path anyrayDir() {
        return home.resolve(".anyray");
    }

    /** Whether an executable of this name is on {@code $PATH}; no process is started. */
    public boolean onPath(String command) {
        return which(command) != null;
    }

    /**
     * The executable {@code $PATH} finds for {@code command}, or null. Commands are started by this
     * path: Java would search its own process's PATH, not the one given here.
     */
    public Path which(String command) {
        String path = get("PATH");
        if (path == null) return null;
        // Windows runs a command by the extensions PATHEXT lists (claude is claude.cmd or claude.exe), in its order.
        String pathext = get("PATHEXT");
        String[] suffixes = !isWindows() ? new String[] {""}
                : (pathext != null ? pathext.toLowerCase(Locale.ROOT) : ".com;.exe;.bat;.cmd").concat(";").split(";", -1);
        for (String dir : path.split(isWindows() ? ";" : ":")) {
            if (dir.isEmpty()) continue;
            for (String suffix : suffixes) {
                try {
                    Path candidate = path(dir, command + suffix);
                    if (java.nio.file.Files.isRegularFile(candidate) && java.nio.file.Files.isExecutable(candidate)) return candidate;
                } catch (java.nio.file.InvalidPathException ignored) {
                    // a malformed PATH entry is not ours to report
                }
            }
        }
        return null;
    }

    /**
     * A path named by a string (from PATH, a variable, the revert record) on the file system this
     * environment lives on: the machine's, or in tests an in-memory Windows one (jimfs), so that every
     * path connect derives follows the rules of the OS it serves.
     */
    public Path path(String first, String... more) {
        return workingDir.getFileSystem().getPath(first, more);
    }

    /** A path under home shown as {@code ~/...}, so output stays short and does not leak the account layout. */
    public String display(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        if (abs.startsWith(home) && !abs.equals(home)) return "~/" + home.relativize(abs).toString().replace('\\', '/');
        return abs.toString();
    }
}
