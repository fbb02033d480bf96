package dev.anyray.connect.commands;

import dev.anyray.connect.gateway.GatewayClient;
import dev.anyray.connect.model.Models;
import java.util.List;

/**
 * {@link Models} from {@code --model} and the gateway's list. The list comes from the run's one
 * {@code GET /v1/models} (the key check, made before anything is planned); null while the key is an
 * invite not yet redeemed.
 */
final class GatewayModels implements Models {
    private final String requested;
    private final GatewayClient.Probe probe;

    GatewayModels(String requested, GatewayClient.Probe probe) {
        this.requested = requested;
        this.probe = probe;
    }

    @Override
    public String requested() {
        return requested;
    }

    @Override
    public List<String> listed() {
        return probe == null || !probe.accepted() ? null : probe.models();
    }

    @Override
    public String whyUnknown() {
        if (probe == null) return "the invite is redeemed only when applied";
        if (!probe.accepted()) return probe.problem();
        return probe.models().isEmpty() ? "the gateway lists no model" : null;
    }
}
