package dev.anyray.connect.io;

import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.KeyAccess;

/** The owner-only file {@code ~/.anyray/client-key} ({@link KeyFile}): where a key lives when no credential store answers. */
final class FileKeyStore implements KeyStore {
    private final Environment env;
    private final String why;

    FileKeyStore(Environment env, String why) {
        this.env = env;
        this.why = why;
    }

    @Override
    public Environment env() {
        return env;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public boolean isKeychain() {
        return false;
    }

    @Override
    public String why() {
        return why;
    }

    @Override
    public String describe() {
        return "the owner-only file " + env.display(KeyFile.path(env)) + (why == null ? "" : " (" + why + ")");
    }

    @Override
    public KeyAccess access() {
        return new KeyAccess(null, KeyFile.path(env), describe());
    }

    @Override
    public String read() {
        return KeyFile.read(env);
    }

    @Override
    public void store(String key) {
        KeyFile.store(env, ClientKey.personal(key, ClientKey.Source.STORED, "the key"));
    }

    @Override
    public void clear() {
        // The key file is deleted by the run's transaction, with the files that read it.
    }
}
