package dev.anyray.connect.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Finding;
import dev.anyray.connect.model.Gateway;
import dev.anyray.connect.model.Json;
import dev.anyray.connect.model.Text;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The gateway calls connect makes: redeeming an invite ({@code POST /connect/redeem}) and probing a
 * key ({@code GET /v1/models}). The timeout bounds each whole call (connect, headers and body: a
 * gateway that dribbles a byte a second cannot hang a run), an answer over 1 MiB is refused, and
 * every failure becomes one line that says what went wrong; no key ever appears in one.
 */
public final class GatewayClient {
    static final int MAX_BODY = 1024 * 1024;
    private static final String USER_AGENT = "anyray-connect";

    static {
        // The JDK drops a Basic Proxy-Authorization from a CONNECT unless Basic is allowed for tunnels
        // (conf/net.properties disables it by default); read once, when its HTTP client first loads.
        // Only the header connect sets from the user's own HTTPS_PROXY URL is affected, as curl sends it.
        if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
    }
    private final Gateway gateway;
    private final Duration timeout;
    private final HttpClient client;
    private final Network network;

    /** A client for tests and calls that need no corporate network set-up: Java's roots, no proxy. */
    public GatewayClient(Gateway gateway, Duration timeout) {
        this(gateway, timeout, null);
    }

    /** A client whose trust and proxy come from {@code network} (null: Java's defaults, no proxy). */
    public GatewayClient(Gateway gateway, Duration timeout, Network network) {
        this.gateway = gateway;
        this.timeout = timeout;
        this.network = network;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        if (network != null) {
            builder.proxy(network.proxySelector());
            // Built only for https: the TLS set-up reads every default root, which a plain-http call does not need.
            if (gateway.https()) builder.sslContext(network.sslContext());
        }
        this.client = builder.build();
    }

    /** What an invite gives: a personal key, and the user/team the admin issued it for (either may be null). */
    public record Redemption(ClientKey key, String user, String team) {}

    /**
     * A request to {@code url} with the timeout and user agent of every call, and the proxy's credentials
     * when the proxy for it has some in its URL: Java's client sends a request's Proxy-Authorization in
     * the CONNECT that opens the tunnel (and not on through it), where an Authenticator would also answer
     * the gateway's own 401s.
     */
    private HttpRequest.Builder newRequest(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("user-agent", USER_AGENT);
        String proxyAuthorization = network == null ? null : network.proxyAuthorization(url);
        if (proxyAuthorization != null) builder.header("proxy-authorization", proxyAuthorization);
        return builder;
    }

