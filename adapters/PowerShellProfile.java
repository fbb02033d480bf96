package dev.anyray.connect.adapters;

import dev.anyray.connect.io.KeyFile;
import dev.anyray.connect.io.WindowsDpapiKeyStore;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.KeyAccess;
import dev.anyray.connect.model.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a block in a PowerShell profile sets variables: {@code $env:NAME = '...'}, every value through
 * {@link Text#powerShellQuote} (pure ASCII, nothing in it runs). A personal key is never inlined: the
 * block decrypts the DPAPI-protected file in process (no child process at each start), or reads the
 * owner-only key file, both named from {@code $HOME} because a profile under Documents may sync to other
 * machines through OneDrive (where the file is then missing and the block does nothing).
 */
record PowerShellProfile(Environment env) implements ProfileSyntax {

    /** Whether {@code file} is a PowerShell profile (as {@link dev.anyray.connect.io.PowerShell} found it) rather than a POSIX one. */
    static boolean isProfile(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ps1");
    }

    @Override
    public String set(String name, String value) {
        return "$env:" + name + " = " + Text.powerShellQuote(value);
    }

    /** Lines that set each of {@code names} to the personal key, read when PowerShell starts; nothing when it cannot be read. */
    @Override
    public List<String> setKey(KeyAccess access, List<String> names) {
        List<String> lines = new ArrayList<>();
        if (access.viaHelper()) {
            lines.add("$anyrayKeyFile = " + fromHome(env, WindowsDpapiKeyStore.blobPath(env)));
            lines.add("if (Test-Path -LiteralPath $anyrayKeyFile) {");
            lines.add("  try {");
            lines.add("    $anyrayKey = [System.Net.NetworkCredential]::new('', ((Get-Content -LiteralPath $anyrayKeyFile -Raw).Trim() | ConvertTo-SecureString)).Password");
            for (String name : names) lines.add("    $env:" + name + " = $anyrayKey");
            lines.add("  } catch { }");
            lines.add("  Remove-Variable anyrayKey -ErrorAction SilentlyContinue");
            lines.add("}");
        } else {
            lines.add("$anyrayKeyFile = " + fromHome(env, access.keyFile()));
            lines.add("if (Test-Path -LiteralPath $anyrayKeyFile) {");
            lines.add("  $env:" + names.get(0) + " = (Get-Content -LiteralPath $anyrayKeyFile -Raw).Trim()");
            for (String other : names.subList(1, names.size())) lines.add("  $env:" + other + " = $env:" + names.get(0));
            lines.add("}");
        }
        lines.add("Remove-Variable anyrayKeyFile -ErrorAction SilentlyContinue");
        return lines;
    }

    @Override
    public String reload(String shown) {
        return "open a new PowerShell window to load " + shown;
    }

    /** {@code Join-Path $HOME 'rel\path'} for a file under home, else the quoted path. */
    static String fromHome(Environment env, Path file) {
        String relative = WindowsShells.underHome(env, file);
        return relative == null ? Text.powerShellQuote(file.toAbsolutePath().normalize().toString()) : "Join-Path $HOME " + Text.powerShellQuote(relative);
    }

    private static final Pattern ASSIGNMENT = Pattern.compile("(?m)^\\s*\\$env:(\\w+) = ((?:'(?:[^']|'')*'|\\[char\\]0x[0-9A-Fa-f]{4})(?: \\+ (?:'(?:[^']|'')*'|\\[char\\]0x[0-9A-Fa-f]{4}))*)\\s*$");
    private static final Pattern PART = Pattern.compile("'((?:[^']|'')*)'|\\[char\\]0x([0-9A-Fa-f]{4})");

    @Override
    public Map<String, String> values(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = ASSIGNMENT.matcher(body);
        while (m.find()) values.put(m.group(1), unquote(m.group(2)));
        return values;
    }

    /** The value of an expression {@link Text#powerShellQuote} wrote. */
    static String unquote(String expression) {
        StringBuilder out = new StringBuilder();
        Matcher part = PART.matcher(expression);
        while (part.find()) {
            if (part.group(1) != null) out.append(part.group(1).replace("''", "'"));
            else out.append((char) Integer.parseInt(part.group(2), 16));
        }
        return out.toString();
    }

    /** Inlined (the placeholder), else where the block reads the key from. */
    @Override
    public String keyShown(Environment env, String body, Map<String, String> values, String variable) {
        if (values.containsKey(variable)) return ClientKey.mask(values.get(variable));
        if (body.contains(WindowsDpapiKeyStore.BLOB_NAME)) return "personal key, decrypted from " + env.display(WindowsDpapiKeyStore.blobPath(env)) + " (DPAPI, this Windows user only)";
        String stored = KeyFile.read(env);
        return stored == null ? "missing: " + env.display(KeyFile.path(env)) : ClientKey.mask(stored);
    }
}
