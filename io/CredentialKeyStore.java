package dev.anyray.connect.io;

import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.KeyAccess;
import java.util.List;

/**
 * An OS credential store driven by its command-line tool: the key goes to it on stdin, never in argv,
 * and the tools read it back through the helper script.
 */
public abstract class CredentialKeyStore implements KeyStore {
    protected final Environment env;
    protected final String tool;
    private final String why;

    CredentialKeyStore(Environment env, String tool, String why) {
        this.env = env;
        this.tool = tool;
        this.why = why;
    }

    public abstract List<String> storeCommand();

    /** What the store command reads on stdin. */
    public abstract String storeInput(String key);

    public abstract List<String> lookupCommand();

    public abstract List<String> clearCommand();

    @Override
    public Environment env() {
        return env;
    }

    @Override
    public String name() {
        return "keychain";
    }

    @Override
    public boolean isKeychain() {
        return why == null;
    }

    @Override
    public String why() {
        return why;
    }

    @Override
    public KeyAccess access() {
        return isKeychain() ? new KeyAccess(KeyStore.helperPath(env), null, describe()) : new KeyAccess(null, KeyFile.path(env), describe());
    }

    @Override
    public String helperScript() {
        String lookup = String.join(" ", lookupCommand().stream().map(dev.anyray.connect.model.Text::shellQuote).toList());
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

    @Override
    public String read() {
        if (!isKeychain()) return null;
        Processes.Result r = run(lookupCommand(), null);
        return r == null || r.exit() != 0 || r.out().isBlank() ? null : r.out().strip();
    }

    @Override
    public void store(String key) {
        if (!isKeychain()) throw new ConnectException("cannot store the personal key in " + describe() + ": " + why + "; run again with --key-store file");
        if (key.equals(read())) return;
        FaultPoint.reached("store the key in " + describe());
        Processes.Result r = run(storeCommand(), storeInput(key));
        if (r == null || r.exit() != 0 || !key.equals(read())) {
            throw new ConnectException("could not store the personal key in " + describe() + (r == null || r.err().isBlank() ? "" : ": " + r.err().strip().lines().findFirst().orElse(""))
                    + "; unlock the keychain, or run again with --key-store file");
        }
    }

    @Override
    public void clear() {
        if (!isKeychain()) return;
        FaultPoint.reached("clear the key from " + describe());
        run(clearCommand(), null);
    }

    protected Processes.Result run(List<String> command, String stdin) {
        return Processes.run(env, command, stdin, 10_000);
    }
}
