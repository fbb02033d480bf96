package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InviteAndKeysTest {
    static final String ALL_FILE_TOOLS = "claude-code,codex,shell-env,cursor";

    static void assertNoGroupOrOtherCanRead(TempHome home, String key) throws Exception {
        for (Path file : home.filesContaining(key)) {
            var mode = Files.getPosixFilePermissions(file);
            assertFalse(mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ), file + " is " + mode);
        }
    }

    @Test
    void anInviteIsRedeemedOnceAndTheKeyGoesOnlyIntoOwnerOnlyFiles() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("alice@example.com", "platform");
            home.write(".bashrc", "# rc\n");
            Cli.Result r = Cli.run(home, "--gateway", gw.url(), "--invite", invite, "--tools", ALL_FILE_TOOLS, "--yes");
            assertEquals(0, r.exit(), r.toString());
            String key = gw.keyOf(invite);
            assertEquals(1, gw.redeemCalls.get());
            assertFalse(r.all().contains(key), "the key is never printed");
            assertFalse(r.all().contains(invite), "nor the invite");
            assertTrue(r.out().contains("ark_…" + key.substring(key.length() - 4)), r.out());
            assertTrue(home.read(".claude/settings.json").contains("\"ANTHROPIC_AUTH_TOKEN\": \"" + key + "\""));
            assertTrue(home.read(".claude/settings.json").contains("{\\\"user\\\":\\\"alice@example.com\\\",\\\"team\\\":\\\"platform\\\"}"));
            assertTrue(home.read(".codex/anyray.config.toml").contains(key));
            assertEquals(key + "\n", home.read(".anyray/client-key"));
            assertEquals("rw-------", home.mode(".anyray/client-key"));
            assertEquals("rw-------", home.mode(".claude/settings.json"));
            assertFalse(home.read(".bashrc").contains(key), "the profile reads the key file instead");
            assertNoGroupOrOtherCanRead(home, key);
            assertEquals(gw.url() + "/v1\n" + gw.url() + "\n" + key + "\n" + key + "\n", ShellEnvTest.sourced(home, ".bashrc"));
            assertFalse(home.read(".anyray/state.json").contains(key), "the revert record holds no key");

            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertEquals(List.of(), home.filesContaining(key), "after a full revert no file holds the key");
            assertFalse(home.exists(".anyray"));
        }
    }

    @Test
    void aSpentInviteOnAnotherMachineFailsCleanlyAndTheOnboardingLineRunAgainHereIsFine() {
        try (TempHome home = new TempHome(); TempHome other = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("bob@example.com", null);
            assertEquals(0, Cli.run(home, Map.of("ANYRAY_INVITE", invite), "--gateway", gw.url(), "--tools", "claude-code", "--yes").exit());
            // The same line again on this machine: the invite is not sent again, the key it gave is used.
            var before = home.snapshot();
            Cli.Result again = Cli.run(home, Map.of("ANYRAY_INVITE", invite), "--gateway", gw.url(), "--tools", "claude-code", "--yes");
            assertEquals(0, again.exit(), again.toString());
            assertEquals(1, gw.redeemCalls.get(), "the spent invite was sent again");
            assertTrue(again.out().contains("already redeemed on this machine"), again.out());
            assertEquals(before, home.snapshot());
            assertTrue(home.read(".claude/settings.json").contains(gw.keyOf(invite)));
            // Elsewhere, the spent invite is refused by the gateway: one line, nothing written.
            var otherBefore = other.snapshot();
            Cli.Result spent = Cli.run(other, Map.of("ANYRAY_INVITE", invite), "--gateway", gw.url(), "--tools", "claude-code", "--yes");
            assertEquals(1, spent.exit(), spent.toString());
            assertTrue(spent.err().contains("already redeemed or has expired") && spent.err().contains("invite already redeemed"), spent.err());
            assertEquals(1, spent.err().strip().lines().count(), spent.err());
            assertEquals(otherBefore, other.snapshot());
        }
    }

    @Test
    void dryRunNeverRedeemsAndSaysSo() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("carol@example.com", null);
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, "--gateway", gw.url(), "--invite", invite, "--tools", "claude-code", "--dry-run");
            assertEquals(0, r.exit(), r.toString());
            assertEquals(0, gw.requests.size(), "no request at all");
            assertTrue(r.out().contains("the invite was not redeemed"), r.out());
            assertEquals(before, home.snapshot());
        }
    }

    @Test
    void withoutConfirmationTheInviteIsNotSpent() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("dan@example.com", null);
            Cli.Result r = Cli.run(home, "--gateway", gw.url(), "--invite", invite, "--tools", "claude-code");
            assertEquals(1, r.exit(), r.toString());
            assertEquals(0, gw.redeemCalls.get());
        }
    }

    @Test
    void explicitUserAndTeamWinOverTheInvite() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("invited@example.com", "invited-team");
            Cli.ok(Cli.run(home, "--gateway", gw.url(), "--invite", invite, "--tools", "claude-code", "--yes", "--user", "me@example.com"));
            String settings = home.read(".claude/settings.json");
            assertTrue(settings.contains("{\\\"user\\\":\\\"me@example.com\\\",\\\"team\\\":\\\"invited-team\\\"}"), settings);
        }
    }

    @Test
    void gatewayErrorsAreOneClearLineAndChangeNothing() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            var before = home.snapshot();
            Cli.Result unknown = Cli.run(home, "--gateway", gw.url(), "--invite", "ari_doesnotexist", "--tools", "claude-code", "--yes");
            assertEquals(1, unknown.exit());
            assertTrue(unknown.err().contains("does not know invite ari_…xist"), unknown.err());
            gw.redeemStatusOverride = 503;
            Cli.Result down = Cli.run(home, "--gateway", gw.url(), "--invite", gw.invite("x", null), "--tools", "claude-code", "--yes");
            assertEquals(1, down.exit());
            assertTrue(down.err().contains("HTTP 503: gateway exploded"), down.err());
            gw.redeemStatusOverride = 0;
            gw.redeemBodyOverride = "{\"user\":\"no key here\"}";
            Cli.Result noKey = Cli.run(home, "--gateway", gw.url(), "--invite", gw.invite("x", null), "--tools", "claude-code", "--yes");
            assertEquals(1, noKey.exit());
            assertTrue(noKey.err().contains("without a key"), noKey.err());
            assertEquals(before, home.snapshot());
        }
    }

    @Test
    void unreachableAndSlowGatewaysFailWithinTheTimeout() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            int closedPort;
            try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }
            Cli.Result refused = Cli.run(home, "--gateway", "http://127.0.0.1:" + closedPort, "--invite", "ari_aaaaaaaaaaaa", "--tools", "claude-code", "--yes");
            assertEquals(1, refused.exit());
            assertTrue(refused.err().contains("cannot reach the gateway") && refused.err().contains("the connection was refused"), refused.err());
            gw.delayMillis = 5000;
            long start = System.nanoTime();
            Cli.Result slow = Cli.run(home, "--gateway", gw.url(), "--invite", gw.invite("x", null), "--tools", "claude-code", "--yes", "--timeout", "1");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(1, slow.exit(), slow.toString());
            assertTrue(slow.err().contains("did not answer within 1s (read timeout)"), slow.err());
            assertTrue(seconds < 5, "bounded by --timeout, took " + seconds + "s");
            assertFalse(home.exists(".claude"));
        }
    }

    @Test
    void anyrayClientKeyIsUsedWhenThereIsNoInvite() throws Exception {
        try (TempHome home = new TempHome()) {
            String key = "ark_fromEnvironment0123456789";
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", key), "--tools", "claude-code,shell-env", "--yes", "--user", "me@x");
            assertEquals(0, r.exit(), r.toString());
            assertFalse(r.all().contains(key));
            assertTrue(r.out().contains("ark_…6789"), r.out());
            assertTrue(home.read(".claude/settings.json").contains(key));
            assertNoGroupOrOtherCanRead(home, key);
            Cli.Result bad = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_has space"), "--tools", "claude-code", "--yes", "--user", "me@x");
            assertEquals(2, bad.exit());
            assertFalse(bad.err().contains("has space"), "a bad key is not echoed: " + bad.err());
        }
    }

    /**
     * Moving the key between stores leaves it in one place only: to the keychain, the plain key file goes
     * and the helper comes; back to the file, the helper goes. The record says where it is, each time.
     */
    @Test
    void movingTheKeyBetweenStoresLeavesItInOnePlaceOnly() throws Exception {
        try (TempHome home = new TempHome()) {
            Path keychain = Files.createTempFile("anyray-fake-keychain-", ".txt");
            Files.delete(keychain);
            try {
                TrustModelTest.Sequence.fakeSecretTool(home);
                String key = "ark_movingKey0123456789abcdef";
                Map<String, String> env = Map.of("ANYRAY_CLIENT_KEY", key, "FAKE_KEYCHAIN", keychain.toString(), "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent-fake-bus");
                String[] args = {"--yes", "--tools", "claude-code", "--gateway", "https://gw.example", "--user", "me@example.com", "--key-store"};
                Cli.Result file = Cli.run(home, env, concat(args, "file"));
                assertEquals(0, file.exit(), file.toString());
                assertTrue(home.exists(".anyray/client-key") && !home.exists(".anyray/bin/anyray-key") && !Files.exists(keychain));
                assertTrue(home.read(".anyray/state.json").replace(" ", "").contains("\"keyStore\":\"file\""), home.read(".anyray/state.json"));
                Cli.Result toKeychain = Cli.run(home, env, concat(args, "keychain"));
                assertEquals(0, toKeychain.exit(), toKeychain.toString());
                assertTrue(toKeychain.out().contains("~/.anyray/client-key: delete the plain key file: the key now lives in"), toKeychain.out());
                assertFalse(home.exists(".anyray/client-key"), "the plain key file stays beside the keychain");
                assertTrue(home.exists(".anyray/bin/anyray-key") && Files.readString(keychain).contains(key));
                assertFalse(home.read(".anyray/state.json").replace(" ", "").contains("\"keyStore\":\"file\""), home.read(".anyray/state.json"));
                assertTrue(home.read(".claude/settings.json").contains("apiKeyHelper") && !home.read(".claude/settings.json").contains(key));
                Cli.Result back = Cli.run(home, env, concat(args, "file"));
                assertEquals(0, back.exit(), back.toString());
                assertTrue(back.out().contains("~/.anyray/bin/anyray-key"), back.out());
                assertTrue(home.exists(".anyray/client-key") && !home.exists(".anyray/bin/anyray-key"));
                assertTrue(home.read(".anyray/state.json").replace(" ", "").contains("\"keyStore\":\"file\""));
            } finally {
                Files.deleteIfExists(keychain);
            }
        }
    }

    private static String[] concat(String[] head, String last) {
        String[] all = java.util.Arrays.copyOf(head, head.length + 1);
        all[head.length] = last;
        return all;
    }

    /** The key was stored at redemption, then the run stopped before any tool was connected: revert still has the key and its record to take away. */
    @Test
    void aKeyStoredWithNoToolConnectedIsRevertedOnItsOwn() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            var before = home.snapshot();
            gw.redeemBodyOverride = "{\"key\":\"ark_refusedByTheGateway0123456789\",\"user\":\"alice@example.com\"}";
            Cli.Result connect = Cli.run(home, "--gateway", gw.url(), "--invite", gw.invite("alice@example.com", null), "--tools", "claude-code", "--yes");
            assertEquals(1, connect.exit(), connect.toString());
            assertTrue(connect.err().contains("is stored in the owner-only file ~/.anyray/client-key"), connect.err());
            // One piece of advice, not two that disagree ("ask for a new invite" and "a re-run will use it").
            assertTrue(connect.err().contains("It is stored in the owner-only file ~/.anyray/client-key") && connect.err().contains(": a re-run (without --invite) "
                    + "tries it again, and if the gateway still refuses it, ask your admin for a new invite") && !connect.err().contains("will use it"), connect.err());
            assertTrue(home.exists(".anyray/client-key"));
            assertFalse(home.exists(".claude/settings.json"), "no tool was connected");

            var connected = home.snapshot();
            Cli.Result dryRun = Cli.run(home, "--revert", "--dry-run");
            assertEquals(0, dryRun.exit(), dryRun.toString());
            assertTrue(dryRun.out().contains("Reverting what anyray-connect changed:") && dryRun.out().contains("delete the stored personal key"), dryRun.out());
            assertEquals(connected, home.snapshot(), "a dry run writes nothing");
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertTrue(revert.out().contains("Reverting what anyray-connect changed:"), revert.out());
            assertEquals(before, home.snapshot(), "the key and the record are gone");
            assertTrue(Cli.run(home, "--revert", "--yes").out().contains("Nothing to revert"), "and a second revert has nothing left");
        }
    }
}
