package dev.anyray.connect.edit;

import dev.anyray.connect.edit.JsonTree.Kind;
import dev.anyray.connect.edit.JsonTree.Member;
import dev.anyray.connect.edit.JsonTree.Node;
import dev.anyray.connect.model.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * Edits a parsed JSON/JSONC text in place: setting or removing one member (or list element) rewrites
 * only those characters, so key order, unknown keys, comments, indentation and line endings elsewhere
 * keep their bytes. Removing what an insert added gives the text back as it was, comments included,
 * which makes a key-by-key revert exact. This is the project's one JSON merge: the tools' own files
 * never go through a re-serializer.
 */
final class JsonEdits {
    private JsonEdits() {}

    /**
     * Adds {@code keys} below the object {@code obj}, which has no member {@code keys.get(0)}, set to the
     * JSON text {@code rawValue}: one member is inserted after the last one, in the object's own layout,
     * holding the objects the other keys need. ({@link JsonDocument} replaces an existing value itself,
     * and passes the deepest object on the path that exists.)
     */
    static String add(String text, Node root, Node obj, List<String> keys, String rawValue) {
        Style style = Style.of(text, root, obj);
        String value = rawValue;
        for (int k = keys.size() - 1; k > 0; k--) value = style.nestedObject(keys.get(k), value, k - 1);
        return insertMember(text, obj, quote(keys.get(0)) + style.colon + value, style);
    }

    /** Removes the member {@code name} of {@code obj} (and nothing around it but its separator); a no-op when absent. */
    static String remove(String text, Node obj, String name) {
        List<Member> members = obj.members;
        for (int k = members.size() - 1; k >= 0; k--) {
            if (members.get(k).name().equals(name)) return removeItem(text, obj, spans(obj), k);
        }
        return text;
    }

    /** {@code text} with {@code node}'s value replaced by {@code raw}. */
    static String replace(String text, Node node, String raw) {
        return splice(text, node.start, node.end, raw);
    }

    /** Appends {@code raw} as the last element of {@code array}, on a line of its own when the array is laid out so. */
    static String appendElement(String text, Node array, String raw) {
        if (array.elements.isEmpty()) return insertIntoEmpty(text, array, raw, "  ");
        Node last = array.elements.get(array.elements.size() - 1);
        boolean ownLine = startsLine(text, last.start);
        return splice(text, last.end, last.end, "," + (ownLine ? Text.lineEnding(text) + leadingWhitespace(text, last.start) : " ") + raw);
    }

    /** Removes element {@code index} of {@code array} and its separator. */
    static String removeElement(String text, Node array, int index) {
        return removeItem(text, array, spans(array), index);
    }

    /** A JSON string literal. */
    static String quote(String s) {
        return Text.jsonString(s, false);
    }

    // ---------------------------------------------------------------- removing

    /** The {start, end} spans of a container's items: members from their key, elements from their value. */
    private static List<int[]> spans(Node container) {
        List<int[]> spans = new ArrayList<>();
        if (container.kind == Kind.OBJECT) for (Member m : container.members) spans.add(new int[] {m.nameStart(), m.value().end});
        else for (Node e : container.elements) spans.add(new int[] {e.start, e.end});
        return spans;
    }

    private static String removeItem(String text, Node container, List<int[]> items, int k) {
        if (items.size() == 1) return removeOnly(text, container, items.get(0));
        String whole = removeItemLine(text, items, k);
        if (whole != null) return whole;
        if (k > 0) return splice(text, items.get(k - 1)[1], items.get(k)[1], "");
        return splice(text, items.get(0)[0], items.get(1)[0], "");
    }

    /**
     * Removes the one item of a container. With nothing but blanks around it the container becomes
     * empty ({@code {}}); next to comments, the item goes from the end of what precedes it (the comment
     * an insert put it after), so the comments stay and an insert is undone exactly.
     */
    private static String removeOnly(String text, Node container, int[] item) {
        int open = container.start + 1;
        int close = container.end - 1;
        int before = item[0];
        while (before > open && Character.isWhitespace(text.charAt(before - 1))) before--;
        int end = item[1];
        int p = skipSpace(text, end);
        if (p < close && text.charAt(p) == ',') end = p + 1; // JSONC's trailing comma
        if (before == open && skipSpace(text, end) == close) return splice(text, open, close, "");
        return splice(text, before, end, "");
    }

    /**
     * Removes item {@code k} when it has a line of its own: the whole line goes (with a comment at its
     * end), and a comma only where the grammar needs it, so comments next to other items stay put.
     * Null when the item shares its line with others (then only its characters are cut).
     */
    private static String removeItemLine(String text, List<int[]> items, int k) {
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
        // The last item, without a trailing comma: the comma after the item before it goes too (the
        // grammar puts one there, maybe after comments, which stay).
        int prevComma = commaAfter(text, items.get(k - 1)[1]);
        return text.substring(0, prevComma) + text.substring(prevComma + 1, lineStart) + text.substring(lineEnd);
    }

