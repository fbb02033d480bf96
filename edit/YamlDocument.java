package dev.anyray.connect.edit;

import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Text;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML file edited as text, with SnakeYAML as the parser that finds the spans: connect owns whole
 * entries of a top-level block sequence, selected by a {@code [name=value]} path segment (Continue's
 * {@code models}), and can add or drop a top-level key. Only those lines change: comments, order and
 * the rest of the document stay byte for byte. Values are written as plain-key block mappings with
 * single-quoted strings, so nothing in a value can change the document's structure.
 *
 * <p>SnakeYAML only composes the document (nodes and their marks), never constructs it: a tag such as
 * {@code !secret x} is the user's business and reads as its text. Its marks count code points, so every
 * mark goes through {@link #offset} before it touches the Java string (UTF-16).
 */
public final class YamlDocument implements Document {
    /** Memo key prefix: the flow-style empty list ({@code models: []}) connect turned into a block, to put back when the list is empty again. */
    private static final String FLOW = "flow:";
    /** Memo key prefix: where in its list an entry was before connect moved it to the top, so revert puts it back there. */
    private static final String MOVED = "moved:";
    /** Memo key: the file had no final line break when connect added its entry at the end. */
    private static final String NO_FINAL_NEWLINE = "noFinalNewline";
    private final String shown;
    private final Map<String, String> memo;
    private String text;
    private Node root;
    /** Code point index to string offset, for texts with characters outside the BMP; null when they are the same. */
    private int[] offsets;

    public YamlDocument(String text, Map<String, String> notes, String shown) {
        this.shown = shown;
        this.memo = new LinkedHashMap<>(notes);
        edit(text);
    }

    private Node parse(String source) {
        try {
            Node node = new Yaml(new LoaderOptions()).compose(new StringReader(source));
            if (node != null && !(node instanceof MappingNode)) {
                throw new ConnectException(shown + " must hold a YAML mapping (key: value); fix it or move it aside and run again. Nothing was changed");
            }
            return node;
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            String where = e instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null
                    ? "line " + (m.getProblemMark().getLine() + 1) + ", column " + (m.getProblemMark().getColumn() + 1) + ": " + m.getProblem() : "not YAML";
            throw new ConnectException(shown + " is not valid YAML (" + Text.printable(where) + "); fix it or move it aside and run again. Nothing was changed");
        }
    }

    private void edit(String next) {
        root = parse(next);
        text = next;
        offsets = next.codePointCount(0, next.length()) == next.length() ? null : codePointOffsets(next);
    }

    private static int[] codePointOffsets(String text) {
        int[] at = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) at[cp++] = i;
        at[cp] = text.length();
        return at;
    }

    /** Where a SnakeYAML mark (counted in code points) is in the text. */
    private int offset(Mark mark) {
        int index = mark.getIndex();
        return offsets == null ? Math.min(index, text.length()) : offsets[Math.min(index, offsets.length - 1)];
    }

    private int start(Node node) {
        return offset(node.getStartMark());
    }

    private NodeTuple topLevel(String key) {
        if (!(root instanceof MappingNode map)) return null;
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return t;
        }
        return null;
    }

    /** Whether {@code item} is the list entry {@code entry} selects. */
    private static boolean matches(Node item, KeyPath.Entry entry) {
        if (!(item instanceof MappingNode map)) return false;
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(entry.name()) && t.getValueNode() instanceof ScalarNode v
                    && v.getValue().equals(entry.value())) return true;
        }
        return false;
    }

    private Node entry(KeyPath path) {
        NodeTuple list = topLevel(path.keys().get(0));
        KeyPath.Entry selector = KeyPath.Entry.of(path.last());
        if (list == null || selector == null || !(list.getValueNode() instanceof SequenceNode seq)) return null;
        for (Node item : seq.getValue()) if (matches(item, selector)) return item;
        return null;
    }

    @Override
    public Object get(KeyPath path) {
        NodeTuple top = topLevel(path.keys().get(0));
        if (top == null) return null;
        if (path.size() == 1) return plain(top.getValueNode(), new IdentityHashMap<>());
        Node entry = entry(path);
        return entry == null ? null : plain(entry, new IdentityHashMap<>());
    }

    @Override
    public boolean has(KeyPath path) {
        return path.size() == 1 ? topLevel(path.last()) != null : entry(path) != null;
    }

    /** A node as a plain value: scalars are their text (whatever their tag), a null scalar is null. */
    private static Object plain(Node node, IdentityHashMap<Node, Boolean> seen) {
        if (seen.put(node, Boolean.TRUE) != null) return "*recursive*";
        try {
            if (node instanceof ScalarNode s) return s.getTag().equals(Tag.NULL) ? null : s.getValue();
            if (node instanceof SequenceNode seq) {
                List<Object> list = new ArrayList<>();
                for (Node item : seq.getValue()) list.add(plain(item, seen));
                return list;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple t : ((MappingNode) node).getValue()) {
                Object key = plain(t.getKeyNode(), seen);
                map.put(String.valueOf(key), plain(t.getValueNode(), seen));
            }
            return map;
        } finally {
            seen.remove(node);
        }
    }

    @Override
    public String raw(KeyPath path) {
        Node node = path.size() == 1 ? (topLevel(path.last()) == null ? null : topLevel(path.last()).getValueNode()) : entry(path);
        return node == null ? null : text.substring(lineStart(start(node)), lineEnd(node));
    }

    @Override
    public void set(KeyPath path, Object value) {
        if (path.size() == 1 && !(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
            setTopLevelScalar(path.last(), value);
            return;
        }
        if (path.size() != 2 || KeyPath.Entry.of(path.last()) == null) throw new UnsupportedOperationException("YAML: only list entries and top-level values are written");
        String nl = Text.lineEnding(text);
        if (!text.isEmpty() && !text.endsWith("\n")) memo.put(NO_FINAL_NEWLINE, "true");
        Node existing = entry(path);
        if (existing != null) {
            SequenceNode seq = (SequenceNode) topLevel(path.keys().get(0)).getValueNode();
            if (seq.getValue().get(0) == existing) {
                int start = lineStart(start(existing));
                String indent = text.substring(start, start(existing)).replace("-", " ");
                edit(text.substring(0, start) + item(value, indent.substring(0, Math.max(0, indent.length() - 2)), nl) + text.substring(lineEnd(existing)));
                return;
            }
            // Continue's cn uses the first model: an entry found lower down moves to the top (and back on revert).
            memo.putIfAbsent(MOVED + path, String.valueOf(seq.getValue().indexOf(existing)));
            remove(path);
        }
        NodeTuple list = topLevel(path.keys().get(0));
        if (list == null) {
            String body = text.isEmpty() || text.endsWith("\n") ? text : text + nl;
            edit(body + path.keys().get(0) + ":" + nl + item(value, "  ", nl));
        } else if (list.getValueNode() instanceof SequenceNode seq && !seq.getValue().isEmpty() && seq.getFlowStyle() == DumperOptions.FlowStyle.BLOCK) {
            Node first = seq.getValue().get(0);
            int dash = text.lastIndexOf('-', start(first));
            int start = lineStart(dash);
            String indent = text.substring(start, dash);
            // The comment lines right above the first item stay with it.
            while (start > 0) {
                int prev = lineStart(start - 1);
                if (!text.substring(prev, start).strip().startsWith("#")) break;
                start = prev;
            }
            edit(text.substring(0, start) + item(value, indent, nl) + text.substring(start));
        } else if (list.getValueNode() instanceof ScalarNode s && s.getTag().equals(Tag.NULL) && s.getValue().isEmpty()) {
            // A bare "models:" (the template's, or the user's): the entry goes below it, the key line stays.
            int keyLineEnd = lineEndOf(start(list.getKeyNode()));
            edit(text.substring(0, keyLineEnd) + (text.substring(0, keyLineEnd).endsWith("\n") ? "" : nl) + item(value, "  ", nl) + text.substring(keyLineEnd));
        } else if (list.getValueNode() instanceof SequenceNode empty && empty.getValue().isEmpty() && isOnKeyLine(list)) {
            // "models: []": the brackets are taken out (and remembered) so the entry can go below the key.
            int from = start(empty);
            while (from > 0 && (text.charAt(from - 1) == ' ' || text.charAt(from - 1) == '\t')) from--;
            int to = offset(empty.getEndMark());
            memo.put(FLOW + path.keys().get(0), text.substring(from, to));
            String head = text.substring(0, from) + text.substring(to, lineEndOf(to));
            edit(head + (head.endsWith("\n") ? "" : nl) + item(value, "  ", nl) + text.substring(lineEndOf(to)));
        } else {
            throw new ConnectException(shown + ": \"" + path.keys().get(0) + "\" must be a list of entries (- name: …); fix it and run again. Nothing was changed");
        }
    }

    /** Whether a key's value starts and ends on the key's own line. */
    private boolean isOnKeyLine(NodeTuple tuple) {
        int keyLine = tuple.getKeyNode().getStartMark().getLine();
        return tuple.getValueNode().getStartMark().getLine() == keyLine && tuple.getValueNode().getEndMark().getLine() == keyLine;
    }

    /** A list item: {@code - key: value} lines at {@code indent}, nested maps two spaces deeper. */
    static String item(Object value, String indent, String nl) {
        StringBuilder out = new StringBuilder();
        block(out, (Map<?, ?>) value, indent + "- ", indent + "  ", nl);
        return out.toString();
    }

    private static void block(StringBuilder out, Map<?, ?> map, String firstPrefix, String prefix, String nl) {
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.append(first ? firstPrefix : prefix).append(e.getKey()).append(':');
            first = false;
            if (e.getValue() instanceof Map<?, ?> nested) {
                out.append(nl);
                block(out, nested, prefix + "  ", prefix + "  ", nl);
            } else {
                out.append(' ').append(scalar(e.getValue())).append(nl);
            }
        }
    }

    static String scalar(Object value) {
        if (value instanceof String s) return "'" + s.replace("'", "''") + "'";
        return String.valueOf(value);
    }

    /**
     * A top-level {@code key: value} (Aider's {@code model:}): a value on the key's own line is replaced
     * in place (a comment after it stays); a new key is a line of its own at the end.
     */
    private void setTopLevelScalar(String key, Object value) {
        NodeTuple tuple = topLevel(key);
        if (tuple == null) {
            appendLines(key + ": " + scalar(value) + Text.lineEnding(text));
            return;
        }
        if (!(tuple.getValueNode() instanceof ScalarNode current) || !isOnKeyLine(tuple) || current.getValue().isEmpty()) {
            throw new ConnectException(shown + ": \"" + key + "\" must be a single value on its own line; fix it and run again. Nothing was changed");
        }
        edit(text.substring(0, start(current)) + scalar(value) + text.substring(offset(current.getEndMark())));
    }

    /** Lines added at the end of the file, after a line break of its own if its last line had none (remembered for revert). */
    private void appendLines(String lines) {
        String nl = Text.lineEnding(text);
        if (!text.isEmpty() && !text.endsWith("\n")) memo.put(NO_FINAL_NEWLINE, "true");
        edit(text.isEmpty() || text.endsWith("\n") ? text + lines : text + nl + lines);
    }

    @Override
    public void setRaw(KeyPath path, String raw) {
        if (path.size() == 1) {
            // raw() of a top-level key is its whole lines: they replace the key's lines, or come back at the end.
            NodeTuple tuple = topLevel(path.last());
            if (tuple == null) appendLines(raw.endsWith("\n") ? raw : raw + Text.lineEnding(text));
            else {
                int from = lineStart(start(tuple.getKeyNode()));
                int to = Math.max(lineEndOf(start(tuple.getKeyNode())), lineEnd(tuple.getValueNode()));
                // The lines keep the line break (or its absence, on a last line) the replaced ones have now:
                // raw was kept with whatever followed it then.
                String body = raw.endsWith("\r\n") ? raw.substring(0, raw.length() - 2) : raw.endsWith("\n") ? raw.substring(0, raw.length() - 1) : raw;
                String replaced = text.substring(from, to);
                String lines = body + (replaced.endsWith("\r\n") ? "\r\n" : replaced.endsWith("\n") ? "\n" : "");
                edit(text.substring(0, from) + lines + text.substring(to));
            }
            return;
        }
        Node existing = entry(path);
        if (existing == null) return;
        String moved = memo.remove(MOVED + path);
        if (moved == null) {
            edit(text.substring(0, lineStart(start(existing))) + raw + text.substring(lineEnd(existing)));
            return;
        }
        // Back to where it was: before the entry now at its old index (with the comment lines above that one), or after the last.
        edit(text.substring(0, lineStart(start(existing))) + text.substring(lineEnd(existing)));
        SequenceNode seq = (SequenceNode) topLevel(path.keys().get(0)).getValueNode();
        int index = Math.min(Integer.parseInt(moved), seq.getValue().size());
        int at;
        if (index < seq.getValue().size()) {
            at = lineStart(text.lastIndexOf('-', start(seq.getValue().get(index))));
            while (at > 0 && text.substring(lineStart(at - 1), at).strip().startsWith("#")) at = lineStart(at - 1);
        } else {
            at = lineEnd(seq.getValue().get(index - 1));
        }
        // The entry may have been the file's last line, without a line break of its own, or may go after one.
        String nl = Text.lineEnding(text);
        String piece = (at > 0 && text.charAt(at - 1) != '\n' ? nl : "") + raw;
        if (at < text.length() && !piece.endsWith("\n")) piece += nl;
        edit(text.substring(0, at) + piece + text.substring(at));
    }

    @Override
    public void remove(KeyPath path) {
        if (path.size() == 1) {
            NodeTuple tuple = topLevel(path.last());
            if (tuple == null) return;
            cut(lineStart(start(tuple.getKeyNode())), Math.max(lineEndOf(start(tuple.getKeyNode())), lineEnd(tuple.getValueNode())));
            memo.remove(FLOW + path.last());
            return;
        }
        Node existing = entry(path);
        if (existing == null) return;
        cut(lineStart(start(existing)), lineEnd(existing));
        restoreFlow(path.keys().get(0));
    }

    /**
     * Takes out the lines {@code [from, to)}. Lines cut from the end of a file that had no final line
     * break before connect leave it without one again.
     */
    private void cut(int from, int to) {
        String next = text.substring(0, from) + text.substring(to);
        if (to == text.length() && memo.containsKey(NO_FINAL_NEWLINE) && next.endsWith("\n")) next = next.substring(0, next.length() - Text.lineEnding(next).length());
        edit(next);
    }

    /** A list that was {@code []} before connect, and is empty again, gets its brackets back. */
    private void restoreFlow(String key) {
        String flow = memo.get(FLOW + key);
        NodeTuple tuple = topLevel(key);
        if (flow == null || tuple == null || !(tuple.getValueNode() instanceof ScalarNode s && s.getTag().equals(Tag.NULL) && s.getValue().isEmpty())) return;
        int colon = text.indexOf(':', offset(tuple.getKeyNode().getEndMark()));
        if (colon < 0) return;
        memo.remove(FLOW + key);
        edit(text.substring(0, colon + 1) + flow + text.substring(colon + 1));
    }

    @Override
    public boolean isEmptyContainer(KeyPath path) {
        NodeTuple tuple = path.size() == 1 ? topLevel(path.last()) : null;
        if (tuple == null) return false;
        Node value = tuple.getValueNode();
        return value instanceof ScalarNode s && s.getValue().isEmpty() || value instanceof SequenceNode seq && seq.getValue().isEmpty()
                || value instanceof MappingNode map && map.getValue().isEmpty();
    }

    @Override
    public boolean isEmpty() {
        return root == null || ((MappingNode) root).getValue().isEmpty();
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public Map<String, String> memo() {
        return memo;
    }

    private int lineStart(int index) {
        return text.lastIndexOf('\n', index - 1) + 1;
    }

    private int lineEndOf(int index) {
        int eol = text.indexOf('\n', index);
        return eol < 0 ? text.length() : eol + 1;
    }

    /**
     * Just after the last line that holds {@code node}'s content. SnakeYAML ends a block node where the next
     * token starts, so blank and comment lines in between belong to what follows and stay.
     */
    private int lineEnd(Node node) {
        int endIndex = offset(node.getEndMark());
        int bound = endIndex >= text.length() ? text.length() : lineStart(endIndex);
        int pos = lineStart(start(node));
        int lastEnd = lineEndOf(start(node));
        while (pos < bound) {
            int end = lineEndOf(pos);
            String line = text.substring(pos, end).strip();
            if (!line.isEmpty() && !line.startsWith("#")) lastEnd = Math.max(lastEnd, end);
            pos = end;
        }
        return lastEnd;
    }
}
