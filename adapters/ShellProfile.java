package dev.anyray.connect.adapters;

import dev.anyray.connect.io.KeyFile;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.KeyAccess;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The profile of the user's {@code $SHELL} and how to write variables in its syntax, for every tool
 * that is configured through the environment: zsh {@code ${ZDOTDIR:-~}/.zshrc}, bash {@code ~/.bashrc}
 * (on macOS and Git Bash the login file bash reads, see {@link #bashProfile}),
 * fish {@code ${XDG_CONFIG_HOME:-~/.config}/fish/conf.d/anyray-connect.fish}, anything else
 * {@code ~/.profile}. Every value is single-quoted, so sourcing the profile never runs anything
 * hidden in a value, and a personal key is read from its owner-only file, never inlined.
 */
record ShellProfile(Path path, boolean fish, String shell) implements ProfileSyntax {

    static ShellProfile of(Environment env) {
        String shell = env.get("SHELL");
        // The last name of $SHELL, in either separator (Git Bash may give C:\...\bash.exe), without a login dash or .exe.
        String name = shell == null ? "" : shell.substring(Math.max(shell.lastIndexOf('/'), shell.lastIndexOf('\\')) + 1)
                .replaceFirst("^-", "").replaceFirst("(?i)\\.exe$", "");
        if (env.isWindows()) name = name.toLowerCase(java.util.Locale.ROOT); // BASH.EXE is bash.exe there
        return switch (name) {
            case "zsh" -> new ShellProfile(env.dirFromVar("ZDOTDIR").resolve(".zshrc"), false, name);
            case "bash" -> new ShellProfile(bashProfile(env), false, name);
            case "fish" -> new ShellProfile(env.dirFromVar("XDG_CONFIG_HOME", ".config").resolve("fish/conf.d/anyray-connect.fish"), true, name);
            default -> new ShellProfile(env.home().resolve(".profile"), false, name.isEmpty() ? "sh" : name);
        };
    }

    /**
     * Where bash reads the block. Linux terminals start interactive non-login shells, which read
     * {@code ~/.bashrc}. macOS Terminal and Git Bash start login shells, which read the first of
     * {@code ~/.bash_profile}, {@code ~/.bash_login}, {@code ~/.profile} that exists and never
     * {@code ~/.bashrc} on their own: the block goes into that first one. With none of them it goes
     * into {@code ~/.bashrc}, as the contract says (Git for Windows then makes a {@code .bash_profile}
     * that sources it; on macOS the plan says so, see ShellEnvAdapter). A new {@code .bash_profile}
     * would also shadow a {@code .profile} made later.
     */
    static Path bashProfile(Environment env) {
        if (!env.isMac() && !env.isWindows()) return env.home().resolve(".bashrc");
        for (String login : List.of(".bash_profile", ".bash_login", ".profile")) {
            Path file = env.home().resolve(login);
            if (java.nio.file.Files.exists(file)) return file;
        }
        return env.home().resolve(".bashrc");
    }

    /**
     * On macOS, bash's block in {@code ~/.bashrc} (no login file exists): Terminal's login shells will not
     * read it until a login file sources it; what to add, else null.
     */
    static String loginShellHint(Environment env, Path profile) {
        if (!env.isMac() || !profile.equals(env.home().resolve(".bashrc"))) return null;
        return "macOS Terminal starts login shells, which read ~/.bash_profile, not ~/.bashrc: "
                + "add the line  [ -f ~/.bashrc ] && . ~/.bashrc  to a new ~/.bash_profile to load the block there";
    }

    String syntax() {
        return fish ? "fish" : "POSIX sh";
    }

    /** {@code export NAME='value'} (fish: {@code set -gx NAME 'value'}). */
    @Override
    public String set(String name, String value) {
        return (fish ? "set -gx " + name + " " : "export " + name + "=") + quote(value);
    }

    /**
     * Lines that export each of {@code names} with the personal key, read when the shell starts: through
     * the keychain helper (bounded in time, silent and empty when the store is locked), else from the
     * owner-only key file when it is readable. The key itself is never in the profile.
     */
    @Override
    public List<String> setKey(KeyAccess access, List<String> names) {
        boolean helper = access.viaHelper();
        String source = quote((helper ? access.helper() : access.keyFile()).toString());
        String read = helper ? source + " 2>/dev/null" : "cat " + source;
        if (helper && access.helper().getFileName().toString().endsWith(".cmd")) {
            // Git Bash on Windows: the DPAPI helper's script, run by PowerShell itself (bash cannot run a .cmd file directly).
            source = quote(access.helper().resolveSibling(dev.anyray.connect.io.WindowsDpapiKeyStore.HELPER_SCRIPT).toString());
            read = "powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File " + source + " 2>/dev/null";
            helper = false; // tested for being readable, as a file
        }
        List<String> lines = new ArrayList<>();
        if (fish) {
            lines.add("if test " + (helper ? "-x " : "-r ") + source);
            lines.add("    set -gx " + names.get(0) + " (" + read + ")");
            for (String other : names.subList(1, names.size())) lines.add("    set -gx " + other + " $" + names.get(0));
            lines.add("end");
        } else {
            lines.add("if [ " + (helper ? "-x " : "-r ") + source + " ]; then");
            lines.add("  " + names.get(0) + "=$(" + read + "); export " + names.get(0));
            for (String other : names.subList(1, names.size())) lines.add("  " + other + "=$" + names.get(0) + "; export " + other);
            lines.add("fi");
        }
        return lines;
    }

    /** POSIX: '...' with ' written as '\''. fish: '...' with \ and ' escaped by a backslash. */
    String quote(String value) {
        if (fish) return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
        return Text.shellQuote(value);
    }

    @Override
    public String reload(String shown) {
        return "open a new terminal (or run: source " + shown + ")";
    }

    /**
     * What --status shows of the key a block exports as {@code variable}: inlined (the placeholder), else
     * where the block reads it from (the keychain helper, or the owner-only key file), as the block says.
     */
    @Override
    public String keyShown(Environment env, String body, Map<String, String> values, String variable) {
        if (values.containsKey(variable)) return ClientKey.mask(values.get(variable));
        for (Path helper : dev.anyray.connect.io.KeyStore.helperPaths(env)) {
            if (body.contains(helper.toString())) return "personal key, read from the keychain through " + env.display(helper);
        }
        String stored = KeyFile.read(env);
        return stored == null ? "missing: " + env.display(KeyFile.path(env)) : ClientKey.mask(stored);
    }

    private static final Pattern ASSIGNMENT = Pattern.compile("(?:export |set -gx )(\\w+)[= ]'((?:[^'\\\\]|'\\\\''|\\\\.)*)'");

    @Override
    public Map<String, String> values(String body) {
        return assignments(body);
    }

    /** The variables a block sets to quoted values, unquoted (for --status). */
    static Map<String, String> assignments(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = ASSIGNMENT.matcher(body);
        while (m.find()) values.put(m.group(1), m.group(2).replace("'\\''", "'").replace("\\'", "'").replace("\\\\", "\\"));
        return values;
    }
}
