package dev.anyray.connect.edit;

import dev.anyray.connect.model.ConnectException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.MutableTomlTable;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;
import org.tomlj.TomlVersion;
import org.tomlj.TomlWriteOptions;

/**
 * A TOML file edited through tomlj 2.x, which keeps the source of everything it was not asked to
 * change (comments included). Written as TOML 1.0: by default tomlj wraps a long inline table over
 * lines with a trailing comma (TOML 1.1), which 1.0 parsers (Codex's among them) reject.
 */
public final class TomlDocument implements Document {
    private final String shown;
    private final String original;
    private TomlParseResult doc;
    private boolean edited;

    public TomlDocument(String text, String shown) {
        this.shown = shown;
        this.original = text;
        this.doc = parse(text, shown);
    }

    /** Parses as TOML 1.0, as Codex does; errors are named by position (never by quoting the line: it may hold a key). */
    public static TomlParseResult parse(String text, String shown) {
        TomlParseResult doc = Toml.parse(text, TomlVersion.V1_0_0);
        if (doc.hasErrors()) {
            var error = doc.errors().get(0);
            throw new ConnectException(shown + " is not valid TOML (line " + error.position().line() + ", column " + error.position().column() + ": "
                    + error.getMessage().replaceAll("\\s+", " ") + "); fix it or move it aside and run again. Nothing was changed");
        }
        return doc;
    }

    /** A table on the way to our keys must be a table, so that set never has to replace a user's value. */
    public TomlDocument requireTable(KeyPath path) {
        if (doc.contains(path.keys()) && !doc.isTable(path.keys())) {
            throw new ConnectException(shown + ": " + path + " must be a table; fix it and run again. Nothing was changed");
        }
        return this;
    }

    @Override
    public Object get(KeyPath path) {
        return plain(doc.get(path.keys()));
    }

    private static Object plain(Object value) {
        if (value instanceof TomlTable table) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String key : table.keySet()) map.put(key, plain(table.get(List.of(key))));
            return map;
        }
        if (value instanceof TomlArray array) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) list.add(plain(array.get(i)));
            return list;
        }
        return value;
    }

    @Override
    public String raw(KeyPath path) {
        Object value = doc.get(path.keys());
        if (value == null) return null;
        MutableTomlTable holder = MutableTomlTable.create();
        holder.set("v", value instanceof TomlTable table && !(value instanceof MutableTomlTable) ? MutableTomlTable.copyOf(table) : value);
        return holder.toToml(toml10()).strip();
    }

    @Override
    public void set(KeyPath path, Object value) {
        put(path, toml(value));
    }

    @Override
    public void setRaw(KeyPath path, String raw) {
        put(path, Toml.parse(raw).get("v"));
    }

    private void put(KeyPath path, Object value) {
        for (KeyPath p = path.parent(); p != null; p = p.parent()) requireTable(p);
        if (path.size() == 1 && !doc.contains(path.keys())) {
            insertTopLevel(path.last(), value);
            return;
        }
        if (path.size() == 1) doc.set(path.keys(), value);
        else doc.getOrCreateTable(path.parent().keys()).set(path.last(), value);
        edited = true;
    }

    /**
     * A new top-level key goes before the first table header: tomlj appends it at the end, where it
     * would land inside the last table (and Codex would ignore it).
     */
    private void insertTopLevel(String key, Object value) {
        MutableTomlTable holder = MutableTomlTable.create();
        holder.set(key, value);
        String line = holder.toToml(toml10()).strip();
        String text = text();
        String nl = text.contains("\r\n") ? "\r\n" : "\n";
        int header = firstTableHeader(text);
        String next;
        if (header < 0) {
            next = text.isEmpty() || text.endsWith("\n") ? text + line + nl : text + nl + line + nl;
        } else {
            // Keep the comment lines right above a header with their header.
            int at = header;
            while (at > 0) {
                int prevStart = text.lastIndexOf('\n', at - 2) + 1;
                String prev = text.substring(prevStart, at).strip();
                if (!prev.startsWith("#")) break;
                at = prevStart;
            }
            next = text.substring(0, at) + line + nl + nl + text.substring(at);
        }
        doc = parse(next, shown);
        edited = true;
    }

    /**
     * Offset of the first line that opens a table ({@code [x]} or {@code [[x]]}); -1 if none. A small
     * lexer, not a line match: a line of a multi-line array (of arrays) or string may start with
     * {@code [} too, and only a {@code [} outside any value and string at the start of a line is a header.
     */
    static int firstTableHeader(String text) {
        int depth = 0; // open arrays and inline tables
        boolean lineStart = true;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                lineStart = true;
                i++;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            if (lineStart && depth == 0 && c == '[') return text.lastIndexOf('\n', i - 1) + 1;
            lineStart = false;
            if (c == '#') {
                int eol = text.indexOf('\n', i);
                i = eol < 0 ? text.length() : eol;
            } else if (text.startsWith("\"\"\"", i) || text.startsWith("'''", i)) {
                i = endOfString(text, i + 3, text.substring(i, i + 3), c == '"');
            } else if (c == '"' || c == '\'') {
                i = endOfString(text, i + 1, String.valueOf(c), c == '"');
            } else {
                if (c == '[' || c == '{') depth++;
                else if ((c == ']' || c == '}') && depth > 0) depth--;
                i++;
            }
        }
        return -1;
    }

    /** Just after the string that ends with {@code quote} (a basic string's {@code \\} escapes the next character). */
    private static int endOfString(String text, int from, String quote, boolean escapes) {
        int i = from;
        while (i < text.length()) {
            if (escapes && text.charAt(i) == '\\') {
                i += 2;
            } else if (text.startsWith(quote, i)) {
                i += quote.length();
                // A multi-line string may end with up to two more quotes of its own ("""a"""").
                while (quote.length() == 3 && i < text.length() && text.charAt(i) == quote.charAt(0)) i++;
                return i;
            } else {
                i++;
            }
        }
        return i;
    }

    @Override
    public void remove(KeyPath path) {
        if (!doc.contains(path.keys())) return;
        doc.remove(path.keys());
        edited = true;
    }

    @Override
    public boolean isEmptyContainer(KeyPath path) {
        return doc.isTable(path.keys()) && doc.getTable(path.keys()).isEmpty();
    }

    @Override
    public boolean isEmpty() {
        return doc.isEmpty() && text().isBlank();
    }

    @Override
    public String text() {
        return edited ? doc.toToml(toml10()) : original;
    }

    private static Object toml(Object value) {
        if (value instanceof Map<?, ?> map) {
            MutableTomlTable table = MutableTomlTable.createInline();
            map.forEach((k, v) -> table.set(String.valueOf(k), toml(v)));
            return table;
        }
        if (value instanceof Integer i) return i.longValue();
        return value;
    }

    private static TomlWriteOptions toml10() {
        return TomlWriteOptions.defaults().withVersion(TomlVersion.V1_0_0);
    }
}
