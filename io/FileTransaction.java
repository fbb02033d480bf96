package dev.anyray.connect.io;

import dev.anyray.connect.model.ConnectException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a run's file changes all or nothing, and so that a crash at any instant is recoverable.
 * <ol>
 *   <li>The journal records the intent (every file's bytes before, its temp file, the folders to create).</li>
 *   <li>Every new content is staged as a complete temp file beside its target: that is where a full disk
 *       or a read-only folder fails, and then nothing has changed yet.</li>
 *   <li>Each target is checked to still hold what the plan was computed from (an edit made while the
 *       prompt waited is never overwritten), then the temp file is renamed into place.</li>
 *   <li>The journal is deleted.</li>
 * </ol>
 * Should a step fail, the files already replaced are put back from their old bytes; should the process
 * die, the next run does the same from the journal.
 */
public final class FileTransaction {
    private final FileSystemOps ops;
    private final Journal journal;

    /** A transaction without a journal (tests of the staging logic alone). */
    public FileTransaction(FileSystemOps ops) {
        this(ops, null);
    }

    public FileTransaction(FileSystemOps ops, Journal journal) {
        this.ops = ops;
        this.journal = journal;
    }

    private record Staged(FileChange change, Path temp, List<Path> createdDirs) {}

    public void apply(List<FileChange> changes) {
        apply(changes, List.of());
    }

    /** Applies {@code changes}, then removes each of {@code emptiedFolders} that nothing is left in. */
    public void apply(List<FileChange> changes, List<Path> emptiedFolders) {
        List<FileChange> real = coalesce(changes).stream().filter(c -> !c.isNoop()).toList();
        if (real.isEmpty()) return;
        journalFolders = journal == null ? List.of() : AtomicWriter.missingParents(journal.path());
        if (journal != null) {
            List<Journal.Entry> entries = new ArrayList<>();
            for (FileChange c : real) entries.add(Journal.entry(c, writesBytes(c) ? AtomicWriter.tempFor(c.target()) : null));
            try {
                journal.write(entries);
            } catch (IOException e) {
                throw new ConnectException("could not write the journal " + journal.path() + ": " + reason(e) + "; nothing was changed", e);
            }
        }
        List<Staged> staged = new ArrayList<>();
        for (FileChange change : real) {
            if (!writesBytes(change)) continue;
            List<Path> dirs = change.missingParents();
            try {
                staged.add(new Staged(change, ops.stage(change.target(), change.after(), change.mode()), dirs));
            } catch (IOException | RuntimeException e) {
                staged.add(new Staged(change, null, dirs));
                abandon(staged);
                throw new ConnectException("could not write " + change.shown() + ": " + reason(e) + "; nothing was changed", e);
            }
        }
        Deque<FileChange> done = new ArrayDeque<>();
        Set<Path> folders = new LinkedHashSet<>();
        for (FileChange change : real) {
            try {
                requireUnchanged(change);
                if (change.after() == null) {
                    ops.delete(change.target());
                } else if (!writesBytes(change)) {
                    ops.setMode(change.target(), change.mode());
                } else {
                    Staged s = staged.stream().filter(x -> x.change() == change).findFirst().orElseThrow();
                    ops.commit(s.temp(), change.target());
                }
                done.push(change);
                folders.add(change.target().getParent());
            } catch (ChangedUnderUs e) {
                String restored = rollback(done);
                abandon(staged);
                throw new ConnectException(change.shown() + " changed while connect was waiting; it was not overwritten and your edit stays. "
                        + (done.isEmpty() ? "Nothing was changed" : restored) + "; run again to see the new plan");
            } catch (IOException | RuntimeException e) {
                String restored = rollback(done);
                abandon(staged);
                throw new ConnectException("could not write " + change.shown() + ": " + reason(e) + "; " + restored, e);
            }
        }
        folders.forEach(AtomicWriter::syncFolder);
        finish();
        emptiedFolders.forEach(FileTransaction::deleteIfEmpty);
    }

    /**
     * Changes planned one on top of the other for the same file (two tools' blocks in one shell profile)
     * become one: the first one's bytes before, the last one's after. One file, one temp file, one rename.
     */
    static List<FileChange> coalesce(List<FileChange> changes) {
        java.util.Map<Path, FileChange> byTarget = new java.util.LinkedHashMap<>();
        for (FileChange change : changes) {
            byTarget.merge(change.target(), change, (first, last) -> new FileChange(first.path(), first.target(), first.shown(), first.before(),
                    first.modeBefore(), last.after(), last.mode() != null ? last.mode() : first.mode(), last.summary()));
        }
        return new ArrayList<>(byTarget.values());
    }

    private static boolean writesBytes(FileChange change) {
        return change.after() != null && !Arrays.equals(change.before(), change.after());
    }

    private static final class ChangedUnderUs extends Exception {}

    /** The target must still hold the bytes the plan was computed from. */
    private static void requireUnchanged(FileChange change) throws IOException, ChangedUnderUs {
        byte[] now = Files.isRegularFile(change.target()) ? Files.readAllBytes(change.target()) : null;
        if (!Arrays.equals(now, change.before())) throw new ChangedUnderUs();
    }

    /** Folders the journal's write created: a run that changed nothing leaves none of them behind. */
    private List<Path> journalFolders = List.of();

    private void finish() {
        if (journal != null) journal.delete();
    }

    private void abandon(List<Staged> staged) {
        discard(staged);
        finish();
        for (int i = journalFolders.size() - 1; i >= 0; i--) deleteIfEmpty(journalFolders.get(i));
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

    public static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) return fse.getReason();
        if (e instanceof java.nio.file.NoSuchFileException) return "a folder on the way does not exist";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
