package dev.anyray.connect.commands;

import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.engine.StateStore;
import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.io.KeyFile;
import dev.anyray.connect.io.KeyStore;
import dev.anyray.connect.io.RunLock;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectException;

/** Status: each tool's connection as its files say now, with drift; read-only (a damaged record is reported, not fatal). */
public final class StatusCommand {
    private final Run run;

    public StatusCommand(Run run) {
        this.run = run;
    }

    public int execute() {
        try (RunLock lock = run.lockAndRecover(false)) {
            ConnectState state;
            try {
                state = StateStore.load(run.env).state();
            } catch (ConnectException e) {
                run.console.notice(e.getMessage());
                run.report.put("recordError", e.getMessage());
                state = ConnectState.empty();
            }
            boolean keychain = "keychain".equals(state.keyStore());
            KeyStore store = keychain ? KeyStore.keychain(run.env) : null;
            String stored = keychain ? (store.isKeychain() ? store.read() : null) : KeyFile.read(run.env);
            if (stored != null) run.console.secrets().add(stored);
            String where = keychain ? store.describe().replace(" (", ", ").replaceAll("\\)$", "") : "the owner-only file " + run.env.display(KeyFile.path(run.env));
            run.console.line("Personal key: " + (stored == null ? (keychain ? "in the keychain, but it cannot be read now (" + (store.why() == null ? "locked, or removed" : store.why())
                    + "): the tools cannot get it until it is unlocked" : "none stored")
                    : ClientKey.mask(stored) + " in " + where + (keychain ? "; the tools read it through " + run.env.display(KeyStore.helperPath(run.env)) : ""))
                    + (state.keyGateway() == null ? "" : "; issued for " + state.keyGateway()));
            if (keychain) run.report.put("keyStore", "keychain");
            if (stored != null) run.report.put("storedKey", ClientKey.mask(stored));
            for (ToolAdapter adapter : run.tools(true)) {
                ToolStatus status = adapter.status(run.env, state);
                run.report.status(status);
                run.renderer.status(status);
            }
            return 0;
        }
    }
}
