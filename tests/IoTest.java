package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.io.CredentialKeyStore;
import dev.anyray.connect.io.ConfigFile;
import dev.anyray.connect.io.FileChange;
import dev.anyray.connect.io.FileTransaction;
import dev.anyray.connect.io.KeyFile;
import dev.anyray.connect.io.KeyStore;
import dev.anyray.connect.io.PowerShell;
import dev.anyray.connect.io.Processes;
import dev.anyray.connect.io.RunLock;
import dev.anyray.connect.io.StoredKey;
import dev.anyray.connect.io.TextEncoding;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.UsageException;
import dev.anyray.connect.tests.support.TempHome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The io layer's answers, one by one, in process: which stored key and where (every branch of
 * {@link StoredKey#resolve}), choosing and using a key store, running a helper command, a file's
 * change, encoding and links, the run lock and the writer's file modes. The end-to-end tests reach
 * these through whole runs; here each answer is pinned, so a change to one is seen (the mutation run
 * showed which were not).
 */
class IoTest {
    static final String KEY = "ark_ioTestKey0123456789abcdefgh";

    /** A home whose PATH has a fake secret-tool keeping its one secret in a file, and logging every call. */
    static Environment withSecretTool(TempHome home, boolean bus) throws Exception {
        home.executable("secret-tool", "#!/bin/sh\nPATH=/usr/bin:/bin\necho \"$1\" >> " + home.path("calls.log") + "\n"
                + "case \"$1\" in\n"
                + "  store) if [ -f " + home.path("fail-store") + " ]; then echo 'store refused' >&2; exit 1; fi; cat > " + home.path("secret") + " ;;\n"
                + "  lookup) [ -f " + home.path("secret") + " ] || exit 1; cat " + home.path("secret") + " ;;\n"
                + "  clear) rm -f " + home.path("secret") + " ;;\n"
                + "esac\n");
        Map<String, String> vars = new HashMap<>(Map.of("HOME", home.root().toString(), "PATH", home.bin() + ":/usr/bin:/bin"));
        if (bus) vars.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
        return Environment.of(vars, home.root(), "Linux");
    }

    static Environment plain(TempHome home) {
        return Environment.of(Map.of("HOME", home.root().toString(), "PATH", home.bin().toString()), home.root(), "Linux");
    }

    static long calls(TempHome home, String what) {
        return home.exists("calls.log") ? home.read("calls.log").lines().filter(what::equals).count() : 0;
    }

    @Test
    void theStoredKeyIsAnsweredFromWhereTheRecordSaysAndSaysWhyWhenItCannotBeRead() throws Exception {
        try (TempHome home = new TempHome()) {
            Environment env = plain(home);
            StoredKey none = StoredKey.resolve(env, null);
            assertFalse(none.exists());
            assertNull(none.key());
            assertEquals("none stored", none.shown(env));

            KeyFile.store(env, ClientKey.personal(KEY, ClientKey.Source.STORED, "the key"));
            StoredKey unrecorded = StoredKey.resolve(env, null);
            assertEquals("file", unrecorded.recorded(), "a key file with no record still counts");
            assertEquals(KEY, unrecorded.key().reveal());
            assertFalse(unrecorded.inKeychain());
            assertTrue(unrecorded.where().startsWith("the owner-only file ~/.anyray/client-key"), unrecorded.where());
            assertEquals("ark_…efgh in " + unrecorded.where(), unrecorded.shown(env));

            StoredKey recordedFile = StoredKey.resolve(env, "file");
            assertEquals("file", recordedFile.recorded());
            assertEquals(KEY, recordedFile.value());

            // The record says keychain, and no keychain answers here: the key is not claimed from the file.
            StoredKey unreachable = StoredKey.resolve(env, "keychain");
            assertTrue(unreachable.exists() && unreachable.inKeychain());
            assertNull(unreachable.value());
            assertEquals("the keychain", unreachable.where());
            assertTrue(unreachable.unreadable().contains("secret-tool is not installed"), unreachable.unreadable());
            assertTrue(unreachable.shown(env).startsWith("in the keychain, but it cannot be read here (secret-tool is not installed"), unreachable.shown(env));
        }
    }

    @Test
    void aKeychainKeyIsReadFromTheKeychainAndACutShortRedemptionsFileIsFound() throws Exception {
        try (TempHome home = new TempHome()) {
            Environment env = withSecretTool(home, true);
            StoredKey empty = StoredKey.resolve(env, "keychain");
            assertNull(empty.value());
            assertTrue(empty.unreadable().startsWith("it is not in the Secret Service keychain"), empty.unreadable());

            KeyFile.store(env, ClientKey.personal(KEY, ClientKey.Source.STORED, "the key"));
            StoredKey moved = StoredKey.resolve(env, "keychain");
            assertEquals(KEY, moved.value(), "the key a cut-short redemption left in the file");
            assertFalse(moved.store().isKeychain());
            Files.delete(KeyFile.path(env));

            KeyStore keychain = KeyStore.choose(env, "auto");
            assertTrue(keychain.isKeychain());
            assertFalse(keychain.holdsKey());
            keychain.store(KEY);
            assertTrue(keychain.holdsKey());
            StoredKey stored = StoredKey.resolve(env, "keychain");
            assertEquals(KEY, stored.value());
            assertNull(stored.unreadable());
            assertEquals("the Secret Service keychain (service anyray-connect)", stored.where());
            assertEquals("ark_…efgh in the Secret Service keychain (service anyray-connect); the tools read it through ~/.anyray/bin/anyray-key", stored.shown(env));

            long stores = calls(home, "store");
            keychain.store(KEY);
            assertEquals(stores, calls(home, "store"), "storing the key it already holds writes nothing");
            assertTrue(keychain.removeKey());
            assertNull(keychain.read());
            assertFalse(KeyStore.file(env, null).removeKey(), "the file store's key goes with the transaction");
            assertFalse(KeyStore.file(env, null).holdsKey());
        }
    }

    @Test
    void choosingAStoreSaysWhyAndAStoreThatFailsSaysSoWithoutTheKey() throws Exception {
        try (TempHome home = new TempHome()) {
            Environment noBus = withSecretTool(home, false);
            KeyStore auto = KeyStore.choose(noBus, "auto");
            assertFalse(auto.isKeychain());
            assertEquals("no session bus: DBUS_SESSION_BUS_ADDRESS is unset, as in SSH sessions", auto.why());
            assertTrue(auto.describe().endsWith("(" + auto.why() + ")"), auto.describe());
            assertNull(auto.access().helper());
            assertEquals(KeyFile.path(noBus), auto.access().keyFile());
            assertEquals("--key-store file", KeyStore.choose(noBus, "file").why());
            UsageException refused = assertThrows(UsageException.class, () -> KeyStore.choose(noBus, "keychain"));
            assertEquals("--key-store keychain: " + auto.why() + "; use --key-store file, or auto", refused.getMessage());
            ConnectException cannot = assertThrows(ConnectException.class, () -> KeyStore.keychain(noBus).store(KEY));
            assertTrue(cannot.getMessage().startsWith("cannot store the personal key in the Secret Service keychain") && !cannot.getMessage().contains(KEY), cannot.getMessage());
            KeyStore.keychain(noBus).clear();
            assertEquals(0, calls(home, "clear"), "a store that does not answer is not asked to clear");

            Environment env = withSecretTool(home, true);
            KeyStore keychain = KeyStore.choose(env, "keychain");
            assertEquals(KeyStore.helperPath(env), keychain.access().helper());
            assertNull(keychain.access().keyFile());
            String helper = keychain.helperFiles().get(KeyStore.helperPath(env));
            assertTrue(helper.startsWith("#!/bin/sh\n") && helper.contains("'" + home.bin().resolve("secret-tool") + "' 'lookup' 'service' 'anyray-connect'")
                    && helper.contains("exit 1"), helper);
            home.write("fail-store", "");
            ConnectException failed = assertThrows(ConnectException.class, () -> keychain.store(KEY));
            assertEquals("could not store the personal key in the Secret Service keychain (service anyray-connect): store refused; unlock the keychain, or run again with --key-store file",
                    failed.getMessage());
        }
    }

    @Test
    void aHelperCommandGetsTheGivenEnvironmentWithoutConnectsSecretsAndItsStdin() throws Exception {
        try (TempHome home = new TempHome()) {
            Map<String, String> vars = Map.of("HOME", home.root().toString(), "PATH", "/usr/bin:/bin", "MINE", "x y", "ANYRAY_CLIENT_KEY", KEY, "ANYRAY_INVITE", "ari_x");
            Environment env = Environment.of(vars, home.root(), "Linux");
            Processes.Result r = Processes.run(env, List.of("/bin/sh", "-c", "read line; echo \"in=$line mine=$MINE key=${ANYRAY_CLIENT_KEY:-none} invite=${ANYRAY_INVITE:-none} pwd=$(pwd)\"; echo err >&2; exit 3"), "hello\n", 10_000);
            assertEquals(3, r.exit());
            assertEquals("in=hello mine=x y key=none invite=none pwd=" + home.root(), r.out().strip());
            assertEquals("err", r.err().strip());
            assertNull(Processes.output(env, List.of("/bin/sh", "-c", "echo out; exit 1"), 10_000), "output is only a success's");
            assertEquals("out", Processes.output(env, List.of("/bin/sh", "-c", "echo '  out  '"), 10_000));
            assertNull(Processes.run(env, List.of(home.path("no-such-program").toString()), null, 10_000), "a program that cannot start");
            long t0 = System.nanoTime();
            assertNull(Processes.run(env, List.of("/bin/sleep", "30"), null, 300), "a program that does not finish in time");
            assertTrue(System.nanoTime() - t0 < 20_000_000_000L);
        }
    }

    @Test
    void aFileChangeKnowsWhatItDoes() throws Exception {
        Path p = Path.of("/x");
        byte[] a = "a".getBytes(StandardCharsets.UTF_8);
        byte[] b = "b".getBytes(StandardCharsets.UTF_8);
        var rw = PosixFilePermissions.fromString("rw-r--r--");
        var ro = AtomicWriter.OWNER_ONLY;
        assertTrue(new FileChange(p, p, "x", null, null, a, null, List.of()).creates());
        assertFalse(new FileChange(p, p, "x", a, rw, b, null, List.of()).creates());
        assertFalse(new FileChange(p, p, "x", null, null, null, null, List.of()).creates());
        assertTrue(new FileChange(p, p, "x", a, rw, null, null, List.of()).deletes());
        assertFalse(new FileChange(p, p, "x", null, null, a, null, List.of()).deletes());
        assertTrue(new FileChange(p, p, "x", a, rw, a.clone(), null, List.of()).isNoop());
        assertTrue(new FileChange(p, p, "x", a, rw, a.clone(), rw, List.of()).isNoop());
        assertFalse(new FileChange(p, p, "x", a, rw, a.clone(), ro, List.of()).isNoop(), "a mode change is a change");
        assertFalse(new FileChange(p, p, "x", a, rw, b, null, List.of()).isNoop());
        assertEquals(List.of("s"), new FileChange(p, p, "x", a, rw, b, null, List.of("t")).withSummary("s").summary());
    }

    @Test
    void aConfigFileIsReadThroughItsLinksAndKeepsItsEncoding() throws Exception {
        try (TempHome home = new TempHome()) {
            Environment env = plain(home);
            Path real = home.write("real.json", "{}");
            Path link = home.path("link.json");
            Files.createSymbolicLink(link, real);
            assertTrue(ConfigFile.read(link, env).isSymlink());
            assertFalse(ConfigFile.read(real, env).isSymlink());
            assertEquals(real, ConfigFile.read(link, env).target());
            Files.createSymbolicLink(home.path("loop1"), home.path("loop2"));
            Files.createSymbolicLink(home.path("loop2"), home.path("loop1"));
            assertEquals("~/loop1 is a symlink loop; fix the link and run again", assertThrows(ConnectException.class, () -> ConfigFile.read(home.path("loop1"), env)).getMessage());
            home.mkdir("folder.json");
            assertTrue(assertThrows(ConnectException.class, () -> ConfigFile.read(home.path("folder.json"), env)).getMessage().contains("is a folder where a file is expected"));
            assertFalse(ConfigFile.read(home.path("absent.json"), env).exists());
            assertEquals("", ConfigFile.read(home.path("absent.json"), env).text());

            byte[] utf16 = TextEncoding.UTF_16LE_BOM.encode("é\r\n");
            home.write("p.ps1", utf16);
            ConfigFile p = ConfigFile.read(home.path("p.ps1"), env);
            assertEquals(TextEncoding.UTF_16LE_BOM, p.encoding());
            assertEquals("é\r\n", p.text());
            assertArrayEquals(TextEncoding.UTF_16LE_BOM.encode("é\r\nx\r\n"), p.change("é\r\nx\r\n", null, List.of()).after());
            assertArrayEquals(TextEncoding.UTF_8_BOM.encode("n"), ConfigFile.read(home.path("new.ps1"), env).change("n", null, List.of(), TextEncoding.UTF_8_BOM).after());
            assertArrayEquals("n".getBytes(StandardCharsets.UTF_8), ConfigFile.read(home.path("new.txt"), env).change("n", null, List.of()).after());
            assertEquals(TextEncoding.UTF_8_BOM, TextEncoding.of(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x'}));
            assertEquals(TextEncoding.UTF_16BE_BOM, TextEncoding.of(new byte[] {(byte) 0xFE, (byte) 0xFF}));
            assertEquals(TextEncoding.UTF_8, TextEncoding.of(new byte[] {(byte) 0xEF, (byte) 0xBB}));
            assertEquals("x", TextEncoding.text(TextEncoding.UTF_16BE_BOM.encode("x")));
            home.write("bad.ps1", new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0xD8}); // a lone surrogate
            assertEquals("~/bad.ps1 is not UTF-16LE text; convert it to UTF-8 (or move it aside) and run again. Nothing was changed",
                    assertThrows(ConnectException.class, () -> ConfigFile.read(home.path("bad.ps1"), env).text()).getMessage());
            home.write("latin1.json", new byte[] {'"', (byte) 0xE9, '"'});
            assertTrue(assertThrows(ConnectException.class, () -> ConfigFile.read(home.path("latin1.json"), env).text()).getMessage().startsWith("~/latin1.json is not UTF-8 text;"));
        }
    }

    @Test
    void theRunLockIsHeldOnceAndLeavesNoTraceWhenNothingElseIsThere() throws Exception {
        try (TempHome home = new TempHome()) {
            Environment env = plain(home);
            try (RunLock lock = RunLock.acquire(env)) {
                assertTrue(Files.exists(RunLock.path(env)));
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env.anyrayDir())));
                assertNull(RunLock.tryAcquire(env), "a second run waits");
                ConnectException held = assertThrows(ConnectException.class, () -> RunLock.acquire(env));
                assertTrue(held.getMessage().startsWith("another anyray-connect run is changing this machine (lock ~/.anyray/lock is held)"), held.getMessage());
            }
            assertFalse(Files.exists(env.anyrayDir()), "nothing else was in ~/.anyray: the lock and the folder go");
            try (RunLock lock = RunLock.acquire(env)) {
                Files.writeString(env.anyrayDir().resolve("state.json"), "{}");
            }
            assertTrue(Files.exists(env.anyrayDir().resolve("state.json")) && Files.exists(RunLock.path(env)), "a folder with a record stays, with its lock file");
            RunLock again = RunLock.tryAcquire(env);
            assertTrue(again != null, "the lock is free again");
            again.close();
            // A run by someone who is neither ~/.anyray's owner nor root takes no lock there (this test may run as root, who acts for anyone).
            String owner = Files.getOwner(env.anyrayDir()).getName();
            ConnectException notMine = assertThrows(ConnectException.class, () -> RunLock.tryAcquire(env, "not-" + owner));
            assertTrue(notMine.getMessage().startsWith("~/.anyray belongs to the user " + owner + ", not to you (not-" + owner + ")"), notMine.getMessage());
            RunLock mine = RunLock.tryAcquire(env, owner);
            assertTrue(mine != null, "its owner takes it");
            mine.close();
        }
    }

    @Test
    void macOsKeychainCommandsKeepTheKeyOutOfArgv() {
        // No Mac runs the suite: the login keychain's command lines are checked as data.
        Environment mac = new Environment(Map.of("HOME", "/Users/me", "PATH", "/usr/bin"), Path.of("/Users/me"), "Mac OS X", Path.of("/Users/me"));
        CredentialKeyStore store = (CredentialKeyStore) KeyStore.keychain(mac);
        assertTrue(store.isKeychain());
        assertEquals("the macOS login keychain (service anyray-connect)", store.describe());
        assertEquals(List.of("/usr/bin/security", "-i"), store.storeCommand());
        assertEquals("add-generic-password -U -s anyray-connect -a default -w " + KEY + "\n", store.storeInput(KEY));
        assertEquals(List.of("/usr/bin/security", "find-generic-password", "-s", "anyray-connect", "-a", "default", "-w"), store.lookupCommand());
        assertEquals(List.of("/usr/bin/security", "delete-generic-password", "-s", "anyray-connect", "-a", "default"), store.clearCommand());
        List<String> argv = new ArrayList<>(store.storeCommand());
        argv.addAll(store.lookupCommand());
        assertTrue(argv.stream().noneMatch(a -> a.contains(KEY)));
        assertTrue(store.helperScript().startsWith("#!/bin/sh\n") && store.helperScript().contains("'/usr/bin/security' 'find-generic-password'"), store.helperScript());
        Environment ssh = new Environment(Map.of("HOME", "/Users/me", "SSH_CONNECTION", "1 2 3 4"), Path.of("/Users/me"), "Mac OS X", Path.of("/Users/me"));
        assertFalse(KeyStore.keychain(ssh).isKeychain(), "an SSH session falls back to the file");
    }

    @Test
    void aFolderIsTheUsersByTheOwnerNameTheOsGives() {
        assertTrue(RunLock.isOwnedBy("me", "me", false));
        assertFalse(RunLock.isOwnedBy("eve", "me", false));
        assertFalse(RunLock.isOwnedBy("ME", "me", false), "POSIX names are exact");
        assertTrue(RunLock.isOwnedBy("eve", "root", false), "root acts for the user (sudo, an MDM agent)");
        assertTrue(RunLock.isOwnedBy("DESKTOP-42\\Me", "me", true), "Windows: DOMAIN\\name, in any case");
        assertTrue(RunLock.isOwnedBy("me", "me", true));
        assertTrue(RunLock.isOwnedBy("BUILTIN\\Administrators", "me", true), "an elevated run's folder");
        assertFalse(RunLock.isOwnedBy("CORP\\eve", "me", true));
        assertFalse(RunLock.isOwnedBy("CORP\\eve", "root", true), "no root on Windows");
    }

    @Test
    void theWriterSetsModesDeletesAndSaysWhichFoldersItCreated() throws Exception {
        try (TempHome home = new TempHome()) {
            Path target = home.path("a/b/c.txt");
            assertEquals(List.of(home.path("a"), home.path("a/b")), AtomicWriter.missingParents(target));
            assertEquals(List.of(home.path("a"), home.path("a/b")), AtomicWriter.createParents(target, true));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.path("a/b"))));
            assertEquals(List.of(), AtomicWriter.createParents(target, true), "nothing new the second time");
            Files.writeString(target, "x");
            AtomicWriter.INSTANCE.setMode(target, AtomicWriter.OWNER_ONLY);
            assertEquals(AtomicWriter.OWNER_ONLY, AtomicWriter.modeOf(target));
            assertTrue(AtomicWriter.isOwnerOnly(AtomicWriter.modeOf(target)));
            assertFalse(AtomicWriter.isOwnerOnly(PosixFilePermissions.fromString("rw-r-----")));
            assertEquals(PosixFilePermissions.fromString("rwx------"), AtomicWriter.ownerOnly(PosixFilePermissions.fromString("rwxr-xr-x")));
            AtomicWriter.INSTANCE.delete(target);
            assertFalse(Files.exists(target));
            FileTransaction.deleteIfEmpty(home.path("a/b"));
            assertFalse(Files.exists(home.path("a/b")));
            Files.writeString(home.path("a/keep"), "k");
            FileTransaction.deleteIfEmpty(home.path("a"));
            assertTrue(Files.exists(home.path("a")), "a folder with something in it stays");
            assertEquals("permission denied", FileTransaction.reason(new java.nio.file.AccessDeniedException("/x")));
            assertEquals("a folder on the way does not exist", FileTransaction.reason(new java.nio.file.NoSuchFileException("/x")));
            assertEquals("Disk full", FileTransaction.reason(new java.nio.file.FileSystemException("/x", null, "Disk full")));
            assertEquals("IOException", FileTransaction.reason(new java.io.IOException()));
        }
    }

    @Test
    void aPowerShellSkipsTheProfileOnlyWhereItsPolicyRunsNoUnsignedScript() {
        for (String policy : List.of("Restricted", "restricted", "AllSigned")) assertTrue(new PowerShell.Host(PowerShell.WINDOWS_POWERSHELL, Path.of("/p"), Path.of("/q"), policy).skipsProfile(), policy);
        for (String policy : List.of("RemoteSigned", "Unrestricted", "Bypass", "Undefined")) assertFalse(new PowerShell.Host(PowerShell.POWERSHELL_7, Path.of("/p"), Path.of("/q"), policy).skipsProfile(), policy);
        assertTrue(new PowerShell.Host(PowerShell.WINDOWS_POWERSHELL, Path.of("/p"), Path.of("/q"), "x").isWindowsPowerShell());
        assertFalse(new PowerShell.Host(PowerShell.POWERSHELL_7, Path.of("/p"), Path.of("/q"), "x").isWindowsPowerShell());
        assertTrue(PowerShell.hosts(Environment.of(Map.of("HOME", "/h"), Path.of("/"), "Linux")).isEmpty(), "no PowerShell is asked off Windows");
    }

    @Test
    void theFileStoreKeepsTheKeyInTheOwnerOnlyFileThroughTheKeyStoreSeam() throws Exception {
        try (TempHome home = new TempHome()) {
            Environment env = plain(home);
            KeyStore store = KeyStore.file(env, null);
            assertEquals(env, store.env());
            assertNull(store.read(), "no key yet");
            store.store(KEY);
            assertEquals(KEY + "\n", home.read(".anyray/client-key"));
            assertEquals("rw-------", home.mode(".anyray/client-key"));
            assertEquals(KEY, store.read());
        }
    }

    @Test
    void aKeyFileThatIsEmptyOrCannotBeReadHoldsNoKey() throws Exception {
        try (TempHome home = new TempHome()) {
            Environment env = plain(home);
            home.write(".anyray/client-key", "\n");
            assertNull(KeyFile.read(env), "an empty key file");
            Files.delete(home.path(".anyray/client-key"));
            Files.createDirectories(home.path(".anyray/client-key"));
            assertThrows(ConnectException.class, () -> ConfigFile.read(KeyFile.path(env), env), "a folder where the key file should be");
            assertNull(KeyFile.read(env), "a key file that cannot be read holds no key");
        }
    }

    @Test
    void aHelperSeesOnlyTheEnvironmentItIsGivenNotTheJvmsOwn() throws Exception {
        try (TempHome home = new TempHome()) {
            Map<String, String> given = Map.of("HOME", home.root().toString(), "PATH", "/usr/bin:/bin", "ANYRAY_GIVEN", "yes");
            Environment env = Environment.of(given, home.root());
            Processes.Result r = Processes.run(env, List.of("/usr/bin/env"), null, 10_000);
            assertEquals(0, r.exit(), r.err());
            List<String> names = r.out().lines().map(l -> l.substring(0, l.indexOf('='))).toList();
            assertTrue(names.contains("ANYRAY_GIVEN"), r.out());
            List<String> notGiven = names.stream().filter(n -> !given.containsKey(n)).toList();
            assertEquals(List.of(), notGiven, "variables the helper got from the JVM (it has " + System.getenv().keySet().size() + ")");
        }
    }

    @Test
    void aSecretToolThatAnswersWithAnErrorIsNoKeychainAndSaysWhy() throws Exception {
        try (TempHome home = new TempHome()) {
            Environment env = withSecretTool(home, true);
            home.executable("secret-tool", "#!/bin/sh\necho 'Cannot autolaunch D-Bus without X11 $DISPLAY' >&2\necho 'second line' >&2\nexit 1\n");
            KeyStore store = KeyStore.keychain(env);
            assertFalse(store.isKeychain(), store.describe());
            assertEquals("the Secret Service does not answer: Cannot autolaunch D-Bus without X11 $DISPLAY", store.why());
            home.executable("secret-tool", "#!/bin/sh\nexit 5\n");
            assertEquals("the Secret Service does not answer", KeyStore.keychain(env).why(), "an exit above 1 with nothing said");
        }
    }
}
