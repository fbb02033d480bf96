package dev.anyray.connect.io;

import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.KeyAccess;
import dev.anyray.connect.model.UsageException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a personal key lives between runs: the OS credential store when one answers (Linux: the
 * Secret Service through {@code secret-tool}; macOS: the login keychain through {@code /usr/bin/security}),
 * else the owner-only file {@code ~/.anyray/client-key}. The key goes to a store on stdin, never in
 * argv. With a credential store, tools read the key at run time through the helper script
 * {@code ~/.anyray/bin/anyray-key}, so no plain file holds it.
 */
public final class KeyStore implements Journal.CredentialStore {
    public static final String SERVICE = "anyray-connect";
    public static final String ACCOUNT = "default";

    public enum Kind { FILE, SECRET_SERVICE, MAC_KEYCHAIN }

    private final Kind kind;
    private final Environment env;
    private final String tool;
    private final String why;

    private KeyStore(Kind kind, Environment env, String tool, String why) {
        this.kind = kind;
        this.env = env;
        this.tool = tool;
        this.why = why;
    }

    public Kind kind() {
        return kind;
    }

    /** The owner-only file store. */
    public static KeyStore file(Environment env, String why) {
        return new KeyStore(Kind.FILE, env, null, why);
    }

    /**
     * The store for {@code requested} ({@code auto}, {@code keychain} or {@code file}): auto takes the
     * credential store when it answers, else the file (and says why).
     */
    public static KeyStore choose(Environment env, String requested) {
        if ("file".equals(requested)) return file(env, "--key-store file");
        KeyStore keychain = keychain(env);
        if (keychain.why == null) return keychain;
        if ("keychain".equals(requested)) throw new UsageException("--key-store keychain: " + keychain.why + "; use --key-store file, or auto");
        return file(env, keychain.why);
    }

    /** The platform's credential store; {@link #why} says why it cannot be used, null when it can. */
    public static KeyStore keychain(Environment env) {
        if (env.isMac()) {
            return new KeyStore(Kind.MAC_KEYCHAIN, env, "/usr/bin/security", env.get("SSH_CONNECTION") != null ? "an SSH session cannot unlock the login keychain" : null);
        }
        if (env.isWindows()) return new KeyStore(Kind.FILE, env, null, "the Windows credential store is not supported yet");
        Path secretTool = env.which("secret-tool");
        if (secretTool == null) return new KeyStore(Kind.SECRET_SERVICE, env, null, "secret-tool is not installed: package libsecret-tools");
        if (env.get("DBUS_SESSION_BUS_ADDRESS") == null) return new KeyStore(Kind.SECRET_SERVICE, env, secretTool.toString(), "no session bus: DBUS_SESSION_BUS_ADDRESS is unset, as in SSH sessions");
        KeyStore store = new KeyStore(Kind.SECRET_SERVICE, env, secretTool.toString(), null);
        Processes.Result probe = store.run(store.lookupCommand(), null);
        if (probe == null || probe.exit() > 1 || !probe.err().isBlank()) {
            return new KeyStore(Kind.SECRET_SERVICE, env, secretTool.toString(), "the Secret Service does not answer"
                    + (probe == null || probe.err().isBlank() ? "" : ": " + probe.err().strip().lines().findFirst().orElse("")));
        }
        return store;
    }

    /** Why the credential store is not used (for the plan), or null. */
    public String why() {
        return why;
    }

    public boolean isKeychain() {
        return kind != Kind.FILE && why == null;
    }

    public String describe() {
        return switch (kind) {
            case FILE -> "the owner-only file " + env.display(KeyFile.path(env)) + (why == null ? "" : " (" + why + ")");
            case SECRET_SERVICE -> "the Secret Service keychain (service " + SERVICE + ")";
            case MAC_KEYCHAIN -> "the macOS login keychain (service " + SERVICE + ")";
        };
    }

    public static Path helperPath(Environment env) {
        return env.anyrayDir().resolve("bin").resolve("anyray-key");
    }

