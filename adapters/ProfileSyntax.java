package dev.anyray.connect.adapters;

import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.KeyAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a managed block in a shell profile sets variables, in that shell's syntax: POSIX sh and fish
 * ({@link ShellProfile}), or PowerShell ({@link PowerShellProfile}). The tools configured through the
 * environment (the shell environment, Copilot CLI) build their blocks from these alone, so one block
 * reads the same in every profile it goes into.
 */
interface ProfileSyntax {
    /** The line that sets {@code name} to {@code value}, quoted so that nothing in it runs. */
    String set(String name, String value);

    /** Lines that set each of {@code names} to the personal key, read when the shell starts (never inlined). */
    List<String> setKey(KeyAccess access, List<String> names);

    /** The variables a block of this syntax sets to quoted values, unquoted (for --status). */
    Map<String, String> values(String body);

    /** What --status shows of the key a block sets as {@code variable}. */
    String keyShown(Environment env, String body, Map<String, String> values, String variable);

    /** What to do for the block to take effect. */
    String reload(String shown);

    /** The syntax of {@code profile}: PowerShell for a {@code .ps1}, else the one of {@code $SHELL}. */
    static ProfileSyntax of(Environment env, Path profile) {
        return PowerShellProfile.isProfile(profile) ? new PowerShellProfile(env) : ShellProfile.of(env);
    }

    /**
     * Every profile the blocks go into, the main one first. Off Windows: the one of {@code $SHELL}. On
     * Windows: each PowerShell's profile for all hosts (as {@link dev.anyray.connect.io.PowerShell} finds
     * them), and Git Bash's login file when {@code $SHELL} is set; cmd.exe reads no profile.
     */
    static List<Path> targets(Environment env) {
        if (!env.isWindows()) return List.of(ShellProfile.of(env).path());
        List<Path> all = new java.util.ArrayList<>();
        if (env.get("SHELL") != null) all.add(ShellProfile.of(env).path());
        dev.anyray.connect.io.PowerShell.hosts(env).forEach(h -> all.add(h.profile()));
        if (all.isEmpty()) all.add(ShellProfile.of(env).path());
        return List.copyOf(all);
    }
}
