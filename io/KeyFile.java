package dev.anyray.connect.io;

import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ~/.anyray/client-key}: the personal key, mode 0600. It is where a personal key lives between
 * runs (every later run uses it until {@code --revert}), and where tools that cannot hold it in an
 * owner-only file of their own read it (a shell profile is often world-readable; Cursor's UI needs it
 * pasted).
 */
public final class KeyFile {
    private KeyFile() {}

    public static Path path(Environment env) {
        return env.anyrayDir().resolve("client-key");
    }

    public static FileChange write(Environment env, ClientKey key) {
        ConfigFile file = ConfigFile.read(path(env), env);
        return file.change(key.reveal() + "\n", AtomicWriter.OWNER_ONLY, List.of("store the personal key " + key.masked() + " (owner-only), for later runs and the tools that read it"));
    }

    public static FileChange delete(Environment env) {
        ConfigFile file = ConfigFile.read(path(env), env);
        return file.change(null, null, List.of("delete the stored personal key"));
    }

    /** Stores {@code key} at once, on its own (right after an invite is redeemed, before anything can fail). */
    public static void store(Environment env, ClientKey key) {
        new FileTransaction(AtomicWriter.INSTANCE).apply(List.of(write(env, key)));
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
