package dev.anyray.connect.io;

import dev.anyray.connect.model.Environment;
import java.util.List;

/** The macOS login keychain through {@code /usr/bin/security}; the key reaches it inside a {@code security -i} command on stdin. */
final class MacKeychainKeyStore extends CredentialKeyStore {

    MacKeychainKeyStore(Environment env) {
        super(env, "/usr/bin/security", env.get("SSH_CONNECTION") != null ? "an SSH session cannot unlock the login keychain" : null);
    }

    @Override
    public String describe() {
        return "the macOS login keychain (service " + SERVICE + ")";
    }

    @Override
    public List<String> storeCommand() {
        return List.of(tool, "-i");
    }

    @Override
    public String storeInput(String key) {
        return "add-generic-password -U -s " + SERVICE + " -a " + ACCOUNT + " -w " + key + "\n";
    }

    @Override
    public List<String> lookupCommand() {
        return List.of(tool, "find-generic-password", "-s", SERVICE, "-a", ACCOUNT, "-w");
    }

    @Override
    public List<String> clearCommand() {
        return List.of(tool, "delete-generic-password", "-s", SERVICE, "-a", ACCOUNT);
    }
}
