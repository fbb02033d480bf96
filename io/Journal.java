package dev.anyray.connect.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The run's intent, written (owner-only, synced) before the first tool file changes and deleted once
 * the last rename is done: for every file, its bytes before the run, the fingerprint of its bytes
 * after, its temp file and the folders the run creates for it. A run killed at any instant leaves
 * either no journal (nothing changed, or everything did) or a journal that the next run, in any mode,
 * uses to put every file back as it was before the interrupted run ({@link #recover}).
 */
public final class Journal {
    private static final String NAME = "journal.json";
    private final Path file;

    public Journal(Path anyrayDir) {
        this.file = anyrayDir.resolve(NAME);
    }

    /** One file of the run. {@code before} is base64 (null: the file did not exist); {@code afterHash} null: the run deletes it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String target, String temp, String before, String beforeMode, String afterHash, List<String> createdDirs) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Data(int version, List<Entry> entries) {}

    public Path path() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** Whether a run was interrupted: its journal is there, or a temp file of connect's own folder. */
    public boolean pending() {
        if (exists()) return true;
        if (!Files.isDirectory(file.getParent())) return false;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(file.getParent(), ".*.anyray-tmp")) {
            return temps.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    static Entry entry(FileChange change, Path temp) {
        return new Entry(change.target().toString(), temp == null ? null : temp.toString(),
                change.before() == null ? null : Base64.getEncoder().encodeToString(change.before()),
                change.modeBefore() == null ? null : PosixFilePermissions.toString(change.modeBefore()),
                change.after() == null ? null : sha256(change.after()),
                change.missingParents().stream().map(Path::toString).toList());
    }

    /** Writes the intent durably: temp file, fsync, rename, fsync of the folder. */
    void write(List<Entry> entries) throws IOException {
        byte[] data = Json.mapper().writeValueAsBytes(new Data(1, entries));
        Path temp = AtomicWriter.INSTANCE.stage(file, data, AtomicWriter.OWNER_ONLY);
        AtomicWriter.INSTANCE.commit(temp, file);
        AtomicWriter.syncFolder(file.getParent());
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
            AtomicWriter.syncFolder(file.getParent());
        } catch (IOException ignored) {
            // a journal whose run finished is recognised by the next run: every file already holds its "after"
        }
    }

    /**
     * Completes an interrupted run by putting back every file it had changed (only while the file still
     * holds what that run wrote: a later edit by the user is kept), removing its temp files and the
     * folders it created. Returns the files put back (empty when the run had changed none yet), or null
     * when no run was interrupted.
     */
    public List<String> recover(FileSystemOps ops) {
        List<String> restored = new ArrayList<>();
        removeStrayTemps(file.getParent());
        if (!Files.exists(file)) {
            // A run killed while writing its journal leaves connect's folder empty: it means nothing.
            FileTransaction.deleteIfEmpty(file.getParent());
            return null;
        }
        Data data;
        try {
            data = Json.mapper().readValue(Files.readAllBytes(file), Data.class);
        } catch (IOException e) {
            throw new ConnectException(file + " (the journal of an interrupted run) cannot be read; move it aside and run again");
        }
        List<Entry> entries = new ArrayList<>(data.entries() == null ? List.of() : data.entries());
        java.util.Collections.reverse(entries);
        for (Entry entry : entries) {
            Path target = Path.of(entry.target());
            try {
                if (entry.temp() != null) Files.deleteIfExists(Path.of(entry.temp()));
                byte[] current = Files.isRegularFile(target) ? Files.readAllBytes(target) : null;
                boolean runWroteIt = entry.afterHash() == null ? current == null : current != null && sha256(current).equals(entry.afterHash());
                byte[] before = entry.before() == null ? null : Base64.getDecoder().decode(entry.before());
                if (runWroteIt && !java.util.Arrays.equals(current, before)) {
                    if (before == null) ops.delete(target);
                    else ops.write(target, before, entry.beforeMode() == null ? null : PosixFilePermissions.fromString(entry.beforeMode()));
                    restored.add(target.toString());
                }
                List<String> dirs = entry.createdDirs() == null ? List.of() : entry.createdDirs();
                for (int i = dirs.size() - 1; i >= 0; i--) FileTransaction.deleteIfEmpty(Path.of(dirs.get(i)));
            } catch (IOException e) {
                throw new ConnectException("could not put back " + target + " after an interrupted run (" + FileTransaction.reason(e)
                        + "); the journal " + file + " is kept, run again");
            }
        }
        delete();
        return restored;
    }

    /** Temp files of connect's own folder (the journal's and the record's) left by a crash mid-write. */
    private static void removeStrayTemps(Path dir) {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ".*.anyray-tmp")) {
            for (Path temp : temps) Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // nothing to clean, or not ours to clean
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
