package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.edit.JsonTree;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.edit.TomlDocument;
import dev.anyray.connect.ui.Diff;
import dev.anyray.connect.ui.Secrets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSONC reader and writer, TOML placement, the hunked diff and secret masking. */
class EditorsAndDiffTest {

    @Test
    void jsoncCommentsAndTrailingCommasAreReadAndSurviveAnEdit() throws Exception {
        String original = "{\n  // the user's note\n  \"provider\": {\n    \"a\": 1, /* inline */\n  },\n}\n";
        String edited = JsonTreeTest.set(original, true, List.of("provider", "b"), "\"x\"");
        assertEquals("{\n  // the user's note\n  \"provider\": {\n    \"a\": 1, /* inline */\n    \"b\": \"x\",\n  },\n}\n", edited);
        assertEquals("x", JsonTree.find(JsonTree.parse(edited, true), List.of("provider", "b")).string);
        assertEquals(original, JsonTreeTest.remove(edited, true, List.of("provider", "b")));
        assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse(original, false), "strict JSON still refuses comments");
    }

    @Test
    void aLineCommentAfterTheLastMemberStaysWithItsMember() throws Exception {
        String original = "{\n  \"a\": 1 // about a\n}\n";
        String edited = JsonTreeTest.set(original, true, List.of("b"), "2");
        assertEquals("{\n  \"a\": 1, // about a\n  \"b\": 2\n}\n", edited);
        assertEquals(original, JsonTreeTest.remove(edited, true, List.of("b")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": \"\\u+041\"}", "{\"a\": \"\\u-041\"}", "{\"a\": \"\\u 041\"}", "{\"a\": \"\\u004\"}", "{\"a\": \"\\u\uff10041\"}"})
    void onlyFourHexDigitsMakeAUnicodeEscape(String text) {
        JsonTree.SyntaxError error = assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse(text, false));
        assertTrue(error.getMessage().contains("\\u"), error.getMessage());
    }

    @Test
    void aNewTopLevelTomlKeyGoesBeforeTheFirstTableNotIntoTheLastOne() {
        String original = "model = \"o3\"\n\n[mcp_servers.docs]\ncommand = \"docs\"\n\n# trailing comment\n";
        TomlDocument doc = new TomlDocument(original, "anyray.config.toml");
        doc.set(KeyPath.of("model_provider"), "anyray");
        TomlDocument reread = new TomlDocument(doc.text(), "x");
        assertEquals("anyray", reread.get(KeyPath.of("model_provider")));
        assertEquals(null, reread.get(KeyPath.of("mcp_servers", "docs", "model_provider")), doc.text());
        assertTrue(doc.text().contains("# trailing comment"));
    }

    @Test
    void twoChangedLinesInALargeFileShowAsTwoSmallHunks() {
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < 3000; i++) a.append("line ").append(i).append('\n');
        String b = a.toString().replace("line 100\n", "LINE 100\n").replace("line 2900\n", "LINE 2900\n");
        List<String> diff = Diff.unified(a.toString(), b);
        assertEquals(List.of("@@ -99,5 +99,5 @@", " line 98", " line 99", "-line 100", "+LINE 100", " line 101", " line 102",
                "@@ -2899,5 +2899,5 @@", " line 2898", " line 2899", "-line 2900", "+LINE 2900", " line 2901", " line 2902"), diff);
    }

    @Test
    void aHugeDiffIsBoundedAndSaysWhatItLeftOut() {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            a.append("old ").append(i).append('\n');
            if (i % 10 == 0) b.append("new ").append(i).append('\n');
            else b.append("old ").append(i).append('\n');
        }
        List<String> diff = Diff.unified(a.toString(), b.toString());
        assertTrue(diff.size() <= 302, "bounded: " + diff.size());
        assertTrue(diff.get(diff.size() - 1).contains("not shown"), diff.get(diff.size() - 1));
    }

    @Test
    void everyKeyBearingValueIsMaskedButThePlaceholderIsNot() {
        Secrets secrets = new Secrets().add("my-very-own-secret-key");
        String text = "\"ANTHROPIC_API_KEY\": \"sk-ant-api03-abcdefghijklmnop\", \"apiKey\": \"xyz123456789\", "
                + "experimental_bearer_token = \"abcdefghij1234\" Authorization: Bearer tok_abcdefghijkl ark_0123456789abcdef "
                + "x-anyray-api-key: key0123456789 \"ANTHROPIC_AUTH_TOKEN\": \"sk-anyray-placeholder\" my-very-own-secret-key";
        String masked = secrets.mask(text);
        for (String secret : List.of("sk-ant-api03-abcdefghijklmnop", "xyz123456789", "abcdefghij1234", "tok_abcdefghijkl", "ark_0123456789abcdef",
                "key0123456789", "my-very-own-secret-key")) {
            assertFalse(masked.contains(secret), secret + " in " + masked);
        }
        assertTrue(masked.contains("sk-anyray-placeholder"), masked);
        assertTrue(masked.contains("sk-…mnop"), masked);
        for (String prose : List.of("~/.anyray/client-key: delete the stored personal key", "C:\\Users\\me\\.anyray\\client-key: permission denied")) {
            assertEquals(prose, secrets.mask(prose), "a file named like a key is not a setting");
        }
    }
    @Test
    void aTomlKeyIsAddedAtTheEndOfAFileWithoutTablesAndOnlyPathsWithAKeyBeforeAnEntryAreEntries() {
        TomlDocument empty = new TomlDocument("", "config.toml");
        empty.set(KeyPath.of("b"), 2);
        assertEquals("b = 2\n", empty.text());
        TomlDocument noNewline = new TomlDocument("a = 1", "config.toml");
        noNewline.set(KeyPath.of("b"), 2);
        assertEquals("a = 1\nb = 2\n", noNewline.text());
        TomlDocument existing = new TomlDocument("model = \"a\"\n[t]\nx = [1, 2]\ny = { z = \"w\" }\n", "config.toml");
        existing.set(KeyPath.of("model"), "b");
        assertEquals("b", TomlDocument.parse(existing.text(), "config.toml").getString("model"), existing.text());
        assertEquals(List.of(1L, 2L), existing.get(KeyPath.of("t", "x")));
        assertEquals(Map.of("z", "w"), existing.get(KeyPath.of("t", "y")));
        existing.setRaw(KeyPath.of("u"), existing.raw(KeyPath.of("t")));
        assertEquals(existing.get(KeyPath.of("t")), existing.get(KeyPath.of("u")), "a table's raw text sets an equal table: " + existing.text());
        KeyPath entryFirst = new KeyPath(List.of("[name=anyray]", "x"));
        assertThrows(IllegalArgumentException.class, () -> existing.get(entryFirst));
        assertThrows(IllegalArgumentException.class, () -> existing.set(entryFirst, 1));
        assertThrows(IllegalArgumentException.class, () -> existing.remove(entryFirst));
    }

    /** Comments next to a key connect removes stay, each where it was, however many look alike. */
    @ParameterizedTest(name = "[{index}] comments kept")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "# note\\na = 1\\n# note\\nb = 2\\n|b|# note\\na = 1\\n# note\\n",
            "a = 1\\n# one\\n# two\\nb = 2\\n|b|a = 1\\n# one\\n# two\\n",
            "[t]\\n# about x\\nx = 1\\n# about y\\ny = 2\\n|t.x|[t]\\n# about x\\n# about y\\ny = 2\\n"})
    void aTomlKeyRemovedLeavesTheCommentsBesideItWhereTheyWere(String original, String key, String expected) {
        TomlDocument doc = new TomlDocument(original.replace("\\n", "\n"), "config.toml");
        doc.remove(KeyPath.parse(key));
        assertEquals(expected.replace("\\n", "\n"), doc.text());
    }

    @Test
    void tomlEntriesAndContainersAreRemovedAndCountedEmptyAsTheyAre() {
        String text = "a = [1]\ne = []\ns = 1\n[t]\nx = 1\n[u]\n[[p]]\nname = \"anyray\"\n[[p]]\nname = \"mine\"\nkeep = true\n";
        TomlDocument doc = new TomlDocument(text, "config.toml");
        assertFalse(doc.isEmptyContainer(KeyPath.of("a")));
        assertTrue(doc.isEmptyContainer(KeyPath.of("e")));
        assertFalse(doc.isEmptyContainer(KeyPath.of("s")));
        assertFalse(doc.isEmptyContainer(KeyPath.of("t")));
        assertTrue(doc.isEmptyContainer(KeyPath.of("u")));
        assertFalse(doc.isEmptyContainer(KeyPath.of("missing")));
        assertTrue(doc.isEmptyContainer(KeyPath.of("p").entry("name", "anyray")), "an entry holding only its selector");
        assertFalse(doc.isEmptyContainer(KeyPath.of("p").entry("name", "mine")));
        assertFalse(doc.isEmpty());
        doc.remove(KeyPath.of("p").entry("name", "mine").child("keep"));
        assertTrue(doc.isEmptyContainer(KeyPath.of("p").entry("name", "mine")), doc.text());
        doc.remove(KeyPath.of("p").entry("name", "anyray"));
        assertEquals(List.of(Map.of("name", "mine")), doc.get(KeyPath.of("p")), doc.text());
        assertTrue(new TomlDocument("", "config.toml").isEmpty());
        assertTrue(new TomlDocument("\n  \n", "config.toml").isEmpty());
        assertFalse(new TomlDocument("# mine\n", "config.toml").isEmpty(), "a comment is the user's");
        TomlDocument lastString = new TomlDocument("a = \"\"\"x\"\"\"", "config.toml");
        lastString.set(KeyPath.of("b"), 2);
        assertEquals("a = \"\"\"x\"\"\"\nb = 2\n", lastString.text());
    }

    /** A new top-level TOML key goes right before the first real table header, whatever looks like one before it. */
    @ParameterizedTest
    @ValueSource(strings = {
            "a = \"[not.a.header]\"\n[t]\nx = 1\n",
            "a = \"with \\\" escaped quote [x]\"\n[t]\nx = 1\n",
            "a = 'literal \\ [x]'\n[t]\nx = 1\n",
            "a = \"\"\"\n[inside.multi]\n\"\"\"\n[t]\nx = 1\n",
            "a = \"\"\"ends with quotes\"\"\"\"\"\n[t]\nx = 1\n",
            "a = '''\n[[inside.literal]]\n'''\n[t]\nx = 1\n",
            "a = [\n  [1, 2],\n[3],\n]\n[t]\nx = 1\n",
            "a = { b = [1, [2]] }\n[t]\nx = 1\n",
            "# [comment.header]\na = 1 # [x]\n[t]\nx = 1\n",
            "a = 1\n  [t]\nx = 1\n",
            "a = 1\r\n[t]\r\nx = 1\r\n",
            "a = 1\n[[t]]\nx = 1\n",
            "[t]\nx = 1\n",
            "a = \'\'\'dir\\\'\'\'\n[t]\nx = 1\n",
            "a = \"x [\"\n[t]\nx = 1\n",
            "a = \"\"\"x\"\"\"\n[t]\nx = \"\"\"y\"\"\""})
    void aNewTopLevelTomlKeyGoesBeforeTheFirstRealHeader(String original) {
        TomlDocument doc = new TomlDocument(original, "p.toml");
        doc.set(KeyPath.of("model_provider"), "anyray");
        String text = doc.text();
        String headerLine = original.contains("[[t]]") ? "[[t]]" : "[t]";
        int key = text.indexOf("model_provider = \"anyray\"");
        assertTrue(key >= 0 && key < text.indexOf(headerLine), text);
        assertTrue(text.startsWith(original.substring(0, original.lastIndexOf('\n', original.indexOf(headerLine)) + 1)), "what came before is as it was: " + text);
        assertEquals("anyray", TomlDocument.parse(text, "p.toml").getString("model_provider"), "Codex reads it at the top level");
        assertTrue(text.endsWith(original.substring(original.lastIndexOf('\n', original.indexOf(headerLine)) + 1)), "the table is as it was: " + text);
    }
    /** Continue's entry added to every layout of a models list (and to none), and removed again: the file comes back byte for byte. */
    @ParameterizedTest(name = "[{index}] YAML entry added and removed exactly")
    @ValueSource(strings = {
            "name: x\nmodels:\n  - name: mine\n    model: m",
            "name: x\r\nmodels:\r\n  # first\r\n  - name: mine\r\n    model: m\r\n",
            "name: x\nmodels: []\n",
            "name: x\nmodels:  []  # none yet\nother: 1\n",
            "name: x\nmodels:\n",
            "name: x\nmodels:",
            "name: x",
            "",
            "# only a comment\n"})
    void aYamlEntryIsAddedToEveryLayoutAndRemovedExactly(String original) {
        KeyPath entry = KeyPath.of("models").entry("name", "Anyray gateway");
        dev.anyray.connect.edit.YamlDocument doc = new dev.anyray.connect.edit.YamlDocument(original, Map.of(), "c.yaml");
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("name", "Anyray gateway");
        value.put("model", "test-model");
        doc.set(entry, value);
        dev.anyray.connect.edit.YamlDocument reread = new dev.anyray.connect.edit.YamlDocument(doc.text(), Map.of(), "c.yaml");
        assertEquals("test-model", ((Map<?, ?>) reread.get(entry)).get("model"), doc.text());
        assertTrue(reread.has(entry), doc.text());
        if (original.contains("mine")) assertEquals("m", ((Map<?, ?>) reread.get(KeyPath.of("models").entry("name", "mine"))).get("model"), doc.text());
        if (original.contains("models:  []")) assertEquals("name: x\nmodels:  # none yet\n  - name: 'Anyray gateway'\n    model: 'test-model'\nother: 1\n", doc.text(), "the brackets go with the blanks before them");
        dev.anyray.connect.edit.YamlDocument back = new dev.anyray.connect.edit.YamlDocument(doc.text(), doc.memo(), "c.yaml");
        back.remove(entry);
        if (!original.contains("models")) back.remove(KeyPath.of("models"));
        assertEquals(original, back.text());
    }

    @Test
    void aYamlFileThatIsNotAMappingOrNotYamlIsNamedWithWhere() {
        for (String notAMapping : List.of("- a\n- b\n", "just text\n")) {
            var e = assertThrows(dev.anyray.connect.model.ConnectException.class, () -> new dev.anyray.connect.edit.YamlDocument(notAMapping, Map.of(), "c.yaml"));
            assertTrue(e.getMessage().startsWith("c.yaml must hold a YAML mapping (key: value)"), e.getMessage());
        }
        var e = assertThrows(dev.anyray.connect.model.ConnectException.class, () -> new dev.anyray.connect.edit.YamlDocument("a: 1\nb: [1, 2\nc: 3\n", Map.of(), "c.yaml"));
        assertTrue(e.getMessage().startsWith("c.yaml is not valid YAML (line 3, column 2: "), e.getMessage());
        assertTrue(new dev.anyray.connect.edit.YamlDocument("", Map.of(), "c.yaml").isEmpty());
        assertTrue(new dev.anyray.connect.edit.YamlDocument("models: []\n", Map.of(), "c.yaml").isEmptyContainer(KeyPath.of("models")));
        assertTrue(new dev.anyray.connect.edit.YamlDocument("models:\n", Map.of(), "c.yaml").isEmptyContainer(KeyPath.of("models")));
        assertFalse(new dev.anyray.connect.edit.YamlDocument("models:\n  - name: a\n", Map.of(), "c.yaml").isEmptyContainer(KeyPath.of("models")));
        assertFalse(new dev.anyray.connect.edit.YamlDocument("models:\n  - name: a\n", Map.of(), "c.yaml").isEmpty());
        assertFalse(new dev.anyray.connect.edit.YamlDocument("models: x\n", Map.of(), "c.yaml").isEmptyContainer(KeyPath.of("models")));
        assertFalse(new dev.anyray.connect.edit.YamlDocument("a: 1\n", Map.of(), "c.yaml").isEmptyContainer(KeyPath.of("models")));
    }

    /**
     * YAML's anchors can make a value that contains itself; reading it (as connect does for a key it
     * owns, to remember the user's value) stops at the cycle, while an anchor used twice side by side
     * is read twice.
     */
    /**
     * The comments of a removed table come back after the line above them, even when the line after a
     * comment is the same as that one (each [[p]] header opens another entry): the next comment then
     * goes after the second, not the first.
     */
    @Test
    void commentsOfARemovedTableGoBackInOrderBetweenRepeatedHeaders() {
        TomlDocument doc = new TomlDocument("[[p]]\n[t]\n# c\nx = 1\n[[p]]\n[t.u]\n# d\ny = 1\n", "x.toml");
        doc.remove(KeyPath.of("t"));
        assertEquals("[[p]]\n# c\n[[p]]\n# d\n", doc.text(), doc.text());
    }

    @Test
    void aYamlValueWhoseAnchorsMakeACycleIsReadUpToTheCycle() {
        var doc = new dev.anyray.connect.edit.YamlDocument("loop: &l [1, *l]\nself: &m {name: a, again: *m}\nshared: [&s x, *s]\n", Map.of(), "c.yaml");
        java.util.List<Object> loop = new java.util.ArrayList<>();
        loop.add("1");
        loop.add("*recursive*");
        assertEquals(loop, doc.get(KeyPath.of("loop")));
        Map<String, Object> self = new java.util.LinkedHashMap<>();
        self.put("name", "a");
        self.put("again", "*recursive*");
        assertEquals(self, doc.get(KeyPath.of("self")));
        assertEquals(List.of("x", "x"), doc.get(KeyPath.of("shared")), "an alias that is not inside its own anchor is its value");
    }

    /** Aider's top-level values: replaced where they are (a comment after one stays), added at the end, and each earlier line given back exactly. */
    @ParameterizedTest(name = "[{index}] YAML value set and given back exactly")
    @ValueSource(strings = {
            "model: gpt-4 # mine\nother: 1\n",
            "other: 1\r\nmodel: 'gpt-4'\r\n",
            "other: 1\nmodel: gpt-4",
            "other: 1",
            "",
            "# settings\n"})
    void aTopLevelYamlValueIsSetInPlaceOrAddedAndGivenBackExactly(String original) {
        KeyPath model = KeyPath.of("model"), base = KeyPath.of("openai-api-base");
        dev.anyray.connect.edit.YamlDocument doc = new dev.anyray.connect.edit.YamlDocument(original, Map.of(), ".aider.conf.yml");
        String earlierModel = doc.raw(model), earlierBase = doc.raw(base);
        doc.set(model, "openai/test-model");
        doc.set(base, "https://gw.example/v1");
        dev.anyray.connect.edit.YamlDocument reread = new dev.anyray.connect.edit.YamlDocument(doc.text(), Map.of(), ".aider.conf.yml");
        assertEquals("openai/test-model", reread.get(model), doc.text());
        assertEquals("https://gw.example/v1", reread.get(base), doc.text());
        if (original.contains("# mine")) assertTrue(doc.text().startsWith("model: 'openai/test-model' # mine\n"), doc.text());
        if (original.contains("other")) assertEquals("1", reread.get(KeyPath.of("other")), doc.text());
        dev.anyray.connect.edit.YamlDocument back = new dev.anyray.connect.edit.YamlDocument(doc.text(), doc.memo(), ".aider.conf.yml");
        if (earlierBase == null) back.remove(base); else back.setRaw(base, earlierBase);
        if (earlierModel == null) back.remove(model); else back.setRaw(model, earlierModel);
        assertEquals(original, back.text());
        var e = assertThrows(dev.anyray.connect.model.ConnectException.class, () -> new dev.anyray.connect.edit.YamlDocument("model:\n  - a\n", Map.of(), ".aider.conf.yml").set(model, "x"));
        assertEquals(".aider.conf.yml: \"model\" must be a single value on its own line; fix it and run again. Nothing was changed", e.getMessage());
    }

    @Test
    void yamlEntriesAreFoundAmongOtherItemsTheFirstIsReplacedInPlaceAndValuesReadAsTheyAre() {
        KeyPath ours = KeyPath.of("models").entry("name", "Anyray gateway");
        var doc = new dev.anyray.connect.edit.YamlDocument("models:\n  - plain\n  - name: Anyray gateway\n    model: old\n", Map.of(), "c.yaml");
        assertTrue(doc.has(ours));
        assertFalse(doc.has(KeyPath.of("models").entry("name", "plain")), "a plain item is no entry");
        assertFalse(doc.has(KeyPath.of("absent")));
        assertTrue(doc.has(KeyPath.of("models")));
        assertEquals(List.of("plain", Map.of("name", "Anyray gateway", "model", "old")), doc.get(KeyPath.of("models")));
        var first = new dev.anyray.connect.edit.YamlDocument("models:\n  - name: Anyray gateway\n    model: old\n  - name: B\n", Map.of(), "c.yaml");
        first.set(ours, new java.util.LinkedHashMap<>(Map.of("name", "Anyray gateway")));
        assertEquals("models:\n  - name: 'Anyray gateway'\n  - name: B\n", first.text(), "the first entry is replaced where it is");
        var values = new dev.anyray.connect.edit.YamlDocument("a: 1\n", Map.of(), "c.yaml");
        values.set(KeyPath.of("n"), 5);
        values.set(KeyPath.of("t"), true);
        assertEquals("a: 1\nn: 5\nt: true\n", values.text());
        var e = assertThrows(dev.anyray.connect.model.ConnectException.class, () -> new dev.anyray.connect.edit.YamlDocument("model:\n  gpt-4\n", Map.of(), "c.yaml").set(KeyPath.of("model"), "x"));
        assertTrue(e.getMessage().endsWith("\"model\" must be a single value on its own line; fix it and run again. Nothing was changed"), e.getMessage());
        assertTrue(new dev.anyray.connect.edit.YamlDocument("models: {}\n", Map.of(), "c.yaml").isEmptyContainer(KeyPath.of("models")));
        assertFalse(new dev.anyray.connect.edit.YamlDocument("models: {a: 1}\n", Map.of(), "c.yaml").isEmptyContainer(KeyPath.of("models")));
    }

    @Test
    void anEarlierYamlValueComesBackWhereItWasOrAtTheEndWhenItsKeyIsGone() {
        KeyPath ours = KeyPath.of("models").entry("name", "Anyray gateway");
        String original = "models:\n  - name: Anyray gateway\n    model: old # mine\n  - name: B\n";
        var doc = new dev.anyray.connect.edit.YamlDocument(original, Map.of(), "c.yaml");
        String earlier = doc.raw(ours);
        doc.set(ours, new java.util.LinkedHashMap<>(Map.of("name", "Anyray gateway")));
        var back = new dev.anyray.connect.edit.YamlDocument(doc.text(), doc.memo(), "c.yaml");
        back.setRaw(ours, earlier);
        assertEquals(original, back.text(), "the first entry was replaced in place and comes back there");
        var gone = new dev.anyray.connect.edit.YamlDocument("other: 1\n", Map.of(), "c.yaml");
        gone.setRaw(KeyPath.of("model"), "model: gpt-4 # mine");
        assertEquals("other: 1\nmodel: gpt-4 # mine\n", gone.text(), "a key the user took out since comes back at the end");
    }

    /** Continue's entry moved to the top goes back to its own place on revert, in every layout. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aMovedYamlEntryGoesBackToItsPlace(int at) {
        for (String nl : new String[] {"\n", "\r\n"}) {
            for (boolean finalNewline : new boolean[] {true, false}) {
                StringBuilder list = new StringBuilder("models:" + nl);
                String[] items = {"  # about A" + nl + "  - name: A" + nl + "    model: a" + nl, "  - name: B" + nl + "    model: b # b's" + nl, "  # about C" + nl + "  - name: C" + nl + "    model: c" + nl};
                String ours = "  - name: Anyray gateway" + nl + "    model: old" + nl;
                for (int i = 0; i <= items.length; i++) {
                    if (i == at) list.append(ours);
                    if (i < items.length) list.append(items[i]);
                }
                String original = "name: x" + nl + list;
                if (!finalNewline) original = original.substring(0, original.length() - nl.length());
                KeyPath entry = KeyPath.of("models").entry("name", "Anyray gateway");
                dev.anyray.connect.edit.YamlDocument doc = new dev.anyray.connect.edit.YamlDocument(original, java.util.Map.of(), "c.yaml");
                String previous = doc.raw(entry);
                java.util.Map<String, Object> value = new java.util.LinkedHashMap<>();
                value.put("name", "Anyray gateway");
                value.put("model", "new");
                doc.set(entry, value);
                String moved = doc.text();
                assertTrue(moved.startsWith("name: x" + nl + "models:" + nl + "  - name: 'Anyray gateway'" + nl), moved);
                dev.anyray.connect.edit.YamlDocument back = new dev.anyray.connect.edit.YamlDocument(moved, doc.memo(), "c.yaml");
                back.setRaw(entry, previous);
                assertEquals(original, back.text(), "index " + at + ", " + (nl.length() == 2 ? "CRLF" : "LF") + (finalNewline ? "" : ", no final newline"));
            }
        }
    }
}
