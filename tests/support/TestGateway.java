package dev.anyray.connect.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP gateway on 127.0.0.1 that follows the contract: admins issue invites, an invite is
 * redeemed once for an {@code ark_} key, {@code GET /v1/models} accepts issued keys. Knobs make it slow
 * or misbehave; every request is logged so tests can prove what was (or was not) sent.
 */
public final class TestGateway implements AutoCloseable {
    public static final String ADMIN_TOKEN = "admin-secret";

    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
            return null;
        }
    }

    private record Invite(String user, String team, String key) {}

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Invite> invites = new ConcurrentHashMap<>();
    private final Map<String, Boolean> redeemed = new ConcurrentHashMap<>();
    private final Map<String, Boolean> validKeys = new ConcurrentHashMap<>();
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public final AtomicInteger redeemCalls = new AtomicInteger();
    /** Milliseconds every answer waits (for read-timeout tests). */
    public volatile long delayMillis;
    /** When set, redemption answers 200 with this body (for malformed-answer tests). */
    public volatile String redeemBodyOverride;
    public volatile int redeemStatusOverride;
    /** When set, GET /v1/models answers 200 with this body and this content type (an HTML login page, say). */
    public volatile String modelsBodyOverride;
    /** The model ids GET /v1/models lists for an accepted key. */
    public volatile List<String> models = List.of("test-model", "gpt-5");
    /** Answer headers at once, then a byte a second (a gateway that dribbles). */
    public volatile boolean dribble;
    /** Answer 200 with a body of this many bytes. */
    public volatile int hugeBody;
    /** When set, every request is answered 307 to this base URL + the same path (a gateway that moved). */
    public volatile String redirectTo;

    public TestGateway() {
        this(null);
    }

    /** A gateway over TLS, with the certificate {@code tls} presents (signed by a CA the test made). */
    public static TestGateway https(javax.net.ssl.SSLContext tls) {
        return new TestGateway(tls);
    }

    private TestGateway(javax.net.ssl.SSLContext tls) {
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (tls == null) {
                server = HttpServer.create(address, 0);
            } else {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-gateway");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return (server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Issues an invite through the admin endpoint, as an admin would. */
    public String invite(String user, String team) {
        String id = "ari_" + random();
        String key = "ark_" + random() + random();
        invites.put(id, new Invite(user, team, key));
        return id;
    }

    public boolean isRedeemed(String invite) {
        return redeemed.containsKey(invite);
    }

    public String keyOf(String invite) {
        return invites.get(invite).key();
    }

    public void acceptKey(String key) {
        validKeys.put(key, true);
    }

    public int count(String path) {
        return (int) requests.stream().filter(r -> r.path().equals(path)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body);
            requests.add(request);
            if (delayMillis > 0) Thread.sleep(delayMillis);
            if (dribble) {
                exchange.sendResponseHeaders(200, 0);
                for (int i = 0; i < 30; i++) {
                    exchange.getResponseBody().write('{');
                    exchange.getResponseBody().flush();
                    Thread.sleep(1000);
                }
                return;
            }
            if (redirectTo != null) {
                exchange.getResponseHeaders().add("location", redirectTo + request.path());
                exchange.sendResponseHeaders(307, -1);
                return;
            }
            if (hugeBody > 0) {
                exchange.sendResponseHeaders(200, hugeBody);
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) ' ');
                for (int sent = 0; sent < hugeBody; sent += chunk.length) exchange.getResponseBody().write(chunk, 0, Math.min(chunk.length, hugeBody - sent));
                return;
            }
            switch (request.method() + " " + request.path()) {
                case "POST /connect/redeem" -> redeem(exchange, body);
                case "POST /admin/invites" -> adminInvite(exchange, request, body);
                case "GET /v1/models" -> models(exchange, request);
                // What the real tools call: a 400 makes them stop at once instead of retrying, and the log has their headers.
                case "POST /v1/responses", "POST /v1/messages", "POST /v1/chat/completions" -> send(exchange, 400, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"test gateway\"}}");
                default -> send(exchange, 404, "{\"error\":\"no such endpoint\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout tests): nothing to answer
        }
    }

    private void redeem(HttpExchange exchange, String body) throws IOException {
        redeemCalls.incrementAndGet();
        if (redeemStatusOverride != 0) {
            send(exchange, redeemStatusOverride, redeemBodyOverride == null ? "{\"error\":\"gateway exploded\"}" : redeemBodyOverride);
            return;
        }
        if (redeemBodyOverride != null) {
            send(exchange, 200, redeemBodyOverride);
            return;
        }
        JsonNode node = json.readTree(body);
        String id = node.path("invite").asText("");
        Invite invite = invites.get(id);
        if (invite == null) {
            send(exchange, 404, "{\"error\":\"unknown invite\"}");
            return;
        }
        if (redeemed.putIfAbsent(id, true) != null) {
            send(exchange, 410, "{\"error\":\"invite already redeemed\"}");
            return;
        }
        validKeys.put(invite.key(), true);
        var answer = json.createObjectNode().put("key", invite.key());
        if (invite.user() != null) answer.put("user", invite.user());
        if (invite.team() != null) answer.put("team", invite.team());
        send(exchange, 200, answer.toString());
    }

    private void adminInvite(HttpExchange exchange, Request request, String body) throws IOException {
        if (!("Bearer " + ADMIN_TOKEN).equals(request.header("authorization"))) {
            send(exchange, 401, "{\"error\":\"admins only\"}");
            return;
        }
        JsonNode node = json.readTree(body);
        String id = invite(node.path("user").asText(null), node.path("team").asText(null));
        send(exchange, 201, json.createObjectNode().put("invite", id).toString());
    }

    private void models(HttpExchange exchange, Request request) throws IOException {
        String auth = request.header("authorization");
        String key = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
        if (modelsBodyOverride != null) send(exchange, 200, modelsBodyOverride);
        else if (validKeys.containsKey(key)) {
            StringBuilder data = new StringBuilder();
            for (String id : models) data.append(data.length() == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"object\":\"model\"}");
            send(exchange, 200, "{\"object\":\"list\",\"data\":[" + data + "]}");
        }
        else send(exchange, 401, "{\"error\":\"invalid key\"}");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) exchange.getResponseBody().write(bytes);
    }

    private static String random() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
