package dev.anyray.connect.model;


/** Who spend is attributed to: sent as {@code x-anyray-metadata: {"user":"…","team":"…"}}. */
public record Identity(String user, String team) {

    public Identity {
        require("--user", user, false);
        require("--team", team, true);
    }

    private static void require(String flag, String value, boolean optional) {
        if (value == null) {
            if (optional) return;
            throw new UsageException(flag + " is missing; pass " + flag + " you@example.com");
        }
        if (value.isBlank()) throw new UsageException(flag + " is empty; pass a value" + (optional ? " or leave " + flag + " out" : ""));
        // A newline would end the header line and let the value inject headers of its own.
        if (Text.hasControl(value)) throw new UsageException(flag + " '" + Text.printable(value) + "' contains control characters (newline, tab…); pass a plain value");
        if (value.length() > 256) throw new UsageException(flag + " is longer than 256 characters; pass a shorter id");
    }

    /** Compact JSON, ASCII only (non-ASCII escaped) so that every HTTP client accepts it as a header value. */
    public String metadataJson() {
        StringBuilder json = new StringBuilder("{\"user\":").append(Text.jsonString(user, true));
        if (team != null) json.append(",\"team\":").append(Text.jsonString(team, true));
        return json.append('}').toString();
    }
}
