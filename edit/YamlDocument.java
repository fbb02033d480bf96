package dev.anyray.connect.edit;

import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Text;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML file edited as text, with SnakeYAML as the parser that finds the spans: connect owns whole
 * entries of a top-level block sequence, selected by a {@code [name=value]} path segment (Continue's
 * {@code models}), and can add or drop a top-level key. Only those lines change: comments, order and
 * the rest of the document stay byte for byte. Values are written as plain-key block mappings with
 * single-quoted strings, so nothing in a value can change the document's structure.
 */
public final class YamlDocument implements Document {
    private final String shown;
    private String text;
    private Node root;

    public YamlDocument(String text, String shown) {
        this.shown = shown;
        this.text = text;
        this.root = parse(text);
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
        Object all = new Yaml(new LoaderOptions()).load(text);
        if (!(all instanceof Map<?, ?> map)) return null;
        Object value = map.get(path.keys().get(0));
        if (path.size() == 1) return value;
        KeyPath.Entry selector = KeyPath.Entry.of(path.last());
        if (!(value instanceof List<?> list) || selector == null) return null;
        for (Object item : list) {
            if (item instanceof Map<?, ?> m && selector.value().equals(String.valueOf(m.get(selector.name())))) return item;
        }
        return null;
    }

    @Override
    public String raw(KeyPath path) {
        Node node = path.size() == 1 ? (topLevel(path.last()) == null ? null : topLevel(path.last()).getValueNode()) : entry(path);
        return node == null ? null : text.substring(lineStart(node.getStartMark().getIndex()), lineEnd(node));
    }

    @Override
    public void set(KeyPath path, Object value) {
        if (path.size() != 2 || KeyPath.Entry.of(path.last()) == null) throw new UnsupportedOperationException("YAML: only list entries are written");
        String nl = Text.lineEnding(text);
        NodeTuple list = topLevel(path.keys().get(0));
        Node existing = entry(path);
        if (existing != null) {
            int start = lineStart(existing.getStartMark().getIndex());
            String indent = text.substring(start, existing.getStartMark().getIndex()).replace("-", " ");
            edit(text.substring(0, start) + item(value, indent.substring(0, Math.max(0, indent.length() - 2)), nl) + text.substring(lineEnd(existing)));
            return;
        }
        if (list == null) {
            String body = text.isEmpty() || text.endsWith("\n") ? text : text + nl;
            edit(body + path.keys().get(0) + ":" + nl + item(value, "  ", nl));
        } else if (list.getValueNode() instanceof SequenceNode seq && !seq.getValue().isEmpty() && seq.getFlowStyle() == org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK) {
            // First in the list: Continue's cn uses the first model.
            Node first = seq.getValue().get(0);
            int dash = text.lastIndexOf('-', first.getStartMark().getIndex());
            int start = lineStart(dash);
            String indent = text.substring(start, dash);
            // The comment lines right above the first item stay with it.
            while (start > 0) {
                int prev = lineStart(start - 1);
                if (!text.substring(prev, start).strip().startsWith("#")) break;
                start = prev;
            }
            edit(text.substring(0, start) + item(value, indent, nl) + text.substring(start));
        } else if (list.getValueNode() instanceof ScalarNode s && s.getValue().isEmpty() || list.getValueNode() instanceof SequenceNode seq2 && seq2.getValue().isEmpty()) {
            int keyLineEnd = lineEndOf(list.getKeyNode().getStartMark().getIndex());
            int valueEnd = list.getValueNode() instanceof ScalarNode ? keyLineEnd : lineEndOf(list.getValueNode().getEndMark().getIndex());
            int keyStart = lineStart(list.getKeyNode().getStartMark().getIndex());
            edit(text.substring(0, keyStart) + path.keys().get(0) + ":" + nl + item(value, "  ", nl) + text.substring(Math.max(valueEnd, keyLineEnd)));
        } else {
            throw new ConnectException(shown + ": \"" + path.keys().get(0) + "\" must be a list of entries (- name: …); fix it and run again. Nothing was changed");
        }
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

    @Override
    public void setRaw(KeyPath path, String raw) {
        Node existing = entry(path);
        if (existing != null) {
            edit(text.substring(0, lineStart(existing.getStartMark().getIndex())) + raw + text.substring(lineEnd(existing)));
        }
    }

    @Override
    public void remove(KeyPath path) {
        if (path.size() == 1) {
            NodeTuple tuple = topLevel(path.last());
            if (tuple == null) return;
            int start = lineStart(tuple.getKeyNode().getStartMark().getIndex());
            int end = Math.max(lineEndOf(tuple.getKeyNode().getStartMark().getIndex()), lineEnd(tuple.getValueNode()));
            edit(text.substring(0, start) + text.substring(end));
            return;
        }
        Node existing = entry(path);
        if (existing == null) return;
        edit(text.substring(0, lineStart(existing.getStartMark().getIndex())) + text.substring(lineEnd(existing)));
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
        int endIndex = node.getEndMark().getIndex();
        int bound = endIndex >= text.length() ? text.length() : lineStart(endIndex);
        int pos = lineStart(node.getStartMark().getIndex());
        int lastEnd = lineEndOf(node.getStartMark().getIndex());
        while (pos < bound) {
            int end = lineEndOf(pos);
            String line = text.substring(pos, end).strip();
            if (!line.isEmpty() && !line.startsWith("#")) lastEnd = Math.max(lastEnd, end);
            pos = end;
        }
        return lastEnd;
    }
}
