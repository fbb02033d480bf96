package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.anyray.connect.AnyrayConnect;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The path users take: {@code jbang anyray-connect@anyray}. The published catalog
 * (catalog/jbang-catalog.json) and a "release" of this clone are served over HTTP on a loopback
 * address JBang does not trust by default; JBang runs with an empty cache and home, and no locale.
 */
@Order(3)
class OnRampTest {
    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final String RAW = "https://raw.githubusercontent.com/anyray/anyray-connect";

    record Run(int exit, String output) {}

    static Run jbang(TempHome home, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROJECT.resolve("jbang").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.root().toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear(); // no LANG, no LC_ALL: the first run must compile in any locale
        env.put("HOME", home.root().toString());
        env.put("PATH", home.path("bin") + ":/usr/bin:/bin");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JBANG_DIR", home.path("jbang-home").toString());
        env.put("JBANG_WRAPPER_HOME", wrapperHome().toString());
        env.put("JBANG_WRAPPER_FORCE", "1");
        env.put("JBANG_REPO", Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        var output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("jbang " + args[0] + " did not finish");
        }
        return new Run(process.exitValue(), output.get());
    }

    /** The wrapper's bootstrapped JBang (the one running these tests), so the test downloads no JBang. */
    static Path wrapperHome() {
        String configured = System.getenv("JBANG_WRAPPER_HOME");
        Path home = configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".jbang-wrapper");
        Assumptions.assumeTrue(Files.isDirectory(home), "the ./jbang wrapper has not bootstrapped JBang here");
        return home;
    }

    /** Copies the entry script and every //SOURCES file, as a tag would serve them. */
    static void release(Path root, String tag) throws IOException {
        Path dir = root.resolve(tag);
        List<String> files = new ArrayList<>(List.of("AnyrayConnect.java"));
        for (String line : Files.readAllLines(PROJECT.resolve("AnyrayConnect.java"))) {
            if (line.startsWith("//SOURCES ")) files.add(line.substring("//SOURCES ".length()).strip());
        }
        for (String file : files) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.copy(PROJECT.resolve(file), dir.resolve(file));
        }
    }

    // Its own limit: it compiles the whole app from an empty JBang cache (what a user's first run does),
    // which takes 40-90 s on a two-core machine; the suite's 120 s default left it no margin.
    @Test
    @org.junit.jupiter.api.Timeout(value = 240, unit = TimeUnit.SECONDS)
    void theCatalogAliasRunsFromAUrlAfterTheTrustStepUsesItsCacheAndPinsVersions() throws Exception {
        try (TempHome home = new TempHome()) {
            Path served = home.path("served");
            release(served, "v" + AnyrayConnect.VERSION);
            // An older release, pinned: the smallest script that says its version.
            Files.createDirectories(served.resolve("v0.1.9"));
            Files.writeString(served.resolve("v0.1.9/AnyrayConnect.java"),
                    "class AnyrayConnect { public static void main(String[] a) { System.out.println(\"anyray-connect 0.1.9\"); } }\n");
            List<String> requests = new CopyOnWriteArrayList<>();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
            String base = "http://127.0.0.2:" + server.getAddress().getPort();
            String catalog = Files.readString(PROJECT.resolve("catalog/jbang-catalog.json")).replace(RAW, base);
            catalog = catalog.replaceFirst("\"aliases\": \\{", "\"aliases\": {\n    \"anyray-connect-0.1.9\": {\"script-ref\": \"" + base + "/v0.1.9/AnyrayConnect.java\"},");
            Files.writeString(served.resolve("jbang-catalog.json"), catalog);
            server.createContext("/", exchange -> {
                requests.add(exchange.getRequestURI().getPath());
                Path file = served.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
                byte[] body = file.startsWith(served) && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
                exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            try {
                String alias = "anyray-connect@" + base + "/jbang-catalog.json";
                Run untrusted = jbang(home, "0\n", alias, "--version");
                assertNotEquals(0, untrusted.exit(), untrusted.output());
                assertTrue(untrusted.output().contains("jbang trust add " + base + "/v" + AnyrayConnect.VERSION + "/"), untrusted.output());

                assertEquals(0, jbang(home, null, "trust", "add", base + "/").exit());
                Run first = jbang(home, null, alias, "--version");
                assertEquals(0, first.exit(), first.output());
                assertTrue(first.output().strip().endsWith("anyray-connect " + AnyrayConnect.VERSION), first.output());
                for (String line : Files.readAllLines(PROJECT.resolve("AnyrayConnect.java"))) {
                    if (line.startsWith("//SOURCES ")) {
                        String path = "/v" + AnyrayConnect.VERSION + "/" + line.substring(10).strip();
                        assertTrue(requests.contains(path), "fetched " + path);
                    }
                }
                long sourcesFetched = requests.stream().filter(p -> p.endsWith(".java")).count();
                Run second = jbang(home, null, alias, "--version");
                assertEquals(0, second.exit(), second.output());
                assertEquals(sourcesFetched, requests.stream().filter(p -> p.endsWith(".java")).count(), "the second run uses the cache");
                assertFalse(second.output().contains("Building jar"), second.output());
                // No class-data archive: where JBang's cache has no room for its 6 MB, every run would exit 1 after its work.
                Run verbose = jbang(home, null, "--verbose", alias, "--version");
                assertEquals(0, verbose.exit(), verbose.output());
                assertTrue(verbose.output().contains("run: ") && !verbose.output().contains("ArchiveClassesAtExit") && !verbose.output().contains("SharedArchiveFile"),
                        verbose.output());

                Run pinned = jbang(home, null, "anyray-connect-0.1.9@" + base + "/jbang-catalog.json", "--version");
                assertEquals("anyray-connect 0.1.9", pinned.output().strip().lines().reduce((a, b) -> b).orElse(""), pinned.output());
                Run exact = jbang(home, null, "anyray-connect-" + AnyrayConnect.VERSION + "@" + base + "/jbang-catalog.json", "--version");
                assertTrue(exact.output().strip().endsWith("anyray-connect " + AnyrayConnect.VERSION), exact.output());

                // `jbang app install` gives a plain command (it runs `jbang`, which is the wrapper here).
                home.write("bin/jbang", "#!/bin/sh\nexec '" + PROJECT.resolve("jbang") + "' \"$@\"\n");
                home.path("bin/jbang").toFile().setExecutable(true);
                Run install = jbang(home, null, "app", "install", "--name", "anyray-connect", alias);
                assertEquals(0, install.exit(), install.output());
                Path command = home.path("jbang-home/bin/anyray-connect");
                assertTrue(Files.isExecutable(command), install.output());
                ProcessBuilder builder = new ProcessBuilder(command.toString(), "--version").redirectErrorStream(true);
                Map<String, String> env = new HashMap<>(Map.of("HOME", home.root().toString(), "PATH", home.path("bin") + ":/usr/bin:/bin",
                        "JAVA_HOME", System.getProperty("java.home"), "JBANG_DIR", home.path("jbang-home").toString(),
                        "JBANG_WRAPPER_HOME", wrapperHome().toString(), "JBANG_WRAPPER_FORCE", "1",
                        // The same local Maven repository as the runs above: without it the installed command resolves every dependency again.
                        "JBANG_REPO", Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
                builder.environment().clear();
                builder.environment().putAll(env);
                Process app = builder.start();
                String out = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(app.waitFor(120, TimeUnit.SECONDS));
                assertTrue(out.strip().endsWith("anyray-connect " + AnyrayConnect.VERSION), out);
            } finally {
                server.stop(0);
            }
        }
    }

    @Test
    void theReleaseScriptMovesTheVersionInItsOnePlaceTheCatalogAndTheReadme() throws Exception {
        Assumptions.assumeTrue(Cli.onPath("python3") != null, "python3 is needed by release.sh");
        try (TempHome home = new TempHome()) {
            Path copy = home.path("repo");
            Files.createDirectories(copy.resolve("catalog"));
            for (String file : List.of("release.sh", "AnyrayConnect.java", "README.md", "catalog/jbang-catalog.json")) {
                Files.copy(PROJECT.resolve(file), copy.resolve(file));
            }
            copy.resolve("release.sh").toFile().setExecutable(true);
            Process release = new ProcessBuilder(copy.resolve("release.sh").toString(), "9.8.7").directory(copy.toFile()).redirectErrorStream(true).start();
            String out = new String(release.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, release.waitFor(), out);
            assertTrue(Files.readString(copy.resolve("AnyrayConnect.java")).contains("VERSION = \"9.8.7\""));
            String catalog = Files.readString(copy.resolve("catalog/jbang-catalog.json"));
            assertTrue(catalog.contains("\"anyray-connect-9.8.7\"") && catalog.contains(RAW + "/v9.8.7/AnyrayConnect.java"), catalog);
            assertTrue(catalog.contains("\"anyray-connect-" + AnyrayConnect.VERSION + "\""), "earlier pinned aliases stay");
            assertTrue(Files.readString(copy.resolve("README.md")).contains("anyray-connect-9.8.7@anyray"));
            Process bad = new ProcessBuilder(copy.resolve("release.sh").toString(), "nine").directory(copy.toFile()).redirectErrorStream(true).start();
            assertEquals(2, bad.waitFor());
        }
    }
}
