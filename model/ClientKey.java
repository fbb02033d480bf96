package dev.anyray.connect.model;

/**
 * The key a tool sends to the gateway. A personal key ({@code ark_…}) is a secret: {@link #toString()}
 * and {@link #masked()} never reveal more than its last four characters, so an accidental print is safe.
 */
public final class ClientKey {
    public static final String PLACEHOLDER = "sk-anyray-placeholder";

    /** Where the key came from, in the order the contract gives them precedence. */
    public enum Source { INVITE, PENDING_INVITE, ENVIRONMENT, STORED, PLACEHOLDER }

    private final String value;
    private final Source source;

    private ClientKey(String value, Source source) {
        this.value = value;
        this.source = source;
    }

    public static ClientKey placeholder() {
        return new ClientKey(PLACEHOLDER, Source.PLACEHOLDER);
    }

    /** A key from outside (environment, invite, key store), checked so it can travel in a header. */
    public static ClientKey personal(String value, Source source, String where) {
        if (value == null || value.isBlank()) throw new ConnectException(where + " is empty; it must hold an ark_… key");
        String trimmed = value.strip();
        if (Text.hasControlOrSpace(trimmed) || trimmed.length() > 1024 || !trimmed.chars().allMatch(c -> c > 32 && c < 127)) {
            // Never echo the value: it may be a real key with a stray character.
            throw new ConnectException(where + " does not look like a key (spaces, control or non-ASCII characters); check its value");
        }
        if (trimmed.equals(PLACEHOLDER)) return placeholder();
        return new ClientKey(trimmed, source);
    }

    /** Stands in for the key an invite will give, while the plan is shown before redeeming it. */
    public static ClientKey pendingInvite() {
        return new ClientKey("<key-from-invite>", Source.PENDING_INVITE);
    }

    /** The raw key: only for writing into the tool configs and the gateway request, never for output. */
    public String reveal() {
        return value;
    }

    public Source source() {
        return source;
    }

    public boolean isPersonal() {
        return source != Source.PLACEHOLDER;
    }

    public boolean isPending() {
        return source == Source.PENDING_INVITE;
    }

    /** {@code ark_…1a2b}: what output shows of a personal key. The placeholder is not a secret and is shown whole. */
    public String masked() {
        if (source == Source.PLACEHOLDER) return value;
        if (source == Source.PENDING_INVITE) return "ark_… (from the invite, redeemed when applied)";
        return mask(value);
    }

    /** What output shows of any secret: its {@code ark_}/{@code sk-} style prefix and its last four characters. */
    public static String mask(String secret) {
        if (secret.equals(PLACEHOLDER)) return secret;
        String prefix = secret.startsWith("ark_") ? "ark_" : secret.startsWith("ari_") ? "ari_" : secret.startsWith("sk-") ? "sk-" : "";
        if (secret.length() < 12) return prefix + "…";
        return prefix + "…" + secret.substring(secret.length() - 4);
    }

    /** {@code text} with this key masked wherever it occurs. */
    public String redact(String text) {
        return isPersonal() && !isPending() ? text.replace(value, masked()) : text;
    }

    public String describe() {
        return switch (source) {
            case PLACEHOLDER -> "shared placeholder " + PLACEHOLDER;
            case ENVIRONMENT -> "personal key " + masked() + " from ANYRAY_CLIENT_KEY";
            case INVITE -> "personal key " + masked() + " from the invite";
            case PENDING_INVITE -> "personal key from the invite (redeemed when applied)";
            case STORED -> "personal key " + masked() + " stored by an earlier run";
        };
    }

    @Override
    public String toString() {
        return masked();
    }
}
