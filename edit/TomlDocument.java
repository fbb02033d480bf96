package dev.anyray.connect.edit;

import dev.anyray.connect.model.ConnectException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.MutableTomlArray;
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
 * lines with a trailing comma (TOML 1.1), which 1.0 parsers (Codex's among them) reject. A path may
 * select one table of an array of tables by a member ({@code providers[name=anyray].api_base}, Mistral
 * Vibe's {@code [[providers]]}): a new one is appended as a {@code [[providers]]} table, and removing
 * it gives back the text it was added to.
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
        return plain(resolve(path));
    }

    /** The value at {@code path}, an entry segment selecting a table of an array of tables; null when absent. */
    private Object resolve(KeyPath path) {
        int at = firstEntry(path);
        if (at < 0) return doc.get(path.keys());
        TomlTable entry = entryTable(path, at);
        if (entry == null) return null;
        List<String> rest = path.keys().subList(at + 1, path.size());
        return rest.isEmpty() ? entry : entry.get(rest);
    }

    /** Index of the first {@code [name=value]} segment of {@code path}, -1 if none. */
    private static int firstEntry(KeyPath path) {
        for (int i = 0; i < path.size(); i++) if (KeyPath.Entry.of(path.keys().get(i)) != null) return i;
        return -1;
    }

    /** The array of tables before segment {@code at}: null when absent; a value of another kind is refused (it is the user's). */
    private MutableTomlArray entryArray(KeyPath path, int at) {
        List<String> arrayKeys = path.keys().subList(0, at);
        if (arrayKeys.isEmpty()) {
            throw new IllegalArgumentException("a TOML entry path needs one key before its one [name=value] segment: " + path);
        }
        Object array = doc.get(arrayKeys);
        if (array == null) return null;
        if (!(array instanceof MutableTomlArray tables) || tables.size() > 0 && !(tables.get(0) instanceof TomlTable)) {
            throw new ConnectException(shown + ": " + String.join(".", arrayKeys) + " must be an array of tables; fix it and run again. Nothing was changed");
        }
        return tables;
    }

    /** The table that segment {@code at} selects, or null. */
    private TomlTable entryTable(KeyPath path, int at) {
        MutableTomlArray tables = entryArray(path, at);
        int i = tables == null ? -1 : indexOf(tables, KeyPath.Entry.of(path.keys().get(at)));
        return i < 0 ? null : tables.getTable(i);
    }

    private static int indexOf(TomlArray tables, KeyPath.Entry selector) {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i) instanceof TomlTable t && selector.value().equals(t.get(List.of(selector.name())))) return i;
        }
        return -1;
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
        Object value = resolve(path);
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
        int at = firstEntry(path);
        if (at >= 0) {
            putInEntry(path, at, value);
            return;
        }
        for (KeyPath p = path.parent(); p != null; p = p.parent()) requireTable(p);
        if (path.size() == 1 && !doc.contains(path.keys())) {
            insertTopLevel(path.last(), value);
            return;
        }
        if (path.size() == 1) doc.set(path.keys(), value);
        else doc.getOrCreateTable(path.parent().keys()).set(path.last(), value);
        edited = true;
    }

    /** Sets a value in the table segment {@code at} selects, appending that table when it is missing. */
    private void putInEntry(KeyPath path, int at, Object value) {
        KeyPath.Entry selector = KeyPath.Entry.of(path.keys().get(at));
        List<String> rest = path.keys().subList(at + 1, path.size());
        // Connect owns keys in an entry, never a whole one (its revert gives back key by key).
        if (rest.isEmpty()) throw new IllegalArgumentException("a TOML entry is set key by key: " + path);
        MutableTomlArray tables = entryArray(path, at);
        if (tables == null) {
            put(new KeyPath(path.keys().subList(0, at)), MutableTomlArray.create());
            tables = entryArray(path, at);
        }
        int i = indexOf(tables, selector);
        if (i < 0) {
            MutableTomlTable fresh = MutableTomlTable.create();
            fresh.set(selector.name(), selector.value());
            tables.add(fresh);
            i = tables.size() - 1;
        }
        MutableTomlTable entry = (MutableTomlTable) tables.getTable(i);
        if (rest.size() == 1) entry.set(rest.get(0), value);
        else entry.getOrCreateTable(rest.subList(0, rest.size() - 1)).set(rest.get(rest.size() - 1), value);
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
        int at = firstEntry(path);
        if (at >= 0) {
            MutableTomlArray tables = entryArray(path, at);
            int i = tables == null ? -1 : indexOf(tables, KeyPath.Entry.of(path.keys().get(at)));
            if (i < 0) return;
            List<String> rest = path.keys().subList(at + 1, path.size());
            if (rest.isEmpty()) {
                tables.remove(i);
            } else {
                MutableTomlTable entry = (MutableTomlTable) tables.getTable(i);
                if (!entry.contains(rest)) return;
                entry.remove(rest);
            }
            edited = true;
            return;
        }
        if (!doc.contains(path.keys())) return;
        doc.remove(path.keys());
        edited = true;
    }

    @Override
    public boolean isEmptyContainer(KeyPath path) {
        Object value = resolve(path);
        if (value instanceof TomlArray array) return array.isEmpty();
        if (!(value instanceof TomlTable table)) return false;
        // A table of an array holding nothing but the member that selects it is empty too.
        KeyPath.Entry entry = KeyPath.Entry.of(path.last());
        return table.keySet().stream().allMatch(k -> entry != null && k.equals(entry.name()));
    }

    @Override
    public boolean isEmpty() {
        return doc.isEmpty() && text().isBlank();
    }

    @Override
    public String text() {
        return edited ? withCommentsOf(original, doc.toToml(toml10())) : original;
    }

    /**
     * {@code result} with every whole-line comment of {@code before} that it lost put back. tomlj counts
     * a comment line as part of the entry it sits next to, so removing connect's key or table took the
     * user's comment above or below it along; connect writes no comments, so each lost one is the
     * user's. It goes back after the nearest line above it that is still there (else at the top),
     * in its order.
     */
    static String withCommentsOf(String before, String result) {
        List<String> was = List.of(before.split("\n", -1));
        List<String> now = new ArrayList<>(List.of(result.split("\n", -1)));
        java.util.Map<String, Integer> left = new java.util.HashMap<>();
        for (String line : now) if (isComment(line)) left.merge(line.strip(), 1, Integer::sum);
        int anchor = -1; // where in now the last line of before that is still there sits
        int searchFrom = 0;
        boolean changed = false;
        for (String line : was) {
            if (isComment(line)) {
                Integer n = left.get(line.strip());
                if (n != null && n > 0) {
                    left.put(line.strip(), n - 1);
                } else {
                    now.add(anchor + 1, line);
                    anchor++;
                    searchFrom = anchor + 1;
                    changed = true;
                    continue;
                }
            }
            if (line.isBlank()) continue;
            for (int i = searchFrom; i < now.size(); i++) {
                if (now.get(i).stripTrailing().equals(line.stripTrailing())) { // CRLF or not
                    anchor = i;
                    searchFrom = i + 1;
                    break;
                }
            }
        }
        return changed ? String.join("\n", now) : result;
    }

    private static boolean isComment(String line) {
        return line.strip().startsWith("#");
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
