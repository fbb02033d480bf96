package dev.anyray.connect.io;

import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One connect at a time per home: two runs writing the same configs and revert record would lose
 * each other's record. The OS releases the lock when a run dies, so a crash never leaves it stuck.
 *
 * <p>The lock file is never deleted: a run that deleted it while holding the lock would let two later
 * runs lock two different files and run at once. It therefore lives outside HOME (which a full revert
 * leaves as it found it), in the per-user runtime folder ({@code $XDG_RUNTIME_DIR}), else in an
 * owner-only folder under the system temp folder; one lock per home.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static Path path(Environment env) {
        String name = "anyray-connect-" + digest(env.home().toString()) + ".lock";
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && Files.isDirectory(Path.of(runtime))) return Path.of(runtime, name);
        String user = env.get("USER") != null ? env.get("USER") : System.getProperty("user.name", "user");
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "anyray-connect-" + user.replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectory(dir);
                }
            }
            if (Files.isSymbolicLink(dir) || !Files.getOwner(dir).getName().equals(System.getProperty("user.name"))) {
                return env.anyrayDir().resolve("lock"); // someone else's folder: not a place to trust
            }
            return dir.resolve(name);
        } catch (IOException e) {
            return env.anyrayDir().resolve("lock");
        }
    }

    public static RunLock acquire(Environment env) {
        Path file = path(env);
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
            return new RunLock(channel, lock);
        } catch (IOException e) {
            throw new ConnectException("cannot create the lock " + env.display(file) + ": " + FileTransaction.reason(e));
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // releasing is best effort: the OS drops the lock when the process ends anyway
        }
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
