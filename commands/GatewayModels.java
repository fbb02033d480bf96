package dev.anyray.connect.commands;

import dev.anyray.connect.gateway.GatewayClient;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.Gateway;
import dev.anyray.connect.model.Models;
import java.time.Duration;
import java.util.List;

/**
 * The run's one {@code GET /v1/models}, with the key that will be written: {@link Models} for the
 * tools that need a model id, and the key check that connect makes before writing anything. Asked at
 * most once, and only when first needed (a file that does not parse stops the run before any call);
 * never while the key is an invite not yet redeemed.
 */
final class GatewayModels implements Models {
    private final String requested;
    private final Gateway gateway;
    private final ClientKey key;
    private final Duration timeout;
    private final dev.anyray.connect.gateway.Network network;
    private GatewayClient.Probe probe;

    GatewayModels(String requested, Gateway gateway, ClientKey key, Duration timeout, dev.anyray.connect.gateway.Network network) {
        this.requested = requested;
        this.gateway = gateway;
        this.key = key;
        this.timeout = timeout;
        this.network = network;
    }

    /** What the gateway said of the key (asked now if not yet); null for an invite not yet redeemed. */
    GatewayClient.Probe probe() {
        if (probe == null && !key.isPending()) probe = new GatewayClient(gateway, timeout, network).probe(key);
        return probe;
    }

    /** The answer if the gateway was already asked (a tool needed the models), else null: asks nothing. */
    GatewayClient.Probe asked() {
        return probe;
    }

    @Override
    public String requested() {
        return requested;
    }

    @Override
    public List<String> listed() {
        GatewayClient.Probe answer = probe();
        return answer == null || !answer.accepted() ? null : answer.models();
    }

    @Override
    public String whyUnknown() {
        GatewayClient.Probe answer = probe();
        if (answer == null) return "the invite is redeemed only when applied";
        if (!answer.accepted()) return answer.problem();
        return answer.models().isEmpty() ? "the gateway lists no model" : null;
    }
}