    // ---------------------------------------------------------------- inserting

    private static String insertMember(String text, Node obj, String member, Style style) {
        if (obj.members.isEmpty()) return insertIntoEmpty(text, obj, member, style.unit);
        Member last = obj.members.get(obj.members.size() - 1);
        int at = last.value().end;
        if (!style.inline) {
            // JSONC: a comment at the end of the last member's line stays with that member, and a
            // trailing comma stays the object's style (it moves to the new last member).
            int p = skipBlanks(text, at);
            boolean trailingComma = p < text.length() && text.charAt(p) == ',';
            int q = skipBlanks(text, trailingComma ? p + 1 : p);
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

    /**
     * Puts the first item into an empty container. Comments inside it stay: the item goes after the
     * last one, on a line of its own when the container spans lines, else on the same line.
     */
    private static String insertIntoEmpty(String text, Node container, String item, String unit) {
        String nl = Text.lineEnding(text);
        int open = container.start + 1;
        int close = container.end - 1;
        String parentIndent = leadingWhitespace(text, container.start);
        int[] comment = lastComment(text, open, close);
        if (comment == null) return splice(text, open, close, nl + parentIndent + unit + item + nl + parentIndent);
        int afterComment = comment[1];
        if (text.substring(open, close).indexOf('\n') < 0) return splice(text, afterComment, afterComment, " " + item);
        int commentStart = comment[0];
        String indent = startsLine(text, commentStart) && commentStart > open ? leadingWhitespace(text, commentStart) : parentIndent + unit;
        return splice(text, afterComment, afterComment, nl + indent + item);
    }

    /**
     * The {start, end} of the last comment in {@code [from, to)}, a span the parser read as whitespace
     * (a line comment ends before its line break); null when there is none.
     */
    private static int[] lastComment(String text, int from, int to) {
        int[] last = null;
        int p = from;
        while (p < to) {
            if (text.startsWith("//", p)) {
                int eol = text.indexOf('\n', p);
                int stop = eol < 0 || eol > to ? to : eol;
                if (stop > p && text.charAt(stop - 1) == '\r') stop--;
                last = new int[] {p, stop};
                p = stop;
            } else if (text.startsWith("/*", p)) {
                int close = text.indexOf("*/", p + 2);
                last = new int[] {p, close + 2};
                p = close + 2;
            } else {
                p++;
            }
        }
        return last;
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

    /** How the document lays itself out, so inserted members look like their neighbours. */
    private record Style(String nl, String unit, String colon, String comma, boolean inline, String baseIndent) {
        static Style of(String text, Node root, Node obj) {
            String nl = Text.lineEnding(text);
            boolean inline = !obj.members.isEmpty() && !startsLine(text, obj.members.get(0).nameStart());
            String unit = "  ";
            if (!root.members.isEmpty() && startsLine(text, root.members.get(0).nameStart())) {
                String first = leadingWhitespace(text, root.members.get(0).nameStart());
                String rootIndent = leadingWhitespace(text, root.start);
                if (first.length() > rootIndent.length() && first.startsWith(rootIndent)) unit = first.substring(rootIndent.length());
            }
            // Sample separators from an existing member (this object's, else the root's); a new or empty file gets ": ".
            String colon = ": ";
            String comma = ", ";
            Member sample = !obj.members.isEmpty() ? obj.members.get(0) : !root.members.isEmpty() ? root.members.get(0) : null;
            if (sample != null) {
                int afterName = text.indexOf(':', sample.nameStart() + quote(sample.name()).length() - 1);
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
            if (inline) return "{" + quote(key) + colon + value + "}";
            String outer = baseIndent + unit.repeat(level);
            return "{" + nl + outer + unit + quote(key) + colon + value + nl + outer + "}";
        }
    }

    // ---------------------------------------------------------------- text helpers

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

    private static int skipBlanks(String text, int from) {
        int p = from;
        while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) p++;
        return p;
    }

    /**
     * The separator after an item that another item follows: the first character past {@code from}
     * that is neither whitespace nor in a comment. The text was parsed and goes on, so a comment there
     * is closed ({@code //} by a line end).
     */
    private static int commaAfter(String text, int from) {
        int p = skipSpace(text, from);
        while (text.startsWith("/", p)) p = skipSpace(text, text.startsWith("//", p) ? text.indexOf('\n', p) : text.indexOf("*/", p + 2) + 2);
        return p;
    }

    private static int skipSpace(String text, int from) {
        int p = from;
        while (p < text.length() && Character.isWhitespace(text.charAt(p))) p++;
        return p;
    }

    private static String splice(String text, int from, int to, String replacement) {
        return text.substring(0, from) + replacement + text.substring(to);
    }
}
