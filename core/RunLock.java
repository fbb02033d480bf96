package dev.anyray.connect.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One connect at a time per home: two runs writing the same configs and revert record would lose
 * each other's record. The OS releases the lock when a run dies, so a crash never leaves it stuck.
 */
public final class RunLock implements AutoCloseable {
    private final Path file;
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, Path dir, FileChannel channel, FileLock lock) {
        this.file = file;
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    public static RunLock acquire(Environment env) {
        Path dir = env.anyrayDir();
        Path file = dir.resolve("lock");
        try {
            AtomicWriter.createParents(file, true);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new ConnectException("another anyray-connect run is changing this machine (lock " + env.display(file) + " is held); wait for it to finish and run again");
            }
            return new RunLock(file, dir, channel, lock);
        } catch (IOException e) {
            throw new ConnectException("cannot create " + env.display(file) + ": " + FileTransaction.reason(e));
        }
    }

    /** Releases the lock; when nothing else is kept under ~/.anyray, leaves no trace of the run. */
    @Override
    public void close() {
        try {
            boolean alone;
            try (var entries = Files.list(dir)) {
                alone = entries.allMatch(p -> p.equals(file));
            }
            if (alone) Files.deleteIfExists(file);
            lock.release();
            channel.close();
            if (alone) FileTransaction.deleteIfEmpty(dir);
        } catch (IOException ignored) {
            // releasing is best effort: the OS drops the lock when the process ends anyway
        }
    }
}
