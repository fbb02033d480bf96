package dev.anyray.connect.core;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code ~/.anyray/client-key}: the personal key, mode 0600, for tools that cannot hold it in an
 * owner-only file of their own (a shell profile is often world-readable; Cursor's UI needs it pasted).
 */
public final class KeyFile {
    private KeyFile() {}

    public static Path path(Environment env) {
        return env.anyrayDir().resolve("client-key");
    }

    public static FileChange write(Environment env, ClientKey key) {
        ConfigFile file = ConfigFile.read(path(env), env);
        String content = key.reveal() + "\n";
        String current = file.exists() ? file.text() : null;
        String after = content.equals(current) ? current : content;
        return file.change(after, AtomicWriter.OWNER_ONLY, List.of("store the personal key " + key.masked() + " (owner-only)"));
    }

    public static FileChange delete(Environment env) {
        ConfigFile file = ConfigFile.read(path(env), env);
        return file.change(null, null, List.of("delete the stored personal key: no connected tool uses it any more"));
    }

    /** The stored key, or null when there is none (or it cannot be read). */
    public static String read(Environment env) {
        try {
            ConfigFile file = ConfigFile.read(path(env), env);
            if (!file.exists()) return null;
            String key = file.text().strip();
            return key.isEmpty() ? null : key;
        } catch (ConnectException e) {
            return null;
        }
    }
}