    public KeyAccess access() {
        return isKeychain() ? new KeyAccess(helperPath(env), null, describe()) : new KeyAccess(null, KeyFile.path(env), describe());
    }

    // ------------------------------------------------------------- command lines (unit-tested for macOS)

    public List<String> storeCommand() {
        return kind == Kind.MAC_KEYCHAIN ? List.of(tool, "-i")
                : List.of(tool, "store", "--label=Anyray gateway key (anyray-connect)", "service", SERVICE, "account", ACCOUNT);
    }

    /** What the store command reads on stdin: the key itself, or for macOS a {@code security -i} command line holding it. */
    public String storeInput(String key) {
        return kind == Kind.MAC_KEYCHAIN ? "add-generic-password -U -s " + SERVICE + " -a " + ACCOUNT + " -w " + key + "\n" : key;
    }

    public List<String> lookupCommand() {
        return kind == Kind.MAC_KEYCHAIN ? List.of(tool, "find-generic-password", "-s", SERVICE, "-a", ACCOUNT, "-w")
                : List.of(tool, "lookup", "service", SERVICE, "account", ACCOUNT);
    }

    public List<String> clearCommand() {
        return kind == Kind.MAC_KEYCHAIN ? List.of(tool, "delete-generic-password", "-s", SERVICE, "-a", ACCOUNT)
                : List.of(tool, "clear", "service", SERVICE, "account", ACCOUNT);
    }

    /** The helper script tools run to get the key: POSIX sh, no JVM, a clear message on stderr when it cannot. */
    public String helperScript() {
        String lookup = String.join(" ", lookupCommand().stream().map(KeyStore::shellQuote).toList());
        return "#!/bin/sh\n"
                + "# anyray-key: prints the Anyray personal key from " + describe() + ".\n"
                + "# Written by anyray-connect for the tools it configured; anyray-connect --revert removes it.\n"
                + "if command -v timeout >/dev/null 2>&1; then key=$(timeout 10 " + lookup + " 2>/dev/null); else key=$(" + lookup + " 2>/dev/null); fi\n"
                + "if [ -z \"$key\" ]; then\n"
                + "  echo \"anyray-key: no Anyray key in " + describe() + " (locked, or removed): unlock it, or run anyray-connect again\" >&2\n"
                + "  exit 1\n"
                + "fi\n"
                + "printf '%s\\n' \"$key\"\n";
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    // ------------------------------------------------------------- operations

    /** The stored key, or null. */
    public String read() {
        if (!isKeychain()) return KeyFile.read(env);
        Processes.Result r = run(lookupCommand(), null);
        return r == null || r.exit() != 0 || r.out().isBlank() ? null : r.out().strip();
    }

    /** Stores the key now (a credential store is not part of the file transaction); read back to confirm. */
    public void store(String key) {
        if (!isKeychain()) {
            KeyFile.store(env, dev.anyray.connect.model.ClientKey.personal(key, dev.anyray.connect.model.ClientKey.Source.STORED, "the key"));
            return;
        }
        if (key.equals(read())) return;
        FaultPoint.reached("store the key in " + describe());
        Processes.Result r = run(storeCommand(), storeInput(key));
        if (r == null || r.exit() != 0 || !key.equals(read())) {
            throw new ConnectException("could not store the personal key in " + describe() + (r == null || r.err().isBlank() ? "" : ": " + r.err().strip().lines().findFirst().orElse(""))
                    + "; unlock the keychain, or run again with --key-store file");
        }
    }

    @Override
    public boolean holdsKey() {
        return isKeychain() && read() != null;
    }

    @Override
    public boolean removeKey() {
        if (!isKeychain()) return false;
        clear();
        return true;
    }

    /** Removes the key from the credential store (the file store's key file goes with the run's transaction). */
    public void clear() {
        if (!isKeychain()) return;
        FaultPoint.reached("clear the key from " + describe());
        run(clearCommand(), null);
    }

    private Processes.Result run(List<String> command, String stdin) {
        return Processes.run(env, command, stdin, 10_000);
    }
}
