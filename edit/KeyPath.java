package dev.anyray.connect.edit;

import java.util.List;

/**
 * Where a setting lives in a document: object keys (or TOML tables) from the root. Written as
 * {@code a.b.c} in the revert record, so a segment never holds a dot. A segment {@code [name=value]}
 * selects the entry of a list whose member {@code name} is {@code value} (see {@link Entry}).
 */
public record KeyPath(List<String> keys) {

    public KeyPath {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) throw new IllegalArgumentException("empty key path");
        for (String key : keys) {
            if (key.isEmpty() || key.contains(".")) throw new IllegalArgumentException("key path segment '" + key + "' must be non-empty and hold no dot");
        }
    }

    public static KeyPath of(String... keys) {
        return new KeyPath(List.of(keys));
    }

    public static KeyPath parse(String dotted) {
        return new KeyPath(List.of(dotted.split("\\.", -1)));
    }

    /** The list entry below this path whose member {@code name} is {@code value}. */
    public KeyPath entry(String name, String value) {
        return child("[" + name + "=" + value + "]");
    }

    /** A {@code [name=value]} segment: the list entry whose member {@code name} is {@code value}. */
    public record Entry(String name, String value) {
        /** The entry a segment selects, or null when it is a plain key. */
        public static Entry of(String segment) {
            if (!segment.startsWith("[") || !segment.endsWith("]") || !segment.contains("=")) return null;
            int eq = segment.indexOf('=');
            return new Entry(segment.substring(1, eq), segment.substring(eq + 1, segment.length() - 1));
        }
    }

    public KeyPath child(String key) {
        List<String> next = new java.util.ArrayList<>(keys);
        next.add(key);
        return new KeyPath(next);
    }

    public KeyPath parent() {
        return keys.size() == 1 ? null : new KeyPath(keys.subList(0, keys.size() - 1));
    }

    public String last() {
        return keys.get(keys.size() - 1);
    }

    public int size() {
        return keys.size();
    }

    @Override
    public String toString() {
        return String.join(".", keys);
    }
}
