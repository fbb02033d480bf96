package dev.anyray.connect.commands;

import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.engine.StateStore;
import dev.anyray.connect.gateway.GatewayClient;
import dev.anyray.connect.io.KeyFile;
import dev.anyray.connect.io.RunLock;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Finding;
import dev.anyray.connect.model.Gateway;
import dev.anyray.connect.model.UsageException;
import java.util.List;

/**
 * Check: probe the gateway with the configured key. The stored key is sent only to the gateway it
 * was issued for: {@code --check --gateway elsewhere} probes without it (pass the key in
 * {@code $ANYRAY_CLIENT_KEY} to send it there on purpose).
 */
public final class CheckCommand {
    private final Run run;

    public CheckCommand(Run run) {
        this.run = run;
    }

    public int execute() {
        try (RunLock lock = run.lockAndRecover(false)) {
            ConnectState state = StateStore.load(run.env).state();
            String recorded = state.keyGateway() != null ? state.keyGateway() : state.tools() == null ? null
                    : state.tools().values().stream().map(ConnectState.ToolRecord::gateway).filter(g -> g != null).findFirst().orElse(null);
            Gateway gateway = run.gateway(recorded != null ? recorded : Gateway.DEFAULT_URL);
            ClientKey key = key(state, gateway);
            run.console.heading("Checking " + gateway.url() + (key == null ? " (without a key)" : " with " + key.describe()));
            List<Finding> findings = new GatewayClient(gateway, run.options.timeout()).check(key);
            run.report.findings(findings);
            return run.renderer.findings(findings) ? 0 : 1;
        }
    }

    private ClientKey key(ConnectState state, Gateway gateway) {
        String fromEnv = run.env.get("ANYRAY_CLIENT_KEY");
        if (fromEnv != null) {
            try {
                return ClientKey.personal(fromEnv, ClientKey.Source.ENVIRONMENT, "ANYRAY_CLIENT_KEY");
            } catch (ConnectException e) {
                throw new UsageException(e.getMessage());
            }
        }
        String stored = KeyFile.read(run.env);
        if (stored == null) return ClientKey.placeholder();
        String issuedFor = state.keyGateway();
        if (issuedFor != null && !issuedFor.equals(gateway.url())) {
            run.console.notice("the stored personal key was issued for " + issuedFor + ", so it is not sent to " + gateway.url()
                    + "; to probe with it there on purpose, pass it in ANYRAY_CLIENT_KEY");
            return null;
        }
        return ClientKey.personal(stored, ClientKey.Source.STORED, run.env.display(KeyFile.path(run.env)));
    }
}
