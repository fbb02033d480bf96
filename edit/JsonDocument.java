package dev.anyray.connect.edit;

import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON or JSONC file parsed by {@link JsonTree} and edited through {@link JsonEdits}: only the
 * characters of the members we set or remove change. Strict JSON for tools that reject comments (Claude Code), JSONC where the tool
 * reads comments and trailing commas (opencode, Qwen Code).
 */
public final class JsonDocument implements Document {
    private final boolean jsonc;
    private final String shown;
    private final boolean wasBlank;
    private final String lineEnding;
    private String text;
    private JsonTree.Node root;

    /** Opens {@code text} (blank: an empty object); a file that does not parse is named in the error and left alone. */
    public JsonDocument(String text, boolean jsonc, String shown) {
        this.jsonc = jsonc;
        this.shown = shown;
        this.wasBlank = text.isBlank();
        this.lineEnding = Text.lineEnding(text);
        this.text = wasBlank ? "{}" : text;
        this.root = parse(this.text);
        if (root.kind != JsonTree.Kind.OBJECT) {
            throw new ConnectException(shown + " must hold a JSON object ({...}); fix it or move it aside and run again. Nothing was changed");
        }
    }

    private JsonTree.Node parse(String source) {
        try {
            return JsonTree.parse(source, jsonc);
        } catch (JsonTree.SyntaxError e) {
            throw new ConnectException(shown + " is not valid " + (jsonc ? "JSONC" : "JSON") + " (" + Text.position(source, e.offset) + ": "
                    + e.getMessage() + "); fix it or move it aside and run again. Nothing was changed");
        }
    }

    /** Every object on the way to {@code path} must be an object, so that set never has to replace a user's value. */
    public JsonDocument requireObject(KeyPath path) {
        JsonTree.Node node = resolve(path.keys());
        if (node != null && node.kind != JsonTree.Kind.OBJECT) throw notAnObject(path);
        return this;
    }

    /**
     * The node at {@code keys}. A segment {@code [name=value]} selects the element of an array whose
     * member {@code name} is the string {@code value} (an entry of a list such as Droid's customModels).
     */
    private JsonTree.Node resolve(List<String> keys) {
        JsonTree.Node node = root;
        for (String key : keys) {
            if (node == null) return null;
            KeyPath.Entry entry = KeyPath.Entry.of(key);
            if (entry == null) {
                node = node.kind == JsonTree.Kind.OBJECT ? node.get(key) : null;
            } else {
                int i = node.kind == JsonTree.Kind.ARRAY ? index(node, entry) : -1;
                node = i < 0 ? null : node.elements.get(i);
            }
        }
        return node;
    }

    /** Where {@code entry} is in {@code array} (-1: absent). */
    private static int index(JsonTree.Node array, KeyPath.Entry entry) {
        for (int i = 0; i < array.elements.size(); i++) {
            JsonTree.Node member = array.elements.get(i).kind == JsonTree.Kind.OBJECT ? array.elements.get(i).get(entry.name()) : null;
            if (member != null && entry.value().equals(member.string)) return i;
        }
        return -1;
    }

    /** Where the entry {@code [name=value]} is in its list (-1: absent). */
    public int indexOf(KeyPath entry) {
        JsonTree.Node array = resolve(entry.parent().keys());
        KeyPath.Entry selector = KeyPath.Entry.of(entry.last());
        return array == null || array.kind != JsonTree.Kind.ARRAY || selector == null ? -1 : index(array, selector);
    }

    @Override
    public Object get(KeyPath path) {
        JsonTree.Node node = resolve(path.keys());
        return node == null ? null : value(node);
    }

