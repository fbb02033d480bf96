package dev.anyray.connect.gateway;

import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.UsageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How connect's own calls reach the gateway on a corporate network: which certificates they trust
 * (Java's default roots plus a PEM bundle: {@code --ca-file}, {@code $ANYRAY_CA_FILE}, else
 * {@code $NODE_EXTRA_CA_CERTS}) and which proxy they go through ({@code HTTPS_PROXY}/
 * {@code HTTP_PROXY}/{@code NO_PROXY}, upper or lower case, read as curl reads them: Java's HTTP
 * client ignores the environment). It also remembers the certificate a failed handshake was shown,
 * so the error can name it.
 */
public final class Network {
    private final Path caFile;
    /** The CA file's certificates, parsed on first use (see {@link #of(Environment, Path, String)}). */
    private final java.util.function.Supplier<List<X509Certificate>> extra;
    private final Environment env;
    /** The certificate the last handshake refused (subject, issuer), for the error message. */
    private volatile X509Certificate refused;

    private Network(Environment env, Path caFile, java.util.function.Supplier<List<X509Certificate>> extra) {
        this.env = env;
        this.caFile = caFile;
        this.extra = extra;
    }

    /** Java's roots only, and the proxy environment of {@code env}. */
    public static Network of(Environment env) {
        return new Network(env, null, List::of);
    }

    /**
     * Java's roots plus the certificates of {@code caFile} (null: none); a missing or non-PEM file is a
     * usage error naming {@code where}. The certificates are parsed when the first https call needs them:
     * a bundle such as the whole system store in {@code $NODE_EXTRA_CA_CERTS} (common on managed
     * machines) takes some 300 ms to parse, which a run that makes no https call should not pay.
     */
    public static Network of(Environment env, Path caFile, String where) {
        if (caFile == null) return of(env);
        if (!Files.isRegularFile(caFile)) throw new UsageException(where + " " + caFile + ": no such file; give the PEM file of your organisation's CA");
        String text;
        try {
            text = Files.readString(caFile, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UsageException(where + " " + caFile + " cannot be read; check its permissions");
        }
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new UsageException(where + " " + caFile + " is not a PEM certificate bundle (no -----BEGIN CERTIFICATE----- line); export the CA as PEM");
        }
        return new Network(env, caFile, () -> {
            try {
                Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
                List<X509Certificate> list = new ArrayList<>();
                for (var cert : certs) list.add((X509Certificate) cert);
                if (list.isEmpty()) throw new CertificateException("no certificate");
                return list;
            } catch (CertificateException e) {
                throw new UsageException(where + " " + caFile + " holds a certificate that does not parse; export the CA again as PEM");
            }
        });
    }

    /** The CA file in use, or null. */
    public Path caFile() {
        return caFile;
    }

    /** Built once per run: it copies every default root, and a run may make several https calls. */
    private SSLContext sslContext;

    /** The TLS context: Java's default roots and the extra CA, behind a trust manager that remembers what it refused. */
    synchronized SSLContext sslContext() {
        if (sslContext == null) sslContext = buildSslContext();
        return sslContext;
    }

