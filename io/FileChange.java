package dev.anyray.connect.io;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One file's planned change: the bytes it has ({@code before}, null when absent) and the bytes it
 * will have ({@code after}, null to delete it). Plans are data, so a dry run shows exactly what an
 * apply writes, and the transaction can put every file back if a later write fails.
 *
 * @param modeBefore the mode the file had when it was read (null when absent or not POSIX)
 * @param mode the mode to give the file, or null to keep the current one (new files: 0644)
 */
public record FileChange(Path path, Path target, String shown, byte[] before, Set<PosixFilePermission> modeBefore, byte[] after,
        Set<PosixFilePermission> mode, List<String> summary) {

    /** The same change, described otherwise. */
    public FileChange withSummary(String text) {
        return new FileChange(path, target, shown, before, modeBefore, after, mode, List.of(text));
    }

    public boolean isNoop() {
        return Arrays.equals(before, after) && (mode == null || after == null || mode.equals(modeBefore));
    }

    public boolean creates() {
        return before == null && after != null;
    }

    public boolean deletes() {
        return before != null && after == null;
    }

    /** A file that is not there and stays so (a tool left as it is): nothing to write, nothing to remember. */
    public boolean leavesAbsent() {
        return before == null && after == null;
    }

    /** Parent folders that do not exist yet and that applying will create (outermost first). */
    public List<Path> missingParents() {
        return AtomicWriter.missingParents(target);
    }
}
