package dev.anyray.connect.adapters;

import dev.anyray.connect.core.AtomicWriter;
import dev.anyray.connect.core.ConfigFile;
import dev.anyray.connect.core.ConnectContext;
import dev.anyray.connect.core.ConnectState;
import dev.anyray.connect.core.ConnectState.FileRecord;
import dev.anyray.connect.core.ConnectState.Owned;
import dev.anyray.connect.core.FileChange;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the revert record entries the adapters share, so they all remember files the same way. */
final class Records {
    private Records() {}

    /** The record of a file after {@code change}: created-ness and created folders survive re-runs. */
    static FileRecord file(FileRecord earlier, ConfigFile file, FileChange change, Map<String, Owned> owned, Map<String, String> notes) {
        boolean created = earlier != null ? earlier.created() : !file.exists();
        Set<String> dirs = new LinkedHashSet<>(earlier != null && earlier.createdDirs() != null ? earlier.createdDirs() : List.of());
        if (earlier == null || earlier.created()) change.missingParents().forEach(p -> dirs.add(p.toString()));
        String originalMode = earlier != null ? earlier.originalMode() : null;
        if (originalMode == null && file.mode() != null && change.mode() != null && !change.mode().equals(file.mode())) {
            originalMode = PosixFilePermissions.toString(file.mode());
        }
        return new FileRecord(created, dirs.isEmpty() ? null : new ArrayList<>(dirs), originalMode,
                owned == null || owned.isEmpty() ? null : owned, notes == null || notes.isEmpty() ? null : notes);
    }

    /**
     * A tool connected with a personal key depends on {@code ~/.anyray/client-key} (the shell block reads
     * it, Cursor's steps point at it, --check probes with it), so revert keeps that file until no tool does.
     */
    static ConnectState.ToolRecord tool(ConnectContext ctx, Map<String, FileRecord> files) {
        return new ConnectState.ToolRecord(ctx.gateway().url(), ctx.authMode().label(), ctx.key().masked(), ctx.key().isPersonal(), files);
    }

    /** On revert of a file connect created: its folders, innermost first, to remove once empty. */
    static List<Path> createdDirs(FileRecord record) {
        List<Path> dirs = new ArrayList<>();
        if (record.createdDirs() != null) record.createdDirs().forEach(d -> dirs.add(0, Path.of(d)));
        return dirs;
    }

    /** A file holding a personal key is made owner-only; other files keep their mode. */
    static Set<PosixFilePermission> modeFor(ConnectContext ctx, ConfigFile file, String after) {
        if (after != null && ctx.key().isPersonal() && after.contains(ctx.key().reveal())) return AtomicWriter.ownerOnly(file.mode());
        return null;
    }

    /** On revert: the mode the file had before connect made it owner-only. */
    static Set<PosixFilePermission> originalMode(FileRecord record) {
        return record.originalMode() == null ? null : PosixFilePermissions.fromString(record.originalMode());
    }

    static String key(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
