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

    /** The real disk; each failing disk below overrides the one operation it breaks. */
    private abstract static class RealDisk implements FileSystemOps {
        @Override
        public Path stage(Path target, byte[] data, Set<PosixFilePermission> mode) throws IOException {
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

    /** A disk that fills up after {@code okWrites} successful writes. */
    private static final class FullDisk extends RealDisk {
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
            return super.stage(target, data, mode);
        }
    }

    @Test
    void aWriteThatFailsHalfWayPutsEveryFileBack() {
        try (TempHome home = new TempHome()) {
            Environment env = envOf(home);
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
            Environment env = envOf(home);
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

    static Object inode(Path p) throws IOException {
        return java.nio.file.Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    /** A run whose every change is a no-op touches nothing: no journal, no folder for it, not one durable step. */
    @Test
    void aRunOfNoopsReachesNoDurableStepAndLeavesNothing() {
        try (TempHome home = new TempHome()) {
            Environment env = envOf(home);
            home.write("a.txt", "same\n");
            Map<String, String> before = home.snapshot();
            FileChange noop = ConfigFile.read(home.path("a.txt"), env).change("same\n", null, List.of("nothing"));
            assertTrue(noop.isNoop());
            dev.anyray.connect.io.FaultPoint.arm(0);
            List<String> reached;
            try {
                new FileTransaction(AtomicWriter.INSTANCE, new dev.anyray.connect.io.Journal(home.path(".anyray"))).apply(List.of(noop, noop));
            } finally {
                reached = dev.anyray.connect.io.FaultPoint.disarm();
            }
            assertEquals(List.of(), reached, "no durable step");
            assertEquals(before, home.snapshot(), "no journal, no ~/.anyray");
        }
    }

    /**
     * A file edited after the plan was made is never overwritten: when it is the first file, nothing was
     * changed; when it comes after others, those are put back; either way the message says which.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} edited")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"a.txt", "c.txt"})
    void aFileEditedAfterThePlanIsNotOverwrittenAndTheMessageSaysWhatWasPutBack(String edited) {
        try (TempHome home = new TempHome()) {
            Environment env = envOf(home);
            setUpThree(home);
            List<FileChange> changes = threeChanges(home, env);
            home.write(edited, "the user's edit\n");
            Map<String, String> before = home.snapshot();
            ConnectException error = assertThrows(ConnectException.class,
                    () -> new FileTransaction(AtomicWriter.INSTANCE, new dev.anyray.connect.io.Journal(home.path(".anyray"))).apply(changes));
            assertTrue(error.getMessage().startsWith("~/" + edited + " changed while connect was waiting; it was not overwritten and your edit stays. "), error.getMessage());
            assertTrue(error.getMessage().contains(edited.equals("a.txt") ? "stays. Nothing was changed; run again" : "stays. Every file was put back as it was; run again"), error.getMessage());
            assertEquals(before, home.snapshot(), "the edit stays, everything else as it was");
        }
    }

    /** Two changes to one file become one: the last one's bytes, and the mode the first one asked for when the last asks none. */
    @Test
    void twoChangesToOneFileKeepTheFirstOnesModeWhenTheLastAsksNone() throws IOException {
        try (TempHome home = new TempHome()) {
            Environment env = envOf(home);
            home.write("a.txt", "original\n");
            java.nio.file.Files.setPosixFilePermissions(home.path("a.txt"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            new FileTransaction(AtomicWriter.INSTANCE).apply(List.of(
                    ConfigFile.read(home.path("a.txt"), env).change("first\n", AtomicWriter.OWNER_ONLY, List.of("first")),
                    ConfigFile.read(home.path("a.txt"), env).change("last\n", null, List.of("last"))));
            assertEquals("last\n", home.read("a.txt"));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(home.path("a.txt"))));
        }
    }

    /** A run abandoned before its first rename leaves no folder its journal needed (~/.anyray of a first run). */
    @Test
    void anAbandonedFirstRunLeavesNoFolderForItsJournal() {
        try (TempHome home = new TempHome()) {
            Environment env = envOf(home);
            home.write("a.txt", "original a\n");
            home.write("c.txt", "original c\n");
            Map<String, String> before = home.snapshot();
            assertThrows(ConnectException.class,
                    () -> new FileTransaction(new FullDisk(1), new dev.anyray.connect.io.Journal(home.path(".anyray"))).apply(threeChanges(home, env)));
            assertEquals(before, home.snapshot(), "no ~/.anyray, no journal, no temp file");
        }
    }

    @Test
    void aModeOnlyChangeTightensTheFileInPlaceAndANoopIsNotRewritten() throws IOException {
        try (TempHome home = new TempHome()) {
            Environment env = envOf(home);
            home.write("key.json", "{\"k\": 1}\n");
            home.write("same.txt", "same\n");
            java.nio.file.Files.setPosixFilePermissions(home.path("key.json"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Object keyInode = inode(home.path("key.json"));
            Object sameInode = inode(home.path("same.txt"));
            FileChange tighten = ConfigFile.read(home.path("key.json"), env).change("{\"k\": 1}\n", AtomicWriter.OWNER_ONLY, List.of("owner-only"));
            assertFalse(tighten.isNoop(), "a mode change is a change");
            FileChange noop = ConfigFile.read(home.path("same.txt"), env).change("same\n", null, List.of());
            new FileTransaction(AtomicWriter.INSTANCE, new dev.anyray.connect.io.Journal(env.anyrayDir())).apply(List.of(tighten, noop));
            assertEquals("rw-------", home.mode("key.json"));
            assertEquals(keyInode, inode(home.path("key.json")), "the same bytes are not written again, only the mode changes");
            assertEquals(sameInode, inode(home.path("same.txt")), "a no-op is not rewritten");
            try (var all = java.nio.file.Files.walk(home.root())) {
                List<String> left = all.map(p -> p.getFileName().toString()).filter(n -> n.contains(".anyray-") || n.equals("journal.json")).toList();
                assertEquals(List.of(), left, "no temp file, backup or journal is left");
            }
        }
    }

    @Test
    void aSuccessfulApplyLeavesNoBackupBehind() throws IOException {
        try (TempHome home = new TempHome()) {
            Environment env = envOf(home);
            home.write("a.txt", "a\n");
            home.write("b.txt", "b\n");
            List<FileChange> changes = List.of(ConfigFile.read(home.path("a.txt"), env).change("a2\n", null, List.of("edit")),
                    ConfigFile.read(home.path("b.txt"), env).change(null, null, List.of("delete")));
            new FileTransaction(AtomicWriter.INSTANCE, new dev.anyray.connect.io.Journal(env.anyrayDir())).apply(changes);
            assertEquals("a2\n", home.read("a.txt"));
            assertFalse(home.exists("b.txt"));
            assertFalse(home.exists(".a.txt.anyray-bak") || home.exists(".b.txt.anyray-bak"), "backups go once the run is done");
            assertFalse(home.exists(".anyray/journal.json"), "the journal goes once the run is done");
        }
    }

    /** A disk whose {@code failAt}-th rename fails (counting from 1), and whose rollback writes fail too when {@code rollbackFails}. */
    private static final class FailingRename extends RealDisk {
        final int failAt;
        final boolean rollbackFails;
        int renames;
        boolean failed;

        FailingRename(int failAt, boolean rollbackFails) {
            this.failAt = failAt;
            this.rollbackFails = rollbackFails;
        }

        @Override
        public void commit(Path staged, Path target) throws IOException {
            if (++renames == failAt) {
                failed = true;
                throw new IOException("Input/output error");
            }
            super.commit(staged, target);
        }

        @Override
        public void delete(Path target) throws IOException {
            if (failed && rollbackFails) throw new IOException("Read-only file system");
            super.delete(target);
        }

        @Override
        public void write(Path target, byte[] data, Set<PosixFilePermission> mode) throws IOException {
            // The rollback's writes: after the failure, with rollbackFails, the disk refuses them.
            if (failed && rollbackFails) throw new IOException("Read-only file system");
            AtomicWriter.INSTANCE.write(target, data, mode);
        }
    }

    /** The environment of a user whose home is {@code home}. */
    static Environment envOf(TempHome home) {
        return Environment.of(Map.of("HOME", home.root().toString()), home.root());
    }

    static List<FileChange> threeChanges(TempHome home, Environment env) {
        return List.of(
                ConfigFile.read(home.path("a.txt"), env).change("changed a\n", null, List.of("edit a")),
                ConfigFile.read(home.path("new/b.txt"), env).change("new b\n", null, List.of("create b")),
                ConfigFile.read(home.path("c.txt"), env).change("changed c\n", null, List.of("edit c")));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "rename {0} of 3 fails")
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 3})
    void aRenameThatFailsAfterOthersSucceededPutsEveryReplacedFileBack(int failAt) {
        try (TempHome home = new TempHome()) {
            Environment env = envOf(home);
            home.write("a.txt", "original a\n");
            home.write("c.txt", "original c\n");
            home.mkdir(".anyray");
            Map<String, String> before = home.snapshot();
            FailingRename disk = new FailingRename(failAt, false);
            ConnectException error = assertThrows(ConnectException.class,
                    () -> new FileTransaction(disk, new dev.anyray.connect.io.Journal(home.path(".anyray"))).apply(threeChanges(home, env)));
            assertEquals(failAt, disk.renames, "the failure came after " + (failAt - 1) + " real rename(s)");
            assertTrue(error.getMessage().contains("every file was put back as it was"), error.getMessage());
            assertEquals(before, home.snapshot(), "the replaced files have their old bytes, the created one is gone, no journal or backup is left");
        }
    }

    @Test
    void aRollbackThatCannotWriteKeepsTheJournalAndTheNextRunPutsTheFilesBack() {
        try (TempHome home = new TempHome()) {
            Environment env = envOf(home);
            home.write("a.txt", "original a\n");
            home.write("c.txt", "original c\n");
            home.mkdir(".anyray");
            Map<String, String> before = home.snapshot();
            dev.anyray.connect.io.Journal journal = new dev.anyray.connect.io.Journal(home.path(".anyray"));
            ConnectException error = assertThrows(ConnectException.class,
                    () -> new FileTransaction(new FailingRename(3, true), journal).apply(threeChanges(home, env)));
            assertTrue(error.getMessage().contains("2 file(s) could not be put back yet"), error.getMessage());
            assertEquals("changed a\n", home.read("a.txt"), "the rollback could not write: the file is as the run left it");
            assertTrue(journal.exists(), "the journal stays for the next run");
            dev.anyray.connect.io.Journal.Recovery recovery = journal.recover(AtomicWriter.INSTANCE, p -> p.startsWith(home.root()), () -> null);
            assertFalse(recovery.forward(), "a failed run is undone, never finished");
            assertEquals(before, home.snapshot(), "the next run put every file back and tidied up");
        }
    }
    /**
     * A transaction of three files (one edited, one created in a new folder, one deleted) stopped at each
     * of its durable points as kill -9 would, then settled by the next run's recovery: every file is
     * either all before or all after, together; nothing the run made (temp, backup, journal, folder)
     * is left; and a file someone changed after the crash is theirs, whichever way the run goes.
     */
    @Test
    void aTransactionStoppedAtAnyPointIsSettledAllOneWayByTheNextRun() throws Exception {
        int points;
        try (TempHome probe = new TempHome()) {
            dev.anyray.connect.io.FaultPoint.arm(0);
            runThree(probe);
            points = dev.anyray.connect.io.FaultPoint.disarm().size();
        }
        assertTrue(points >= 8, "the run has its durable points: " + points);
        for (int stop = 1; stop <= points; stop++) {
            for (boolean someoneEdits : new boolean[] {false, true}) {
                try (TempHome home = new TempHome()) {
                    Map<String, String> before = setUpThree(home);
                    dev.anyray.connect.io.FaultPoint.arm(stop);
                    try {
                        runThree(home);
                        throw new AssertionError("not stopped at point " + stop);
                    } catch (dev.anyray.connect.io.FaultPoint.Killed expected) {
                        // as kill -9 would
                    } finally {
                        dev.anyray.connect.io.FaultPoint.disarm();
                    }
                    if (someoneEdits) home.write("c.txt", "the user's c\n");
                    dev.anyray.connect.io.Journal journal = new dev.anyray.connect.io.Journal(home.path(".anyray"));
                    dev.anyray.connect.io.Journal.Recovery recovery = journal.recover(AtomicWriter.INSTANCE, p -> p.startsWith(home.root()), () -> null);
                    String where = "stopped at point " + stop + (someoneEdits ? ", c.txt edited after" : "");
                    assertFalse(journal.exists(), where + ": the journal is settled");
                    boolean after = home.exists("new/b.txt");
                    assertEquals(after ? "changed a\n" : "original a\n", home.read("a.txt"), where);
                    if (someoneEdits) {
                        assertEquals("the user's c\n", home.read("c.txt"), where + ": a file changed since is the user's");
                        assertTrue(recovery == null || recovery.kept().stream().anyMatch(k -> k.endsWith("c.txt")), where + ": and said to be kept");
                    } else {
                        assertEquals(!after, home.exists("c.txt"), where + ": c.txt goes with the others");
                    }
                    Map<String, String> now = home.snapshot();
                    now.keySet().removeIf(k -> k.equals("a.txt") || k.equals("c.txt") || k.startsWith("new") || k.equals(".anyray/"));
                    Map<String, String> was = new java.util.TreeMap<>(before);
                    was.keySet().removeIf(k -> k.equals("a.txt") || k.equals("c.txt") || k.startsWith("new") || k.equals(".anyray/"));
                    assertEquals(was, now, where + ": no temp file, backup or journal is left");
                    if (!after) assertFalse(home.exists("new"), where + ": the folder the run made is gone");
                }
            }
        }
    }

    static Map<String, String> setUpThree(TempHome home) {
        home.write("a.txt", "original a\n");
        home.write("c.txt", "original c\n");
        home.mkdir(".anyray");
        return home.snapshot();
    }

    static void runThree(TempHome home) {
        if (!home.exists("a.txt")) setUpThree(home);
        Environment env = envOf(home);
        new FileTransaction(AtomicWriter.INSTANCE, new dev.anyray.connect.io.Journal(home.path(".anyray"))).apply(List.of(
                ConfigFile.read(home.path("a.txt"), env).change("changed a\n", null, List.of("edit a")),
                ConfigFile.read(home.path("new/b.txt"), env).change("new b\n", null, List.of("create b")),
                ConfigFile.read(home.path("c.txt"), env).change(null, null, List.of("delete c"))));
    }

    /** A credential store that records what the transaction asked of it; {@code failStore} makes its store step throw after it stored. */
    private static final class Keychain {
        final List<String> calls = new java.util.ArrayList<>();
        boolean failStore;
        boolean failUndo;

        FileTransaction.CredentialStep storing(boolean hadBefore) {
            return new FileTransaction.CredentialStep(dev.anyray.connect.io.Journal.Credential.store(hadBefore), () -> {
                calls.add("store");
                if (failStore) throw new ConnectException("the keychain did not read the key back");
            }, () -> {
                calls.add("undo");
                if (failUndo) throw new IllegalStateException("the keychain is locked");
            });
        }

        FileTransaction.CredentialStep clearing() {
            return new FileTransaction.CredentialStep(dev.anyray.connect.io.Journal.Credential.clear(), () -> calls.add("clear"), () -> calls.add("undo"));
        }
    }

    /**
     * The credential step is part of the same all-or-nothing: a key stored for the run is taken out again
     * when the files then fail (unless the store held one before, which the run could only replace), a
     * key the run clears stays when the files fail, and a store that fails itself changes no file.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"staging fails", "store fails", "store fails, undo fails", "rename 2 fails", "rename 2 fails, had a key",
            "rename 2 and the rollback fail", "clear, rename 2 fails", "clear succeeds", "store succeeds"})
    void theCredentialStepIsUndoneExactlyWhenTheFilesAre(String scenario) {
        try (TempHome home = new TempHome()) {
            Environment env = envOf(home);
            Map<String, String> before = setUpThree(home);
            Keychain keychain = new Keychain();
            keychain.failStore = scenario.startsWith("store fails");
            keychain.failUndo = scenario.contains("undo fails");
            FileSystemOps disk = scenario.equals("staging fails") ? new FullDisk(1)
                    : scenario.contains("rename 2") ? new FailingRename(2, scenario.contains("rollback")) : AtomicWriter.INSTANCE;
            FileTransaction.CredentialStep step = scenario.startsWith("clear") ? keychain.clearing() : keychain.storing(scenario.contains("had a key"));
            dev.anyray.connect.io.Journal journal = new dev.anyray.connect.io.Journal(home.path(".anyray"));
            Runnable run = () -> new FileTransaction(disk, journal).apply(threeChanges(home, env), List.of(), step);
            List<String> expected = switch (scenario) {
                case "staging fails" -> List.of();
                case "store fails", "store fails, undo fails", "rename 2 fails" -> List.of("store", "undo");
                case "rename 2 fails, had a key", "rename 2 and the rollback fail", "store succeeds" -> List.of("store");
                case "clear, rename 2 fails" -> List.of();
                case "clear succeeds" -> List.of("clear");
                default -> throw new AssertionError(scenario);
            };
            if (scenario.endsWith("succeeds")) {
                run.run();
                assertEquals("changed a\n", home.read("a.txt"), scenario);
                assertFalse(journal.exists(), scenario + ": the run finished");
            } else {
                ConnectException error = assertThrows(ConnectException.class, run::run);
                assertFalse(error.getMessage().contains("locked"), "a failing undo does not hide the failure itself: " + error.getMessage());
                if (scenario.contains("rollback")) {
                    assertTrue(journal.exists(), "the journal stays for the next run, which undoes the key too");
                } else {
                    assertEquals(before, home.snapshot(), scenario + ": every file as it was, no journal, no backup");
                }
            }
            assertEquals(expected, keychain.calls, scenario);
        }
    }

    /** A disk in memory that holds {@code bytes} bytes of file content in all (folders take none), to fail a write where a test needs it. */
    static java.nio.file.FileSystem smallDisk(int bytes) {
        return com.google.common.jimfs.Jimfs.newFileSystem(com.google.common.jimfs.Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix").setBlockSize(16).setMaxSize(bytes).build());
    }

    @Test
    void aJournalThatCannotBeWrittenLeavesNoFolderForItAndChangesNothing() throws IOException {
        try (var fs = smallDisk(64)) {
            java.nio.file.Files.createDirectories(fs.getPath("/home/u"));
            Environment env = Environment.of(Map.of("HOME", "/home/u"), fs.getPath("/"), "Linux");
            FileChange change = ConfigFile.read(env.home().resolve(".tool/config.json"), env).change("{}\n", null, List.of("create it"));
            var tx = FileTransaction.keeping(AtomicWriter.INSTANCE, new dev.anyray.connect.io.Journal(env.anyrayDir()));
            ConnectException e = assertThrows(ConnectException.class, () -> tx.apply(List.of(change), List.of(), null));
            assertTrue(e.getMessage().startsWith("could not write the journal ") && e.getMessage().endsWith("; nothing was changed"), e.getMessage());
            assertFalse(java.nio.file.Files.exists(env.anyrayDir()), "the folder made for the journal is gone again");
            assertFalse(java.nio.file.Files.exists(env.home().resolve(".tool")), "and nothing of the change was made");
        }
    }

    @Test
    void aWriteThatRunsOutOfSpaceHalfWayLeavesNoTempFile() throws IOException {
        try (var fs = smallDisk(64)) {
            Path target = fs.getPath("/home/u/settings.json");
            java.nio.file.Files.createDirectories(target.getParent());
            java.nio.file.Files.writeString(target, "{}\n");
            assertThrows(IOException.class, () -> AtomicWriter.INSTANCE.stage(target, new byte[1000], null));
            assertFalse(java.nio.file.Files.exists(AtomicWriter.tempFor(target)), "the part written is discarded");
            assertEquals("{}\n", java.nio.file.Files.readString(target));
        }
    }
}