    private Object value(JsonTree.Node node) {
        return switch (node.kind) {
            case STRING -> node.string;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> "null:";
            case NUMBER -> new java.math.BigDecimal(node.raw(text));
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonTree.Member m : node.members) map.put(m.name(), value(m.value()));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonTree.Node e : node.elements) list.add(value(e));
                yield list;
            }
        };
    }

    @Override
    public String raw(KeyPath path) {
        JsonTree.Node node = resolve(path.keys());
        return node == null ? null : node.raw(text);
    }

    @Override
    public void set(KeyPath path, Object value) {
        setRaw(path, literal(value));
    }

    @Override
    public void setRaw(KeyPath path, String raw) {
        JsonTree.Node existing = resolve(path.keys());
        if (existing != null) {
            edit(JsonEdits.replace(text, existing, raw));
            return;
        }
        // The deepest object or list on the way; what is missing below it is created.
        int depth = path.size() - 1;
        while (depth > 0 && resolve(path.keys().subList(0, depth)) == null) depth--;
        JsonTree.Node at = depth == 0 ? root : resolve(path.keys().subList(0, depth));
        List<String> rest = path.keys().subList(depth, path.size());
        KeyPath.Entry entry = KeyPath.Entry.of(rest.get(0));
        if (entry != null) {
            if (at.kind != JsonTree.Kind.ARRAY) throw new ConnectException(shown + ": \"" + new KeyPath(path.keys().subList(0, depth)) + "\" must be a list; fix it and run again. Nothing was changed");
            edit(JsonEdits.appendElement(text, at, newEntry(entry, rest.subList(1, rest.size()), raw)));
            return;
        }
        if (at.kind != JsonTree.Kind.OBJECT) throw notAnObject(new KeyPath(path.keys().subList(0, depth)));
        int firstEntry = firstEntry(rest);
        if (firstEntry < 0) {
            edit(JsonEdits.add(text, root, at, rest, raw));
        } else {
            // A list entry below a missing key: the key gets a list holding the new entry.
            KeyPath.Entry inner = KeyPath.Entry.of(rest.get(firstEntry));
            String list = "[" + newEntry(inner, rest.subList(firstEntry + 1, rest.size()), raw) + "]";
            edit(JsonEdits.add(text, root, at, rest.subList(0, firstEntry), list));
        }
    }

    /** A new list entry: its selecting member first, then {@code keys} (nested objects) set to {@code raw}; no keys: {@code raw} is the entry. */
    private static String newEntry(KeyPath.Entry entry, List<String> keys, String raw) {
        if (keys.isEmpty()) return raw;
        if (firstEntry(keys) >= 0) throw new IllegalArgumentException("a list entry inside a new list entry: " + keys);
        String value = raw;
        for (int k = keys.size() - 1; k > 0; k--) value = "{" + JsonEdits.quote(keys.get(k)) + ": " + value + "}";
        return "{" + JsonEdits.quote(entry.name()) + ": " + JsonEdits.quote(entry.value()) + ", " + JsonEdits.quote(keys.get(0)) + ": " + value + "}";
    }

    private static int firstEntry(List<String> keys) {
        for (int i = 0; i < keys.size(); i++) if (KeyPath.Entry.of(keys.get(i)) != null) return i;
        return -1;
    }

    private ConnectException notAnObject(KeyPath path) {
        return new ConnectException(shown + ": \"" + path + "\" must be an object" + (path.size() == 1 && path.last().equals("env") ? " of variables" : "")
                + "; fix it and run again. Nothing was changed");
    }

    @Override
    public void remove(KeyPath path) {
        JsonTree.Node parent = path.size() == 1 ? root : resolve(path.parent().keys());
        if (parent == null) return;
        KeyPath.Entry entry = KeyPath.Entry.of(path.last());
        if (entry != null) {
            int index = parent.kind == JsonTree.Kind.ARRAY ? index(parent, entry) : -1;
            if (index >= 0) edit(JsonEdits.removeElement(text, parent, index));
        } else if (parent.kind == JsonTree.Kind.OBJECT) {
            edit(JsonEdits.remove(text, parent, path.last()));
        }
    }

    @Override
    public boolean isEmptyContainer(KeyPath path) {
        JsonTree.Node node = resolve(path.keys());
        if (node == null) return false;
        if (node.kind == JsonTree.Kind.ARRAY) return node.elements.isEmpty();
        if (node.kind != JsonTree.Kind.OBJECT) return false;
        // A list entry holding nothing but the member that selects it is empty too.
        KeyPath.Entry entry = KeyPath.Entry.of(path.last());
        return node.members.stream().allMatch(m -> entry != null && m.name().equals(entry.name()));
    }

    @Override
    public boolean isEmpty() {
        return root.members.isEmpty();
    }

    @Override
    public String text() {
        // A file that was blank gets a final newline in its own style; otherwise the text is the file's.
        return wasBlank ? text + lineEnding : text;
    }

    private void edit(String next) {
        text = next;
        root = parse(next);
    }

    /** A value as JSON text, laid out inline. */
    static String literal(Object value) {
        return value instanceof String s ? JsonEdits.quote(s) : Values.jsonInline(value);
    }
}
