package dev.anyray.connect.edit;

import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON or JSONC file edited through {@link JsonText}: only the characters of the members we set
 * or remove change. Strict JSON for tools that reject comments (Claude Code), JSONC where the tool
 * reads comments and trailing commas (opencode, Qwen Code).
 */
public final class JsonDocument implements Document {
    private final boolean jsonc;
    private final String shown;
    private final boolean wasBlank;
    private final String lineEnding;
    private String text;
    private JsonText.Node root;

    /** Opens {@code text} (blank: an empty object); a file that does not parse is named in the error and left alone. */
    public JsonDocument(String text, boolean jsonc, String shown) {
        this.jsonc = jsonc;
        this.shown = shown;
        this.wasBlank = text.isBlank();
        this.lineEnding = Text.lineEnding(text);
        this.text = wasBlank ? "{}" : text;
        this.root = parse(this.text);
        if (root.kind != JsonText.Kind.OBJECT) {
            throw new ConnectException(shown + " must hold a JSON object ({...}); fix it or move it aside and run again. Nothing was changed");
        }
    }

    private JsonText.Node parse(String source) {
        try {
            return JsonText.parse(source, jsonc);
        } catch (JsonText.SyntaxError e) {
            throw new ConnectException(shown + " is not valid " + (jsonc ? "JSONC" : "JSON") + " (" + Text.position(source, e.offset) + ": "
                    + e.getMessage() + "); fix it or move it aside and run again. Nothing was changed");
        }
    }

    /** Every object on the way to {@code path} must be an object, so that set never has to replace a user's value. */
    public JsonDocument requireObject(KeyPath path) {
        JsonText.Node node = JsonText.find(root, path.keys());
        if (node != null && node.kind != JsonText.Kind.OBJECT) {
            throw new ConnectException(shown + ": \"" + path + "\" must be an object" + (path.size() == 1 && path.last().equals("env") ? " of variables" : "")
                    + "; fix it and run again. Nothing was changed");
        }
        return this;
    }

    /**
     * The node at {@code keys}. A segment {@code [name=value]} selects the element of an array whose
     * member {@code name} is the string {@code value} (an entry of a list such as Droid's customModels).
     */
    private JsonText.Node resolve(List<String> keys) {
        JsonText.Node node = root;
        for (String key : keys) {
            if (node == null) return null;
            KeyPath.Entry entry = KeyPath.Entry.of(key);
            if (entry == null) {
                node = node.kind == JsonText.Kind.OBJECT ? node.get(key) : null;
            } else {
                int i = node.kind == JsonText.Kind.ARRAY ? index(node, entry) : -1;
                node = i < 0 ? null : node.elements.get(i);
            }
        }
        return node;
    }

    /** Where {@code entry} is in {@code array} (-1: absent). */
    private static int index(JsonText.Node array, KeyPath.Entry entry) {
        for (int i = 0; i < array.elements.size(); i++) {
            JsonText.Node member = array.elements.get(i).kind == JsonText.Kind.OBJECT ? array.elements.get(i).get(entry.name()) : null;
            if (member != null && entry.value().equals(member.string)) return i;
        }
        return -1;
    }

    /** Where the entry {@code [name=value]} is in its list (-1: absent). */
    public int indexOf(KeyPath entry) {
        JsonText.Node array = resolve(entry.parent().keys());
        KeyPath.Entry selector = KeyPath.Entry.of(entry.last());
        return array == null || array.kind != JsonText.Kind.ARRAY || selector == null ? -1 : index(array, selector);
    }

    @Override
    public Object get(KeyPath path) {
        JsonText.Node node = resolve(path.keys());
        return node == null ? null : value(node);
    }

    private Object value(JsonText.Node node) {
        return switch (node.kind) {
            case STRING -> node.string;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> "null:";
            case NUMBER -> new java.math.BigDecimal(node.raw(text));
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonText.Member m : node.members) map.put(m.name(), value(m.value()));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonText.Node e : node.elements) list.add(value(e));
                yield list;
            }
        };
    }

    @Override
    public String raw(KeyPath path) {
        JsonText.Node node = resolve(path.keys());
        return node == null ? null : node.raw(text);
    }

    @Override
    public void set(KeyPath path, Object value) {
        setRaw(path, literal(value));
    }

    @Override
    public void setRaw(KeyPath path, String raw) {
        if (KeyPath.Entry.of(path.last()) != null) {
            JsonText.Node existing = resolve(path.keys());
            JsonText.Node array = resolve(path.parent().keys());
            if (existing != null) edit(JsonText.replace(text, existing, raw));
            else if (array == null) setRaw(path.parent(), "[" + raw + "]");
            else if (array.kind != JsonText.Kind.ARRAY) throw new ConnectException(shown + ": \"" + path.parent() + "\" must be a list; fix it and run again. Nothing was changed");
            else edit(JsonText.appendElement(text, array, raw));
            return;
        }
        for (KeyPath p = path.parent(); p != null; p = p.parent()) requireObject(p);
        edit(JsonText.set(text, root, path.keys(), raw));
    }

    @Override
    public void remove(KeyPath path) {
        if (KeyPath.Entry.of(path.last()) != null) {
            JsonText.Node array = resolve(path.parent().keys());
            int index = indexOf(path);
            if (index >= 0) edit(JsonText.removeElement(text, array, index));
            return;
        }
        edit(JsonText.remove(text, root, path.keys()));
    }

    @Override
    public boolean isEmptyContainer(KeyPath path) {
        JsonText.Node node = resolve(path.keys());
        return node != null && (node.kind == JsonText.Kind.OBJECT && node.members.isEmpty() || node.kind == JsonText.Kind.ARRAY && node.elements.isEmpty());
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
        return value instanceof String s ? JsonText.quote(s, false) : Values.jsonInline(value);
    }
}
