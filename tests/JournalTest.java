package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.io.Journal;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.tests.support.TempHome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The journal's recovery, in the test's JVM, from journals written here the way an interrupted run
 * leaves them: which way it settles (and what it says), files changed by someone else since, a
 * mode-only change, the credential store's part, and every journal that must be refused untouched
 * (CrashTest kills real runs; this reaches the branches a kill seldom lands on).
 */
class JournalTest {

    static String sha(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A journal of this home, as a run writes it. */
    static void journal(TempHome home, String direction, String kind, Journal.Credential credential, List<Map<String, Object>> entries, List<String> removeFolders) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("version", 2);
        data.put("home", home.root().toString());
        data.put("direction", direction);
        data.put("kind", kind);
        if (credential != null) data.put("credential", Map.of("action", credential.action(), "hadBefore", credential.hadBefore()));
        data.put("entries", entries);
        if (removeFolders != null) data.put("removeFolders", removeFolders);
        Files.createDirectories(home.path(".anyray"));
        Files.write(home.path(".anyray/journal.json"), new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(data));
    }

    /** An entry for {@code name}: before and after texts (null: absent), its temp staged and its backup kept as the run made them. */
    static Map<String, Object> entry(TempHome home, String name, String before, String after, boolean staged, boolean backedUp) throws Exception {
        Path target = home.path(name);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("target", target.toString());
        if (staged) {
            e.put("temp", AtomicWriter.tempFor(target).toString());
            Files.createDirectories(target.getParent());
            Files.writeString(AtomicWriter.tempFor(target), after);
        }
        if (backedUp) {
            e.put("backup", Journal.backupFor(target).toString());
            Files.writeString(Journal.backupFor(target), before);
        }
        if (before != null) e.put("beforeHash", sha(before));
        if (after != null) e.put("afterHash", sha(after));
        return e;
    }

    static final class FakeStore implements Journal.CredentialStore {
        boolean holds;
        boolean reachable = true;
        int removals;

        @Override
        public boolean holdsKey() {
            return holds;
        }

        @Override
        public boolean removeKey() {
            removals++;
            if (reachable) holds = false;
            return reachable;
        }
    }

    static Journal.Recovery recover(TempHome home, FakeStore store) {
        return new Journal(home.path(".anyray")).recover(AtomicWriter.INSTANCE, p -> p.startsWith(home.root()), () -> store);
    }

    @Test
    void aStagedRunIsFinishedAndOneThatWasNotIsPutBackFromItsBackups() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write("a.txt", "old a");
            home.write("b.txt", "new b"); // already renamed
            journal(home, "forward", "CONNECT", null, List.of(entry(home, "a.txt", "old a", "new a", true, true), entry(home, "b.txt", "old b", "new b", false, true)), null);
            Journal.Recovery forward = recover(home, null);
            assertTrue(forward.forward());
            assertEquals(List.of(home.path("a.txt").toString()), forward.completed(), "only what was left to do is done");
            assertEquals(List.of("new a", "new b"), List.of(home.read("a.txt"), home.read("b.txt")));
            assertFalse(home.exists(".anyray/journal.json") || Files.exists(Journal.backupFor(home.path("a.txt"))) || Files.exists(AtomicWriter.tempFor(home.path("a.txt"))));

