package dev.anyray.connect.commands;

import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.engine.StateStore;
import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.io.KeyFile;
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
            String stored = KeyFile.read(run.env);
            run.console.line("Personal key: " + (stored == null ? "none stored" : ClientKey.mask(stored) + " in " + run.env.display(KeyFile.path(run.env))
                    + " (owner-only file)" + (state.keyGateway() == null ? "" : ", issued for " + state.keyGateway())));
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
