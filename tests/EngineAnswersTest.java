package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyray.connect.adapters.ToolRegistry;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.JsonOut;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the engine answers about a tool's files, pinned where the mutation run found nothing that
 * would notice a change: what --status reports from each tool's declared status fields, when a tool
 * counts as connected, the mode of a file that holds a personal key and of one given back key by key,
 * which file the plan names as holding the key, and the gateway the record says a key belongs to.
 */
class EngineAnswersTest {
    static final String KEY = "ark_engineAnswersKey0123456789ab";
    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = new TestGateway();
        gw.acceptKey(KEY);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static Cli.Result connect(TempHome home, String tools, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--yes", "--gateway", gw.url(), "--tools", tools, "--user", "me@example.com", "--model", "test-model"));
        args.addAll(java.util.List.of(more));
        return Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", KEY), args.toArray(String[]::new));
    }

    @Test
    void statusReportsEachToolsGatewayModeAndMaskedKeyFromItsDeclaredFields() throws Exception {
        for (var adapter : ToolRegistry.ALL) {
            if (!(adapter instanceof FileToolAdapter tool)) continue;
            ToolSpec spec = tool.spec();
            if (spec.gatewayAt() == null) continue; // a tool with its own describe
            try (TempHome home = new TempHome()) {
                for (var folder : adapter.files(dev.anyray.connect.model.Environment.of(Cli.environment(home, Map.of()), home.root()))) Files.createDirectories(folder.getParent());
                Cli.Result r = connect(home, adapter.id(), "--key-store", "file");
                assertEquals(0, r.exit(), adapter.id() + ": " + r);
                JsonNode status = JsonOut.one(Cli.run(home, "--status", "--json").out());
                JsonNode entry = null;
                for (JsonNode t : status.get("tools")) if (t.get("id").asText().equals(adapter.id())) entry = t;
                assertTrue(entry != null, adapter.id() + ": " + status);
                assertTrue(entry.get("connected").asBoolean(), adapter.id() + ": " + entry);
                assertTrue(entry.get("gateway").asText().startsWith(gw.url()), adapter.id() + ": " + entry);
                // A tool that describes itself in its own words (Vibe's key comes from its .env) is held to not showing the key.
                boolean ownWords = java.util.Arrays.stream(tool.getClass().getDeclaredMethods()).anyMatch(m -> m.getName().equals("keyShown") || m.getName().equals("describe"));
                if (ownWords) {
                    assertFalse(entry.toString().contains(KEY), adapter.id() + ": " + entry);
                } else if (spec.keyAt() != null) {
                    assertEquals("gateway-key", entry.get("authMode").asText(), adapter.id() + ": " + entry);
                    assertEquals("ark_…89ab", entry.get("key").asText(), adapter.id() + ": " + entry);
                } else {
                    assertTrue(entry.get("authMode") == null || entry.get("authMode").isNull(), adapter.id() + ": " + entry);
                }
            }
        }
    }

    @Test
    void aToolWhoseSettingsTheUserTookOutIsNotConnected() throws Exception {
        try (TempHome home = new TempHome()) {
            home.mkdir(".claude");
            assertEquals(0, connect(home, "claude-code").exit());
            JsonNode before = JsonOut.one(Cli.run(home, "--status", "--json").out());
            assertTrue(toolIn(before, "claude-code").get("connected").asBoolean());
            home.write(".claude/settings.json", "{\n  \"model\": \"opus\"\n}\n"); // the user replaced the file
            JsonNode after = JsonOut.one(Cli.run(home, "--status", "--json").out());
            assertFalse(toolIn(after, "claude-code").get("connected").asBoolean(), after.toString());
        }
    }

    static JsonNode toolIn(JsonNode status, String id) {
        for (JsonNode t : status.get("tools")) if (t.get("id").asText().equals(id)) return t;
        throw new AssertionError(id + " not in " + status);
    }

