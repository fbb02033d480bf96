package dev.anyray.connect.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anyray.connect.core.ClientKey;
import dev.anyray.connect.core.ConnectException;
import dev.anyray.connect.core.Gateway;
import dev.anyray.connect.core.JsonText;
import dev.anyray.connect.core.Text;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The two gateway calls connect makes: redeeming an invite ({@code POST /connect/redeem}) and
 * probing a key ({@code GET /v1/models}). Each has a connect and a request timeout, and every
 * failure becomes one line that says which of them went wrong; no key ever appears in one.
 */
public final class GatewayClient {
    private static final String USER_AGENT = "anyray-connect";
    private final Gateway gateway;
    private final Duration timeout;

    public GatewayClient(Gateway gateway, Duration timeout) {
        this.gateway = gateway;
        this.timeout = timeout;
    }

    /** What an invite gives: a personal key, and the user/team the admin issued it for (either may be null). */
    public record Redemption(ClientKey key, String user, String team) {}

    public Redemption redeem(String invite) {
        String url = gateway.endpoint("/connect/redeem");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .header("user-agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString("{\"invite\":" + JsonText.quote(invite, true) + "}"))
                .build();
        HttpResponse<String> response = send(request, "redeem the invite");
        int status = response.statusCode();
        String invitePart = "invite " + maskInvite(invite);
        if (status == 404) throw new ConnectException("the gateway does not know " + invitePart + errorText(response) + "; check it, or ask your admin for a new one");
        if (status == 410) throw new ConnectException(invitePart + " was already redeemed or has expired" + errorText(response) + "; ask your admin for a new one");
        if (status != 200) {
            throw new ConnectException("the gateway refused to redeem " + invitePart + ": HTTP " + status + errorText(response));
        }
        JsonNode body = json(response.body());
        String key = body == null || !body.path("key").isTextual() ? null : body.path("key").asText();
        if (key == null || key.isBlank()) {
            throw new ConnectException("the gateway answered the redemption of " + invitePart + " without a key; ask your admin to check the gateway");
        }
        ClientKey clientKey = ClientKey.personal(key, ClientKey.Source.INVITE, "the key the gateway returned");
        return new Redemption(clientKey, text(body, "user"), text(body, "team"));
    }

    /** One finding of {@code --check}: a line to show, and whether it means something is wrong. */
    public record Finding(boolean ok, String message) {}

    public List<Finding> check(ClientKey key) {
        List<Finding> findings = new ArrayList<>();
        String url = gateway.openAiBaseUrl() + "/models";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("authorization", "Bearer " + key.reveal())
                .header("user-agent", USER_AGENT)
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = send(request, "reach it");
        } catch (ConnectException e) {
            findings.add(new Finding(false, e.getMessage()));
            return findings;
        }
        findings.add(new Finding(true, "gateway " + gateway.url() + " is reachable" + (gateway.https() ? " over TLS (certificate accepted)" : "")));
        if (gateway.isPlainHttpRemote()) findings.add(new Finding(false, "plain http to a remote host: the key travels unencrypted; use https"));
        int status = response.statusCode();
        if (status == 200) {
            findings.add(new Finding(true, "key " + key.masked() + " accepted (GET /v1/models answered 200)"));
        } else if (status == 401 || status == 403) {
            findings.add(new Finding(false, "key " + key.masked() + " was rejected (HTTP " + status + errorText(response) + ")"
                    + (key.isPersonal() ? "; ask your admin for a new invite" : "; this gateway needs a personal key: run with --invite")));
        } else {
            findings.add(new Finding(false, "GET /v1/models answered HTTP " + status + errorText(response) + "; is " + gateway.url() + " an Anyray gateway?"));
        }
        return findings;
    }

    private HttpResponse<String> send(HttpRequest request, String purpose) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String seconds = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new ConnectException("timed out after " + seconds + " connecting to the gateway at " + gateway.url() + " to " + purpose + "; check the URL and your network");
        } catch (HttpTimeoutException e) {
            throw new ConnectException("the gateway at " + gateway.url() + " accepted the connection but did not answer within " + seconds + " (read timeout) when asked to " + purpose);
        } catch (java.net.ConnectException e) {
            throw new ConnectException("cannot reach the gateway at " + gateway.url() + " (connection refused) to " + purpose + "; is it running, and is --gateway right?");
        } catch (IOException e) {
            // TLS and DNS failures arrive wrapped to varying depths: look through the whole cause chain.
            SSLException tls = cause(e, SSLException.class);
            if (tls != null) {
                throw new ConnectException("TLS with " + gateway.url() + " failed (" + tls.getMessage() + "); check the certificate or the URL");
            }
            if (cause(e, UnresolvedAddressException.class) != null || cause(e, java.net.UnknownHostException.class) != null) {
                throw new ConnectException("cannot resolve the gateway host " + gateway.host() + "; check --gateway");
            }
            throw new ConnectException("cannot reach the gateway at " + gateway.url() + " to " + purpose + ": " + (e.getMessage() == null ? e : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while waiting for the gateway");
        }
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }

    /** The gateway's {@code {"error": "..."}} text, as {@code : text}, one line and bounded. */
    private static String errorText(HttpResponse<String> response) {
        JsonNode body = json(response.body());
        if (body == null) return "";
        JsonNode error = body.path("error");
        String text = error.isTextual() ? error.asText() : error.path("message").isTextual() ? error.path("message").asText() : null;
        if (text == null || text.isBlank()) return "";
        String line = Text.printable(text.strip());
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
    }

    private static JsonNode json(String body) {
        try {
            return body == null || body.isBlank() ? null : new ObjectMapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.path(field);
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    /** Invites are single-use secrets too: show only their tail. */
    public static String maskInvite(String invite) {
        return invite.length() < 12 ? "ari_…" : "ari_…" + invite.substring(invite.length() - 4);
    }
}
