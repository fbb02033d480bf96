package dev.anyray.connect.commands;

import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.engine.StateStore;
import dev.anyray.connect.gateway.GatewayClient;
import dev.anyray.connect.io.RunLock;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.Finding;
import dev.anyray.connect.model.Gateway;
import java.util.ArrayList;
import java.util.List;

/**
 * Check: probe the gateway with the key the tools use: {@code $ANYRAY_CLIENT_KEY}, else the stored
 * personal key (from whichever store holds it), else the placeholder. The stored key is sent only to
 * the gateway it was issued for: {@code --check --gateway elsewhere} probes reachability without it
 * and fails, saying why (pass the key in {@code $ANYRAY_CLIENT_KEY} to send it there on purpose).
 */
public final class CheckCommand {
    private final Run run;

    public CheckCommand(Run run) {
        this.run = run;
    }

    public int execute() {
        run.checkGatewayOption();
        try (RunLock lock = run.lockAndRecover(false)) {
            ConnectState state = StateStore.load(run.env).state();
            Gateway gateway = run.gateway(state).value();
            List<Finding> findings = new ArrayList<>();
            ClientKey key = key(state, gateway, findings);
            run.console.heading("Checking " + gateway.url() + (key == null ? " (without a key)" : " with " + key.describe()));
            findings.addAll(0, new GatewayClient(gateway, run.options.timeout(), run.network(state)).check(key));
            run.report.findings(findings);
            return run.renderer.findings(findings) ? 0 : 1;
        }
    }

    /** The key to probe with, or null (with a failed finding saying why) when the stored key must not, or cannot, be sent. */
    private ClientKey key(ConnectState state, Gateway gateway, List<Finding> findings) {
        Run.KeyInUse inUse = run.keyInUse(state, gateway);
        if (inUse.otherGateway() != null) {
            findings.add(new Finding(false, "the stored personal key was issued for " + inUse.otherGateway() + ", so it is not sent to " + gateway.url()
                    + "; to probe with it there on purpose, pass it in ANYRAY_CLIENT_KEY"));
        } else if (inUse.key() == null) {
            findings.add(new Finding(false, "your personal key is in " + inUse.stored().where() + ", which cannot be read here (" + inUse.stored().unreadable()
                    + "); run --check where it can be read, or pass the key in ANYRAY_CLIENT_KEY"));
        }
        return inUse.key();
    }
}
