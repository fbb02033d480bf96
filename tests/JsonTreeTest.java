package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.edit.JsonTree;
import dev.anyray.connect.edit.JsonDocument;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.model.Text;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTreeTest {
    static String set(String text, boolean jsonc, List<String> path, String raw) {
        JsonDocument doc = new JsonDocument(text, jsonc, "test.json");
        doc.setRaw(new KeyPath(path), raw);
        return doc.text();
    }

    static String remove(String text, boolean jsonc, List<String> path) {
        JsonDocument doc = new JsonDocument(text, jsonc, "test.json");
        doc.remove(new KeyPath(path));
        return doc.text();
    }


    @ParameterizedTest(name = "[{index}] layout kept and revert exact")
    @ValueSource(strings = {
            "{\n  \"model\": \"opus\",\n  \"env\": {\n    \"FOO\": \"bar\"\n  },\n  \"z\": [1, 2]\n}\n",
            "{\n    \"model\": \"opus\"\n}",
            "{\r\n\t\"model\": \"opus\",\r\n\t\"env\": {}\r\n}\r\n",
            "{\"model\":\"opus\",\"env\":{\"A\":1}}",
            "{}",
            "{ }\n",
            "\uFEFF{\n  \"a\": true\n}\n"})
    void setThenRemoveGivesTheOriginalBackByteForByte(String original) throws Exception {
        String edited = set(original, false, List.of("env", "ANTHROPIC_BASE_URL"), Text.jsonString("http://gw", false));
        edited = set(edited, false, List.of("env", "ANTHROPIC_AUTH_TOKEN"), Text.jsonString("k", false));
        JsonTree.Node root = JsonTree.parse(edited, false);
        assertEquals("http://gw", JsonTree.find(root, List.of("env", "ANTHROPIC_BASE_URL")).string);
        assertEquals("k", JsonTree.find(root, List.of("env", "ANTHROPIC_AUTH_TOKEN")).string);
        String reverted = remove(remove(edited, false, List.of("env", "ANTHROPIC_AUTH_TOKEN")), false, List.of("env", "ANTHROPIC_BASE_URL"));
        if (JsonTree.parse(original, false).get("env") == null) reverted = remove(reverted, false, List.of("env"));
        if (!original.equals("{ }\n")) assertEquals(original, reverted);
        else assertEquals("{}\n", reverted); // an empty object's inner blanks are not worth remembering
    }

    @Test
    void insertedMembersFollowTheFileIndentationAndKeepKeyOrder() {
        String original = "{\n    \"b\": 1,\n    \"a\": 2\n}\n";
        String edited = set(original, false, List.of("env", "X"), "\"y\"");
        assertEquals("{\n    \"b\": 1,\n    \"a\": 2,\n    \"env\": {\n        \"X\": \"y\"\n    }\n}\n", edited);
    }

    @Test
    void replacingAValueTouchesOnlyItsCharacters() {
        String original = "{\"env\": {\"ANTHROPIC_BASE_URL\":   \"old\"  , \"K\": 1}}";
        assertEquals("{\"env\": {\"ANTHROPIC_BASE_URL\":   \"new\"  , \"K\": 1}}", set(original, false, List.of("env", "ANTHROPIC_BASE_URL"), "\"new\""));
    }

    @Test
    void duplicateKeysResolveToTheLastLikeJsonParse() throws Exception {
        JsonTree.Node root = JsonTree.parse("{\"a\": 1, \"a\": \"second\"}", false);
        assertEquals("second", root.get("a").string);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": 1,}", "{// c\n}", "{\"a\" 1}", "[1,]", "{\"a\": \"x\ny\"}", "{\"a\": 01}", "{} {}", "", "{\"a\": \"\\q\"}"})
    void invalidJsonIsRejectedWithAPosition(String text) {
        JsonTree.SyntaxError error = assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse(text, false));
        assertTrue(error.offset >= 0 && error.offset <= text.length(), "offset " + error.offset);
        assertTrue(!error.getMessage().isBlank());
    }

    @Test
    void commentsAreNamedInTheError() {
        JsonTree.SyntaxError error = assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse("{\n  /* note */\n}", false));
        assertTrue(error.getMessage().contains("comments"), error.getMessage());
    }

    @Test
    void quoteEscapesEverythingThatCouldBreakJsonAndAsciiModeEscapesNonAscii() throws Exception {
        String hostile = "a\"b\\c\nd\u0001é'`$()";
        String quoted = Text.jsonString(hostile, false);
        assertEquals(hostile, JsonTree.parse(quoted, false).string);
        String ascii = Text.jsonString(hostile, true);
        assertTrue(ascii.chars().allMatch(c -> c >= 0x20 && c < 0x7f), ascii);
        assertEquals(hostile, JsonTree.parse(ascii, false).string);
    }
}
