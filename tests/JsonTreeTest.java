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
    /** {@code text} with {@code path} set to the JSON text {@code raw}, through the one editor connect uses. */
    static String set(String text, boolean jsonc, List<String> path, String raw) {
        JsonDocument doc = new JsonDocument(text, jsonc, "test.json");
        doc.setRaw(new KeyPath(path), raw);
        return doc.text();
    }

    /** {@code text} without {@code path}, through the same editor. */
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
        String reverted = setAndRemoveTwo(original, false, List.of("env", "ANTHROPIC_AUTH_TOKEN")).reverted();
        if (!original.equals("{ }\n")) assertEquals(original, reverted);
        else assertEquals("{}\n", reverted); // an empty object's inner blanks are not worth remembering
    }

    record Edited(String edited, String reverted) {}

    /**
     * {@code original} with env.ANTHROPIC_BASE_URL and {@code second} set (each checked where the tools
     * read it), then both removed again, and env too when the original had none.
     */
    static Edited setAndRemoveTwo(String original, boolean jsonc, List<String> second) throws Exception {
        List<String> base = List.of("env", "ANTHROPIC_BASE_URL");
        String edited = set(set(original, jsonc, base, Text.jsonString("http://gw", false)), jsonc, second, Text.jsonString("k", false));
        JsonTree.Node root = JsonTree.parse(edited, jsonc);
        assertEquals("http://gw", JsonTree.find(root, base).string, edited);
        assertEquals("k", JsonTree.find(root, second).string, edited);
        String reverted = remove(remove(edited, jsonc, second), jsonc, base);
        if (JsonTree.parse(original, jsonc).get("env") == null) reverted = remove(reverted, jsonc, List.of("env"));
        return new Edited(edited, reverted);
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

    // ---------------------------------------------------------------- found by mutation testing (bench/mutation.sh)

    @Test
    void everyEscapeDecodesAndHexDigitsAreExactlyThoseOfJson() throws Exception {
        assertEquals("\"\\/\b\f\n\r\t" + "A\u00e9\u09af\u0000\u9999", JsonTree.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u09aF\\u0000\\u9999\"", false).string);
        for (String bad : new String[] {"\"\\u00/0\"", "\"\\u00:0\"", "\"\\u00`0\"", "\"\\u00g0\"", "\"\\u00@0\"", "\"\\u00G0\""}) {
            JsonTree.SyntaxError error = assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse(bad, false), bad);
            assertTrue(error.getMessage().contains("four hex digits"), error.getMessage());
        }
        assertEquals(" ", JsonTree.parse("\" \"", false).string, "a space is not a control character");
        assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse("\"\u001f\"", false), "U+001F is one");
        assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse("\"abc\\", false), "a backslash at the very end");
        assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse("\"\\u12", false), "an escape cut short");
    }

    @Test
    void nestingIsCountedPerLevelNotPerContainer() throws Exception {
        assertEquals(JsonTree.Kind.ARRAY, JsonTree.parse("[".repeat(512) + "]".repeat(512), false).kind, "512 levels are fine");
        JsonTree.SyntaxError deep = assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse("[".repeat(513) + "]".repeat(513), false));
        assertTrue(deep.getMessage().contains("512"), deep.getMessage());
        String siblings = "[" + String.join(",", java.util.Collections.nCopies(600, "{\"a\": [1]}")) + "]";
        assertEquals(600, JsonTree.parse(siblings, false).elements.size(), "600 containers side by side are one level deep");
        String objects = "{" + String.join(",", java.util.stream.IntStream.range(0, 600).mapToObj(i -> "\"k" + i + "\": {}").toList()) + "}";
        assertEquals(600, JsonTree.parse(objects, false).members.size());
    }

    @Test
    void numbersSpanExactlyTheirCharacters() throws Exception {
        for (String n : new String[] {"-0", "0", "0.5e+10", "1E-2", "12.75", "-3e4"}) {
            JsonTree.Node node = JsonTree.parse("[" + n + "]", false).elements.get(0);
            assertEquals(n, node.raw("[" + n + "]"), n);
        }
        for (String bad : new String[] {"-", "1.", "1e", "1e+", ".5", "-a"}) assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse("[" + bad + "]", false), bad);
    }

    @Test
    void jsoncCommentsAtTheEdgesAreWhitespaceAndStrictJsonNamesThem() throws Exception {
        assertEquals(1, JsonTree.parse("/*a*//*b*/{\"k\": 1}// end", true).members.size());
        assertEquals(1, JsonTree.parse("{\"k\": 1} /* x */\n// last line without a newline", true).members.size());
        assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse("{\"k\": 1} /* never closed", true));
        assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse("{\"k\": 1} / 2", true), "a lone slash is no comment");
        assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse("{\"k\": 1, }", false), "strict JSON has no trailing comma");
        assertEquals(1, JsonTree.parse("{\"k\": [1, 2,], }", true).members.size(), "JSONC has");
        assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse("{,}", true), "but not a lone comma");
        assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse("[,]", true));
    }

    @Test
    void insertedMembersCopyTheFilesSeparatorsAndIndentUnit() {
        assertEquals("{\"a\":1,\"b\":2,\"env\":{\"X\":\"y\"}}", set("{\"a\":1,\"b\":2}", false, List.of("env", "X"), "\"y\""), "compact stays compact");
        assertEquals("{\"a\": 1, \"b\": 2, \"env\": {\"X\": \"y\"}}", set("{\"a\": 1, \"b\": 2}", false, List.of("env", "X"), "\"y\""));
        assertEquals("{\n    \"a\":1,\n    \"env\":{\n        \"X\":\"y\"\n    }\n}", set("{\n    \"a\":1\n}", false, List.of("env", "X"), "\"y\""),
                "a four-space file without a space after its colons");
        assertEquals("  {\n      \"a\": 1,\n      \"b\": 2\n  }", set("  {\n      \"a\": 1\n  }", false, List.of("b"), "2"), "a root that is itself indented");
        assertEquals("{\n\t\"a\": {\n\t\t\"x\": 1,\n\t\t\"y\": 2\n\t}\n}", set("{\n\t\"a\": {\n\t\t\"x\": 1\n\t}\n}", false, List.of("a", "y"), "2"), "tabs");
    }

    @Test
    void membersWithCommentsOnTheirLineAreRemovedWholeAndInsertsKeepEveryComment() {
        String original = "{\r\n  \"a\": 1, /* about a */ // and more\r\n  \"b\": 2 /* about b */\r\n}\r\n";
        String added = set(original, true, List.of("c"), "3");
        assertEquals("{\r\n  \"a\": 1, /* about a */ // and more\r\n  \"b\": 2, /* about b */\r\n  \"c\": 3\r\n}\r\n", added);
        assertEquals(original, remove(added, true, List.of("c")));
        assertEquals("{\r\n  \"b\": 2 /* about b */\r\n}\r\n", remove(original, true, List.of("a")), "a's line goes with its comments");
        assertEquals("{\r\n  \"a\": 1 /* about a */ // and more\r\n}\r\n", remove(original, true, List.of("b")), "the last member goes with the comma before it");
        String commaAfterComments = "{\n  \"a\": 1 /* about a */ // more\n  /* still a */ , // after the comma\n  \"b\": 2\n}";
        assertEquals("{\n  \"a\": 1 /* about a */ // more\n  /* still a */  // after the comma\n}", remove(commaAfterComments, true, List.of("b")),
                "the comma before the last member is found past the comments, which stay");
        String twoOnALine = "{\n  \"a\": 1, \"b\": 2,\n  \"c\": 3\n}";
        assertEquals("{\n  \"a\": 1,\n  \"c\": 3\n}", remove(twoOnALine, false, List.of("b")), "a member sharing its line: only its characters go");
        assertEquals("{\n  \"b\": 2,\n  \"c\": 3\n}", remove(twoOnALine, false, List.of("a")));
        String unclosedOnTheLine = "{\n  \"a\": 1, /* note\n  spans lines */\n  \"b\": 2\n}";
        assertEquals("{\n  \"a\": 1, /* note\n  spans lines */\n  \"b\": 2,\n  \"c\": 3\n}", set(unclosedOnTheLine, true, List.of("c"), "3"));
    }

    /** The offset of an error is the character at fault (the one shown as line and column), and each message says what was expected there. */
    @Test
    void anErrorPointsAtTheCharacterAtFaultAndSaysWhatWasExpected() {
        Object[][] cases = {
                {"{\"a\": 1 \"b\": 2}", 8, "expected ',' or '}'"},
                {"[1 2]", 3, "expected ',' or ']'"},
                {"\"a\u0001\"", 2, "control character inside a string"},
                {"\"a\\x\"", 2, "invalid escape '\\x'"},
                {"{,}", 1, "expected a \"key\" or '}'"},
                {"{\"a\": 1,}", 8, "expected a \"key\" (no trailing comma allowed)"},
                {"\"abc", 4, "unterminated string"},
                {"\"\\u0041", 7, "unterminated string"},
                {"{\"a\": 1", 7, "expected ',' or '}'"},
                {"{}/", 2, "unexpected"},
        };
        for (Object[] c : cases) {
            String text = (String) c[0];
            JsonTree.SyntaxError error = assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse(text, text.equals("{}/")), text);
            assertEquals(c[1], error.offset, text + ": " + error.getMessage());
            assertTrue(error.getMessage().startsWith((String) c[2]), text + ": " + error.getMessage());
        }
    }

    @Test
    void objectsCountAsLevelsEmptyListsSideBySideDoNotAndEveryDigitIsANumber() throws Exception {
        String deep = "{\"a\": ".repeat(513) + "1" + "}".repeat(513);
        assertTrue(assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse(deep, false)).getMessage().contains("512"));
        assertEquals(600, JsonTree.parse("[" + String.join(",", java.util.Collections.nCopies(600, "[]")) + "]", false).elements.size());
        assertEquals(List.of("0", "9"), JsonTree.parse("[0, 9]", false).elements.stream().map(n -> n.raw("[0, 9]")).toList());
        assertEquals("\u00af\u00fa", JsonTree.parse("\"\\u00Af\\u00fA\"", false).string, "a lower-case f and an upper-case A are hex digits");
        assertEquals(0, JsonTree.parse("{} // c", true).members.size());
        assertEquals(0, JsonTree.parse("{} /* c */", true).members.size());
    }

    /** JSONC layouts with comments where an edit lands, LF and CRLF: an edit keeps every comment, the tools read the keys, and revert is exact. */
    @ParameterizedTest(name = "[{index}] comments kept and revert exact")
    @ValueSource(strings = {
            "{\r\n  // nothing yet\r\n}\r\n",
            "{\n  // nothing yet\n}",
            "{ /* none */ }",
            "{ /* a */ /* b */ }\n",
            "{\n  \"a\": 1 /* x */ // y\n}\n",
            "{\r\n  \"a\": 1 /* x */\r\n}\r\n",
            "{\r\n  \"a\": 1, // trailing comma\r\n}\r\n",
            "{\n  \"a\": 1 /* multi\n  line */\n}\n",
            "{\n  \"a\": 1, /* x */\n  \"b\": 2 // last\n}",
            "{\r\n  \"a\": 1,\r\n  \"b\": 2 // last\r\n}\r\n",
            "{\n  \"a\": 1 // one\n  , \"b\": 2\n}\n",
            "{\"a\": 1 /* x */}",
            "{\n  \"env\": { // vars\n  }\n}\n",
            "{\n  \"env\": {\r\n    /* vars */\r\n  }\n}\n"})
    void jsoncCommentsWhereAnEditLandsStayAndRevertIsExact(String original) throws Exception {
        Edited run = setAndRemoveTwo(original, true, List.of("zz"));
        for (String comment : List.of("// nothing yet", "/* none */", "/* a */", "/* b */", "/* x */", "// y", "// trailing comma", "/* multi\n  line */", "// last", "// one", "// vars", "/* vars */")) {
            if (original.contains(comment)) assertTrue(run.edited().contains(comment), comment + " in " + run.edited());
        }
        assertEquals(original, run.reverted());
    }

    @Test
    void aMemberAddedAfterACommentInACrlfObjectGetsItsOwnCrlfLine() {
        assertEquals("{\r\n  // nothing yet\r\n  \"a\": 1\r\n}\r\n", set("{\r\n  // nothing yet\r\n}\r\n", true, List.of("a"), "1"));
        assertEquals("{ /* none */ \"a\": 1 }", set("{ /* none */ }", true, List.of("a"), "1"));
    }

    @Test
    void anInlineObjectInAMultiLineFileStaysInlineAndTheOnlyMemberGoesWithItsTrailingComma() {
        assertEquals("{\n  \"env\": {\"A\": \"1\", \"B\": \"2\"}\n}\n", set("{\n  \"env\": {\"A\": \"1\"}\n}\n", false, List.of("env", "B"), "\"2\""));
        assertEquals("{}\n", remove("{\n  \"a\": 1,\n}\n", true, List.of("a")), "blanks only around it: the object is empty");
        assertEquals("{}", remove("{\"a\": 1,}", true, List.of("a")));
        assertEquals("{\"m\": [{\"id\": \"a\"}, {\"id\": \"b\", \"v\": 1}]}", set("{\"m\": [{\"id\": \"a\"}]}", false, List.of("m", "[id=b]", "v"), "1"));
        assertEquals("{\"m\": [\n  {\"id\": \"a\"},\n  {\"id\": \"b\", \"v\": 1}\n]}", set("{\"m\": [\n  {\"id\": \"a\"}\n]}", false, List.of("m", "[id=b]", "v"), "1"));
    }

    @Test
    void aFileWithUnindentedMembersAndAnObjectWithOneMemberGetTheDefaultIndentAndSeparator() {
        assertEquals("{\n\"a\": 1,\n\"env\": {\n  \"X\": \"y\"\n}\n}\n", set("{\n\"a\": 1\n}\n", false, List.of("env", "X"), "\"y\""));
        assertEquals("{\"env\": {\"A\": \"1\", \"B\": \"2\"},\"b\": 2}", set("{\"env\": {\"A\": \"1\"},\"b\": 2}", false, List.of("env", "B"), "\"2\""),
                "one member shows no separator of its own: the parent's is not taken for it");
    }

    /** A member added after the last one: the comments on that one's line stay with it, a comment that goes on to the next line follows the new one. */
    @Test
    void aMemberAddedAfterACommentedLastMemberLeavesItsCommentsWithIt() {
        String[][] cases = {
                {"{\n  \"a\": 1 /* x */\n}\n", "{\n  \"a\": 1, /* x */\n  \"zz\": \"k\"\n}\n"},
                {"{\n  \"a\": 1 /* x */ // y\n}\n", "{\n  \"a\": 1, /* x */ // y\n  \"zz\": \"k\"\n}\n"},
                {"{\r\n  \"a\": 1 /* x */\r\n}\r\n", "{\r\n  \"a\": 1, /* x */\r\n  \"zz\": \"k\"\r\n}\r\n"},
                {"{\n  \"a\": 1 /* multi\n  line */\n}\n", "{\n  \"a\": 1,\n  \"zz\": \"k\" /* multi\n  line */\n}\n"},
                {"{ /* x //*/ }", "{ /* x //*/ \"zz\": \"k\" }"},
                {"{\n  \"a\": 1 /* x *//* y */\n}\n", "{\n  \"a\": 1, /* x *//* y */\n  \"zz\": \"k\"\n}\n"},
                {"{ /* a *//* b */ }", "{ /* a *//* b */ \"zz\": \"k\" }"},
        };
        for (String[] c : cases) assertEquals(c[1], set(c[0], true, List.of("zz"), "\"k\""), c[0]);
    }

    @Test
    void aMemberAddedToAnEmptyObjectTakesTheIndentOfTheCommentInIt() {
        assertEquals("{\n    // four\n    \"a\": 1\n}", set("{\n    // four\n}", true, List.of("a"), "1"), "the comment's own line sets the indent");
        assertEquals("{\n  \"env\": { // vars\n    \"A\": 1\n  }\n}", set("{\n  \"env\": { // vars\n  }\n}", true, List.of("env", "A"), "1"), "a comment on the brace's line does not");
    }
}
