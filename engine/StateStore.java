package dev.anyray.connect.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.io.ConfigFile;
import dev.anyray.connect.io.FileChange;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Json;
import java.nio.file.Path;
import java.util.List;

/** Reads and plans writes of {@code ~/.anyray/state.json}, the revert record. */
public final class StateStore {
    private StateStore() {}

    public record Loaded(ConfigFile file, ConnectState state) {
        public boolean exists() {
            return file.exists();
        }
    }

    public static Path path(Environment env) {
        return env.anyrayDir().resolve("state.json");
    }

    public static Loaded load(Environment env) {
        ConfigFile file = ConfigFile.read(path(env), env);
        if (!file.exists()) return new Loaded(file, ConnectState.empty());
        try {
            com.fasterxml.jackson.databind.JsonNode tree = Json.mapper().readTree(file.text());
            if (tree != null && tree.path("version").asInt() == 1) tree = fromVersion1((com.fasterxml.jackson.databind.node.ObjectNode) tree);
            ConnectState state = Json.mapper().treeToValue(tree, ConnectState.class);
            if (state == null || state.salt() == null || state.version() != ConnectState.VERSION) throw new IllegalArgumentException("unknown version");
            return new Loaded(file, state);
        } catch (JsonProcessingException | IllegalArgumentException | ClassCastException e) {
            throw new ConnectException(file.shown() + " (the revert record) is damaged; move it aside to continue (what it recorded cannot be reverted then)");
        }
    }

    /** The change that stores {@code next} (or deletes the record once nothing is connected). */
    public static FileChange change(Loaded loaded, ConnectState next) {
        String after = next.isEmpty() ? null : serialize(next);
        return loaded.file().change(after, AtomicWriter.OWNER_ONLY, List.of(after == null ? "delete the revert record" : "record what changed, for --revert"));
    }

    private static final List<String> FILE_LEVEL = List.of("created", "createdDirs", "originalMode", "original", "written");

    /**
     * A version 1 record kept the file-level facts in every tool's entry for the file. The first tool
     * that recorded a file (the record keeps tools in the order they were first connected) read it from
     * disk, so its copy is the file's own; a file that several tools recorded had wrong copies in the
     * others, and its "what connect wrote" cannot be trusted: it is reverted key by key.
     */
    static com.fasterxml.jackson.databind.JsonNode fromVersion1(com.fasterxml.jackson.databind.node.ObjectNode v1) {
        com.fasterxml.jackson.databind.node.ObjectNode files = v1.putObject("files");
        java.util.Map<String, Integer> owners = new java.util.HashMap<>();
        v1.path("tools").forEach(tool -> tool.path("files").properties().forEach(entry -> owners.merge(entry.getKey(), 1, Integer::sum)));
        v1.path("tools").forEach(tool -> tool.path("files").properties().forEach(entry -> {
            com.fasterxml.jackson.databind.node.ObjectNode record = (com.fasterxml.jackson.databind.node.ObjectNode) entry.getValue();
            if (!files.has(entry.getKey())) {
                com.fasterxml.jackson.databind.node.ObjectNode origin = files.putObject(entry.getKey());
                for (String field : FILE_LEVEL) if (record.has(field)) origin.set(field, record.get(field));
                if (owners.get(entry.getKey()) > 1) origin.remove("written");
            }
            record.remove(FILE_LEVEL);
            // Version 1 kept a managed block's lines in clear (Continue's .env block holds the key).
            if (record.has("notes")) {
                java.util.Map<String, String> notes = Json.mapper().convertValue(record.get("notes"),
                        new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() {});
                record.set("notes", Json.mapper().valueToTree(dev.anyray.connect.edit.BlockDocument.withFingerprintedLines(notes)));
            }
        }));
        v1.put("version", ConnectState.VERSION);
        return v1;
    }

    static String serialize(ConnectState state) {
        try {
            return Json.mapper().writeValueAsString(state) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
