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
 * Applies a run's changes all or nothing, and so that a crash at any instant is recoverable.
 * <ol>
 *   <li>The journal records the intent (fingerprints only, see {@link Journal}).</li>
 *   <li>Every new content is staged as a complete temp file beside its target, and every old content
 *       is kept as an owner-only backup beside it: that is where a full disk or a read-only folder
 *       fails, and then nothing has changed yet.</li>
 *   <li>The credential store gets the key, when the run stores one there.</li>
 *   <li>Each target is checked to still hold what the plan was computed from (an edit made while the
 *       prompt waited is never overwritten), then the temp file is renamed into place.</li>
 *   <li>The credential store loses the key, when the run clears it; emptied folders go.</li>
 *   <li>The backups, then the journal, are deleted.</li>
 * </ol>
 * Should a step fail, the journal is first turned to "back", then the files already replaced are put
 * back; should the process die, the next run finishes or undoes the run from the journal.
 */
public final class FileTransaction {
    private final FileSystemOps ops;
    private final Journal journal;

    /** A transaction without a journal (tests of the staging logic alone). */
    public FileTransaction(FileSystemOps ops) {
        this(ops, null);
    }

    public FileTransaction(FileSystemOps ops, Journal journal) {
        this(ops, journal, Journal.Kind.CONNECT);
    }

    private FileTransaction(FileSystemOps ops, Journal journal, Journal.Kind kind) {
        this.ops = ops;
        this.journal = journal;
        this.kind = kind;
    }

    /** How the next run settles this one after a crash (see {@link Journal.Kind}). */
    private final Journal.Kind kind;

    /**
     * A transaction whose record forgets files (a revert): should the user or a tool change one of its
     * files before the next run, that run undoes it rather than finishing it, so the record keeps
     * knowing the file and the next {@code --revert} can still take connect's settings out of it.
     */
    public static FileTransaction forgetting(FileSystemOps ops, Journal journal) {
        return new FileTransaction(ops, journal, Journal.Kind.REVERT);
    }

    /**
     * A transaction that holds the only copy of something (a key the single-use invite gave): after a
     * crash, the next run completes every change that was staged in full, and undoes none.
     */
    public static FileTransaction keeping(FileSystemOps ops, Journal journal) {
        return new FileTransaction(ops, journal, Journal.Kind.KEY);
    }

    /**
     * What the run does to the credential store, as part of the same intent: {@code apply} stores (before
     * the files) or clears (after them); {@code undo} takes a stored key out again when the run fails.
     */
    public record CredentialStep(Journal.Credential intent, Runnable apply, Runnable undo) {}

    private record Staged(FileChange change, Path temp, Path backup) {}

    /** Per change, the folders that did not exist when the run began (staging creates them). */
    private final java.util.Map<FileChange, List<Path>> createdFolders = new java.util.IdentityHashMap<>();

    public void apply(List<FileChange> changes) {
        apply(changes, List.of(), null);
    }

    /** Applies {@code changes} (and {@code credential}, may be null), then removes each of {@code emptiedFolders} that nothing is left in. */
    public void apply(List<FileChange> changes, List<Path> emptied, CredentialStep credential) {
        List<Path> emptiedFolders = innermostFirst(emptied);
        List<FileChange> real = coalesce(changes).stream().filter(c -> !c.isNoop()).toList();
        if (real.isEmpty() && credential == null) return;
        journalFolders = journal == null ? List.of() : AtomicWriter.missingParents(journal.path());
        List<Journal.Entry> entries = new ArrayList<>();
        for (FileChange c : real) {
            createdFolders.put(c, c.missingParents());
            entries.add(Journal.entry(c, writesBytes(c), backsUp(c), createdFolders.get(c)));
        }
        if (journal != null) {
            try {
                journal.write(entries, emptiedFolders, credential == null ? null : credential.intent(), false, kind);
            } catch (IOException e) {
                removeJournalFolders();
                throw new ConnectException("could not write the journal " + journal.path() + ": " + reason(e) + "; nothing was changed", e);
            }
        }
        boolean stores = credential != null && "store".equals(credential.intent().action());
        List<Staged> staged = new ArrayList<>();
        for (FileChange change : real) {
            try {
                Path backup = null;
                if (backsUp(change)) {
                    backup = Journal.backupFor(change.target());
                    staged.add(new Staged(change, null, backup));
                    ops.backup(backup, change.before());
                }
                if (writesBytes(change)) staged.add(new Staged(change, ops.stage(change.target(), change.after(), change.mode()), null));
            } catch (IOException | RuntimeException e) {
                // Nothing was stored yet (the store comes after staging): only the staged files go.
                abandon(staged);
                discardFolders(change);
                throw new ConnectException("could not write " + change.shown() + ": " + reason(e) + "; nothing was changed", e);
            }
        }
        if (stores) {
            try {
                credential.apply().run();
            } catch (RuntimeException e) {
                undoStore(credential);
                abandon(staged);
                throw e;
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
                    Staged s = staged.stream().filter(x -> x.change() == change && x.temp() != null).findFirst().orElseThrow();
                    ops.commit(s.temp(), change.target());
                }
                done.push(change);
                folders.add(change.target().getParent());
            } catch (ChangedUnderUs e) {
                String restored = rollback(done, entries, emptiedFolders, credential, staged);
                throw new ConnectException(change.shown() + " changed while connect was waiting; it was not overwritten and your edit stays. "
                        + (done.isEmpty() ? "Nothing was changed" : Character.toUpperCase(restored.charAt(0)) + restored.substring(1)) + "; run again to see the new plan");
            } catch (IOException | RuntimeException e) {
                String restored = rollback(done, entries, emptiedFolders, credential, staged);
                throw new ConnectException("could not write " + change.shown() + ": " + reason(e) + "; " + restored, e);
            }
        }
        folders.forEach(AtomicWriter::syncFolder);
        if (credential != null && !stores) credential.apply().run();
        discard(staged);
        removeEmptyFolders(emptiedFolders);
        finish();
        // Connect's own folder held the journal until now.
        removeEmptyFolders(emptiedFolders);
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

