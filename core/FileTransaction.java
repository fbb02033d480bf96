package dev.anyray.connect.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Applies a run's file changes all or nothing: if any write fails (read-only folder, full disk), every
 * file already written is put back as it was, folders this run created are removed again, and the
 * error names the file that failed. The revert record is the last change, so it is only ever written
 * when every tool file it describes has been.
 */
public final class FileTransaction {
    private final FileSystemOps ops;

    public FileTransaction(FileSystemOps ops) {
        this.ops = ops;
    }

    private record Undo(FileChange change, Set<PosixFilePermission> modeBefore, List<Path> createdDirs) {}

    public void apply(List<FileChange> changes, Environment env) {
        Deque<Undo> done = new ArrayDeque<>();
        for (FileChange change : changes) {
            if (change.isNoop()) continue;
            Set<PosixFilePermission> modeBefore = change.before() == null ? null : AtomicWriter.modeOf(change.target());
            List<Path> createdDirs = change.after() == null ? List.of() : change.missingParents();
            try {
                if (change.after() == null) {
                    ops.delete(change.target());
                } else if (java.util.Arrays.equals(change.before(), change.after())) {
                    ops.setMode(change.target(), change.mode());
                } else {
                    ops.write(change.target(), change.after(), change.mode());
                }
                done.push(new Undo(change, modeBefore, createdDirs));
            } catch (IOException | RuntimeException e) {
                done.push(new Undo(change, modeBefore, createdDirs)); // a half-done write may have created folders
                String restored = rollback(done);
                throw new ConnectException("could not write " + change.shown() + ": " + reason(e) + "; " + restored, e);
            }
        }
    }

    private String rollback(Deque<Undo> done) {
        int failed = 0;
        for (Undo undo : done) {
            FileChange c = undo.change();
            try {
                if (c.before() == null) {
                    ops.delete(c.target());
                } else {
                    ops.write(c.target(), c.before(), undo.modeBefore());
                }
                for (int i = undo.createdDirs().size() - 1; i >= 0; i--) deleteIfEmpty(undo.createdDirs().get(i));
            } catch (IOException | RuntimeException e) {
                failed++;
            }
        }
        return failed == 0 ? "every file was left as it was" : failed + " file(s) could not be restored; check them";
    }

    static void deleteIfEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) Files.delete(dir);
        } catch (IOException ignored) {
            // not empty or already gone: leave it
        }
    }

    static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) return fse.getReason();
        if (e instanceof java.nio.file.NoSuchFileException) return "a folder on the way does not exist";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
