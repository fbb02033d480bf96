package dev.anyray.connect.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A private CA and a server certificate it signed (for 127.0.0.1, localhost and gw.corp.test), made by the JDK's
 * keytool in a folder of the test's own; and a CONNECT proxy on loopback that logs what it tunnels.
 */
public final class TestTls {
    private TestTls() {}

    /** The CA's PEM file (what a user passes as --ca-file) and the server's TLS context. */
    public record Certificates(Path caPem, SSLContext server) {}

    public static Certificates make(Path dir) {
        try {
            Files.createDirectories(dir);
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            String pw = "changeit";
            run(dir, keytool, "-genkeypair", "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", pw, "-alias", "ca", "-dname", "CN=Anyray Test Root CA",
                    "-keyalg", "EC", "-ext", "bc:c", "-validity", "3");
            run(dir, keytool, "-exportcert", "-rfc", "-keystore", "ca.p12", "-storepass", pw, "-alias", "ca", "-file", "ca.pem");
            run(dir, keytool, "-genkeypair", "-keystore", "srv.p12", "-storetype", "PKCS12", "-storepass", pw, "-alias", "srv", "-dname", "CN=localhost",
                    "-keyalg", "EC", "-validity", "3");
            run(dir, keytool, "-certreq", "-keystore", "srv.p12", "-storepass", pw, "-alias", "srv", "-file", "srv.csr");
            run(dir, keytool, "-gencert", "-keystore", "ca.p12", "-storepass", pw, "-alias", "ca", "-infile", "srv.csr", "-outfile", "srv.pem", "-rfc",
                    "-ext", "san=ip:127.0.0.1,dns:localhost,dns:gw.corp.test", "-validity", "3");
            run(dir, keytool, "-importcert", "-noprompt", "-keystore", "srv.p12", "-storepass", pw, "-alias", "ca", "-file", "ca.pem");
            run(dir, keytool, "-importcert", "-keystore", "srv.p12", "-storepass", pw, "-alias", "srv", "-file", "srv.pem");
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve("srv.p12"))) {
                store.load(in, pw.toCharArray());
            }
            store.deleteEntry("ca"); // the server presents its own chain; the CA entry was only for the reply
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, pw.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new Certificates(dir.resolve("ca.pem"), context);
        } catch (Exception e) {
            throw new IllegalStateException("could not make the test certificates", e);
        }
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", command) + ": " + out);
    }

    /** A CONNECT proxy on 127.0.0.1: each tunnel's target ("host:port") is logged, then bytes are piped both ways. */
    public static final class Proxy implements AutoCloseable {
        private final ServerSocket server;
        public final List<String> tunnels = new CopyOnWriteArrayList<>();
        /** When set, a CONNECT needs {@code Proxy-Authorization: Basic} with this "user:password". */
        public volatile String credentials;

        public Proxy() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Thread t = new Thread(() -> tunnel(client), "test-proxy");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "test-proxy-accept");
            accept.setDaemon(true);
            accept.start();
        }

        public String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        private void tunnel(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int c = in.read();
                    if (c < 0) return;
                    head.append((char) c);
                }
                String[] request = head.toString().split("\r\n")[0].split(" ");
                if (credentials != null) {
                    String expected = "proxy-authorization: basic " + java.util.Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)).toLowerCase(java.util.Locale.ROOT);
                    if (!head.toString().toLowerCase(java.util.Locale.ROOT).contains(expected)) {
                        client.getOutputStream().write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        return;
                    }
                }
                if (!request[0].equals("CONNECT")) {
                    client.getOutputStream().write("HTTP/1.1 405 Only CONNECT\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                tunnels.add(request[1]);
                String[] target = request[1].split(":");
                // Names under .test (no DNS knows them) are this machine: the client reaches them only through the proxy.
                String host = target[0].endsWith(".test") ? "127.0.0.1" : target[0];
                try (Socket upstream = new Socket(host, Integer.parseInt(target[1]))) {
                    client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    Thread back = new Thread(() -> pipe(upstream, client), "test-proxy-back");
                    back.setDaemon(true);
                    back.start();
                    pipe(client, upstream);
                    back.join(5000);
                }
            } catch (Exception ignored) {
                // a tunnel that breaks ends the test's request; the test sees that
            }
        }

        private static void pipe(Socket from, Socket to) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                in.transferTo(out);
                to.shutdownOutput();
            } catch (IOException ignored) {
                // the other side closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
