package dev.anyray.connect.io;

import dev.anyray.connect.model.Environment;
import java.nio.file.Path;
import java.util.List;

/** The freedesktop Secret Service (GNOME Keyring, KWallet) through {@code secret-tool}. */
final class SecretServiceKeyStore extends CredentialKeyStore {

    private SecretServiceKeyStore(Environment env, String tool, String why) {
        super(env, tool, why);
    }

    /** The store when it answers; else one whose {@link #why} says what is missing (a session without a bus: SSH, cron, an MDM agent). */
    static SecretServiceKeyStore probe(Environment env) {
        Path secretTool = env.which("secret-tool");
        if (secretTool == null) return new SecretServiceKeyStore(env, null, "secret-tool is not installed: package libsecret-tools");
        if (env.get("DBUS_SESSION_BUS_ADDRESS") == null) {
            return new SecretServiceKeyStore(env, secretTool.toString(), "no session bus: DBUS_SESSION_BUS_ADDRESS is unset, as in SSH sessions");
        }
        SecretServiceKeyStore store = new SecretServiceKeyStore(env, secretTool.toString(), null);
        Processes.Result probe = store.run(store.lookupCommand(), null);
        if (probe == null || probe.exit() > 1 || !probe.err().isBlank()) {
            return new SecretServiceKeyStore(env, secretTool.toString(), "the Secret Service does not answer"
                    + (probe == null || probe.err().isBlank() ? "" : ": " + probe.err().strip().lines().findFirst().orElse("")));
        }
        return store;
    }

    @Override
    public String describe() {
        return "the Secret Service keychain (service " + SERVICE + ")";
    }

    @Override
    public List<String> storeCommand() {
        return List.of(tool, "store", "--label=Anyray gateway key (anyray-connect)", "service", SERVICE, "account", ACCOUNT);
    }

    @Override
    public String storeInput(String key) {
        return key;
    }

    @Override
    public List<String> lookupCommand() {
        return List.of(tool, "lookup", "service", SERVICE, "account", ACCOUNT);
    }

    @Override
    public List<String> clearCommand() {
        return List.of(tool, "clear", "service", SERVICE, "account", ACCOUNT);
    }
}
