package dev.anyray.connect.commands;

import dev.anyray.connect.gateway.GatewayClient;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Gateway;
import dev.anyray.connect.model.Models;
import java.time.Duration;
import java.util.List;

/** {@link Models} from {@code --model} and the gateway's list, asked at most once per run and only when a tool needs it. */
final class GatewayModels implements Models {
    private final String requested;
    private final Gateway gateway;
    private final ClientKey key;
    private final Duration timeout;
    private boolean asked;
    private List<String> listed;
    private String whyUnknown;

    GatewayModels(String requested, Gateway gateway, ClientKey key, Duration timeout) {
        this.requested = requested;
        this.gateway = gateway;
        this.key = key;
        this.timeout = timeout;
    }

    @Override
    public String requested() {
        return requested;
    }

    @Override
    public List<String> listed() {
        if (!asked) {
            asked = true;
            if (key.isPending()) {
                whyUnknown = "the invite is redeemed only when applied";
            } else {
                try {
                    listed = new GatewayClient(gateway, timeout).models(key);
                    if (listed.isEmpty()) whyUnknown = "the gateway lists no model";
                } catch (ConnectException e) {
                    whyUnknown = e.getMessage();
                }
            }
        }
        return listed;
    }

    @Override
    public String whyUnknown() {
        return whyUnknown;
    }
}
