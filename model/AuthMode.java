package dev.anyray.connect.model;

/** How a tool authenticates through the gateway. */
public enum AuthMode {
    /** The tool sends the gateway key (personal or placeholder) as its own API key. */
    GATEWAY_KEY("gateway-key"),
    /** The tool keeps its own seat sign-in; the gateway passes that OAuth token through. */
    SUBSCRIPTION("subscription");

    private final String label;

    AuthMode(String label) {
        this.label = label;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
        return label;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static AuthMode fromLabel(String label) {
        for (AuthMode mode : values()) {
            if (mode.label.equals(label)) return mode;
        }
        return null;
    }
}