    /** The old bytes are kept while the run lasts whenever the file's bytes change (a rollback after a crash needs them). */
    private static boolean backsUp(FileChange change) {
        return change.before() != null && !Arrays.equals(change.before(), change.after());
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
        removeJournalFolders();
    }

    private void removeJournalFolders() {
        removeEmptyFolders(journalFolders);
    }

    private void discard(List<Staged> staged) {
        for (int i = staged.size() - 1; i >= 0; i--) {
            Staged s = staged.get(i);
            if (s.temp() != null) ops.discard(s.temp());
            if (s.backup() != null) ops.discard(s.backup());
        }
        for (Staged s : staged) discardFolders(s.change());
    }

    /** Folders a change created for a file that is not there in the end. */
    private void discardFolders(FileChange change) {
        if (Files.exists(change.target())) return;
        removeEmptyFolders(createdFolders.getOrDefault(change, List.of()));
    }

    private void undoStore(CredentialStep credential) {
        if (credential == null || !"store".equals(credential.intent().action()) || credential.intent().hadBefore()) return;
        try {
            credential.undo().run();
        } catch (RuntimeException ignored) {
            // best effort: the journal is gone, so report nothing more than the failure itself
        }
    }

    /**
     * Undoes a failed run: the journal first turns to "back" (so that a crash from here on is undone,
     * never finished, by the next run), then every replaced file gets its old bytes.
     */
    private String rollback(Deque<FileChange> done, List<Journal.Entry> entries, List<Path> emptiedFolders, CredentialStep credential, List<Staged> staged) {
        if (journal != null) {
            try {
                journal.write(entries, emptiedFolders, credential == null ? null : credential.intent(), true, kind);
            } catch (IOException ignored) {
                // the forward journal stays: the next run finishes what can be finished
            }
        }
        int failed = 0;
        for (FileChange c : done) {
            try {
                if (c.before() == null) ops.delete(c.target());
                else ops.write(c.target(), c.before(), c.modeBefore());
            } catch (IOException | RuntimeException e) {
                failed++;
            }
        }
        if (failed > 0) {
            // Keep the journal and the backups: the next run puts back what could not be put back now.
            return failed + " file(s) could not be put back yet; the next run of anyray-connect puts them back";
        }
        undoStore(credential);
        abandon(staged);
        return "every file was put back as it was";
    }

    /**
     * {@code folders} without repeats, innermost first whatever order they were named in: a folder two
     * tools' files shared (or that holds another created folder) comes after what is inside it.
     */
    public static List<Path> innermostFirst(java.util.Collection<Path> folders) {
        return folders.stream().distinct().sorted(java.util.Comparator.comparingInt(Path::getNameCount).reversed()).toList();
    }

    /** Removes each of {@code folders} that nothing is left in, innermost first. */
    public static void removeEmptyFolders(java.util.Collection<Path> folders) {
        innermostFirst(folders).forEach(FileTransaction::deleteIfEmpty);
    }

    /** Removes a folder connect created once nothing is left in it; anything else is left alone. */
    public static void deleteIfEmpty(Path dir) {
        FaultPoint.reached("remove folder " + dir);
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
