package dev.anyray.connect.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything an adapter needs to plan a connect: where, who, with which key, in which auth mode,
 * which models; {@code caFile}: the CA bundle connect's own calls trust (remembered with the connection).
 */
public record ConnectContext(Gateway gateway, Identity identity, ClientKey key, AuthMode authMode, Environment env, Models models, KeyAccess keyAccess, String caFile) {

    public ConnectContext(Gateway gateway, Identity identity, ClientKey key, AuthMode authMode, Environment env) {
        this(gateway, identity, key, authMode, env, Models.none(), KeyAccess.file(env.anyrayDir().resolve("client-key")), null);
    }

    /** Without a CA file. */
    public ConnectContext(Gateway gateway, Identity identity, ClientKey key, AuthMode authMode, Environment env, Models models, KeyAccess keyAccess) {
        this(gateway, identity, key, authMode, env, models, keyAccess, null);
    }

    /** Whether tools should fetch the personal key through the helper (it lives in the OS credential store). */
    public boolean keyViaHelper() {
        return key.isPersonal() && keyAccess.viaHelper();
    }

    public static final String METADATA_HEADER = "x-anyray-metadata";
    public static final String AUTH_MODE_HEADER = "x-anyray-auth-mode";
    public static final String API_KEY_HEADER = "x-anyray-api-key";

    public boolean subscription() {
        return authMode == AuthMode.SUBSCRIPTION;
    }

    /**
     * The attribution header alone: for tools that always send the gateway key (they have no seat
     * sign-in to pass through), in either mode.
     */
    public Map<String, String> metadataHeaders() {
        return Map.of(METADATA_HEADER, identity.metadataJson());
    }

    /**
     * The headers every tool sends to the gateway. In subscription mode the tool's own seat token is
     * the bearer, so a personal key (if any) rides {@code x-anyray-api-key} instead.
     */
    public Map<String, String> gatewayHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(METADATA_HEADER, identity.metadataJson());
        if (subscription()) {
            headers.put(AUTH_MODE_HEADER, "passthrough");
            if (key.isPersonal()) headers.put(API_KEY_HEADER, key.reveal());
        }
        return headers;
    }
}
