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
            ConnectState state = Json.mapper().readValue(file.text(), ConnectState.class);
            if (state.salt() == null || state.version() != ConnectState.VERSION) throw new IllegalArgumentException("unknown version");
            return new Loaded(file, state);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ConnectException(file.shown() + " (the revert record) is damaged; move it aside to continue (what it recorded cannot be reverted then)");
        }
    }

    /** The change that stores {@code next} (or deletes the record once nothing is connected). */
    public static FileChange change(Loaded loaded, ConnectState next) {
        String after = next.isEmpty() ? null : serialize(next);
        if (after != null && loaded.exists() && after.equals(loaded.file().text())) after = loaded.file().text();
        return loaded.file().change(after, AtomicWriter.OWNER_ONLY, List.of(after == null ? "delete the revert record" : "record what changed, for --revert"));
    }

    static String serialize(ConnectState state) {
        try {
            return Json.mapper().writeValueAsString(state) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
