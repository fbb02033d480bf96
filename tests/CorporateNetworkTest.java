package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.JsonOut;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import dev.anyray.connect.tests.support.TestTls;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Connect's own calls on a corporate network: a real TLS gateway whose certificate a CA the test made
 * signed, and a CONNECT proxy on loopback. (What the tools themselves are told is not built yet.)
 */
class CorporateNetworkTest {

    @Test
    void aPrivateCaIsTrustedOnlyWhenGivenAndAnUntrustedCertificateIsNamedInPlainWords() throws Exception {
        try (TempHome home = new TempHome()) {
            TestTls.Certificates certs = TestTls.make(home.path("pki"));
            try (TestGateway gw = TestGateway.https(certs.server())) {
                String invite = gw.invite("tls@example.com", null);
                var before = home.snapshot();
                Cli.Result untrusted = Cli.run(home, Map.of("ANYRAY_INVITE", invite), "--gateway", gw.url(), "--tools", "claude-code", "--yes");
                assertEquals(1, untrusted.exit(), untrusted.toString());
                assertEquals(1, untrusted.err().strip().lines().count(), untrusted.err());
                assertTrue(untrusted.err().contains("certificate (CN=localhost, issued by CN=Anyray Test Root CA) is not trusted") && untrusted.err().contains("--ca-file"),
                        untrusted.err());
                assertFalse(untrusted.err().matches("(?s).*(PKIX|sun\\.security|javax\\.net|Exception).*"), "no Java class names: " + untrusted.err());
                assertFalse(gw.isRedeemed(invite), "the invite was spent");
                assertEquals(before, home.snapshot());

                Cli.Result trusted = Cli.run(home, Map.of("ANYRAY_INVITE", invite), "--gateway", gw.url(), "--tools", "claude-code", "--yes",
                        "--ca-file", certs.caPem().toString());
                assertEquals(0, trusted.exit(), trusted.toString());
                assertTrue(gw.isRedeemed(invite) && home.read(".claude/settings.json").contains(gw.keyOf(invite)));
                // Remembered with the connection: --check and later runs trust it without the flag.
                Cli.Result check = Cli.run(home, "--check");
                assertEquals(0, check.exit(), check.toString());
                assertTrue(check.out().contains("over TLS (certificate accepted)") && check.out().contains("accepted (GET /v1/models"), check.out());
                assertTrue(JsonOut.one(Cli.run(home, "--dry-run", "--json", "--tools", "claude-code").out()).get("caFile").asText().endsWith("ca.pem"));
                // NODE_EXTRA_CA_CERTS, which organisations often set already, is read when nothing else names a CA.
                try (TempHome other = new TempHome()) {
                    String second = gw.invite("node@example.com", null);
                    Cli.Result node = Cli.run(other, Map.of("ANYRAY_INVITE", second, "NODE_EXTRA_CA_CERTS", certs.caPem().toString()),
                            "--gateway", gw.url(), "--tools", "claude-code", "--yes");
                    assertEquals(0, node.exit(), node.toString());
                }
                // The admin's calls too.
                Cli.Result admin = Cli.run(home, Map.of("ANYRAY_ADMIN_TOKEN", TestGateway.ADMIN_TOKEN), "invite", "--gateway", gw.url(),
                        "--ca-file", certs.caPem().toString(), "ada@example.com");
                assertEquals(0, admin.exit(), admin.toString());
            }
        }
    }

