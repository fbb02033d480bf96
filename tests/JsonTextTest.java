package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.edit.JsonText;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTextTest {

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
        String edited = JsonText.set(original, List.of("env", "ANTHROPIC_BASE_URL"), JsonText.quote("http://gw", false));
        edited = JsonText.set(edited, List.of("env", "ANTHROPIC_AUTH_TOKEN"), JsonText.quote("k", false));
        JsonText.Node root = JsonText.parse(edited);
        assertEquals("http://gw", JsonText.find(root, List.of("env", "ANTHROPIC_BASE_URL")).string);
        assertEquals("k", JsonText.find(root, List.of("env", "ANTHROPIC_AUTH_TOKEN")).string);
        String reverted = JsonText.remove(JsonText.remove(edited, List.of("env", "ANTHROPIC_AUTH_TOKEN")), List.of("env", "ANTHROPIC_BASE_URL"));
        if (JsonText.parse(original).get("env") == null) reverted = JsonText.remove(reverted, List.of("env"));
        if (!original.equals("{ }\n")) assertEquals(original, reverted);
        else assertEquals("{}\n", reverted); // an empty object's inner blanks are not worth remembering
    }

    @Test
    void insertedMembersFollowTheFileIndentationAndKeepKeyOrder() {
        String original = "{\n    \"b\": 1,\n    \"a\": 2\n}\n";
        String edited = JsonText.set(original, List.of("env", "X"), "\"y\"");
        assertEquals("{\n    \"b\": 1,\n    \"a\": 2,\n    \"env\": {\n        \"X\": \"y\"\n    }\n}\n", edited);
    }

    @Test
    void replacingAValueTouchesOnlyItsCharacters() {
        String original = "{\"env\": {\"ANTHROPIC_BASE_URL\":   \"old\"  , \"K\": 1}}";
        assertEquals("{\"env\": {\"ANTHROPIC_BASE_URL\":   \"new\"  , \"K\": 1}}", JsonText.set(original, List.of("env", "ANTHROPIC_BASE_URL"), "\"new\""));
    }

    @Test
    void duplicateKeysResolveToTheLastLikeJsonParse() throws Exception {
        JsonText.Node root = JsonText.parse("{\"a\": 1, \"a\": \"second\"}");
        assertEquals("second", root.get("a").string);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": 1,}", "{// c\n}", "{\"a\" 1}", "[1,]", "{\"a\": \"x\ny\"}", "{\"a\": 01}", "{} {}", "", "{\"a\": \"\\q\"}"})
    void invalidJsonIsRejectedWithAPosition(String text) {
        JsonText.SyntaxError error = assertThrows(JsonText.SyntaxError.class, () -> JsonText.parse(text));
        assertTrue(error.offset >= 0 && error.offset <= text.length(), "offset " + error.offset);
        assertTrue(!error.getMessage().isBlank());
    }

    @Test
    void commentsAreNamedInTheError() {
        JsonText.SyntaxError error = assertThrows(JsonText.SyntaxError.class, () -> JsonText.parse("{\n  /* note */\n}"));
        assertTrue(error.getMessage().contains("comments"), error.getMessage());
    }

    @Test
    void quoteEscapesEverythingThatCouldBreakJsonAndAsciiModeEscapesNonAscii() throws Exception {
        String hostile = "a\"b\\c\nd\u0001é'`$()";
        String quoted = JsonText.quote(hostile, false);
        assertEquals(hostile, JsonText.parse(quoted).string);
        String ascii = JsonText.quote(hostile, true);
        assertTrue(ascii.chars().allMatch(c -> c >= 0x20 && c < 0x7f), ascii);
        assertEquals(hostile, JsonText.parse(ascii).string);
    }
}
