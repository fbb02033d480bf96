package dev.anyray.connect.engine;

import dev.anyray.connect.engine.ToolSpec.Can;
import dev.anyray.connect.model.ConnectContext;
import java.util.List;

/**
 * The plan's notes that follow from what a tool can and cannot do, the same sentence for every tool:
 * where a keychain key had to be copied, that subscription mode still sends the gateway key, how the
 * tool trusts a private CA, and what it needs behind a proxy.
 */
final class Capabilities {
    private Capabilities() {}

    /** The proxy variables curl reads, in its order; any of them set means the user is behind a proxy. */
    static final List<String> PROXY_VARIABLES = List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy");

    /** Adds the notes of a tool whose settings are written; {@code keyFile}: the file that holds the key, if one does. */
    static void explain(ToolSpec spec, ConnectContext ctx, String keyFile, ToolPlan plan) {
        String name = spec.displayName();
        if (ctx.keyViaHelper() && !spec.has(Can.RUN_KEY_COMMAND) && keyFile != null) {
            plan.notes.add(name + " has no way to ask the keychain for the key at run time: it keeps the key in " + keyFile + " (owner-only)");
        }
        if (ctx.subscription() && !spec.has(Can.PASS_SEAT_SIGN_IN)) {
            plan.notes.add(name + " has no seat sign-in the gateway can pass through: it keeps sending the gateway key in subscription mode");
        }
        if (ctx.caFile() != null && !spec.has(Can.TRUST_CA_FROM_ITS_FILE)) {
            plan.notes.add(spec.caVariable() != null
                    ? name + " trusts the CA through " + spec.caVariable() + ", which the shell block (shell-env) sets: start it from a new terminal"
                    : name + " has no setting connect knows for an extra CA: if it cannot reach the gateway, add the CA to the system's certificate store");
        }
        if (spec.proxyNote() != null && PROXY_VARIABLES.stream().anyMatch(v -> ctx.env().get(v) != null)) {
            plan.notes.add(name + " " + spec.proxyNote());
        }
    }
}
