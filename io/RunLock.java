package dev.anyray.connect.io;

import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * One run at a time per home: two runs writing the same configs and revert record would lose each
 * other's record, and a second run must never settle the journal of a run that is still going.
 *
 * <p>The lock is {@code ~/.anyray/lock}, so it is the same file for every run on this home whatever
 * the environment says ({@code XDG_RUNTIME_DIR}, {@code USER}, {@code sudo}, cron, an MDM agent),
 * and it lives where only the home's owner can create it. The OS releases the lock when a run dies,
 * so a crash never leaves it stuck. A run that leaves nothing else in {@code ~/.anyray} (a full
 * revert, a run that changed nothing) deletes the lock file while it still holds it, so HOME is left
 * as it was found; that is safe because every run checks, once it holds the lock, that the path still
 * names the file it locked, and starts over otherwise.
 */
public final class RunLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    public static Path path(Environment env) {
        return env.anyrayDir().resolve("lock");
    }

    /** Takes the lock, or fails with one line when another run holds it. */
    public static RunLock acquire(Environment env) {
        RunLock lock = tryAcquire(env);
        if (lock == null) {
            throw new ConnectException("another anyray-connect run is changing this machine (lock " + env.display(path(env)) + " is held); wait for it to finish and run again");
        }
        return lock;
    }

    /** Takes the lock, or returns null when another run holds it. */
    public static RunLock tryAcquire(Environment env) {
        return tryAcquire(env, System.getProperty("user.name", ""));
    }

    /** As {@link #tryAcquire(Environment)}, run by the user {@code me} (a test can be a user who is not root). */
    public static RunLock tryAcquire(Environment env, String me) {
        Path file = path(env);
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                AtomicWriter.createParents(file, true);
                requireOwnFolder(env, file.getParent(), me);
                Object before = fileKey(file);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    return null;
                }
                // A run that finished may have deleted the file between our open and our lock: then we hold
                // the lock of a file nobody else will ever open, so start over with the file the path names now.
                if (before != null && before.equals(fileKey(file))) return new RunLock(file, channel, lock);
                lock.release();
                channel.close();
            } catch (NoSuchFileException e) {
                // a finishing run removed connect's folder between our steps: start over
            } catch (IOException e) {
                throw new ConnectException("cannot create the lock " + env.display(file) + ": " + FileTransaction.reason(e) + "; check the folder's permissions and run again");
            }
        }
        throw new ConnectException("could not take the lock " + env.display(file) + ": it keeps being replaced; run again");
    }

    /**
     * {@code ~/.anyray} must belong to the user who runs connect (or root acting for them): a folder
     * another user created is not a place to keep a lock, a key or a record.
     */
    private static void requireOwnFolder(Environment env, Path dir, String me) throws IOException {
        if (!Files.getFileStore(dir).supportsFileAttributeView(java.nio.file.attribute.FileOwnerAttributeView.class)) return; // no owners to check here
        String owner = Files.getOwner(dir).getName();
        if (!isOwnedBy(owner, me, env.isWindows())) {
            throw new ConnectException(env.display(dir) + " belongs to the user " + owner + ", not to you (" + me
                    + "); it may have been put there by someone else. Check it, remove it if it is not yours, and run again");
        }
    }

    /**
     * Whether a folder whose owner is {@code owner} is {@code me}'s. Root may act for a user (sudo, an
     * MDM agent). Windows names the owner DOMAIN\name (or MACHINE\name), in any case, and an elevated
     * run's folder belongs to Administrators.
     */
    public static boolean isOwnedBy(String owner, String me, boolean windows) {
        if (windows) {
            String account = owner.substring(owner.lastIndexOf('\\') + 1);
            return account.equalsIgnoreCase(me) || account.equalsIgnoreCase("Administrators");
        }
        return owner.equals(me) || me.equals("root");
    }

    private static Object fileKey(Path file) throws IOException {
        try {
            return Objects.requireNonNullElse(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey(), "no-file-key");
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Releases the lock; when nothing but the lock is left in connect's folder, the lock file and the folder go first. */
    @Override
    public void close() {
        try {
            Path dir = file.getParent();
            try (var entries = Files.list(dir)) {
                if (entries.allMatch(file::equals)) {
                    Files.deleteIfExists(file);
                    FileTransaction.deleteIfEmpty(dir);
                }
            } catch (IOException ignored) {
                // the folder is gone or unreadable: nothing to tidy
            }
        } finally {
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // releasing is best effort: the OS drops the lock when the process ends anyway
            }
        }
    }
}
