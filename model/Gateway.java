package dev.anyray.connect.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The gateway's base URL, validated once. Anthropic-style clients get it as is; OpenAI-style clients
 * get it with {@code /v1}. A path prefix (a gateway mounted under /anyray, say) is kept.
 */
public record Gateway(String url, String host, boolean https, String notice) {

    public static final String DEFAULT_URL = "http://localhost:8787";
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    public static Gateway parse(String raw) {
        String shown = "--gateway '" + Text.printable(raw) + "'";
        if (raw == null || raw.isBlank()) throw new UsageException("--gateway is empty; give the gateway URL, e.g. https://gw.example");
        if (Text.hasControlOrSpace(raw)) throw new UsageException(shown + " contains spaces or control characters; give a plain URL such as https://gw.example");
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new UsageException(shown + " is not a valid URL (" + e.getReason() + "); give e.g. https://gw.example");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new UsageException(shown + " must be an absolute http:// or https:// URL, e.g. https://gw.example");
        }
        if (uri.getRawUserInfo() != null) throw new UsageException(shown + " must not contain user:password@; pass the key with --invite or ANYRAY_CLIENT_KEY");
        if (uri.getHost() == null || uri.getHost().isEmpty()) throw new UsageException(shown + " has no host; give e.g. https://gw.example");
        if (uri.getRawQuery() != null) throw new UsageException(shown + " must not have a query (?...); give only the base URL");
        if (uri.getRawFragment() != null) throw new UsageException(shown + " must not have a fragment (#...); give only the base URL");
        if (uri.getPort() > 65535) throw new UsageException(shown + " has port " + uri.getPort() + ", above 65535; check the URL");
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        String notice = null;
        if (path.endsWith("/v1")) {
            // OpenAI-style tools get /v1 appended: keeping it would make every call go to /v1/v1.
            path = path.substring(0, path.length() - 3);
            while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
            notice = "--gateway ends in /v1; using " + scheme + "://" + uri.getRawAuthority() + path + " (connect adds /v1 where a tool needs it)";
        }
        String authority = uri.getRawAuthority();
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return new Gateway(scheme + "://" + authority + path, host, scheme.equals("https"), notice);
    }

    /** Base URL for Anthropic-style clients (Claude Code, Anthropic SDKs): the gateway itself. */
    public String anthropicBaseUrl() {
        return url;
    }

    /** Base URL for OpenAI-style clients (Codex, OpenAI SDKs, Cursor): the gateway plus {@code /v1}. */
    public String openAiBaseUrl() {
        return url + "/v1";
    }

    public String endpoint(String path) {
        return url + path;
    }

    /** localhost, 127.0.0.0/8 or ::1: reachable only from this machine. Decided from the text, no DNS lookup. */
    public boolean isLoopback() {
        String h = bareHost();
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) return true;
        var m = IPV4.matcher(h);
        return m.matches() && m.group(1).equals("127");
    }

    /** Loopback, a private or link-local address, or a name that only resolves inside a network. */
    public boolean isPrivateNetwork() {
        if (isLoopback()) return true;
        String h = bareHost();
        var m = IPV4.matcher(h);
        if (m.matches()) {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(2));
            return a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) || (a == 169 && b == 254) || (a == 100 && b >= 64 && b <= 127);
        }
        if (h.contains(":")) return h.startsWith("fc") || h.startsWith("fd") || h.startsWith("fe80");
        return !h.contains(".") || h.endsWith(".local") || h.endsWith(".internal") || h.endsWith(".lan") || h.endsWith(".home.arpa") || h.endsWith(".corp");
    }

    /** Plain http to a machine other than this one: keys and prompts travel unencrypted. */
    public boolean isPlainHttpRemote() {
        return !https && !isLoopback();
    }

    private String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return url;
    }
}