    private SSLContext buildSslContext() {
        try {
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            int i = 0;
            for (var manager : defaults.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) for (X509Certificate root : x509.getAcceptedIssuers()) roots.setCertificateEntry("root-" + i++, root);
            }
            for (X509Certificate cert : extra.get()) roots.setCertificateEntry("extra-" + i++, cert);
            // The operating system's store too, where Java can read it: a company CA is usually installed there.
            for (String type : systemStoreTypes(env)) {
                for (X509Certificate cert : systemStore(type)) roots.setCertificateEntry("system-" + i++, cert);
            }
            TrustManagerFactory all = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            all.init(roots);
            var trust = (javax.net.ssl.X509ExtendedTrustManager) all.getTrustManagers()[0];
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {new Remembering(trust)}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK's TLS set-up failed", e);
        }
    }

    /**
     * The keystore types that hold the operating system's trusted roots: macOS's login and system
     * keychains ({@code KeychainStore}, and {@code KeychainStore-ROOT} from JDK 23), Windows's root
     * store ({@code Windows-ROOT}, JDK 19 and later); none on Linux, whose distributions link Java's
     * cacerts to the system store already.
     */
    public static List<String> systemStoreTypes(Environment env) {
        if (env.isMac()) return List.of("KeychainStore", "KeychainStore-ROOT");
        if (env.isWindows()) return List.of("Windows-ROOT");
        return List.of();
    }

    /** The certificates of one system store; none when this JDK does not have it. */
    private static List<X509Certificate> systemStore(String type) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            KeyStore store = KeyStore.getInstance(type);
            store.load(null, null);
            for (String alias : java.util.Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate cert) certs.add(cert);
            }
        } catch (GeneralSecurityException | IOException e) {
            // an older JDK without this store type: Java's own roots and the CA file still apply
        }
        return certs;
    }

    /**
     * Passes every check on to the real trust manager (the extended one: hostname checks included);
     * remembers the leaf certificate it refused.
     */
    private final class Remembering extends javax.net.ssl.X509ExtendedTrustManager {
        private final javax.net.ssl.X509ExtendedTrustManager trust;

        Remembering(javax.net.ssl.X509ExtendedTrustManager trust) {
            this.trust = trust;
        }

        private interface Check {
            void run() throws CertificateException;
        }

        private void remembering(X509Certificate[] chain, Check check) throws CertificateException {
            try {
                check.run();
            } catch (CertificateException e) {
                refused = chain == null || chain.length == 0 ? null : chain[0];
                throw e;
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) throws CertificateException {
            trust.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) throws CertificateException {
            trust.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            remembering(chain, () -> trust.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) throws CertificateException {
            remembering(chain, () -> trust.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) throws CertificateException {
            remembering(chain, () -> trust.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trust.getAcceptedIssuers();
        }
    }

    /** The refused certificate in words ("CN=gw.corp.internal, issued by CN=Corp Root CA"), or null. */
    String refusedCertificate() {
        X509Certificate cert = refused;
        return cert == null ? null : cert.getSubjectX500Principal().getName() + ", issued by " + cert.getIssuerX500Principal().getName();
    }

    /** The proxy for {@code target}, as curl picks it: none for NO_PROXY hosts and loopback. */
    ProxySelector proxySelector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
                String proxy = "https".equalsIgnoreCase(uri.getScheme()) ? first("HTTPS_PROXY", "https_proxy") : first("HTTP_PROXY", "http_proxy");
                if (proxy == null || bypassed(host)) return List.of(Proxy.NO_PROXY);
                try {
                    URI p = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
                    int port = p.getPort() > 0 ? p.getPort() : "https".equalsIgnoreCase(p.getScheme()) ? 443 : 80;
                    return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.getHost(), port)));
                } catch (IllegalArgumentException e) {
                    return List.of(Proxy.NO_PROXY);
                }
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {}
        };
    }

    /** The proxy's password, for masking (it is in the environment, and could reach an error). */
    public String proxyPassword() {
        String proxy = first("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy");
        if (proxy == null) return null;
        try {
            String info = URI.create(proxy.contains("://") ? proxy : "http://" + proxy).getRawUserInfo();
            return info == null || !info.contains(":") ? null : java.net.URLDecoder.decode(info.substring(info.indexOf(':') + 1), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code Basic …} for the proxy in use for {@code url} when its URL has {@code user:password@}, else null. */
    public String proxyAuthorization(String url) {
        if (proxyFor(url) == null) return null;
        String proxy = "https".equalsIgnoreCase(URI.create(url).getScheme()) ? first("HTTPS_PROXY", "https_proxy") : first("HTTP_PROXY", "http_proxy");
        try {
            String info = URI.create(proxy.contains("://") ? proxy : "http://" + proxy).getRawUserInfo();
            if (info == null) return null;
            String credentials = java.net.URLDecoder.decode(info.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            return "Basic " + java.util.Base64.getEncoder().encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The proxy in use for {@code url}, for messages (host:port), or null. */
    String proxyFor(String url) {
        Proxy proxy = proxySelector().select(URI.create(url)).get(0);
        return proxy.type() == Proxy.Type.DIRECT ? null : proxy.address().toString();
    }

    private String first(String... names) {
        for (String name : names) if (env.get(name) != null) return env.get(name);
        return null;
    }

    /** NO_PROXY as curl reads it: {@code *}, or host names and domain suffixes ({@code .corp} and {@code corp} both match {@code gw.corp}); loopback is always direct. */
    boolean bypassed(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equals("localhost") || bare.startsWith("127.") || bare.equals("::1")) return true;
        String list = first("NO_PROXY", "no_proxy");
        if (list == null) return false;
        for (String raw : list.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) continue;
            if (entry.equals("*")) return true;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon) entry = entry.substring(0, colon);
            if (entry.startsWith(".")) entry = entry.substring(1);
            if (bare.equals(entry) || bare.endsWith("." + entry)) return true;
        }
        return false;
    }
}
