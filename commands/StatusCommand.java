package dev.anyray.connect.commands;

import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.engine.StateStore;
import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.io.RunLock;
import dev.anyray.connect.io.StoredKey;
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
            // From the record, whether or not the store can be read from here (a fleet run without a
            // session bus decides "already onboarded" from this).
            StoredKey stored = StoredKey.resolve(run.env, state.keyStore());
            if (stored.value() != null) run.console.secrets().add(stored.value());
            run.console.line("Personal key: " + stored.shown(run.env) + (state.keyGateway() == null ? "" : "; issued for " + state.keyGateway()));
            run.report.put("keyStored", stored.exists());
            if (stored.exists()) run.report.put("keyStore", stored.recorded()).put("keyGateway", state.keyGateway());
            if (stored.value() != null) run.report.put("storedKey", ClientKey.mask(stored.value()));
            else if (stored.exists()) run.report.put("keyUnreadable", stored.unreadable());
            if (state.connectedGateway() != null) run.report.put("connectedGateway", state.connectedGateway());
            for (ToolAdapter adapter : run.tools(true)) {
                ToolStatus status = adapter.status(run.env, state);
                run.report.status(status);
                run.renderer.status(status);
            }
            return 0;
        }
    }
}
