package dev.anyray.connect.edit;

import java.util.Map;

/**
 * A tool's config file opened for editing by key path. Values are plain Java values: String,
 * Boolean, Long/Double, {@code Map<String, Object>} (ordered) and List. Every byte that an edit does
 * not need to touch stays as it was: each format's editor works on the file's own text.
 */
public interface Document {

    /** The value at {@code path}, or null when it is absent. */
    Object get(KeyPath path);

    /** Whether {@code path} is there at all, even with an empty value (YAML's bare {@code key:}). */
    default boolean has(KeyPath path) {
        return get(path) != null;
    }

    /** The value at {@code path} in this format's own syntax, exactly as the file has it (null: absent), for restoring it later. */
    String raw(KeyPath path);

    /** Sets {@code path}, creating missing parent objects/tables. */
    void set(KeyPath path, Object value);

    /** Puts back a value kept by {@link #raw}. */
    void setRaw(KeyPath path, String raw);

    /** Removes {@code path}; a no-op when it is absent. */
    void remove(KeyPath path);

    /** Whether {@code path} holds an object/table with nothing in it. */
    boolean isEmptyContainer(KeyPath path);

    /** Whether the document holds nothing at all (an empty object, an empty file). */
    boolean isEmpty();

    /** The whole file's text after the edits. */
    String text();

    /** Format-specific facts that a later revert needs (kept in the revert record); none by default. */
    default Map<String, String> memo() {
        return Map.of();
    }

    /**
     * Reverts a setting that was changed after connect wrote it, where the format can still take out
     * connect's part and keep the user's (a managed block with lines the user added). Returns what was
     * kept, or null when the format cannot, in which case the whole setting stays.
     */
    default String revertChanged(KeyPath path) {
        return null;
    }
}
