package dev.anyray.connect.io;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The writes a transaction makes, split so that everything that can run out of space happens
 * before any real file changes: {@link #stage} writes a complete temp file beside the target,
 * {@link #commit} only renames it into place. An interface so tests can make a write fail half-way.
 */
public interface FileSystemOps {
    /** Writes {@code data} to a synced temp file in the target's folder (creating folders) and returns it. */
    Path stage(Path target, byte[] data, Set<PosixFilePermission> mode) throws IOException;

    /** Atomically replaces {@code target} with the staged file. */
    void commit(Path staged, Path target) throws IOException;

    /** Removes a staged file that will not be committed. */
    void discard(Path staged);

    void delete(Path target) throws IOException;

    void setMode(Path target, Set<PosixFilePermission> mode) throws IOException;

    /** Writes {@code data} to {@code backup} (owner-only, synced): a file's old bytes, kept while a transaction lasts. */
    default void backup(Path backup, byte[] data) throws IOException {
        AtomicWriter.writeOwnerOnlySynced(backup, data);
    }

    default void write(Path target, byte[] data, Set<PosixFilePermission> mode) throws IOException {
        commit(stage(target, data, mode), target);
    }
}
