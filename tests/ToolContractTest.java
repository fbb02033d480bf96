package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Contract tests generated from the registry: every file tool, with each key store, gets the same
 * checks, and a tool added to {@code ToolRegistry} gets them with no edit here. A dry run writes
 * nothing; the personal key is only in owner-only files and never in the record; a second run changes
 * nothing; revert gives HOME back exactly.
 */
class ToolContractTest {
    static final String KEY = "ark_contractKey0123456789abcdef";

    /** Every file tool of the registry with each key store (a parameterized test, so each is a test of its own for PIT too). */
    static Stream<org.junit.jupiter.params.provider.Arguments> toolsAndStores() {
        List<org.junit.jupiter.params.provider.Arguments> all = new ArrayList<>();
        for (ToolAdapter tool : TrustModelTest.FILE_TOOLS) {
            for (String store : List.of("file", "keychain")) all.add(org.junit.jupiter.params.provider.Arguments.of(tool.id(), store));
        }
        return all.stream();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} with --key-store {1}")
    @org.junit.jupiter.params.provider.MethodSource("toolsAndStores")
    void everyFileToolKeepsTheContractWithEachKeyStore(String id, String store) throws Exception {
        check(TrustModelTest.FILE_TOOLS.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow(), store);
    }

    static void check(ToolAdapter tool, String store) throws Exception {
        try (TempHome home = new TempHome()) {
            Path keychain = Files.createTempFile("anyray-fake-keychain-", ".txt");
            Files.delete(keychain);
            try {
                TrustModelTest.Sequence.fakeSecretTool(home);
                Map<String, String> env = Map.of("ANYRAY_CLIENT_KEY", KEY, "FAKE_KEYCHAIN", keychain.toString(), "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent-fake-bus");
                String[] args = {"--yes", "--tools", tool.id(), "--user", "me@example.com", "--model", "test-model", "--gateway", "https://gw.example", "--key-store", store};
                var before = home.snapshot();
                List<String> dry = new ArrayList<>(List.of(args));
                dry.remove("--yes");
                dry.add("--dry-run");
                Cli.Result preview = Cli.run(home, env, dry.toArray(String[]::new));
                assertEquals(0, preview.exit(), preview.toString());
                assertEquals(before, home.snapshot(), "a dry run writes nothing");
                Cli.Result connect = Cli.run(home, env, args);
                assertEquals(0, connect.exit(), connect.toString());
                assertTrue(!connect.all().contains(KEY), "the key is never printed");
                for (Path file : home.filesContaining(KEY)) {
                    assertTrue(!file.getFileName().toString().equals("state.json"), "the record holds the key");
                    assertTrue(AtomicWriter.isOwnerOnly(Files.getPosixFilePermissions(file)), file + " holds the key and others can read it");
                }
                if (store.equals("keychain")) assertTrue(!home.exists(".anyray/client-key") && Files.exists(keychain), "the key is in the keychain, not in a plain key file");
                var connected = home.snapshot();
                assertEquals(0, Cli.run(home, env, args).exit());
                assertEquals(connected, home.snapshot(), "a second run changes nothing");
                Cli.Result revert = Cli.run(home, Map.of("FAKE_KEYCHAIN", keychain.toString(), "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent-fake-bus"), "--revert", "--yes");
                assertEquals(0, revert.exit(), revert.toString());
                assertEquals(before, home.snapshot(), "revert gives HOME back exactly");
                assertTrue(!Files.exists(keychain), "and the keychain entry goes");
            } finally {
                Files.deleteIfExists(keychain);
            }
        }
    }

    static Stream<String> fileTools() {
        return TrustModelTest.FILE_TOOLS.stream().map(ToolAdapter::id);
    }

    /** One CA file for the capability checks (keytool is slow: made once). */
    private static Path caPem;

