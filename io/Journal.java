package dev.anyray.connect.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * A run's intent, written (owner-only, synced) before anything changes and deleted once the run is
 * done: for every file, the fingerprints of its bytes before and after, its temp file (the new bytes)
 * and its backup (the old bytes, beside it and owner-only), the folders the run creates and removes,
 * and what it does to the credential store. The journal holds no file content, so never a key.
 *
 * <p>A run killed at any instant leaves either no journal or one that the next run, in any mode,
 * settles before doing anything else ({@link #recover}): <b>forward</b> when every new content was
 * staged in full (so every rename can be done; a redeemed key, a revert, a file the tool rewrote in
 * between all stay known to the record that is renamed last), else <b>back</b> (nothing was renamed
 * yet, or the run itself was undoing a failure), from the backups. A file changed by someone else since
 * is never touched either way.
 */
public final class Journal {
    private static final String NAME = "journal.json";
    static final int VERSION = 2;
    private final Path file;
    private final Path home;

    public Journal(Path anyrayDir) {
        this.file = anyrayDir.resolve(NAME);
        this.home = anyrayDir.getParent();
    }

    /**
     * One file of the run. Hashes are SHA-256 of the bytes (null: the file is absent); a mode-only
     * change has equal hashes and an {@code afterMode}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String target, String temp, String backup, String beforeHash, String beforeMode, String afterHash, String afterMode,
            List<String> createdDirs) {}

    /** The credential store's part: {@code store} (before the files; undone on the way back when the store had no key) or {@code clear} (after them). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Credential(String action, boolean hadBefore) {
        public static Credential store(boolean hadBefore) {
            return new Credential("store", hadBefore);
        }

        public static Credential clear() {
            return new Credential("clear", true);
        }

        boolean stores() {
            return "store".equals(action);
        }
    }

    /**
     * @param direction {@code forward}, or {@code back} once the run itself decided to undo a failure
     * @param kind how to settle the run (null in journals of the first version 2 builds: CONNECT)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Data(int version, String home, String direction, Kind kind, Credential credential, List<Entry> entries, List<String> removeFolders) {}

    /**
     * What a run is, for settling it after a crash. CONNECT: its record, renamed last, knows every file
     * it touches, so it is finished whenever that can be done. REVERT: its record forgets files, so a
     * file someone changed in between makes it undone instead (the record then still knows that file).
     * KEY: it holds the only copy of a redeemed key: finished as far as it can be, never undone.
     */
    public enum Kind { CONNECT, REVERT, KEY }

    /** What the credential store must do for a recovery; the journal never holds the key itself. */
    public interface CredentialStore {
        /** Whether the store holds a key now (false also when it cannot be reached from here). */
        boolean holdsKey();

        /** Removes the key; false when the store cannot be reached from here. */
        boolean removeKey();
    }

    /** How an interrupted run was settled. */
    public record Recovery(boolean forward, List<String> completed, List<String> kept, String credentialWarning) {}

    public Path path() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether a run was interrupted: its journal is there, or a temp file of connect's own folder. */
    public boolean pending() {
        if (exists()) return true;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(file.getParent(), ".*.anyray-tmp")) {
            return temps.iterator().hasNext();
        } catch (IOException e) {
            return false; // no folder yet (the first run), or none to list: nothing of a run is there
        }
    }

    /** Where the bytes a file had before the run are kept while the run lasts. */
    public static Path backupFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".anyray-bak");
    }

    static Entry entry(FileChange change, boolean staged, boolean backedUp, List<Path> createdDirs) {
        Path target = change.target();
        return new Entry(target.toString(), staged ? AtomicWriter.tempFor(target).toString() : null, backedUp ? backupFor(target).toString() : null,
                change.before() == null ? null : sha256(change.before()),
                change.modeBefore() == null ? null : PosixFilePermissions.toString(change.modeBefore()),
                change.after() == null ? null : sha256(change.after()),
                change.mode() == null ? null : PosixFilePermissions.toString(change.mode()),
                createdDirs.stream().map(Path::toString).toList());
    }

    /** Writes the intent durably: temp file, fsync, rename, fsync of the folder. */
    void write(List<Entry> entries, List<Path> removeFolders, Credential credential, boolean back, Kind kind) throws IOException {
        Data data = new Data(VERSION, home.toString(), back ? "back" : "forward", kind, credential, entries,
                removeFolders.isEmpty() ? null : removeFolders.stream().map(Path::toString).toList());
        Path temp = AtomicWriter.INSTANCE.stage(file, Json.mapper().writeValueAsBytes(data), AtomicWriter.OWNER_ONLY);
        AtomicWriter.INSTANCE.commit(temp, file);
        AtomicWriter.syncFolder(file.getParent());
    }

    void delete() {
        FaultPoint.reached("delete " + file);
        try {
            Files.deleteIfExists(file);
            AtomicWriter.syncFolder(file.getParent());
        } catch (IOException ignored) {
            // a journal whose run finished is recognised by the next run: every file already holds its "after"
        }
    }

    /**
     * Settles an interrupted run (see the class comment). {@code allowed} says which paths a run of this
     * home could have written: a journal that names anything else (copied from another machine, planted,
     * or written for another home) is refused with one line and nothing is changed. Returns null when no
     * run was interrupted.
     */
    public Recovery recover(FileSystemOps ops, Predicate<Path> allowed, java.util.function.Supplier<CredentialStore> credentials) {
        if (!exists()) {
            removeStrayTemps(file.getParent(), List.of());
            return null;
        }
        Data data = read();
        validate(data, allowed);
        List<Entry> entries = data.entries() == null ? List.of() : data.entries();
        List<Look> looks = new ArrayList<>();
        for (Entry entry : entries) looks.add(look(entry));
        Credential credential = data.credential();
        boolean keep = data.kind() == Kind.KEY;
        // A key the run was to put in the credential store must be there before its files are finished: they point at it.
        CredentialStore keychain = credential == null ? null : credentials.get(); // asked only when the run had a credential step
        boolean stored = credential == null || !credential.stores() || keychain.holdsKey();
        boolean someoneElses = looks.stream().anyMatch(l -> !l.isBefore() && !l.isAfter());
        boolean forward = !"back".equals(data.direction()) && stored && (keep || looks.stream().allMatch(Look::canFinish))
                && !(data.kind() == Kind.REVERT && someoneElses && canUndo(looks));
        if (!forward && !canUndo(looks)) {
            for (Look look : looks) {
                if (look.isAfter() && !look.isBefore() && look.entry.beforeHash() != null && !look.backupIntact()) {
                    throw new ConnectException("the backup of " + look.entry.target() + " that an interrupted run made is missing or damaged, so it cannot be put back; "
                            + "check that file, then move " + file + " aside and run again");
                }
            }
        }
        List<String> completed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        boolean unfinished = false;
        List<Path> createdDirs = new ArrayList<>(); // undone runs leave no folder they made, once their temp files are gone
        try {
            for (Look look : forward ? looks : reversed(looks)) {
                Entry e = look.entry;
                Path target = at(e.target());
                if (!look.isBefore() && !look.isAfter()) {
                    kept.add(e.target()); // changed by someone else since: theirs now, on either way
                    continue;
                }
                if (forward && !look.isAfter()) {
                    if (!look.canFinish()) {
                        unfinished = true; // only a keeping run gets here: this change was never staged
                        continue;
                    }
                    if (e.afterHash() == null) ops.delete(target);
                    else ops.commit(at(e.temp()), target);
                    completed.add(e.target());
                } else if (forward && look.modeOnly() && e.afterMode() != null) {
                    ops.setMode(target, PosixFilePermissions.fromString(e.afterMode()));
                } else if (!forward && !look.isBefore()) {
                    if (e.beforeHash() == null) ops.delete(target);
                    else ops.write(target, Files.readAllBytes(at(e.backup())), e.beforeMode() == null ? null : PosixFilePermissions.fromString(e.beforeMode()));
                    completed.add(e.target());
                } else if (!forward && look.modeOnly() && e.beforeMode() != null) {
                    ops.setMode(target, PosixFilePermissions.fromString(e.beforeMode()));
                }
                if (!forward && e.createdDirs() != null) e.createdDirs().forEach(d -> createdDirs.add(at(d)));
            }
        } catch (IOException e) {
            throw new ConnectException("could not settle an interrupted run (" + FileTransaction.reason(e) + "); the journal " + file + " is kept, run again");
        }
        String warning = null;
        boolean undoStore = !forward && credential != null && credential.stores() && !credential.hadBefore();
        // The key leaves the credential store only once the record that says so is in place too.
        boolean finishClear = forward && !unfinished && credential != null && !credential.stores();
        if ((undoStore || finishClear) && !keychain.removeKey()) {
            warning = "the keychain could not be reached to remove the personal key " + (undoStore ? "the interrupted run put there" : "the interrupted revert was removing")
                    + "; run anyray-connect --revert from your desktop session to remove it";
        }
        for (Entry e : entries) {
            discard(ops, e.temp());
            discard(ops, e.backup());
        }
        List<Path> folders = forward && data.removeFolders() != null ? data.removeFolders().stream().map(Path::of).toList() : List.of();
        FileTransaction.removeEmptyFolders(createdDirs);
        FileTransaction.removeEmptyFolders(folders);
        delete();
        removeStrayTemps(file.getParent(), List.of());
        FileTransaction.removeEmptyFolders(folders); // connect's own folder held the journal
        return new Recovery(forward, completed, kept, warning);
    }

    /** Whether every file the run already changed can get its old bytes back (its backup is intact). */
    private static boolean canUndo(List<Look> looks) {
        return looks.stream().allMatch(l -> !(l.isAfter() && !l.isBefore() && l.entry.beforeHash() != null) || l.backupIntact());
    }

    /** One entry as the file system has it now. */
    private record Look(Entry entry, String current, boolean tempIntact, boolean backupIntact) {
        boolean isBefore() {
            return java.util.Objects.equals(current, entry.beforeHash());
        }

        boolean isAfter() {
            return java.util.Objects.equals(current, entry.afterHash());
        }

        boolean modeOnly() {
            return java.util.Objects.equals(entry.beforeHash(), entry.afterHash());
        }

        /** Whether the run's change to this file can still be made (or already was, or is someone else's now). */
        boolean canFinish() {
            if (isAfter() || !isBefore()) return true;
            return entry.afterHash() == null || tempIntact;
        }
    }

    private Look look(Entry entry) {
        return new Look(entry, hashOf(entry.target()), entry.temp() != null && java.util.Objects.equals(hashOf(entry.temp()), entry.afterHash()),
                entry.backup() != null && java.util.Objects.equals(hashOf(entry.backup()), entry.beforeHash()));
    }

    private String hashOf(String path) {
        Path p = at(path);
        try {
            return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? sha256(Files.readAllBytes(p)) : null;
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private Data read() {
        if (Files.isSymbolicLink(file)) throw refuse("it is a symlink");
        try {
            Data data = Json.mapper().readValue(Files.readAllBytes(file), Data.class);
            if (data.version() != VERSION) throw refuse("it is of another version of anyray-connect");
            return data;
        } catch (IOException e) {
            throw new ConnectException(file + " (the journal of an interrupted run) cannot be read; move it aside and run again");
        }
    }

    /** Every path the journal names must be one a run of this home could have written, each where a run puts it. */
    private void validate(Data data, Predicate<Path> allowed) {
        if (!home.toString().equals(data.home())) throw refuse("it was written for another home (" + data.home() + ")");
        for (Entry e : data.entries() == null ? List.<Entry>of() : data.entries()) {
            if (e == null || e.target() == null) throw refuse("it has an entry that names no file");
            Path target = at(e.target());
            if (!target.isAbsolute() || !target.equals(target.normalize()) || !allowed.test(target)) throw refuse("it names " + e.target() + ", outside this home and the tools' folders");
            if (e.temp() != null && !at(e.temp()).equals(AtomicWriter.tempFor(target))) throw refuse("its temp file for " + e.target() + " is elsewhere");
            if (e.backup() != null && !at(e.backup()).equals(backupFor(target))) throw refuse("its backup of " + e.target() + " is elsewhere");
            for (String dir : e.createdDirs() == null ? List.<String>of() : e.createdDirs()) {
                if (dir == null || !target.startsWith(at(dir)) || target.equals(at(dir))) throw refuse("it names a folder " + dir + " that is not on the way to " + e.target());
            }
        }
        for (String dir : data.removeFolders() == null ? List.<String>of() : data.removeFolders()) {
            if (dir == null) throw refuse("it names a folder with no name");
            Path p = at(dir);
            if (!p.isAbsolute() || !p.equals(p.normalize()) || !allowed.test(p)) throw refuse("it names a folder " + dir + " outside this home");
        }
    }

    private ConnectException refuse(String why) {
        return new ConnectException("the journal " + file + " of an interrupted run was not used: " + why
                + "; nothing was changed. If it is not from a run on this machine, move it aside and run again");
    }

    /** A path the journal names, on the file system of the home it serves. */
    private Path at(String path) {
        return file.getFileSystem().getPath(path);
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private void discard(FileSystemOps ops, String path) {
        if (path != null) ops.discard(at(path));
    }

    /** Temp files of connect's own folder (the journal's, the record's, the key file's) that no journal names: a crash mid-write left them. */
    static void removeStrayTemps(Path dir, List<Path> except) {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ".*.anyray-{tmp,bak}")) {
            for (Path temp : temps) if (!except.contains(temp)) Files.deleteIfExists(temp);
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