    @Test
    void aFileHoldingTheKeyIsOwnerOnlyAndGetsItsModeBackWhenRevertedKeyByKey() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(".config/opencode/opencode.json", "{\n  \"theme\": \"dark\"\n}\n");
            Files.setPosixFilePermissions(home.path(".config/opencode/opencode.json"), PosixFilePermissions.fromString("rw-r--r--"));
            assertEquals(0, connect(home, "opencode", "--key-store", "file").exit());
            assertEquals("rw-------", home.mode(".config/opencode/opencode.json"), "it holds the key");
            // The user edits it, so revert goes key by key (no exact restore) and still gives the mode back.
            home.write(".config/opencode/opencode.json", home.read(".config/opencode/opencode.json").replace("\"dark\"", "\"light\""));
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertTrue(home.read(".config/opencode/opencode.json").contains("\"light\"") && !home.read(".config/opencode/opencode.json").contains(KEY));
            assertEquals("rw-r--r--", home.mode(".config/opencode/opencode.json"));
        }
    }

    @Test
    void aFileWithoutTheKeyKeepsItsMode() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(".claude/settings.json", "{}\n");
            Files.setPosixFilePermissions(home.path(".claude/settings.json"), PosixFilePermissions.fromString("rw-rw-r--"));
            Cli.Result r = Cli.run(home, "--yes", "--gateway", gw.url(), "--tools", "claude-code", "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(home.read(".claude/settings.json").contains("ANTHROPIC_BASE_URL"));
            assertEquals("rw-rw-r--", home.mode(".claude/settings.json"), "the placeholder is no secret: the file keeps its mode");
        }
    }

    @Test
    void thePlanNamesTheFileThatHoldsTheKeyNotTheFirstOne() throws Exception {
        try (TempHome home = new TempHome()) {
            // Aider's model settings block comes first among its files; the key is in ~/.aider.conf.yml.
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", KEY, "PATH", KeychainHelpers.fakeSecretTool(home) + ":/usr/bin:/bin",
                    "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent"), "--yes", "--gateway", gw.url(), "--tools", "aider", "--user", "me@example.com", "--model", "test-model");
            assertEquals(0, r.exit(), r.toString());
            String all = r.out().replace("\n", " ").replaceAll(" +", " ");
            assertTrue(all.contains("Aider has no way to ask the keychain for the key at run time: it keeps the key in ~/.aider.conf.yml (owner-only)"), all);
        }
    }

    @Test
    void theRecordSaysWhichGatewayTheStoredKeyBelongsToAndANewKeyForAnotherGatewayMovesIt() throws Exception {
        try (TempHome home = new TempHome(); TestGateway other = new TestGateway()) {
            other.acceptKey("ark_otherGatewayKey0123456789abcd");
            home.mkdir(".claude");
            assertEquals(0, connect(home, "claude-code", "--key-store", "file").exit());
            assertEquals(gw.url(), JsonOut.one(home.read(".anyray/state.json")).get("keyGateway").asText());
            Cli.Result moved = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_otherGatewayKey0123456789abcd"), "--yes", "--gateway", other.url(), "--tools", "claude-code",
                    "--user", "me@example.com", "--key-store", "file");
            assertEquals(0, moved.exit(), moved.toString());
            assertEquals(other.url(), JsonOut.one(home.read(".anyray/state.json")).get("keyGateway").asText(), "the new key belongs to the gateway it was given for");
        }
    }

    @Test
    void aFileNobodyElseTouchedComesBackByteForByteEvenWhereAKeyByKeyRevertCouldNot() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(".claude/settings.json", "{ }\n"); // a key-by-key revert would give back {}
            assertEquals(0, connect(home, "claude-code", "--key-store", "file").exit());
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit());
            assertTrue(revert.out().contains("put the file back as it was before connect"), revert.out());
            assertEquals("{ }\n", home.read(".claude/settings.json"));
        }
    }

    @Test
    void aFileUpToOneMebibyteIsRememberedWholeAndALargerOneIsNot() throws Exception {
        int limit = 1024 * 1024;
        for (int size : new int[] {limit, limit + 1}) {
            try (TempHome home = new TempHome()) {
                String head = "{\n  \"pad\": \"";
                String tail = "\"\n}\n";
                home.write(".claude/settings.json", head + "x".repeat(size - head.length() - tail.length()) + tail);
                assertEquals(size, Files.size(home.path(".claude/settings.json")));
                assertEquals(0, connect(home, "claude-code", "--key-store", "file").exit());
                JsonNode files = JsonOut.one(home.read(".anyray/state.json")).get("files");
                JsonNode origin = files.get(home.path(".claude/settings.json").toString());
                boolean remembered = origin.get("original") != null && !origin.get("original").isNull();
                assertEquals(size <= limit, remembered, size + " bytes: " + origin.toString().length());
            }
        }
    }

    /** A secret-tool stand-in (a file for its one secret), for a keychain store in process. */
    static final class KeychainHelpers {
        static String fakeSecretTool(TempHome home) throws Exception {
            java.nio.file.Path bin = home.path("fake-bin");
            Files.createDirectories(bin);
            java.nio.file.Path tool = bin.resolve("secret-tool");
            Files.writeString(tool, "#!/bin/sh\nPATH=/usr/bin:/bin\ncase \"$1\" in\n  store) cat > " + home.path(".secret") + " ;;\n"
                    + "  lookup) [ -f " + home.path(".secret") + " ] || exit 1; cat " + home.path(".secret") + " ;;\n  clear) rm -f " + home.path(".secret") + " ;;\nesac\n");
            Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
            return bin.toString();
        }
    }
}
