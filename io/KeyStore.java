package dev.anyray.connect.io;

import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.KeyAccess;
import dev.anyray.connect.model.UsageException;
import java.nio.file.Path;

/**
 * Where a personal key lives between runs: the OS credential store when one answers
 * ({@link SecretServiceKeyStore} on Linux, {@link MacKeychainKeyStore} on macOS), else the owner-only
 * file ({@link FileKeyStore}). Which store holds the key now, and the key itself, is answered in one
 * place only: {@link StoredKey#resolve}. With a credential store, tools read the key at run time
 * through the helper script {@code ~/.anyray/bin/anyray-key}, so no plain file holds it.
 */
public interface KeyStore extends Journal.CredentialStore {
    String SERVICE = "anyray-connect";
    String ACCOUNT = "default";

    /** What the revert record calls this store: {@code file} or {@code keychain}. */
    String name();

    /** Whether this is a credential store that answers here (false for the file store). */
    boolean isKeychain();

    /** Why the credential store cannot be used from here (for the plan and errors), or null. */
    String why();

    /** The store in words, for the plan: "the Secret Service keychain (service anyray-connect)". */
    String describe();

    /** How the tools get the key from this store. */
    KeyAccess access();

    /** The stored key, or null (none, or the store cannot be read). */
    String read();

    /** Stores the key now; read back to confirm. */
    void store(String key);

    /** The helper script tools run to get the key from a credential store (POSIX sh, no JVM); null for the file store. */
    default String helperScript() {
        return null;
    }

    /** The helper files to install, by path (the helper script; on Windows a {@code .cmd} and the {@code .ps1} it runs); none for the file store. */
    default java.util.Map<Path, String> helperFiles() {
        String script = helperScript();
        return script == null ? java.util.Map.of() : java.util.Map.of(helperPath(env()), script);
    }

    /** The environment the store serves. */
    Environment env();

    /** Removes the key from a credential store (the file store's key file goes with the run's transaction). */
    void clear();

    /** The owner-only file store. */
    static KeyStore file(Environment env, String why) {
        return new FileKeyStore(env, why);
    }

    /**
     * The store for {@code requested} ({@code auto}, {@code keychain} or {@code file}): auto takes the
     * credential store when it answers, else the file (and says why).
     */
    static KeyStore choose(Environment env, String requested) {
        if ("file".equals(requested)) return file(env, "--key-store file");
        KeyStore keychain = keychain(env);
        if (keychain.why() == null) return keychain;
        if ("keychain".equals(requested)) throw new UsageException("--key-store keychain: " + keychain.why() + "; use --key-store file, or auto");
        return file(env, keychain.why());
    }

    /** The platform's credential store; {@link #why} says why it cannot be used, null when it can. */
    static KeyStore keychain(Environment env) {
        if (env.isMac()) return new MacKeychainKeyStore(env);
        if (env.isWindows()) return WindowsDpapiKeyStore.probe(env);
        return SecretServiceKeyStore.probe(env);
    }

    /** What the tools run to get the key: {@code ~/.anyray/bin/anyray-key} ({@code anyray-key.cmd} on Windows). */
    static Path helperPath(Environment env) {
        return env.anyrayDir().resolve("bin").resolve(env.isWindows() ? "anyray-key.cmd" : "anyray-key");
    }

    /** Every helper file any store of this OS installs, for revert and for a move to the file store. */
    static java.util.List<Path> helperPaths(Environment env) {
        return env.isWindows() ? java.util.List.of(helperPath(env), WindowsDpapiKeyStore.helperScriptPath(env)) : java.util.List.of(helperPath(env));
    }

    @Override
    default boolean holdsKey() {
        return isKeychain() && read() != null;
    }

    @Override
    default boolean removeKey() {
        if (!isKeychain()) return false;
        clear();
        return true;
    }
}
