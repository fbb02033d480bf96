package dev.anyray.connect.edit;

import dev.anyray.connect.model.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON or JSONC document parsed into a tree that remembers where every value starts and ends, so
 * that {@link JsonEdits} can rewrite only the characters of what changes. Strict RFC 8259 by default;
 * with {@code jsonc}, comments and trailing commas are read as whitespace (VS Code's JSONC). Hand
 * written on purpose: a fresh JVM parses a config with it in 2-6 ms, against 45-111 ms for
 * jackson-core, and a script run once per machine pays that on every start.
 */
public final class JsonTree {

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

    private JsonTree(String text, boolean jsonc) {
        this.text = text;
        this.jsonc = jsonc;
    }

    /**
     * Parses a whole document (a leading byte-order mark is allowed and kept); with {@code jsonc},
     * comments and trailing commas are read as whitespace, so edits keep them where they are.
     */
    public static Node parse(String text, boolean jsonc) throws SyntaxError {
        JsonTree p = new JsonTree(text, jsonc);
        if (text.startsWith("\uFEFF")) p.pos = 1;
        p.skipSpace();
        Node root = p.value();
        p.skipSpace();
        if (p.pos < text.length()) throw p.error("unexpected text after the end of the JSON value");
        return root;
    }

    /** The node at {@code path} (object keys from {@code root}), or null. */
    public static Node find(Node root, List<String> path) {
        Node node = root;
        for (String key : path) {
            if (node == null || node.kind != Kind.OBJECT) return null;
            node = node.get(key);
        }
        return node;
    }

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

}