    public Redemption redeem(String invite) {
        HttpRequest request = newRequest(gateway.endpoint("/connect/redeem"))
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"invite\":" + Text.jsonString(invite, true) + "}"))
                .build();
        HttpResponse<String> response = send(request, "redeem the invite");
        int status = response.statusCode();
        String invitePart = "invite " + ClientKey.mask(invite);
        if (status == 404) throw new ConnectException("the gateway does not know " + invitePart + errorText(response) + "; check it, or ask your admin for a new one");
        if (status == 410) throw new ConnectException(invitePart + " was already redeemed or has expired" + errorText(response) + "; ask your admin for a new one");
        if (status >= 300 && status < 400) {
            throw new ConnectException("the gateway answered the redemption with a redirect (HTTP " + status + ") to "
                    + response.headers().firstValue("location").map(Text::printable).orElse("nowhere") + "; the invite was not sent on. Pass the gateway's own URL as --gateway");
        }
        if (status != 200) throw new ConnectException("the gateway refused to redeem " + invitePart + ": HTTP " + status + errorText(response));
        JsonNode body = json(response.body());
        String key = body == null || !body.path("key").isTextual() ? null : body.path("key").asText();
        if (key == null || key.isBlank()) {
            throw new ConnectException("the gateway answered the redemption of " + invitePart + " without a key; ask your admin to check the gateway");
        }
        ClientKey clientKey = ClientKey.personal(key, ClientKey.Source.INVITE, "the key the gateway returned");
        return new Redemption(clientKey, text(body, "user"), text(body, "team"));
    }

    /**
     * What {@code GET /v1/models} said of a key: the one call that both checks the key before anything
     * is written and lists the models for the tools that need one.
     *
     * @param status the HTTP status, 0 when the gateway could not be reached
     * @param models the ids listed (empty unless accepted)
     * @param problem one line saying what went wrong, null when accepted
     */
    public record Probe(Verdict verdict, int status, List<String> models, String problem) {
        public boolean accepted() {
            return verdict == Verdict.ACCEPTED;
        }
    }

    /** How the gateway answered a key. */
    public enum Verdict { ACCEPTED, REJECTED, REDIRECTED, UNREACHABLE, UNEXPECTED }

    /**
     * Probes {@code key} (null: no key, reachability only) with {@code GET /v1/models}. A redirect is
     * never followed: the key would travel on to wherever the answer points.
     */
    public Probe probe(ClientKey key) {
        HttpRequest.Builder builder = newRequest(gateway.openAiBaseUrl() + "/models").header("accept", "application/json").GET();
        if (key != null) builder.header("authorization", "Bearer " + key.reveal());
        HttpResponse<String> response;
        try {
            response = send(builder.build(), "list its models");
        } catch (ConnectException e) {
            return new Probe(Verdict.UNREACHABLE, 0, List.of(), e.getMessage());
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) return new Probe(Verdict.REJECTED, status, List.of(), "GET /v1/models answered HTTP " + status + errorText(response));
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("location").map(Text::printable).orElse("nowhere");
            return new Probe(Verdict.REDIRECTED, status, List.of(), "GET /v1/models answered HTTP " + status + ", a redirect to " + (location.length() > 200 ? location.substring(0, 200) + "…" : location));
        }
        JsonNode body = json(response.body());
        JsonNode data = body == null ? null : body.path("data");
        if (status != 200) return new Probe(Verdict.UNEXPECTED, status, List.of(), "GET /v1/models answered HTTP " + status + errorText(response));
        if (data == null || !data.isArray()) {
            return new Probe(Verdict.UNEXPECTED, status, List.of(), "GET /v1/models answered 200 but not with a model list (a login page or a proxy?)");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode model : data) {
            String id = model.path("id").asText("");
            if (!id.isBlank() && !Text.hasControlOrSpace(id) && id.length() <= 200) ids.add(id);
        }
        return new Probe(Verdict.ACCEPTED, status, ids, null);
    }

    /** Mints one invite as an admin ({@code POST /admin/invites}); the admin token never appears in a message. */
    public String createInvite(String adminToken, String user, String team) {
        String body = "{\"user\":" + Text.jsonString(user, true) + (team == null ? "" : ",\"team\":" + Text.jsonString(team, true)) + "}";
        HttpRequest request = newRequest(gateway.endpoint("/admin/invites")).header("content-type", "application/json").header("accept", "application/json")
                .header("authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = send(request, "create an invite");
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new ConnectException("the gateway refused the admin token (HTTP " + response.statusCode() + errorText(response) + "); check ANYRAY_ADMIN_TOKEN");
        }
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new ConnectException("the gateway did not create an invite: HTTP " + response.statusCode() + errorText(response));
        }
        JsonNode answer = json(response.body());
        String invite = answer == null ? null : text(answer, "invite");
        if (invite == null || Text.hasControlOrSpace(invite)) throw new ConnectException("the gateway answered without an invite; ask whoever runs it to check /admin/invites");
        return invite;
    }

    /** --check's findings; {@code key} null probes reachability only (the stored key is not sent to a gateway it was not issued for). */
    public List<Finding> check(ClientKey key) {
        List<Finding> findings = new ArrayList<>();
        Probe probe = probe(key);
        if (probe.verdict() == Verdict.UNREACHABLE) {
            findings.add(new Finding(false, probe.problem()));
            return findings;
        }
        findings.add(new Finding(true, "gateway " + gateway.url() + " is reachable" + (gateway.https() ? " over TLS (certificate accepted)" : "")));
        if (gateway.isPlainHttpRemote()) findings.add(new Finding(false, "plain http to a remote host: the key travels unencrypted; use https"));
        if (probe.verdict() == Verdict.REDIRECTED) {
            findings.add(new Finding(false, probe.problem() + "; connect never sends a key on to another address: pass the gateway's own URL as --gateway"));
            return findings;
        }
        if (key == null) return findings;
        findings.add(switch (probe.verdict()) {
            case ACCEPTED -> new Finding(true, "key " + key.masked() + " accepted (GET /v1/models answered 200 with a model list)");
            case REJECTED -> new Finding(false, "key " + key.masked() + " was rejected (" + probe.problem() + ")"
                    + (key.isPersonal() ? "; ask your admin for a new invite" : "; this gateway needs a personal key: run with --invite"));
            default -> new Finding(false, probe.problem() + "; is " + gateway.url() + " an Anyray gateway?");
        });
        return findings;
    }

    private HttpResponse<String> send(HttpRequest request, String purpose) {
        String seconds = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(request, info -> new Limited());
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new ConnectException("the gateway at " + gateway.url() + " did not answer within " + seconds + " (read timeout) when asked to " + purpose);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while waiting for the gateway");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // Look through the whole cause chain: DNS and TLS failures arrive wrapped to varying depths,
            // and an unknown host also surfaces as a ConnectException.
            if (cause(cause, UnresolvedAddressException.class) != null || cause(cause, java.net.UnknownHostException.class) != null) {
                throw new ConnectException("cannot resolve the gateway host " + gateway.host() + " (DNS); check --gateway and your network");
            }
            if (cause(cause, HttpConnectTimeoutException.class) != null) {
                throw new ConnectException("timed out after " + seconds + " connecting to the gateway at " + gateway.url() + " to " + purpose + "; check the URL and your network");
            }
            // The request's own timeout can fire before ours (same bound): it is the same read timeout.
            if (cause(cause, java.net.http.HttpTimeoutException.class) != null) {
                throw new ConnectException("the gateway at " + gateway.url() + " did not answer within " + seconds + " (read timeout) when asked to " + purpose);
            }
            SSLException tls = cause(cause, SSLException.class);
            if (tls != null) throw new ConnectException(tlsFailure(tls, purpose));
            if (cause(cause, TooLarge.class) != null) {
                throw new ConnectException("the gateway at " + gateway.url() + " answered with more than 1 MiB when asked to " + purpose + "; is it an Anyray gateway?");
            }
            if (cause(cause, java.net.ConnectException.class) != null) {
                throw new ConnectException("cannot reach the gateway at " + gateway.url() + " to " + purpose + ": the connection was refused; is it running, and is --gateway right?");
            }
            throw new ConnectException("cannot reach the gateway at " + gateway.url() + " to " + purpose + ": " + (cause.getMessage() == null ? cause : cause.getMessage()));
        }
    }

    /**
     * A TLS failure in plain words: which certificate was not trusted and what to do, never a Java
     * class name. Verification is never offered to be skipped.
     */
    private String tlsFailure(SSLException e, String purpose) {
        String refused = network == null ? null : network.refusedCertificate();
        String proxy = network == null ? null : network.proxyFor(gateway.url());
        if (String.valueOf(e.getMessage()).contains("No subject alternative") || String.valueOf(e.getMessage()).contains("doesn't match")) {
            return "the gateway's certificate" + (refused == null ? "" : " (" + refused + ")") + " is for another host than " + gateway.host() + "; check --gateway";
        }
        if (refused != null || cause(e, java.security.cert.CertPathValidatorException.class) != null
                || String.valueOf(e.getMessage()).contains("PKIX") || String.valueOf(e.getMessage()).contains("certification path")) {
            return "the gateway's certificate" + (refused == null ? "" : " (" + refused + ")") + " is not trusted, so connect could not " + purpose
                    + "; pass your organisation's CA as a PEM file with --ca-file" + (network != null && network.caFile() != null ? " (the one given does not sign it)" : "")
                    + (proxy != null ? ", or the CA of the proxy " + proxy + " if it inspects TLS" : "");
        }
        String detail = e.getMessage() == null ? "" : Text.printable(e.getMessage()).replaceAll("(?:[a-z]+\\.)+[A-Z][A-Za-z]*(?:Exception|Error):?\\s*", "");
        return "the TLS handshake with " + gateway.url() + " failed" + (detail.isBlank() ? "" : " (" + detail + ")") + " when asked to " + purpose
                + "; check that --gateway is the https address of the gateway itself";
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("answer larger than 1 MiB");
        }
    }

    /** Collects a body of at most {@link #MAX_BODY} bytes; a larger one fails the call instead of filling memory. */
    private static final class Limited implements HttpResponse.BodySubscriber<String> {
        private final HttpResponse.BodySubscriber<String> body = HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        private Flow.Subscription subscription;
        private long received;
        private boolean failed;

        @Override
        public java.util.concurrent.CompletionStage<String> getBody() {
            return body.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            body.onSubscribe(s);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (failed) return;
            for (ByteBuffer item : items) received += item.remaining();
            if (received > MAX_BODY) {
                failed = true;
                subscription.cancel();
                body.onError(new TooLarge());
                return;
            }
            body.onNext(items);
        }

        @Override
        public void onError(Throwable t) {
            if (!failed) body.onError(t);
        }

        @Override
        public void onComplete() {
            if (!failed) body.onComplete();
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
            return body == null || body.isBlank() ? null : Json.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.path(field);
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
