package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.edit.BlockDocument;
import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.JsonDocument;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.edit.ManagedBlock;
import dev.anyray.connect.edit.TomlDocument;
import dev.anyray.connect.edit.Values;
import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.engine.ConnectState.FileRecord;
import dev.anyray.connect.engine.OwnedSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The owned-settings engine on every format: claim, release, revert with user edits, drift. No process, no files. */
class EngineTest {
    static final ConnectState STATE = ConnectState.empty();

    /** A format under test: how to open a text, and a user's existing file in it. */
    record Format(String name, Function<String, Document> open, String existing, KeyPath a, KeyPath b) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of(new Format("JSON", t -> new JsonDocument(t, false, "f.json"),
                        "{\n  \"keep\": 1,\n  \"env\": {\n    \"A\": \"users-a\"\n  }\n}\n", KeyPath.of("env", "A"), KeyPath.of("env", "B"))),
                Arguments.of(new Format("JSONC", t -> new JsonDocument(t, true, "f.jsonc"),
                        "{\n  // mine\n  \"keep\": 1, /* why */\n  \"env\": {\n    \"A\": \"users-a\", // a comment next to A\n  },\n}\n",
                        KeyPath.of("env", "A"), KeyPath.of("env", "B"))),
                Arguments.of(new Format("TOML", t -> new TomlDocument(t, "f.toml"),
                        "# mine\nkeep = 1\n\n[env]\nA = \"users-a\" # a comment next to A\n", KeyPath.of("env", "A"), KeyPath.of("env", "B"))));
    }

    static FileRecord record(OwnedSettings.Claimed claimed) {
        return new FileRecord(claimed.owned(), null, claimed.containers());
    }

    static Map<KeyPath, Object> want(Format f, Object a, Object b) {
        Map<KeyPath, Object> want = new LinkedHashMap<>();
        want.put(f.a(), a);
        want.put(f.b(), b);
        return want;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void claimThenRevertGivesEveryValueBackAndKeepsTheRest(Format f) {
        Document doc = f.open().apply(f.existing());
        OwnedSettings.Claimed claimed = OwnedSettings.claim(doc, want(f, "ours-a", "ours-b"), null, STATE, Function.identity());
        assertEquals(2, claimed.summary().size(), claimed.summary().toString());
        Document connected = f.open().apply(doc.text());
        assertEquals("ours-a", connected.get(f.a()));
        assertEquals("ours-b", connected.get(f.b()));
        assertTrue(doc.text().contains("keep"), "untouched keys stay");
        if (!f.name().equals("JSON")) assertTrue(doc.text().contains("a comment next to A"), "comments next to an edited member stay: " + doc.text());

        OwnedSettings.Reverted reverted = OwnedSettings.revert(connected, record(claimed), STATE, "f");
        assertEquals(List.of(), reverted.kept());
        assertEquals("users-a", connected.get(f.a()), "the earlier value comes back");
        assertNull(connected.get(f.b()), "what connect added goes");
        if (!f.name().equals("TOML")) assertEquals(f.existing(), connected.text(), "byte for byte");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void aValueTheUserChangedSinceIsKeptReportedAndShownAsDrift(Format f) {
        Document doc = f.open().apply(f.existing());
        OwnedSettings.Claimed claimed = OwnedSettings.claim(doc, want(f, "ours-a", "ours-b"), null, STATE, Function.identity());
        Document edited = f.open().apply(doc.text());
        edited.set(f.b(), "the user's own");
        Document reopened = f.open().apply(edited.text());
        assertEquals(List.of(f.b() + " no longer matches what connect wrote"), OwnedSettings.drift(reopened, claimed.owned(), STATE));
        OwnedSettings.Reverted reverted = OwnedSettings.revert(reopened, record(claimed), STATE, "f");
        assertEquals("the user's own", reopened.get(f.b()));
        assertEquals("users-a", reopened.get(f.a()));
        assertEquals(1, reverted.kept().size(), reverted.kept().toString());
        assertTrue(reverted.kept().get(0).contains(f.b().toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void releaseTakesOutOnlyWhatConnectWroteAndAReclaimIsIdempotent(Format f) {
        Document doc = f.open().apply(f.existing());
        OwnedSettings.Claimed first = OwnedSettings.claim(doc, want(f, "ours-a", "ours-b"), null, STATE, Function.identity());
        Document again = f.open().apply(doc.text());
        OwnedSettings.Claimed same = OwnedSettings.claim(again, want(f, "ours-a", "ours-b"), record(first), STATE, Function.identity());
        assertEquals(List.of(), same.summary(), "nothing to change the second time");
        OwnedSettings.Claimed released = OwnedSettings.claim(again, want(f, "ours-a", null), record(same), STATE, Function.identity());
        assertEquals(List.of("remove " + f.b()), released.summary());
        assertNull(f.open().apply(again.text()).get(f.b()));
        // A value of the user's where this mode wants none is left alone and reported as foreign.
        Document users = f.open().apply(f.existing());
        OwnedSettings.Claimed foreign = OwnedSettings.claim(users, want(f, null, "ours-b"), null, STATE, Function.identity());
        assertEquals(List.of(f.a()), foreign.foreign());
        assertEquals("users-a", users.get(f.a()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void containersConnectCreatedGoWhenEmptyAgain(Format f) {
        Document doc = f.open().apply(f.name().equals("TOML") ? "keep = 1\n" : "{\"keep\": 1}");
        KeyPath deep = KeyPath.of("x", "y", "z");
        OwnedSettings.Claimed claimed = OwnedSettings.claim(doc, Map.of(deep, "v"), null, STATE, Function.identity());
        assertEquals("v", f.open().apply(doc.text()).get(deep));
        Document connected = f.open().apply(doc.text());
        OwnedSettings.revert(connected, record(claimed), STATE, "f");
        assertNull(connected.get(KeyPath.of("x")), connected.text());
        assertEquals(1, ((Number) connected.get(KeyPath.of("keep"))).intValue());
    }

    @org.junit.jupiter.api.Test
    void aManagedBlockKeepsTheLinesTheUserAddedInsideItOnRevert() {
        String profile = "# rc\n";
        Document doc = new BlockDocument(profile, ManagedBlock.DEFAULT, Map.of(), "~/.bashrc");
        OwnedSettings.Claimed claimed = OwnedSettings.claim(doc, Map.of(BlockDocument.BLOCK, "export A='1'\nexport B='2'"), null, STATE, Function.identity());
        String withUserLine = doc.text().replace("export B='2'\n", "export B='2'\nalias mine='ls'\n");
        FileRecord rec = new FileRecord(claimed.owned(), doc.memo(), null);
        Document edited = new BlockDocument(withUserLine, ManagedBlock.DEFAULT, doc.memo(), "~/.bashrc");
        assertEquals(1, OwnedSettings.drift(edited, claimed.owned(), STATE).size());
        OwnedSettings.Reverted reverted = OwnedSettings.revert(edited, rec, STATE, "~/.bashrc");
        assertEquals("# rc\n\nalias mine='ls'\n", edited.text());
        assertTrue(reverted.kept().get(0).contains("1 line(s) you added inside the block"), reverted.kept().toString());
        assertEquals(List.of("remove " + BlockDocument.BLOCK + ", keeping 1 line(s) you added inside the block"), reverted.summary());
        assertFalse(edited.text().contains("anyray-connect"));
    }

    @Test
    void aRecordThatOwnedAWholeListEntryHandsItToItsMembersSoRevertKeepsOnlyWhatTheUserAdded() {
        // What a 0.2.0 record says of Droid's entry: the entry as one value, created by connect.
        KeyPath entry = KeyPath.of("customModels").entry("displayName", "Anyray gateway");
        String written = "{\"customModels\": [{\"displayName\": \"Anyray gateway\", \"model\": \"m\", \"apiKey\": \"ark_wholeEntry0123456789\"}]}\n";
        Document doc = new JsonDocument(written, true, "settings.json");
        Map<String, ConnectState.Owned> old = Map.of(entry.toString(), new ConnectState.Owned(null, STATE.fingerprint(Values.canonical(doc.get(entry)))));
        Map<KeyPath, Object> members = new LinkedHashMap<>();
        members.put(entry.child("model"), "m");
        members.put(entry.child("apiKey"), "ark_wholeEntry0123456789");
        OwnedSettings.Claimed claimed = OwnedSettings.claim(doc, members, new FileRecord(old, null, List.of("customModels")), STATE, v -> v);
        assertFalse(claimed.owned().containsKey(entry.toString()), "the whole entry is no longer owned as one value");
        assertTrue(claimed.containers().contains(entry.toString()), "the entry is a container connect created");
        assertEquals(written, doc.text(), "nothing to change: the members already hold connect's values");
        // The user adds a field to the entry; a full revert takes out connect's members and keeps theirs.
        Document edited = new JsonDocument(written.replace("\"model\": \"m\"", "\"model\": \"m\", \"maxOutputTokens\": 4096"), true, "settings.json");
        OwnedSettings.revert(edited, record(claimed), STATE, "settings.json");
        assertEquals("{\"customModels\": [{\"displayName\": \"Anyray gateway\", \"maxOutputTokens\": 4096}]}\n", edited.text());
        // Without the user's field, the entry and the list connect created go entirely.
        Document untouched = new JsonDocument(written, true, "settings.json");
        OwnedSettings.revert(untouched, record(claimed), STATE, "settings.json");
        assertEquals("{}\n", untouched.text());
    }

    /** The record's answers for records of every age: which gateway is connected, whose key, which tool owns a file. */
    @Test
    void theRecordAnswersWhichGatewayWhoseKeyAndWhoOwnsAFileForRecordsOfEveryAge() {
        java.util.function.BiFunction<dev.anyray.connect.engine.ConnectState.Connection, String, dev.anyray.connect.engine.ConnectState> state = (connection, keyGateway) -> {
            java.util.Map<String, dev.anyray.connect.engine.ConnectState.ToolRecord> tools = new java.util.LinkedHashMap<>();
            tools.put("a", new dev.anyray.connect.engine.ConnectState.ToolRecord(null, null, null, java.util.Map.of("/h/f", new dev.anyray.connect.engine.ConnectState.FileRecord(null, null, null))));
            tools.put("b", new dev.anyray.connect.engine.ConnectState.ToolRecord("https://tool.example", null, null, java.util.Map.of("/h/g", new dev.anyray.connect.engine.ConnectState.FileRecord(null, null, null))));
            return new dev.anyray.connect.engine.ConnectState(dev.anyray.connect.engine.ConnectState.VERSION, "salt", keyGateway, null, null, keyGateway == null ? null : "file", null,
                    connection, new java.util.LinkedHashMap<>(), tools);
        };
        var today = state.apply(new dev.anyray.connect.engine.ConnectState.Connection("https://last.example", null, null, null), "https://key.example");
        assertEquals("https://last.example", today.connectedGateway());
        assertEquals("https://key.example", today.keyIssuedFor());
        assertTrue(today.hasStoredKey());
        var keyOnly = state.apply(null, "https://key.example");
        assertEquals("https://key.example", keyOnly.connectedGateway(), "a record from before the connection was kept: the key's gateway");
        var toolsOnly = state.apply(new dev.anyray.connect.engine.ConnectState.Connection(null, "u", null, null), null);
        assertEquals("https://tool.example", toolsOnly.connectedGateway(), "else the first connected tool's gateway");
        assertEquals("https://tool.example", toolsOnly.keyIssuedFor());
        assertFalse(toolsOnly.hasStoredKey());
        assertEquals(null, dev.anyray.connect.engine.ConnectState.empty().connectedGateway());
        assertTrue(today.isOwned("/h/f") && today.isOwned("/h/g"));
        assertFalse(today.isOwned("/h/other"));
        assertFalse(today.ownedByOtherThan("/h/f", java.util.List.of("a")), "only a owns f");
        assertTrue(today.ownedByOtherThan("/h/f", java.util.List.of("b")));
        assertFalse(dev.anyray.connect.engine.ConnectState.empty().isOwned("/h/f"));
    }

    /** The plan names each setting's change as what it is: added, set (short), updated (a block or long value, shown by the diff). */
    @Test
    void thePlanSaysAddSetOrUpdateForEachSetting() {
        try (dev.anyray.connect.tests.support.TempHome home = new dev.anyray.connect.tests.support.TempHome()) {
            home.write(".bashrc", "# rc\n");
            String[] first = {"--yes", "--gateway", "https://gw.example", "--tools", "claude-code,shell-env", "--user", "me@example.com", "--key-store", "file"};
            var add = dev.anyray.connect.tests.support.Cli.run(home, java.util.Map.of("ANYRAY_CLIENT_KEY", "ark_summaryKey0123456789"), first);
            assertEquals(0, add.exit(), add.toString());
            assertTrue(add.out().contains("- add env.ANTHROPIC_BASE_URL = https://gw.example\n"), add.out());
            assertTrue(add.out().contains("- add the anyray-connect block\n"), "a block is not repeated in the summary: " + add.out());
            // A long user name makes the header value long: shown by the diff, not in the summary line.
            String longUser = "a".repeat(130) + "@example.com";
            var again = dev.anyray.connect.tests.support.Cli.run(home, java.util.Map.of("ANYRAY_CLIENT_KEY", "ark_summaryKey0123456789"), "--yes", "--gateway", "https://other.example",
                    "--tools", "claude-code,shell-env", "--user", longUser, "--key-store", "file");
            assertEquals(0, again.exit(), again.toString());
            assertTrue(again.out().contains("- set env.ANTHROPIC_BASE_URL = https://other.example\n"), again.out());
            assertTrue(again.out().contains("- update env.ANTHROPIC_CUSTOM_HEADERS\n"), again.out());
            assertTrue(again.out().contains("- update the anyray-connect block\n"), again.out());
        }
    }

    /**
     * A value the user put where connect had taken its own out (subscription mode removes the gateway
     * key) is theirs: connect may take the place again, and revert gives the user's value back.
     */
    @Test
    void aValueTheUserPutWhereConnectTookItsOwnOutIsRestoredOnRevert() {
        try (dev.anyray.connect.tests.support.TempHome home = new dev.anyray.connect.tests.support.TempHome()) {
            java.util.Map<String, String> env = java.util.Map.of("ANYRAY_CLIENT_KEY", "ark_subsSwitchKey0123456789");
            String[] base = {"--yes", "--gateway", "https://gw.example", "--tools", "claude-code", "--user", "me@example.com", "--key-store", "file"};
            assertEquals(0, dev.anyray.connect.tests.support.Cli.run(home, env, base).exit());
            String[] subscription = java.util.Arrays.copyOf(base, base.length + 1);
            subscription[base.length] = "--subscription";
            assertEquals(0, dev.anyray.connect.tests.support.Cli.run(home, env, subscription).exit());
            String settings = home.read(".claude/settings.json");
            assertFalse(settings.contains("ANTHROPIC_AUTH_TOKEN"), settings);
            home.write(".claude/settings.json", settings.replace("\"env\": {", "\"env\": {\n    \"ANTHROPIC_AUTH_TOKEN\": \"users-own-token\","));
            assertEquals(0, dev.anyray.connect.tests.support.Cli.run(home, env, base).exit());
            assertTrue(home.read(".claude/settings.json").contains("\"ANTHROPIC_AUTH_TOKEN\": \"ark_subsSwitchKey0123456789\""), home.read(".claude/settings.json"));
            var revert = dev.anyray.connect.tests.support.Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertTrue(home.read(".claude/settings.json").contains("\"ANTHROPIC_AUTH_TOKEN\": \"users-own-token\""), "the user's value comes back: " + home.read(".claude/settings.json"));
            assertFalse(home.read(".claude/settings.json").contains("gw.example"));
        }
    }

    @Test
    void valuesPrintAsCompactJsonForComparingAndAsPeopleWriteItForFiles() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", 1);
        value.put("b", List.of("x", true));
        value.put("c", null);
        assertEquals("{\"a\":1,\"b\":[\"x\",true],\"c\":null}", Values.json(value));
        assertEquals("{\"a\": 1, \"b\": [\"x\", true], \"c\": null}", Values.jsonInline(value));
        assertEquals("plain", Values.canonical("plain"), "a string is itself");
        assertEquals(Values.json(value), Values.canonical(value));
    }
}
