package dev.anyray.connect.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Applies a run's file changes all or nothing. First every new content is staged as a complete temp
 * file beside its target: that is where a full disk or a read-only folder fails, and then nothing has
 * changed yet. Only then are the temp files renamed into place, which needs no space. Should a rename
 * still fail, the files already replaced are put back from their old bytes. The revert record is the
 * last change, so it only ever describes files that were really written.
 */
public final class FileTransaction {
    private final FileSystemOps ops;

    public FileTransaction(FileSystemOps ops) {
        this.ops = ops;
    }

    private record Staged(FileChange change, Path temp, List<Path> createdDirs) {}

    public void apply(List<FileChange> changes) {
        List<Staged> staged = new ArrayList<>();
        for (FileChange change : changes) {
            if (change.isNoop() || change.after() == null || Arrays.equals(change.before(), change.after())) continue;
            List<Path> dirs = change.missingParents();
            try {
                staged.add(new Staged(change, ops.stage(change.target(), change.after(), change.mode()), dirs));
            } catch (IOException | RuntimeException e) {
                staged.add(new Staged(change, null, dirs));
                discard(staged);
                throw new ConnectException("could not write " + change.shown() + ": " + reason(e) + "; nothing was changed", e);
            }
        }
        Deque<FileChange> done = new ArrayDeque<>();
        for (FileChange change : changes) {
            if (change.isNoop()) continue;
            try {
                if (change.after() == null) {
                    ops.delete(change.target());
                } else if (Arrays.equals(change.before(), change.after())) {
                    ops.setMode(change.target(), change.mode());
                } else {
                    Staged s = staged.stream().filter(x -> x.change() == change).findFirst().orElseThrow();
                    ops.commit(s.temp(), change.target());
                }
                done.push(change);
            } catch (IOException | RuntimeException e) {
                String restored = rollback(done);
                discard(staged);
                throw new ConnectException("could not write " + change.shown() + ": " + reason(e) + "; " + restored, e);
            }
        }
    }

    private void discard(List<Staged> staged) {
        for (int i = staged.size() - 1; i >= 0; i--) {
            Staged s = staged.get(i);
            if (s.temp() != null) ops.discard(s.temp());
            if (!Files.exists(s.change().target())) {
                for (int d = s.createdDirs().size() - 1; d >= 0; d--) deleteIfEmpty(s.createdDirs().get(d));
            }
        }
    }

    private String rollback(Deque<FileChange> done) {
        int failed = 0;
        for (FileChange c : done) {
            try {
                if (c.before() == null) ops.delete(c.target());
                else ops.write(c.target(), c.before(), c.modeBefore());
            } catch (IOException | RuntimeException e) {
                failed++;
            }
        }
        return failed == 0 ? "every file was put back as it was" : failed + " file(s) could not be put back; check them";
    }

    /** Removes a folder connect created once nothing is left in it; anything else is left alone. */
    public static void deleteIfEmpty(Path dir) {
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
