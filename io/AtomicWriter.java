package dev.anyray.connect.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The project's one way to put bytes in a file: a temp file in the same folder, fsync, the mode set
 * before anything can read it, then an atomic rename ({@link #stage} then {@link #commit}). A reader sees the old file or the new one, never
 * half of either. Callers pass the symlink's target (see {@link ConfigFile}), so links are kept.
 */
public final class AtomicWriter implements FileSystemOps {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> DEFAULT_FILE = PosixFilePermissions.fromString("rw-r--r--");

    public static final AtomicWriter INSTANCE = new AtomicWriter();

    /**
     * Where {@link #stage} puts the new content of {@code target}: a fixed name beside it, so that the
     * journal can name it before it exists and a crashed run's temp file (which may hold a key) is
     * always found and removed by the next run.
     */
    public static Path tempFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".anyray-tmp");
    }

    @Override
    public Path stage(Path target, byte[] data, Set<PosixFilePermission> mode) throws IOException {
        FaultPoint.reached("stage " + target);
        Set<PosixFilePermission> finalMode = mode != null ? mode : Files.exists(target) ? modeOf(target) : DEFAULT_FILE;
        createParents(target, finalMode != null && isOwnerOnly(finalMode));
        Path temp = tempFor(target);
        Files.deleteIfExists(temp); // a stale one from a crash, or a link someone put there: never written through
        try {
            // Created owner-only, so a key in it is never readable by others, not even for a moment;
            // the final mode is set before the rename.
            try (FileChannel channel = createOwnerOnly(temp)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(true);
            }
            setMode(temp, finalMode);
            return temp;
        } catch (IOException | RuntimeException e) {
            discard(temp);
            throw e;
        }
    }

    /** Writes a new owner-only file at {@code file} (replacing a stale one, never through a link) and syncs it. */
    static void writeOwnerOnlySynced(Path file, byte[] data) throws IOException {
        FaultPoint.reached("back up " + file);
        Files.deleteIfExists(file);
        try (FileChannel channel = createOwnerOnly(file)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(true);
        }
    }

    private static FileChannel createOwnerOnly(Path file) throws IOException {
        try {
            return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    /** Makes the renames in {@code dir} durable (a power loss after a run keeps what it did). */
    public static void syncFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not every platform can sync a folder (Windows); the rename itself is still atomic
        }
    }

    @Override
    public void commit(Path staged, Path target) throws IOException {
        FaultPoint.reached("rename to " + target);
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void discard(Path staged) {
        try {
            Files.deleteIfExists(staged);
        } catch (IOException ignored) {
            // a stray temp file is harmless; its name says what it is
        }
    }

    @Override
    public void delete(Path target) throws IOException {
        FaultPoint.reached("delete " + target);
        Files.deleteIfExists(target);
    }

    @Override
    public void setMode(Path target, Set<PosixFilePermission> mode) throws IOException {
        if (mode == null) return;
        FaultPoint.reached("chmod " + target);
        try {
            Files.setPosixFilePermissions(target, mode);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): files under the user profile are private by ACL already.
        }
    }

    /** Creates the missing parents (owner-only when they will hold a secret) and returns them, outermost first. */
    public static List<Path> createParents(Path target, boolean ownerOnly) throws IOException {
        List<Path> created = missingParents(target);
        for (Path dir : created) {
            try {
                Files.createDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(dir)) throw new FileSystemException(dir.toString(), null, dir.getFileName() + " on the way is not a folder (a file, or a link to nothing)");
                continue;
            }
            if (ownerOnly) INSTANCE.setMode(dir, OWNER_ONLY_DIR);
        }
        return created;
    }

    /** The target's parent folders that do not exist yet, outermost first. */
    public static List<Path> missingParents(Path target) {
        List<Path> missing = new ArrayList<>();
        for (Path dir = target.getParent(); dir != null && !Files.exists(dir); dir = dir.getParent()) missing.add(0, dir);
        return missing;
    }

    public static Set<PosixFilePermission> modeOf(Path path) {
        try {
            return Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
    }

    public static boolean isOwnerOnly(Set<PosixFilePermission> mode) {
        return mode.stream().noneMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
    }

    /** The mode a file gets when it will hold a personal key: its current mode without group/other bits. */
    public static Set<PosixFilePermission> ownerOnly(Set<PosixFilePermission> current) {
        if (current == null) return OWNER_ONLY;
        Set<PosixFilePermission> mode = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : current) if (p.name().startsWith("OWNER")) mode.add(p);
        mode.add(PosixFilePermission.OWNER_READ);
        mode.add(PosixFilePermission.OWNER_WRITE);
        return mode;
    }
}