    @Test
    void aMissingOrNonPemCaFileIsAUsageError() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write("not-a-cert.pem", "hello\n");
            for (String path : new String[] {home.path("missing.pem").toString(), home.path("not-a-cert.pem").toString()}) {
                Cli.Result r = Cli.run(home, "--dry-run", "--tools", "claude-code", "--user", "me@x", "--ca-file", path);
                assertEquals(2, r.exit(), r.toString());
                assertEquals(1, r.err().strip().lines().count(), r.err());
                assertTrue(r.err().contains("--ca-file"), r.err());
            }
        }
    }

    /**
     * A bundle with a certificate that does not parse is a usage error as soon as a call to an https
     * gateway needs it, before anything is written or the invite spent; a run that makes no https call
     * does not parse the bundle at all (a whole system store in NODE_EXTRA_CA_CERTS costs some 300 ms).
     */
    @Test
    void aCaBundleThatDoesNotParseIsAUsageErrorWhenAnHttpsCallNeedsIt() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write("broken.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
            home.mkdir(".claude");
            var before = home.snapshot();
            String invite = gw.invite("ada@example.com", null);
            Cli.Result https = Cli.run(home, Map.of("ANYRAY_INVITE", invite), "--gateway", "https://127.0.0.1:1", "--tools", "claude-code", "--yes",
                    "--ca-file", home.path("broken.pem").toString());
            assertEquals(2, https.exit(), https.toString());
            assertEquals(1, https.err().strip().lines().count(), https.err());
            assertTrue(https.err().contains("--ca-file " + home.path("broken.pem") + " holds a certificate that does not parse"), https.err());
            assertEquals(before, home.snapshot(), "nothing written");

            Cli.Result plain = Cli.run(home, Map.of("ANYRAY_INVITE", invite), "--gateway", gw.url(), "--tools", "claude-code", "--yes",
                    "--ca-file", home.path("broken.pem").toString());
            assertEquals(0, plain.exit(), "a plain-http gateway needs no CA: " + plain);
            assertTrue(gw.isRedeemed(invite));
        }
    }

    @Test
    void connectsOwnCallsGoThroughTheProxyTheEnvironmentNamesUnlessNoProxyExemptsTheHost() throws Exception {
        try (TempHome home = new TempHome(); TestTls.Proxy proxy = new TestTls.Proxy()) {
            TestTls.Certificates certs = TestTls.make(home.path("pki"));
            try (TestGateway gw = TestGateway.https(certs.server())) {
                String port = gw.url().substring(gw.url().lastIndexOf(':') + 1);
                String corp = "https://gw.corp.test:" + port; // only the proxy knows this name
                String invite = gw.invite("proxy@example.com", null);
                Map<String, String> env = Map.of("ANYRAY_INVITE", invite, "https_proxy", proxy.url(), "ANYRAY_CA_FILE", certs.caPem().toString());
                Cli.Result r = Cli.run(home, env, "--gateway", corp, "--tools", "claude-code", "--yes");
                assertEquals(0, r.exit(), r.toString());
                assertTrue(proxy.tunnels.contains("gw.corp.test:" + port), "through the proxy: " + proxy.tunnels);
                assertTrue(gw.isRedeemed(invite));
                proxy.tunnels.clear();
                Cli.Result bypass = Cli.run(home, Map.of("HTTPS_PROXY", proxy.url(), "NO_PROXY", "localhost,.corp.test", "ANYRAY_CA_FILE", certs.caPem().toString()), "--check", "--gateway", corp);
                assertEquals(1, bypass.exit(), bypass.toString());
                assertTrue(bypass.out().contains("cannot resolve the gateway host gw.corp.test"), "NO_PROXY sends it direct, where no DNS knows it: " + bypass.out());
                assertTrue(proxy.tunnels.isEmpty(), "NO_PROXY was not honoured: " + proxy.tunnels);
                // A proxy that asks for a password gets the one in its URL (percent-decoded, as curl does), in the CONNECT only.
                proxy.credentials = "ada:s3cret-proxy-pw/+";
                Cli.Result auth = Cli.run(home, Map.of("HTTPS_PROXY", proxy.url().replace("http://", "http://ada:s3cret-proxy-pw%2F+@"), "ANYRAY_CA_FILE", certs.caPem().toString()),
                        "--check", "--gateway", corp);
                assertEquals(0, auth.exit(), auth.toString());
                assertTrue(proxy.tunnels.contains("gw.corp.test:" + port), "through the proxy: " + proxy.tunnels);
                assertTrue(gw.requests.stream().noneMatch(q -> q.headers().toString().toLowerCase(java.util.Locale.ROOT).contains("proxy-authorization")),
                        "the proxy's credentials went on to the gateway");
                // A wrong password: the run fails in one line and never prints the password.
                Cli.Result wrong = Cli.run(home, Map.of("HTTPS_PROXY", proxy.url().replace("http://", "http://ada:wr0ng-proxy-pw@"), "ANYRAY_CA_FILE", certs.caPem().toString()),
                        "--check", "--gateway", corp);
                assertEquals(1, wrong.exit(), wrong.toString());
                assertFalse(wrong.all().contains("wr0ng-proxy-pw"), "the proxy password was printed: " + wrong.all());
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(200)
    void theToolsAreToldToTrustTheCaAndTheRealClaudeCodeReachesTheTlsGatewayWithOnlyWhatConnectWrote() throws Exception {
        try (TempHome home = new TempHome()) {
            TestTls.Certificates certs = TestTls.make(home.path("pki"));
            try (TestGateway gw = TestGateway.https(certs.server())) {
                home.write(".bashrc", "# rc\n");
                home.mkdir(".continue");
                gw.acceptKey(RealToolsTest.TOOL_KEY);
                Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", RealToolsTest.TOOL_KEY), "--gateway", gw.url(), "--tools", "claude-code,shell-env,continue",
                        "--yes", "--user", "claude-code@example.com", "--team", "qa", "--ca-file", certs.caPem().toString());
                assertEquals(0, r.exit(), r.toString());
                assertTrue(r.out().contains("CA file:   ~/pki/ca.pem (trusted besides the default roots"), r.out());
                String ca = certs.caPem().toString();
                assertTrue(home.read(".claude/settings.json").contains("\"NODE_EXTRA_CA_CERTS\": \"" + ca + "\""), home.read(".claude/settings.json"));
                assertTrue(home.read(".bashrc").contains("export NODE_EXTRA_CA_CERTS='" + ca + "'"), home.read(".bashrc"));
                assertTrue(home.read(".continue/config.yaml").contains("caBundlePath: '" + ca + "'"), home.read(".continue/config.yaml"));
                if (System.getenv("ANYRAY_REAL_TOOLS") != null) {
                    java.nio.file.Path claude = RealToolsTest.tool("claude");
                    RealToolsTest.runTool(home, java.util.List.of(claude.toString(), "-p", "say hi"));
                    RealToolsTest.assertAttributed(RealToolsTest.requireAny(gw, home, "/v1/messages"), "claude-code");
                }
                assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
                assertEquals(java.util.List.of(), home.filesContaining("NODE_EXTRA_CA_CERTS"), "revert leaves the CA settings behind");
            }
        }
    }

    @Test
    void theOperatingSystemsStoreIsTrustedWhereJavaCanReadIt() {
        java.util.function.Function<String, dev.anyray.connect.model.Environment> on = os ->
                new dev.anyray.connect.model.Environment(Map.of("HOME", "/h"), java.nio.file.Path.of("/h"), os, java.nio.file.Path.of("/h"));
        assertEquals(java.util.List.of("KeychainStore", "KeychainStore-ROOT"), dev.anyray.connect.gateway.Network.systemStoreTypes(on.apply("Mac OS X")));
        assertEquals(java.util.List.of("Windows-ROOT"), dev.anyray.connect.gateway.Network.systemStoreTypes(on.apply("Windows 11")));
        assertEquals(java.util.List.of(), dev.anyray.connect.gateway.Network.systemStoreTypes(on.apply("Linux")));
    }
}
