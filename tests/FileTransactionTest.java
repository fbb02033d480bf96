package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.io.ConfigFile;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.io.FileChange;
import dev.anyray.connect.io.FileSystemOps;
import dev.anyray.connect.io.FileTransaction;
import dev.anyray.connect.tests.support.TempHome;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FileTransactionTest {

    /** A disk that fills up after {@code okWrites} successful writes. */
    private static final class FullDisk implements FileSystemOps {
        private int okWrites;

        FullDisk(int okWrites) {
            this.okWrites = okWrites;
        }

        @Override
        public Path stage(Path target, byte[] data, Set<PosixFilePermission> mode) throws IOException {
            if (okWrites-- <= 0) {
                // a failing writer that got as far as creating the folders, like a real one would
                java.nio.file.Files.createDirectories(target.getParent());
                throw new IOException("No space left on device");
            }
            return AtomicWriter.INSTANCE.stage(target, data, mode);
        }

        @Override
        public void commit(Path staged, Path target) throws IOException {
            AtomicWriter.INSTANCE.commit(staged, target);
        }

        @Override
        public void discard(Path staged) {
            AtomicWriter.INSTANCE.discard(staged);
        }

        @Override
        public void delete(Path target) throws IOException {
            AtomicWriter.INSTANCE.delete(target);
        }

        @Override
        public void setMode(Path target, Set<PosixFilePermission> mode) throws IOException {
            AtomicWriter.INSTANCE.setMode(target, mode);
        }
    }

    @Test
    void aWriteThatFailsHalfWayPutsEveryFileBack() {
        try (TempHome home = new TempHome()) {
            Environment env = Environment.of(Map.of("HOME", home.root().toString()), home.root());
            home.write("a.txt", "original a\n");
            Map<String, String> before = home.snapshot();
            List<FileChange> changes = List.of(
                    ConfigFile.read(home.path("a.txt"), env).change("changed a\n", null, List.of("edit a")),
                    ConfigFile.read(home.path("new/b.txt"), env).change("new b\n", null, List.of("create b")),
                    ConfigFile.read(home.path("other/c.txt"), env).change("new c\n", null, List.of("create c")));
            ConnectException error = assertThrows(ConnectException.class, () -> new FileTransaction(new FullDisk(2)).apply(changes));
            assertTrue(error.getMessage().contains("other/c.txt") && error.getMessage().contains("No space left"), error.getMessage());
            assertTrue(error.getMessage().contains("nothing was changed"), error.getMessage());
            assertEquals(before, home.snapshot());
        }
    }

    @Test
    void aSuccessfulTransactionWritesEveryChangeAndSkipsNoops() {
        try (TempHome home = new TempHome()) {
            Environment env = Environment.of(Map.of("HOME", home.root().toString()), home.root());
            home.write("keep.txt", "same\n");
            home.write("gone.txt", "bye\n");
            List<FileChange> changes = List.of(
                    ConfigFile.read(home.path("keep.txt"), env).change("same\n", null, List.of()),
                    ConfigFile.read(home.path("gone.txt"), env).change(null, null, List.of("delete")),
                    ConfigFile.read(home.path("x/new.txt"), env).change("hi\n", null, List.of("create")));
            assertTrue(changes.get(0).isNoop());
            new FileTransaction(new FullDisk(1)).apply(changes); // only one real write: no failure
            assertFalse(home.exists("gone.txt"));
            assertArrayEquals("hi\n".getBytes(), home.bytes("x/new.txt"));
        }
    }
}