    static synchronized Path caPem() throws Exception {
        if (caPem == null) {
            Path dir = Files.createTempDirectory("anyray-contract-ca-");
            // Nothing left in /tmp after the run: the folder (keytool's files in it) goes when the JVM ends.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> all = Files.walk(dir)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (java.io.IOException ignored) {
                    // best effort, as deleteOnExit
                }
            }));
            caPem = dev.anyray.connect.tests.support.TestTls.make(dir).caPem();
        }
        return caPem;
    }

    /**
     * What a tool cannot do is said in the plan, from its declaration, the same way for every tool:
     * subscription mode with no seat sign-in to pass through, a CA it can only take from the shell
     * block (or not at all), what it needs behind a proxy, a keychain key it has to keep in its file.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("fileTools")
    void everyFileToolSaysWhatItsCapabilitiesMeanForThisRun(String id) throws Exception {
        var tool = (dev.anyray.connect.engine.FileToolAdapter) TrustModelTest.FILE_TOOLS.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
        var spec = tool.spec();
        String name = spec.displayName();
        try (TempHome home = new TempHome()) {
            Path keychain = Files.createTempFile("anyray-fake-keychain-", ".txt");
            Files.delete(keychain);
            try {
                TrustModelTest.Sequence.fakeSecretTool(home);
                Map<String, String> env = Map.of("ANYRAY_CLIENT_KEY", KEY, "FAKE_KEYCHAIN", keychain.toString(), "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent-fake-bus",
                        "HTTPS_PROXY", "http://proxy.corp.test:3128");
                Cli.Result r = Cli.run(home, env, "--dry-run", "--subscription", "--tools", id, "--user", "me@example.com", "--model", "test-model",
                        "--gateway", "https://gw.example", "--key-store", "keychain", "--ca-file", caPem().toString());
                assertEquals(0, r.exit(), r.toString());
                String out = r.out();
                assertEquals(!spec.has(dev.anyray.connect.engine.ToolSpec.Can.PASS_SEAT_SIGN_IN),
                        out.contains(name + " has no seat sign-in the gateway can pass through: it keeps sending the gateway key"), out);
                boolean fromShell = !spec.has(dev.anyray.connect.engine.ToolSpec.Can.TRUST_CA_FROM_ITS_FILE) && spec.caVariable() != null;
                assertEquals(fromShell, out.contains(name + " trusts the CA through " + spec.caVariable() + ", which the shell block"), out);
                boolean noWay = !spec.has(dev.anyray.connect.engine.ToolSpec.Can.TRUST_CA_FROM_ITS_FILE) && spec.caVariable() == null;
                assertEquals(noWay, out.contains(name + " has no setting connect knows for an extra CA"), out);
                assertEquals(spec.proxyNote() != null, spec.proxyNote() != null && out.contains(name + " " + spec.proxyNote()), out);
                assertEquals(!spec.has(dev.anyray.connect.engine.ToolSpec.Can.RUN_KEY_COMMAND),
                        out.contains(name + " has no way to ask the keychain for the key at run time: it keeps the key in "), out);
                if (spec.proxyNote() != null) {
                    // Said only behind a proxy: the same run without one does not mention it.
                    Map<String, String> noProxy = new java.util.HashMap<>(env);
                    noProxy.remove("HTTPS_PROXY");
                    Cli.Result direct = Cli.run(home, noProxy, "--dry-run", "--subscription", "--tools", id, "--user", "me@example.com", "--model", "test-model",
                            "--gateway", "https://gw.example", "--key-store", "keychain", "--ca-file", caPem().toString());
                    assertEquals(0, direct.exit(), direct.toString());
                    assertFalse(direct.out().contains(spec.proxyNote()), direct.out());
                }
                if (spec.has(dev.anyray.connect.engine.ToolSpec.Can.NEEDS_MODEL)) {
                    // With no model to pick, a tool that cannot work without one is left as it is (no file, its
                    // key's neither) and what it cannot do is not said; one that can is connected and told so.
                    try (TestGateway gw = new TestGateway()) {
                        gw.acceptKey(KEY);
                        gw.models = List.of();
                        Cli.Result none = Cli.run(home, env, "--dry-run", "--subscription", "--tools", id, "--user", "me@example.com",
                                "--gateway", gw.url(), "--key-store", "keychain", "--ca-file", caPem().toString());
                        assertEquals(0, none.exit(), none.toString());
                        String said = none.out().replace("\n", " | ");
                        assertTrue(none.out().contains(name + " needs a model id"), said);
                        boolean leftAsItIs = none.out().contains("nothing was written)");
                        assertEquals(!leftAsItIs, none.out().contains("(new file)"), said);
                        assertEquals(leftAsItIs, none.out().contains(name + " (" + id + "): not configured"), said);
                        assertEquals(!leftAsItIs && !spec.has(dev.anyray.connect.engine.ToolSpec.Can.PASS_SEAT_SIGN_IN),
                                none.out().contains(name + " has no seat sign-in the gateway can pass through"), said);
                    }
                }
            } finally {
                Files.deleteIfExists(keychain);
            }
        }
    }

    private static List<String> iterator(java.util.Iterator<String> names) {
        List<String> all = new ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }

    static Stream<String> modelTools() {
        return TrustModelTest.FILE_TOOLS.stream()
                .filter(t -> ((dev.anyray.connect.engine.FileToolAdapter) t).spec().has(dev.anyray.connect.engine.ToolSpec.Can.NEEDS_MODEL)).map(ToolAdapter::id);
    }

    /**
     * Day two for a tool that needs a model: with none to pick, a tool that cannot work without one is
     * left as it is and nothing at all is written (no file, no record of it); once connected, a re-run on
     * a day the gateway lists no model keeps the tool's model and changes nothing; revert is exact.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("modelTools")
    void aToolThatNeedsAModelKeepsItsOwnOnADayTheGatewayListsNone(String id) throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            var before = home.snapshot();
            gw.acceptKey("sk-anyray-placeholder");
            gw.models = List.of();
            String[] args = {"--tools", id, "--user", "me@example.com", "--gateway", gw.url(), "--yes"};
            Cli.Result none = Cli.run(home, args);
            assertEquals(0, none.exit(), none.toString());
            if (none.out().contains("not configured")) {
                assertEquals(before, home.snapshot(), "a tool left as it is writes nothing, its record neither: " + none.out());
                // Nor when another tool is connected in the same run: the record names only that one's files.
                try (TempHome pair = new TempHome()) {
                    assertEquals(0, Cli.run(pair, "--tools", id + ",claude-code", "--user", "me@example.com", "--gateway", gw.url(), "--yes").exit());
                    var state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(pair.read(".anyray/state.json"));
                    assertEquals(List.of("claude-code"), iterator(state.get("tools").fieldNames()), state.toString());
                    assertEquals(List.of(pair.path(".claude/settings.json").toString()), iterator(state.get("files").fieldNames()), state.toString());
                }
            }
            gw.models = List.of("test-model", "gpt-5");
            Cli.Result connect = Cli.run(home, args);
            assertEquals(0, connect.exit(), connect.toString());
            var connected = home.snapshot();
            gw.models = List.of();
            Cli.Result again = Cli.run(home, args);
            assertEquals(0, again.exit(), again.toString());
            assertTrue(again.out().contains(": already up to date") && !again.out().contains("not configured"), again.out());
            assertEquals(connected, home.snapshot(), "the tool keeps its model: " + again.out());
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertEquals(before, home.snapshot(), "revert gives HOME back exactly");
        }
    }

    /**
     * The capability checks above read each tool's declaration, so a declaration that lost a fact would
     * agree with itself: these are the facts the README's corporate-network table states, pinned.
     */
    @org.junit.jupiter.api.Test
    void theDeclarationsCarryTheCaAndProxyFactsTheReadmeStates() {
        java.util.Map<String, dev.anyray.connect.engine.ToolSpec> specs = new java.util.HashMap<>();
        for (var tool : TrustModelTest.FILE_TOOLS) specs.put(tool.id(), ((dev.anyray.connect.engine.FileToolAdapter) tool).spec());
        for (String id : List.of("opencode", "kilo", "qwen-code", "pi")) assertEquals("NODE_EXTRA_CA_CERTS", specs.get(id).caVariable(), id);
        assertEquals("CODEX_CA_CERTIFICATE", specs.get("codex").caVariable());
        assertTrue(specs.get("opencode").proxyNote().startsWith("needs NO_PROXY=localhost,127.0.0.1 beside HTTPS_PROXY"), specs.get("opencode").proxyNote());
        assertTrue(specs.get("continue").proxyNote().startsWith("takes a proxy from requestOptions.proxy"), specs.get("continue").proxyNote());
    }

    /** A tool shows it is installed by one of its commands on PATH alone, with none of its folders (a fresh install before its first start). */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("fileTools")
    void everyFileToolIsDetectedByItsCommandAloneAndNotWithout(String id) throws Exception {
        var spec = ((dev.anyray.connect.engine.FileToolAdapter) TrustModelTest.FILE_TOOLS.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow()).spec();
        try (TempHome home = new TempHome()) {
            var env = dev.anyray.connect.model.Environment.of(Map.of("HOME", home.root().toString(), "PATH", home.bin().toString()), home.root(), "Linux");
            assertFalse(spec.detect(env), id + " with none of its folders and an empty PATH");
            for (String command : spec.commands()) {
                Path bin = home.executable(command, "#!/bin/sh\n");
                assertTrue(spec.detect(env), id + " by " + command);
                Files.delete(bin);
            }
        }
    }
}
