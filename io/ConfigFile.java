package dev.anyray.connect.io;

import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Text;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * A tool's config file as found on disk: where it is, where a symlink points (writes go there, the
 * link stays), its bytes (null when absent) and its mode. Reading never changes anything.
 */
public record ConfigFile(Path path, Path target, byte[] bytes, Set<PosixFilePermission> mode, String shown) {

    /** Config files are small; past this something is wrong and we do not load it whole. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    public static ConfigFile read(Path path, Environment env) {
        String shown = env.display(path);
        Path target = resolveLinks(path, shown);
        if (Files.isDirectory(target)) {
            throw new ConnectException(shown + " is a folder where a file is expected; move it aside and run again");
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return new ConfigFile(path, target, null, null, shown);
        try {
            if (Files.size(target) > MAX_BYTES) throw new ConnectException(shown + " is larger than 64 MB, too big for a config file; check it and run again");
            return new ConfigFile(path, target, Files.readAllBytes(target), AtomicWriter.modeOf(target), shown);
        } catch (AccessDeniedException e) {
            throw new ConnectException("cannot read " + shown + ": permission denied; fix its permissions and run again");
        } catch (IOException e) {
            throw new ConnectException("cannot read " + shown + ": " + e.getMessage());
        }
    }

    /**
     * The file that really holds the content: every folder on the way resolved through the file system
     * (a symlinked {@code ~/.claude} included), then a chain of symlinks followed, dangling ones too, each
     * relative link taken from the real folder it sits in. Revert records name files by this path.
     */
    public static Path resolveLinks(Path path, String shown) {
        Path current = realFolder(path.toAbsolutePath().normalize());
        for (int hops = 0; Files.isSymbolicLink(current); hops++) {
            if (hops > 40) throw new ConnectException(shown + " is a symlink loop; fix the link and run again");
            try {
                Path link = Files.readSymbolicLink(current);
                current = realFolder(current.getParent().resolve(link).normalize());
            } catch (IOException e) {
                throw new ConnectException("cannot read the symlink " + shown + ": " + e.getMessage());
            }
        }
        return current;
    }

    /** {@code path} with its deepest existing folder replaced by that folder's real path. */
    private static Path realFolder(Path path) {
        for (Path existing = path.getParent(); existing != null; existing = existing.getParent()) {
            if (!Files.isDirectory(existing)) continue;
            try {
                return existing.toRealPath().resolve(existing.relativize(path)).normalize();
            } catch (IOException e) {
                // removed since it was seen: its parent, then
            }
        }
        return path; // a path with no folder at all (never: connect's paths are absolute)
    }

    /** This file as an earlier plan of the same run leaves it. */
    ConfigFile afterPlanned(FileChange change) {
        return new ConfigFile(path, target, change.after(), change.after() == null ? null : change.mode() != null ? change.mode() : mode, shown);
    }

    /** How the revert record names this file: its real path. */
    public String key() {
        return target.toString();
    }

    public boolean exists() {
        return bytes != null;
    }

    public boolean isSymlink() {
        return !target.equals(path.toAbsolutePath().normalize());
    }

    /**
     * The content as text, without a byte-order mark (UTF-8, or UTF-8/UTF-16 with a BOM, see
     * {@link TextEncoding}); a file that is not valid text in its encoding is named in the error and left alone.
     */
    public String text() {
        return bytes == null ? "" : TextEncoding.strict(bytes, shown);
    }

    /** How the file is stored; a new file is UTF-8. */
    public TextEncoding encoding() {
        return bytes == null ? TextEncoding.UTF_8 : TextEncoding.of(bytes);
    }

    /** A change that turns this file into {@code after} (null: delete it), stored as the file was (a new file: UTF-8). */
    public FileChange change(String after, Set<PosixFilePermission> newMode, java.util.List<String> summary) {
        return change(after, newMode, summary, TextEncoding.UTF_8);
    }

    /** As above; a file that does not exist yet is stored in {@code forNewFile}. */
    public FileChange change(String after, Set<PosixFilePermission> newMode, java.util.List<String> summary, TextEncoding forNewFile) {
        TextEncoding encoding = bytes == null ? forNewFile : encoding();
        return new FileChange(path, target, shown, bytes, mode, after == null ? null : encoding.encode(after), newMode, summary);
    }
}
