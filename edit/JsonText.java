package dev.anyray.connect.edit;

import dev.anyray.connect.model.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * Edits a JSON document as text. It parses strictly (RFC 8259: no comments, no trailing commas) and
 * remembers where every value starts and ends, so that setting or removing one member rewrites only
 * those characters: key order, unknown keys, indentation and line endings elsewhere keep their bytes.
 * Removing a member that {@link #set} inserted gives back the original text, which makes revert exact.
 * This is the project's one JSON merge; the tools' own files never go through a re-serializer.
 */
public final class JsonText {

    public enum Kind { OBJECT, ARRAY, STRING, NUMBER, TRUE, FALSE, NULL }

    /** A parsed value and its span {@code [start, end)} in the text. */
    public static final class Node {
        public final Kind kind;
        public final int start;
        public final int end;
        /** Decoded value of a STRING node; null otherwise. */
        public final String string;
        /** Members of an OBJECT node, in text order (duplicates kept: the last one wins, as in JSON.parse). */
        public final List<Member> members;
        /** Elements of an ARRAY node; null otherwise. */
        public final List<Node> elements;

        Node(Kind kind, int start, int end, String string, List<Member> members) {
            this(kind, start, end, string, members, null);
        }

        Node(Kind kind, int start, int end, String string, List<Member> members, List<Node> elements) {
            this.kind = kind;
            this.start = start;
            this.end = end;
            this.string = string;
            this.members = members;
            this.elements = elements;
        }

        public Member member(String name) {
            if (members == null) return null;
            for (int i = members.size() - 1; i >= 0; i--) {
                if (members.get(i).name().equals(name)) return members.get(i);
            }
            return null;
        }

        public Node get(String name) {
            Member m = member(name);
            return m == null ? null : m.value();
        }

        public String raw(String text) {
            return text.substring(start, end);
        }
    }

    public record Member(String name, int nameStart, Node value) {}

    /** Where and why the text is not JSON. */
    public static final class SyntaxError extends Exception {
        public final int offset;

        SyntaxError(String message, int offset) {
            super(message);
            this.offset = offset;
        }
    }

    private static final int MAX_DEPTH = 512;
    private final String text;
    private final boolean jsonc;
    private int pos;
    private int depth;

    private JsonText(String text, boolean jsonc) {
        this.text = text;
        this.jsonc = jsonc;
    }

    /** Parses a whole strict JSON document (a leading byte-order mark is allowed and kept). */
    public static Node parse(String text) throws SyntaxError {
        return parse(text, false);
    }

    /**
     * Parses a whole document; with {@code jsonc}, comments and trailing commas are read as
     * whitespace (VS Code's JSONC), so edits keep them where they are.
     */
    public static Node parse(String text, boolean jsonc) throws SyntaxError {
        JsonText p = new JsonText(text, jsonc);
        if (text.startsWith("\uFEFF")) p.pos = 1;
        p.skipSpace();
        Node root = p.value();
        p.skipSpace();
        if (p.pos < text.length()) throw p.error("unexpected text after the end of the JSON value");
        return root;
    }

    // ---------------------------------------------------------------- parsing

    private Node value() throws SyntaxError {
        if (pos >= text.length()) throw error("unexpected end of file");
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> {
                int start = pos;
                String s = string();
                yield new Node(Kind.STRING, start, pos, s, null);
            }
            case 't' -> literal("true", Kind.TRUE);
            case 'f' -> literal("false", Kind.FALSE);
            case 'n' -> literal("null", Kind.NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("unexpected character '" + Text.printable(String.valueOf(c)) + "'");
            }
        };
    }

    private Node object() throws SyntaxError {
        int start = pos++;
        enter();
        List<Member> members = new ArrayList<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            depth--;
            return new Node(Kind.OBJECT, start, pos, null, members);
        }
        while (true) {
            skipSpace();
            if (jsonc && !members.isEmpty() && peek() == '}') {
                pos++;
                break;
            }
            if (peek() != '"') throw error(members.isEmpty() ? "expected a \"key\" or '}'" : "expected a \"key\" (no trailing comma allowed)");
            int nameStart = pos;
            String name = string();
            skipSpace();
            if (peek() != ':') throw error("expected ':' after the key");
            pos++;
            skipSpace();
            members.add(new Member(name, nameStart, value()));
            skipSpace();
            char c = peek();
            pos++;
            if (c == ',') continue;
            if (c == '}') break;
            pos--;
            throw error("expected ',' or '}'");
        }
        depth--;
        return new Node(Kind.OBJECT, start, pos, null, members);
    }

    private Node array() throws SyntaxError {
        int start = pos++;
        enter();
        List<Node> elements = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            depth--;
            return new Node(Kind.ARRAY, start, pos, null, null, elements);
        }
        while (true) {
            skipSpace();
            if (jsonc && !elements.isEmpty() && peek() == ']') {
                pos++;
                break;
            }
            elements.add(value());
            skipSpace();
            char c = peek();
            pos++;
            if (c == ',') continue;
            if (c == ']') break;
            pos--;
            throw error("expected ',' or ']'");
        }
        depth--;
        return new Node(Kind.ARRAY, start, pos, null, null, elements);
    }

    private void enter() throws SyntaxError {
        if (++depth > MAX_DEPTH) throw error("nested more than " + MAX_DEPTH + " levels deep");
    }

    private String string() throws SyntaxError {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos++);
            if (c == '"') return out.toString();
            if (c < 0x20) {
                pos--;
                throw error("control character inside a string (escape it as \\n, \\t…)");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) throw error("unterminated string");
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) throw error("incomplete \\u escape");
                    // Exactly four hex digits: Integer.parseInt alone would also take "+041".
                    int code = 0;
                    for (int k = 0; k < 4; k++) {
                        char h = text.charAt(pos + k);
                        int digit = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                        if (digit < 0) throw error("invalid \\u escape (four hex digits expected)");
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                    pos += 4;
                }
                default -> {
                    pos -= 2;
                    throw error("invalid escape '\\" + Text.printable(String.valueOf(e)) + "'");
                }
            }
        }
    }

    private Node number() throws SyntaxError {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) pos++;
        } else {
            throw error("invalid number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) throw error("invalid number");
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw error("invalid number");
            while (isDigit(peek())) pos++;
        }
        return new Node(Kind.NUMBER, start, pos, null, null);
    }

    private Node literal(String word, Kind kind) throws SyntaxError {
        if (!text.startsWith(word, pos)) throw error("unexpected character '" + text.charAt(pos) + "'");
        int start = pos;
        pos += word.length();
        return new Node(kind, start, pos, null, null);
    }

    private void skipSpace() throws SyntaxError {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else if (c == '/' && pos + 1 < text.length() && (text.charAt(pos + 1) == '/' || text.charAt(pos + 1) == '*')) {
                if (!jsonc) throw error("comments are not allowed in JSON");
                if (text.charAt(pos + 1) == '/') {
                    int eol = text.indexOf('\n', pos);
                    pos = eol < 0 ? text.length() : eol;
                } else {
                    int close = text.indexOf("*/", pos + 2);
                    if (close < 0) throw error("unterminated /* comment");
                    pos = close + 2;
                }
            } else {
                return;
            }
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private SyntaxError error(String message) {
        return new SyntaxError(message, pos);
    }

    // ---------------------------------------------------------------- writing

    /** A JSON string literal. {@code asciiOnly} escapes everything outside printable ASCII (for header values). */
    public static String quote(String s, boolean asciiOnly) {
        return Text.jsonString(s, asciiOnly);
    }

    /**
     * Sets {@code path} (object keys from the root) to the JSON text {@code rawValue}, creating missing
     * objects on the way. Only the value's characters change when the member exists; otherwise one
     * member is inserted after the last one, in the object's own indentation style.
     */
    public static String set(String text, List<String> path, String rawValue) {
        return set(text, false, path, rawValue);
    }

    public static String set(String text, boolean jsonc, List<String> path, String rawValue) {
        return set(text, parseUnchecked(text, jsonc), path, rawValue);
    }

    /** As above, on {@code text} already parsed as {@code root} (a caller that holds the tree saves a parse). */
    public static String set(String text, Node root, List<String> path, String rawValue) {
        Node obj = root;
        int i = 0;
        while (i < path.size() - 1) {
            Node next = obj.get(path.get(i));
            if (next == null) break;
            if (next.kind != Kind.OBJECT) throw new IllegalStateException(String.join(".", path.subList(0, i + 1)) + " is not an object");
            obj = next;
            i++;
        }
        if (i == path.size() - 1) {
            Member existing = obj.member(path.get(i));
            if (existing != null) return splice(text, existing.value().start, existing.value().end, rawValue);
        }
        Style style = Style.of(text, root, obj);
        String value = rawValue;
        for (int k = path.size() - 1; k > i; k--) {
            value = style.nestedObject(path.get(k), value, k - i - 1);
        }
        return insertMember(text, obj, path.get(i), value, style);
    }

    /** Removes the member at {@code path} (and nothing around it but its separator); a no-op when absent. */
    public static String remove(String text, List<String> path) {
        return remove(text, false, path);
    }

    public static String remove(String text, boolean jsonc, List<String> path) {
        return remove(text, parseUnchecked(text, jsonc), path);
    }

    /** As above, on {@code text} already parsed as {@code root}. */
    public static String remove(String text, Node root, List<String> path) {
        Node obj = root;
        for (int i = 0; i < path.size() - 1; i++) {
            obj = obj.get(path.get(i));
            if (obj == null || obj.kind != Kind.OBJECT) return text;
        }
        String name = path.get(path.size() - 1);
        List<Member> members = obj.members;
        for (int k = members.size() - 1; k >= 0; k--) {
            if (!members.get(k).name().equals(name)) continue;
            String whole = removeLine(text, members, k);
            if (whole != null) return whole;
            if (members.size() == 1) return splice(text, obj.start + 1, obj.end - 1, "");
            if (k > 0) return splice(text, members.get(k - 1).value().end, members.get(k).value().end, "");
            return splice(text, members.get(0).nameStart(), members.get(1).nameStart(), "");
        }
        return text;
    }

    /**
     * Removes member {@code k} when it has a line of its own: the whole line goes (with a comment at its
     * end), and a comma only where the grammar needs it, so comments next to other members stay put.
     * Null when the member shares its line with others (then only its characters are cut).
     */
    private static String removeLine(String text, List<Member> members, int k) {
        List<int[]> spans = new ArrayList<>();
        for (Member m : members) spans.add(new int[] {m.nameStart(), m.value().end});
        return removeItemLine(text, spans, k);
    }

    /** As above for any list of items (members or array elements) given as {start, end} spans. */
    private static String removeItemLine(String text, List<int[]> items, int k) {
        if (items.size() < 2) return null;
        int[] item = items.get(k);
        int lineStart = text.lastIndexOf('\n', item[0] - 1) + 1;
        if (!text.substring(lineStart, item[0]).isBlank()) return null;
        int p = skipBlanks(text, item[1]);
        boolean comma = p < text.length() && text.charAt(p) == ',';
        int q = skipBlanks(text, comma ? p + 1 : p);
        int eol = commentsToLineEnd(text, q);
        if (eol > q) q = eol;
        if (q < text.length() && text.charAt(q) == '\r') q++;
        if (q < text.length() && text.charAt(q) != '\n') return null;
        int lineEnd = q < text.length() ? q + 1 : q;
        if (comma) return text.substring(0, lineStart) + text.substring(lineEnd);
        // The last item, without a trailing comma: the comma after the item before it goes too.
        int prevComma = skipBlanks(text, items.get(k - 1)[1]);
        if (prevComma >= text.length() || text.charAt(prevComma) != ',') return null;
        return text.substring(0, prevComma) + text.substring(prevComma + 1, lineStart) + text.substring(lineEnd);
    }

    /** {@code text} with {@code node}'s value replaced by {@code raw}. */
    public static String replace(String text, Node node, String raw) {
        return splice(text, node.start, node.end, raw);
    }

    /** Appends {@code raw} as the last element of {@code array}, on a line of its own when the array is laid out so. */
    public static String appendElement(String text, Node array, String raw) {
        String nl = Text.lineEnding(text);
        if (array.elements.isEmpty()) {
            String indent = leadingWhitespace(text, array.start);
            return splice(text, array.start + 1, array.end - 1, nl + indent + "  " + raw + nl + indent);
        }
        Node last = array.elements.get(array.elements.size() - 1);
        boolean ownLine = startsLine(text, last.start);
        return splice(text, last.end, last.end, "," + (ownLine ? nl + leadingWhitespace(text, last.start) : " ") + raw);
    }

    /** Removes element {@code index} of {@code array} and its separator. */
    public static String removeElement(String text, Node array, int index) {
        List<int[]> spans = new ArrayList<>();
        for (Node e : array.elements) spans.add(new int[] {e.start, e.end});
        String whole = removeItemLine(text, spans, index);
        if (whole != null) return whole;
        if (array.elements.size() == 1) return splice(text, array.start + 1, array.end - 1, "");
        if (index > 0) return splice(text, array.elements.get(index - 1).end, array.elements.get(index).end, "");
        return splice(text, array.elements.get(0).start, array.elements.get(1).start, "");
    }

    /**
     * When only comments ({@code // …}, or {@code /* … *}{@code /} closed on the same line) and blanks
     * follow {@code from} up to the end of its line, the offset of that line's {@code \n} (or the text's
     * end); otherwise {@code from}.
     */
    private static int commentsToLineEnd(String text, int from) {
        int p = from;
        boolean sawComment = false;
        while (true) {
            p = skipBlanks(text, p);
            if (text.startsWith("//", p)) {
                int eol = text.indexOf('\n', p);
                return eol < 0 ? text.length() : eol;
            }
            if (text.startsWith("/*", p)) {
                int close = text.indexOf("*/", p + 2);
                int eol = text.indexOf('\n', p);
                if (close < 0 || eol >= 0 && close > eol) return from;
                p = close + 2;
                sawComment = true;
                continue;
            }
            if (!sawComment) return from;
            if (p < text.length() && text.charAt(p) == '\r') p++;
            return p >= text.length() || text.charAt(p) == '\n' ? (p > 0 && text.charAt(p - 1) == '\r' ? p - 1 : p) : from;
        }
    }

    private static int skipBlanks(String text, int from) {
        int p = from;
        while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) p++;
        return p;
    }

    /** The node at {@code path}, or null. */
    public static Node find(Node root, List<String> path) {
        Node node = root;
        for (String key : path) {
            if (node == null || node.kind != Kind.OBJECT) return null;
            node = node.get(key);
        }
        return node;
    }

    private static String insertMember(String text, Node obj, String name, String value, Style style) {
        String member = quote(name, false) + style.colon + value;
        if (!obj.members.isEmpty()) {
            Member last = obj.members.get(obj.members.size() - 1);
            int at = last.value().end;
            if (!style.inline) {
                // JSONC: a comment at the end of the last member's line stays with that member, and a
                // trailing comma stays the object's style (it moves to the new last member).
                int p = at;
                while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) p++;
                boolean trailingComma = p < text.length() && text.charAt(p) == ',';
                int q = trailingComma ? p + 1 : p;
                while (q < text.length() && (text.charAt(q) == ' ' || text.charAt(q) == '\t')) q++;
                int eol = commentsToLineEnd(text, q);
                if (eol > q) {
                    if (eol > 0 && eol <= text.length() && text.charAt(eol - 1) == '\r') eol--;
                    String indent = leadingWhitespace(text, last.nameStart());
                    String head = text.substring(0, at) + (trailingComma ? "" : ",") + text.substring(at, eol);
                    return head + style.nl + indent + member + (trailingComma ? "," : "") + text.substring(eol);
                }
            }
            String sep = style.inline ? style.comma : "," + style.nl + leadingWhitespace(text, last.nameStart());
            return splice(text, at, at, sep + member);
        }
        String parentIndent = leadingWhitespace(text, obj.start);
        String body = style.inline ? member : style.nl + parentIndent + style.unit + member + style.nl + parentIndent;
        return splice(text, obj.start + 1, obj.end - 1, body);
    }

    /** How the document lays itself out, so inserted members look like their neighbours. */
    private record Style(String nl, String unit, String colon, String comma, boolean inline, String baseIndent) {
        static Style of(String text, Node root, Node obj) {
            String nl = Text.lineEnding(text);
            boolean inline = !obj.members.isEmpty() && !startsLine(text, obj.members.get(0).nameStart());
            String unit = "  ";
            if (!root.members.isEmpty() && startsLine(text, root.members.get(0).nameStart())) {
                String first = leadingWhitespace(text, root.members.get(0).nameStart());
                String rootIndent = leadingWhitespace(text, root.start);
                if (first.length() > rootIndent.length()) unit = first.substring(rootIndent.length());
            }
            // Sample separators from an existing member (this object's, else the root's); a new or empty file gets ": ".
            String colon = ": ";
            String comma = ", ";
            Member sample = !obj.members.isEmpty() ? obj.members.get(0) : !root.members.isEmpty() ? root.members.get(0) : null;
            if (sample != null) {
                int afterName = text.indexOf(':', sample.nameStart() + quote(sample.name(), false).length() - 1);
                if (afterName >= 0 && afterName + 1 < text.length() && text.charAt(afterName + 1) != ' ') colon = ":";
            }
            if (obj.members.size() > 1) {
                int commaAt = text.indexOf(',', obj.members.get(0).value().end);
                if (commaAt >= 0 && commaAt + 1 < text.length() && text.charAt(commaAt + 1) != ' ') comma = ",";
            }
            String base = obj.members.isEmpty() ? leadingWhitespace(text, obj.start) + unit : leadingWhitespace(text, obj.members.get(0).nameStart());
            return new Style(nl, unit, colon, comma, inline, base);
        }

        /** {@code {"key": value}} laid out one level deeper than a member of the edited object. */
        String nestedObject(String key, String value, int level) {
            if (inline) return "{" + quote(key, false) + colon + value + "}";
            String outer = baseIndent + unit.repeat(level);
            return "{" + nl + outer + unit + quote(key, false) + colon + value + nl + outer + "}";
        }
    }

    private static boolean startsLine(String text, int offset) {
        for (int i = offset - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '\n') return true;
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return false;
    }

    private static String leadingWhitespace(String text, int offset) {
        int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        int end = lineStart;
        while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) end++;
        return text.substring(lineStart, end);
    }

    private static String splice(String text, int from, int to, String replacement) {
        return text.substring(0, from) + replacement + text.substring(to);
    }

    private static Node parseUnchecked(String text, boolean jsonc) {
        try {
            return parse(text, jsonc);
        } catch (SyntaxError e) {
            throw new IllegalStateException("edited JSON no longer parses: " + e.getMessage(), e);
        }
    }
}