            // Not staged in full (a's temp is gone): back, in reverse order, from the backups; a file the run created goes.
            home.write("c.txt", "new c");
            journal(home, "forward", "CONNECT", null, List.of(entry(home, "a.txt", "new a", "newer a", false, true), entry(home, "c.txt", null, "new c", false, false)), null);
            Journal.Recovery back = recover(home, null);
            assertFalse(back.forward());
            assertEquals(List.of(home.path("c.txt").toString()), back.completed());
            assertFalse(home.exists("c.txt"));
            assertEquals("new a", home.read("a.txt"));
        }
    }

    @Test
    void aFileSomeoneChangedSinceIsKeptEitherWayAndARevertWithOneIsUndone() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write("a.txt", "theirs");
            home.write("b.txt", "old b");
            journal(home, "forward", "CONNECT", null, List.of(entry(home, "a.txt", "old a", "new a", true, true), entry(home, "b.txt", "old b", "new b", true, true)), null);
            Journal.Recovery r = recover(home, null);
            assertTrue(r.forward());
            assertEquals(List.of(home.path("a.txt").toString()), r.kept());
            assertEquals(List.of("theirs", "new b"), List.of(home.read("a.txt"), home.read("b.txt")));

            // A revert whose record forgets files: with someone's change in between it goes back instead.
            home.write("b.txt", "reverted b");
            journal(home, "forward", "REVERT", null, List.of(entry(home, "a.txt", "mine", "reverted a", true, true), entry(home, "b.txt", "new b", "reverted b", false, true)), null);
            Journal.Recovery revert = recover(home, null);
            assertFalse(revert.forward(), "a revert with a file changed in between is undone");
            assertEquals("new b", home.read("b.txt"));
            assertEquals(List.of(home.path("a.txt").toString()), revert.kept());
        }
    }

    @Test
    void aModeOnlyChangeIsFinishedOrUndoneByItsMode() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write("k.txt", "same");
            Files.setPosixFilePermissions(home.path("k.txt"), PosixFilePermissions.fromString("rw-r--r--"));
            Map<String, Object> e = entry(home, "k.txt", "same", "same", false, false);
            e.put("beforeMode", "rw-r--r--");
            e.put("afterMode", "rw-------");
            journal(home, "forward", "CONNECT", null, List.of(e), null);
            assertTrue(recover(home, null).forward());
            assertEquals("rw-------", home.mode("k.txt"));
            journal(home, "back", "CONNECT", null, List.of(e), null);
            assertFalse(recover(home, null).forward());
            assertEquals("rw-r--r--", home.mode("k.txt"));
        }
    }

    @Test
    void theCredentialStoresPartIsUndoneOrFinishedAndAnUnreachableStoreIsSaid() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write("a.txt", "old a");
            // The key was to be stored first, and is not there: the run cannot be finished (its files point at it).
            FakeStore store = new FakeStore();
            journal(home, "forward", "CONNECT", Journal.Credential.store(false), List.of(entry(home, "a.txt", "old a", "new a", true, true)), null);
            Journal.Recovery notStored = recover(home, store);
            assertFalse(notStored.forward());
            assertEquals("old a", home.read("a.txt"));
            assertEquals(1, store.removals, "what the run put in the store (nothing had been there) is taken out");

            // Stored: finished, and the store keeps it.
            store = new FakeStore();
            store.holds = true;
            journal(home, "forward", "CONNECT", Journal.Credential.store(false), List.of(entry(home, "a.txt", "old a", "new a", true, true)), null);
            assertTrue(recover(home, store).forward());
            assertEquals(0, store.removals);
            assertTrue(store.holds);

            // A revert that was clearing the key finishes clearing it; an unreachable store is said in one line.
            store = new FakeStore();
            store.holds = true;
            store.reachable = false;
            journal(home, "forward", "REVERT", Journal.Credential.clear(), List.of(entry(home, "a.txt", "new a", "old a", true, true)), null);
            Journal.Recovery cleared = recover(home, store);
            assertTrue(cleared.forward());
            assertEquals(1, store.removals);
            assertNotNull(cleared.credentialWarning());
            assertTrue(cleared.credentialWarning().contains("the interrupted revert was removing"), cleared.credentialWarning());
            assertEquals("old a", home.read("a.txt"));
        }
    }

    @Test
    void aMissingBackupOfAFileTheRunAlreadyChangedStopsTheRecoveryAndKeepsTheJournal() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write("a.txt", "new a");
            journal(home, "back", "CONNECT", null, List.of(entry(home, "a.txt", "old a", "new a", false, false)), null);
            ConnectException e = assertThrows(ConnectException.class, () -> recover(home, null));
            assertTrue(e.getMessage().contains("backup of " + home.path("a.txt") + " that an interrupted run made is missing or damaged"), e.getMessage());
            assertTrue(home.exists(".anyray/journal.json"));
            assertEquals("new a", home.read("a.txt"));
        }
    }

    @Test
    void emptyFoldersTheRunCreatedGoOnTheWayBackAndTheFoldersItRemovesGoOnTheWayForward() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write("made/deep/a.txt", "new"); // the run made the folders and renamed its new file in
            Map<String, Object> e = entry(home, "made/deep/a.txt", null, "new", false, false);
            e.put("createdDirs", List.of(home.path("made").toString(), home.path("made/deep").toString()));
            journal(home, "back", "CONNECT", null, List.of(e), null);
            Journal.Recovery back = recover(home, null);
            assertFalse(back.forward());
            assertEquals(List.of(home.path("made/deep/a.txt").toString()), back.completed());
            assertFalse(home.exists("made"), "the folders the undone run made are gone");
            Files.createDirectories(home.path("gone/inner"));
            home.write("b.txt", "old");
            journal(home, "forward", "REVERT", null, List.of(entry(home, "b.txt", "old", "new", true, true)),
                    List.of(home.path("gone/inner").toString(), home.path("gone").toString()));
            assertTrue(recover(home, null).forward());
            assertFalse(home.exists("gone"));
        }
    }

    /**
     * A revert stopped half way, nobody's edit in between (one file renamed already, one still staged), is
     * finished, not undone; the folders it was emptying go, connect's own folder (which held the journal)
     * included, and so does a stray temp file in it.
     */
    @Test
    void aRevertStoppedHalfWayIsFinishedAndTakesConnectsOwnFolderWithIt() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write("a.txt", "new a"); // renamed into place before the stop
            Map<String, Object> a = entry(home, "a.txt", "old a", "new a", false, true);
            home.write("b.txt", "old b");
            Map<String, Object> b = entry(home, "b.txt", "old b", "new b", true, true);
            journal(home, "forward", "REVERT", null, List.of(a, b), List.of(home.path(".anyray").toString()));
            home.write(".anyray/.state.json.anyray-tmp", "half a record");
            Journal.Recovery recovery = recover(home, null);
            assertTrue(recovery.forward(), "finished: every file can be, and nobody changed one");
            assertEquals("new a", home.read("a.txt"));
            assertEquals("new b", home.read("b.txt"));
            assertEquals(List.of(home.path("b.txt").toString()), recovery.completed());
            assertFalse(home.exists(".anyray"), "connect's own folder goes with the journal, its stray temp file and the backups");
        }
    }

    @Test
    void pendingSeesAJournalOrAStrayTempAndRecoveryWithoutAJournalRemovesTheTemps() throws Exception {
        try (TempHome home = new TempHome()) {
            Journal journal = new Journal(home.path(".anyray"));
            assertFalse(journal.pending(), "no folder yet");
            Files.createDirectories(home.path(".anyray"));
            assertFalse(journal.pending());
            home.write(".anyray/.state.json.anyray-tmp", "half");
            assertTrue(journal.pending());
            assertNull(journal.recover(AtomicWriter.INSTANCE, p -> true, () -> null));
            assertFalse(home.exists(".anyray/.state.json.anyray-tmp"));
            assertFalse(journal.pending());
            journal(home, "forward", "CONNECT", null, List.of(), null);
            assertTrue(journal.pending());
        }
    }

    /** Each journal a run of this home could not have written is refused in one line, and nothing it names is touched. */
    @Test
    void aJournalThatNamesWhatNoRunOfThisHomeWritesIsRefusedAndNothingIsTouched() throws Exception {
        List<String> reasons = new ArrayList<>();
        for (int bad = 0; bad < 11; bad++) {
            try (TempHome home = new TempHome()) {
                home.write("a.txt", "old a");
                Map<String, Object> e = entry(home, "a.txt", "old a", "new a", true, true);
                List<String> removeFolders = null;
                String expected;
                switch (bad) {
                    case 0 -> { e.put("target", "/etc/passwd"); expected = "outside this home"; }
                    case 1 -> { e.put("target", "a.txt"); expected = "outside this home"; }
                    case 2 -> { e.put("target", home.path("x/../a.txt").toString()); expected = "outside this home"; }
                    case 3 -> { e.put("temp", home.path("elsewhere.tmp").toString()); expected = "temp file for"; }
                    case 4 -> { e.put("backup", home.path("elsewhere.bak").toString()); expected = "backup of"; }
                    case 5 -> { e.put("createdDirs", List.of(home.path("other").toString())); expected = "not on the way to"; }
                    case 6 -> { e.put("createdDirs", List.of(home.path("a.txt").toString())); expected = "not on the way to"; }
                    case 7 -> { removeFolders = List.of("/usr"); expected = "outside this home"; }
                    case 9 -> { e.remove("target"); expected = "an entry that names no file"; }
                    case 10 -> { removeFolders = java.util.Arrays.asList((String) null); expected = "a folder with no name"; }
                    default -> { removeFolders = List.of(home.path("x/..").toString()); expected = "outside this home"; }
                }
                journal(home, "forward", "CONNECT", null, List.of(e), removeFolders);
                ConnectException refused = assertThrows(ConnectException.class, () -> recover(home, null), "case " + bad);
                assertTrue(refused.getMessage().contains("was not used") && refused.getMessage().contains(expected), bad + ": " + refused.getMessage());
                assertEquals("old a", home.read("a.txt"));
                assertTrue(home.exists(".anyray/journal.json"), "the journal stays for the user to look at");
                reasons.add(refused.getMessage());
            }
        }
        assertEquals(11, reasons.size());
        try (TempHome home = new TempHome()) {
            journal(home, "forward", "CONNECT", null, List.of(), null);
            String text = home.read(".anyray/journal.json");
            home.write(".anyray/journal.json", text.replace("\"home\":\"" + home.root() + "\"", "\"home\":\"/somewhere/else\""));
            assertTrue(assertThrows(ConnectException.class, () -> recover(home, null)).getMessage().contains("written for another home"));
            home.write(".anyray/journal.json", text.replace("\"version\":2", "\"version\":1"));
            assertTrue(assertThrows(ConnectException.class, () -> recover(home, null)).getMessage().contains("another version"));
            home.write(".anyray/journal.json", "{not json");
            assertTrue(assertThrows(ConnectException.class, () -> recover(home, null)).getMessage().contains("cannot be read"));
            Files.delete(home.path(".anyray/journal.json"));
            home.write("elsewhere.json", text);
            Files.createSymbolicLink(home.path(".anyray/journal.json"), home.path("elsewhere.json"));
            assertTrue(assertThrows(ConnectException.class, () -> recover(home, null)).getMessage().contains("symlink"));
        }
    }
}
