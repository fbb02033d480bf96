package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.JsonOut;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import dev.anyray.connect.edit.JsonDocument;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.edit.ManagedBlock;
import dev.anyray.connect.edit.TomlDocument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One end-to-end test per editor bug reported against real layouts (each failed before its fix). */
class EditorRegressionsTest {
    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = new TestGateway();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static Cli.Result connect(TempHome home, String tool, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--yes", "--gateway", gw.url(), "--tools", tool, "--user", "me@example.com",
                "--model", "test-model", "--key-store", "file"));
        args.addAll(java.util.List.of(more));
        return Cli.run(home, args.toArray(String[]::new));
    }

    static void ok(Cli.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }

    @Test
    void emojiAboveContinuesEntryShiftNoSpanAndEveryModeWorks() throws Exception {
        try (TempHome home = new TempHome()) {
            String emoji = "😀".repeat(40);
            String original = "# " + emoji + "\nname: Mine 𝄞\nversion: 1.0.0\nschema: v1\n# " + emoji + emoji + "\nmodels:\n  - name: Local\n    provider: ollama\n    model: llama3\n"
                    + "context:\n  - provider: code\n";
            home.write(".continue/config.yaml", original);
            Cli.Result json = connect(home, "continue", "--json");
            ok(json);
            assertEquals("apply", JsonOut.one(json.out()).get("action").asText());
            String after = home.read(".continue/config.yaml");
            assertTrue(after.indexOf("name: 'Anyray gateway'") < after.indexOf("name: Local"), after);
            assertTrue(after.endsWith("context:\n  - provider: code\n"), after);
            ok(Cli.run(home, "--status"));
            home.write(".continue/config.yaml", after.replace("model: llama3", "model: llama3.1"));
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            ok(revert);
            assertFalse(revert.all().contains("not valid YAML"), revert.toString());
            assertEquals(original.replace("model: llama3", "model: llama3.1"), home.read(".continue/config.yaml"));
        }
    }

    @Test
    void continuesExistingEntryBelowAnotherModelMovesFirstAndRevertPutsItBack() throws Exception {
        try (TempHome home = new TempHome()) {
            String original = "name: c\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: Local\n    provider: ollama\n    model: llama3\n"
                    + "  - name: Anyray gateway\n    provider: openai\n    model: old\n  - name: Last\n    provider: ollama\n    model: x\n";
            home.write(".continue/config.yaml", original);
            Cli.Result r = connect(home, "continue");
            ok(r);
            String after = home.read(".continue/config.yaml");
            assertTrue(after.startsWith("name: c\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: 'Anyray gateway'\n"), after);
            assertTrue(after.indexOf("name: Local") < after.indexOf("name: Last"), "the user's own order stays: " + after);
            // A key-by-key revert (the user changed another model since) puts the old entry back where it was.
            home.write(".continue/config.yaml", after.replace("model: x", "model: y"));
            ok(Cli.run(home, "--revert", "--yes"));
            assertEquals(original.replace("model: x", "model: y"), home.read(".continue/config.yaml"));
        }
    }

    @Test
    void jsoncCommentsInsideAnEmptyObjectOrListOutliveConnectAndAKeyByKeyRevert() throws Exception {
        try (TempHome home = new TempHome()) {
            String opencode = "{\n  \"provider\": { // my providers go here\n  }\n}\n";
            String droid = "{\n  \"customModels\": [ /* none yet */ ]\n}\n";
            home.write(".config/opencode/opencode.json", opencode);
            home.write(".factory/settings.json", droid);
            ok(connect(home, "opencode,factory-droid"));
            assertTrue(home.read(".config/opencode/opencode.json").contains("// my providers go here"), home.read(".config/opencode/opencode.json"));
            assertTrue(home.read(".factory/settings.json").contains("/* none yet */"), home.read(".factory/settings.json"));
            // opencode adds its $schema: revert now goes key by key, and the comments must still be there after it.
            String withSchema = home.read(".config/opencode/opencode.json").replaceFirst("\\{", "{\n  \"\\$schema\": \"https://opencode.ai/config.json\",");
            home.write(".config/opencode/opencode.json", withSchema);
            home.write(".factory/settings.json", home.read(".factory/settings.json").replaceFirst("\\{", "{\n  \"theme\": \"dark\","));
            ok(Cli.run(home, "--revert", "--yes"));
            assertEquals("{\n  \"$schema\": \"https://opencode.ai/config.json\",\n  \"provider\": { // my providers go here\n  }\n}\n", home.read(".config/opencode/opencode.json"));
            assertEquals("{\n  \"theme\": \"dark\",\n  \"customModels\": [ /* none yet */ ]\n}\n", home.read(".factory/settings.json"));
        }
    }

    @Test
    void yamlTagsReadAsTextInEveryMode() throws Exception {
        try (TempHome home = new TempHome()) {
            String original = "name: c\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: Mine\n    provider: openai\n    model: m\n    apiKey: !secret my_key\n";
            home.write(".continue/config.yaml", original);
            ok(Cli.run(home, "--dry-run", "--gateway", gw.url(), "--tools", "continue", "--model", "test-model"));
            ok(connect(home, "continue"));
            ok(Cli.run(home, "--status", "--tools", "continue"));
            ok(Cli.run(home, "--revert", "--yes"));
            assertEquals(original, home.read(".continue/config.yaml"));
        }
    }

    @Test
    void aCodexProfileWithAMultiLineArrayOfArraysIsEdited() throws Exception {
        try (TempHome home = new TempHome()) {
            String original = "model = \"o3\"\nmatrix = [\n  [1, 2],\n[3, 4],\n]\n\n[profiles.work]\nmodel = \"o3\"\n";
            home.write(".codex/anyray.config.toml", original); // a profile Codex itself wrote into
            ok(connect(home, "codex"));
            String after = home.read(".codex/anyray.config.toml");
            assertTrue(after.indexOf("model_provider = \"anyray\"") < after.indexOf("[profiles.work]"), after);
            assertTrue(after.contains("matrix = [\n  [1, 2],\n[3, 4],\n]\n"), after);
            ok(Cli.run(home, "--revert", "--yes"));
            assertEquals(original, home.read(".codex/anyray.config.toml"));
        }
    }

    /** tomlj counts a comment line as part of the entry beside it: removing connect's table took the user's note below it along. */
    @Test
    void aCommentTheUserWritesBesideConnectsTomlTablesOutlivesRevert() throws Exception {
        try (TempHome home = new TempHome()) {
            String original = "# my Kimi settings\ndefault_model = \"mine\"\n\n[providers.mine]\ntype = \"openai\"\n";
            home.write(".kimi-code/config.toml", original);
            ok(connect(home, "kimi-code"));
            String connected = home.read(".kimi-code/config.toml");
            home.write(".kimi-code/config.toml", "# above everything\n" + connected + "# my note at the end\n");
            ok(Cli.run(home, "--revert", "--yes"));
            String after = home.read(".kimi-code/config.toml");
            assertTrue(after.contains("# my note at the end") && after.contains("# above everything") && after.contains("# my Kimi settings"), after);
            assertTrue(after.indexOf("# my Kimi settings") < after.indexOf("[providers.mine]") && after.indexOf("[providers.mine]") < after.indexOf("# my note at the end"), after);
            assertTrue(!after.contains("anyray") && after.contains("default_model = \"mine\""), after);
        }
    }

    @Test
    void anEmptyModelsListComesBackAsAListAndABareModelsKeyOfTheUsersStays() throws Exception {
        for (String models : new String[] {"models: []\n", "models:\n"}) {
            try (TempHome home = new TempHome()) {
                String original = "name: c\nversion: 1.0.0\nschema: v1\n" + models + "userSetting: a\n";
                home.write(".continue/config.yaml", original);
                ok(connect(home, "continue"));
                home.write(".continue/config.yaml", home.read(".continue/config.yaml").replace("userSetting: a", "userSetting: b"));
                ok(Cli.run(home, "--revert", "--yes"));
                assertEquals(original.replace("userSetting: a", "userSetting: b"), home.read(".continue/config.yaml"), "for " + models.strip());
            }
        }
    }

    @Test
    void aFieldTheUserAddsToDroidsEntryStaysAndEverythingConnectWroteGoesKeyIncluded() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(".factory/settings.json", "{\n  \"customModels\": []\n}\n");
            String invite = gw.invite("me@example.com", null);
            ok(connect(home, "factory-droid", "--invite", invite));
            String after = home.read(".factory/settings.json");
            String key = gw.keyOf(invite);
            assertTrue(after.contains(key), after);
            home.write(".factory/settings.json", after.replace("\"model\": \"test-model\"", "\"model\": \"test-model\", \"maxOutputTokens\": 4096"));
            ok(Cli.run(home, "--revert", "--yes"));
            String reverted = home.read(".factory/settings.json");
            assertFalse(reverted.contains(key), "the personal key outlived the revert: " + reverted);
            assertFalse(reverted.contains("baseUrl"), reverted);
            assertTrue(reverted.contains("\"maxOutputTokens\": 4096"), reverted);
            assertFalse(home.exists(".anyray/state.json"), "the record is gone, so nothing connect wrote may stay");
        }
    }

    @Test
    void anUnexpectedErrorStillPrintsOneJsonDocument() throws Exception {
        try (TempHome home = new TempHome()) {
            // A folder name the JDK refuses (a NUL byte): no check of ours expects it, so it surfaces as a bug would.
            Cli.Result r = Cli.run(home, Map.of("CODEX_HOME", "bad\u0000dir"), "--yes", "--json", "--gateway", gw.url(), "--tools", "codex", "--model", "test-model");
            assertEquals(1, r.exit(), r.toString());
            JsonNode doc = JsonOut.one(r.out());
            assertEquals(1, doc.get("exitCode").asInt(), r.out());
            assertTrue(doc.get("error").asText().startsWith("unexpected "), r.out());
            // The placeholder warning may come first; the bug itself is one line, with no stack trace.
            assertEquals(1, r.err().lines().filter(l -> l.contains("unexpected")).count(), "one line for the error: " + r.err());
            assertTrue(r.err().lines().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")), "no stack trace: " + r.err());
        }
    }

    @Test
    void aLongOneLineFileIsClippedInTheDiffAroundTheChangeAndMaskedWhole() throws Exception {
        try (TempHome home = new TempHome()) {
            String filler = "x".repeat(2_400_000);
            home.write(".claude/settings.json", "{\"filler\": \"" + filler + "\", \"env\": {\"MY_API_KEY\": \"sk-users-own-secret-1234567890\"}}");
            Cli.Result dry = Cli.run(home, "--dry-run", "--gateway", gw.url(), "--tools", "claude-code");
            ok(dry);
            assertTrue(dry.out().length() < 20_000, "the diff printed " + dry.out().length() + " characters");
            assertTrue(dry.out().contains("characters]"), "the diff says what it left out: " + dry.out());
            assertTrue(dry.out().contains("ANTHROPIC_BASE_URL"), "the clip shows the change: " + dry.out());
            assertFalse(dry.out().contains("users-own-secret"), "the user's own token is masked: " + dry.out());
        }
    }

    /**
     * A block taken out of a file the user added lines to after it leaves the file as theirs would be
     * without connect: no blank line of connect's, the line above still ended, in the file's own line
     * breaks, whether it ended with one, had none, or used CRLF.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ends with a newline", "no final newline", "CRLF", "a blank line before"})
    void aBlockRemovedBeforeTheUsersLaterLinesLeavesNoBlankLineOfConnects(String shape) {
        String original = switch (shape) {
            case "ends with a newline" -> "# rc\nexport A=1\n";
            case "no final newline" -> "# rc\nexport A=1";
            case "CRLF" -> "# rc\r\nexport A=1\r\n";
            default -> "# rc\n\n";
        };
        String nl = shape.equals("CRLF") ? "\r\n" : "\n";
        var edit = dev.anyray.connect.edit.ManagedBlock.upsert(original, java.util.List.of("export X=1"), "~/.bashrc");
        String withUsers = edit.text() + "alias ll='ls -l'" + nl;
        String removed = dev.anyray.connect.edit.ManagedBlock.remove(withUsers, edit.separator(), "~/.bashrc");
        String expected = (original.endsWith("\n") ? original : original + nl) + "alias ll='ls -l'" + nl;
        assertEquals(expected, removed, "separator " + edit.separator().replace("\n", "\\n").replace("\r", "\\r"));
        assertEquals(original, dev.anyray.connect.edit.ManagedBlock.remove(edit.text(), edit.separator(), "~/.bashrc"), "and with nothing after it, the file as it was");
    }

    /** A key deep in a table of an array of tables gets the table and the tables on its way; a whole entry is never set (connect owns keys in it). */
    @Test
    void aDeepKeyInATomlEntryGetsItsTablesAndAWholeEntryIsNotSet() throws Exception {
        String user = "[[providers]]\nname = \"mine\"\nsize = 1\n";
        TomlDocument doc = new TomlDocument(user, "config.toml");
        assertThrows(IllegalArgumentException.class, () -> doc.set(KeyPath.of("providers").entry("name", "anyray"), Map.of("size", 2L)));
        assertEquals(user, doc.text());
        doc.set(KeyPath.of("providers").entry("name", "anyray").child("headers").child("x-anyray-metadata"), "{}");
        var parsed = TomlDocument.parse(doc.text(), "config.toml");
        assertEquals(2, parsed.getArray("providers").size(), doc.text());
        assertEquals("mine", parsed.getArray("providers").getTable(0).getString("name"), "the user's entry stays: " + doc.text());
        assertEquals(1L, parsed.getArray("providers").getTable(0).getLong("size"), doc.text());
        assertEquals("anyray", parsed.getArray("providers").getTable(1).getString("name"), doc.text());
        assertEquals("{}", parsed.getArray("providers").getTable(1).getString("headers.x-anyray-metadata"), doc.text());

        TomlDocument fresh = new TomlDocument("", "config.toml");
        fresh.set(KeyPath.of("providers").entry("name", "anyray").child("headers").child("x-anyray-metadata"), "{}");
        parsed = TomlDocument.parse(fresh.text(), "config.toml");
        assertEquals("{}", parsed.getArray("providers").getTable(0).getString("headers.x-anyray-metadata"), fresh.text());
        assertEquals("anyray", parsed.getArray("providers").getTable(0).getString("name"), fresh.text());
        assertEquals("{}", fresh.get(KeyPath.of("providers").entry("name", "anyray").child("headers").child("x-anyray-metadata")));
        assertThrows(IllegalArgumentException.class, () -> fresh.set(KeyPath.of("providers").entry("name", "x"), "not a table"));
    }

    @Test
    void removingAKeyThatIsNotThereLeavesTheJsonAsItWas() {
        String text = "{\n  \"a\": 1, // note\n  \"b\": {\"c\": 2}\n}\n";
        JsonDocument doc = new JsonDocument(text, true, "settings.json");
        doc.remove(KeyPath.of("absent"));
        doc.remove(KeyPath.of("b", "absent"));
        assertEquals(text, doc.text());
    }

    /** A block whose markers do not pair up is named and left alone; a marker inside a line is not one; a block that ended the file without a newline still does. */
    @Test
    void aBlockIsFoundOnlyByWholeMarkerLinesThatPairUp() {
        String begin = ManagedBlock.BEGIN, end = ManagedBlock.END;
        for (String damaged : List.of(end + "\nexport A=1\n", "x\n" + end + "\n", begin + "\nA\n", begin + "\n" + begin + "\nA\n" + end + "\n")) {
            var e = assertThrows(dev.anyray.connect.model.ConnectException.class, () -> ManagedBlock.upsert(damaged, List.of("B"), "~/.bashrc"), damaged);
            assertTrue(e.getMessage().startsWith("~/.bashrc has an anyray-connect block whose '" + begin + "' or '" + end + "' line is missing"), e.getMessage());
        }
        String quoted = "echo '" + begin + "'\n" + begin + "\nold\n" + end + "\n";
        assertEquals("echo '" + begin + "'\n" + begin + "\nnew\n" + end + "\n", ManagedBlock.upsert(quoted, List.of("new"), "rc").text(), "the marker inside a line is not the block's");
        String noFinalNewline = "x\n" + begin + "\nold\n" + end;
        assertEquals("x\n" + begin + "\nnew\n" + end, ManagedBlock.upsert(noFinalNewline, List.of("new"), "rc").text());
        String crlf = "x\r\n" + begin + "\r\nold\r\n" + end;
        assertEquals("x\r\n" + begin + "\r\nnew\r\n" + end, ManagedBlock.upsert(crlf, List.of("new"), "rc").text());
        assertEquals("no block here\n", ManagedBlock.remove("no block here\n", "\n", "rc"), "removing from a file without the block changes nothing");
    }

    /**
     * The record keeps connect's block lines as salted fingerprints only: each document its own random
     * salt, so the same lines give other fingerprints elsewhere, and nothing in the record reads back as
     * a line. Revert takes the block out whole when only connect's lines are in it.
     */
    @Test
    void blockLinesAreRecordedAsFingerprintsSaltedPerDocumentAndAnOwnBlockRevertsWhole() {
        String line = "export OPENAI_BASE_URL='https://gw.example/v1'";
        var a = new dev.anyray.connect.edit.BlockDocument("# rc\n", ManagedBlock.DEFAULT, Map.of(), "rc");
        var b = new dev.anyray.connect.edit.BlockDocument("# rc\n", ManagedBlock.DEFAULT, Map.of(), "rc");
        a.set(KeyPath.of("block"), line);
        b.set(KeyPath.of("block"), line);
        String saltA = a.memo().get("salt"), saltB = b.memo().get("salt");
        assertTrue(saltA.matches("[0-9a-f]{24}") && !saltA.equals("0".repeat(24)), saltA);
        assertFalse(saltA.equals(saltB), "a salt of its own");
        String linesA = a.memo().get("lines");
        assertFalse(linesA.equals(b.memo().get("lines")), "the same line, other fingerprints");
        assertFalse(linesA.equals(dev.anyray.connect.edit.BlockDocument.fingerprints("", line)), "the salt is part of each fingerprint");
        assertEquals(linesA, dev.anyray.connect.edit.BlockDocument.fingerprints(saltA, line));
        assertFalse(linesA.contains("gw.example"));

        assertEquals("", a.revertChanged(KeyPath.of("block")), "only connect's lines: nothing kept");
        assertEquals("# rc\n", a.text());
        assertEquals(null, a.revertChanged(KeyPath.of("block")), "no block left to revert");
        assertEquals("# rc\n", a.text());
        assertTrue(new dev.anyray.connect.edit.BlockDocument("", ManagedBlock.DEFAULT, Map.of(), "rc").isEmpty());
        assertFalse(a.isEmpty());

        Map<String, String> version1 = Map.of("lines", line);
        Map<String, String> upgraded = dev.anyray.connect.edit.BlockDocument.withFingerprintedLines(version1);
        String salt = upgraded.get("salt");
        assertEquals(dev.anyray.connect.edit.BlockDocument.fingerprints(salt, line), upgraded.get("lines"), "a version 1 record's clear lines are fingerprinted");
        assertTrue(upgraded == dev.anyray.connect.edit.BlockDocument.withFingerprintedLines(upgraded), "a record with a salt is as it was");
        assertEquals(null, dev.anyray.connect.edit.BlockDocument.withFingerprintedLines(null));
        Map<String, String> noLines = Map.of("separator", "\n");
        assertTrue(noLines == dev.anyray.connect.edit.BlockDocument.withFingerprintedLines(noLines));
    }

    @Test
    void aJsonPathThroughAValueThatIsNotAnObjectIsNamedAndListEntriesAreFoundMadeAndCountedEmpty() {
        var env = assertThrows(dev.anyray.connect.model.ConnectException.class, () -> new JsonDocument("{\"env\": \"x\"}", false, "settings.json").set(KeyPath.of("env", "A"), "1"));
        assertEquals("settings.json: \"env\" must be an object of variables; fix it and run again. Nothing was changed", env.getMessage());
        var list = assertThrows(dev.anyray.connect.model.ConnectException.class, () -> new JsonDocument("{\"a\": {\"b\": [1]}}", false, "settings.json").set(KeyPath.of("a", "b", "c"), "1"));
        assertEquals("settings.json: \"a.b\" must be an object; fix it and run again. Nothing was changed", list.getMessage());

        JsonDocument doc = new JsonDocument("{}", false, "config.json");
        KeyPath deep = KeyPath.of("models").entry("id", "x").child("options").child("baseURL");
        doc.set(deep, "https://gw");
        assertEquals("https://gw", doc.get(deep), doc.text());
        assertEquals("x", doc.get(KeyPath.of("models").entry("id", "x").child("id")), doc.text());
        assertThrows(IllegalArgumentException.class, () -> new JsonDocument("{}", false, "c.json").set(new KeyPath(List.of("models", "[id=x]", "[id=y]")), "1"));
        JsonDocument whole = new JsonDocument("{\"m\": []}", false, "c.json");
        whole.set(KeyPath.of("m").entry("id", "x"), new java.util.LinkedHashMap<>(Map.of("id", "x")));
        assertEquals("{\"m\": [\n  {\"id\": \"x\"}\n]}", whole.text(), "a whole entry is its value");

        JsonDocument lists = new JsonDocument("{\"list\": [{\"id\": \"a\"}, {\"id\": \"b\", \"v\": 1}], \"one\": 1, \"o\": {}, \"e\": []}", false, "c.json");
        assertEquals(1, lists.indexOf(KeyPath.of("list").entry("id", "b")));
        assertEquals(0, lists.indexOf(KeyPath.of("list").entry("id", "a")));
        assertEquals(-1, lists.indexOf(KeyPath.of("list").entry("id", "c")));
        assertEquals(-1, lists.indexOf(KeyPath.of("one").entry("id", "a")), "not a list");
        assertEquals(-1, lists.indexOf(KeyPath.of("none").entry("id", "a")), "no list");
        assertEquals(-1, lists.indexOf(KeyPath.of("list", "plain")), "not an entry");
        assertTrue(lists.isEmptyContainer(KeyPath.of("list").entry("id", "a")), "an entry holding only its selector");
        assertFalse(lists.isEmptyContainer(KeyPath.of("list").entry("id", "b")));
        assertTrue(lists.isEmptyContainer(KeyPath.of("o")));
        assertTrue(lists.isEmptyContainer(KeyPath.of("e")));
        assertFalse(lists.isEmptyContainer(KeyPath.of("one")), "a number");
        assertFalse(lists.isEmptyContainer(KeyPath.of("missing")));
        assertFalse(lists.isEmpty());
        assertTrue(new JsonDocument("{ }", false, "c.json").isEmpty());
    }
}
