package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
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
}
