package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.JsonOut;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The second run, and every one after it: the README's --dry-run, a mode switch, another tool, the
 * onboarding line copied again. Each runs against real local gateways (two of them, for "another
 * gateway", and one that redirects to the other) and the real CLI.
 */
class DayTwoTest {
    static final String SETTINGS = ".claude/settings.json";

    @Test
    void aRunWithoutGatewayUsesTheConnectedOneAndSaysSoWhileAFirstRunSaysItIsTheDefault() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            Cli.Result first = Cli.run(home, "--dry-run", "--tools", "claude-code", "--user", "me@x");
            assertEquals(0, first.exit(), first.toString());
            assertTrue(first.out().contains("gateway:   http://localhost:8787 (the default: pass --gateway URL"), first.out());
            String invite = gw.invite("dana@example.com", "infra");
            Cli.ok(Cli.run(home, Map.of("ANYRAY_INVITE", invite), "--gateway", gw.url(), "--tools", "claude-code", "--yes"));
            String key = gw.keyOf(invite);

            Cli.Result dry = Cli.run(home, "--dry-run", "--tools", "claude-code");
            assertEquals(0, dry.exit(), dry.toString());
            assertTrue(dry.out().contains("gateway:   " + gw.url() + " (from your last connect)"), dry.out());
            assertTrue(dry.out().contains("user:      dana@example.com (from your last connect)   team: infra (from your last connect)"), dry.out());
            assertFalse(dry.out().contains("localhost:8787"), dry.out());

            // A mode switch and another tool, without --gateway: both go to the connected gateway, with the key.
            Cli.Result sub = Cli.run(home, "--subscription", "--tools", "claude-code", "--yes");
            assertEquals(0, sub.exit(), sub.toString());
            assertTrue(home.read(SETTINGS).contains("\"ANTHROPIC_BASE_URL\": \"" + gw.url() + "\"") && home.read(SETTINGS).contains("x-anyray-api-key: " + key), home.read(SETTINGS));
            Cli.Result more = Cli.run(home, "--tools", "opencode", "--yes");
            assertEquals(0, more.exit(), more.toString());
            assertTrue(home.read(".config/opencode/opencode.json").contains(gw.url() + "/v1"), home.read(".config/opencode/opencode.json"));
            assertTrue(home.read(".config/opencode/opencode.json").contains("dana@example.com") && home.read(".config/opencode/opencode.json").contains("infra"));
            JsonNode status = JsonOut.one(Cli.run(home, "--status", "--json").out());
            assertEquals(gw.url(), status.get("connectedGateway").asText());
            // An explicit --user wins, and is remembered in its turn.
            Cli.ok(Cli.run(home, "--tools", "opencode", "--user", "dana.k@example.com", "--yes"));
            assertTrue(Cli.run(home, "--dry-run", "--tools", "opencode").out().contains("user:      dana.k@example.com (from your last connect)"));

            Cli.ok(Cli.run(home, "--revert", "--yes"));
            Cli.Result afterRevert = Cli.run(home, "--dry-run", "--tools", "claude-code", "--user", "me@x");
            assertTrue(afterRevert.out().contains("(the default: pass --gateway URL"), "a revert forgets the connection: " + afterRevert.out());
        }
    }

    /** With the shared placeholder (no stored key), the connection is remembered all the same: gateway, user and team. */
    /** A tool whose settings the user took out already: its revert says there is nothing to revert, not "already up to date". */
    @Test
    void aRevertThatFindsNothingOfConnectsLeftSaysSo() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            assertEquals(0, Cli.run(home, "--gateway", gw.url(), "--tools", "claude-code,shell-env", "--user", "me@x", "--yes").exit());
            home.write(SETTINGS, "{\"model\": \"opus\"}\n");
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertTrue(revert.out().contains("Claude Code (claude-code): nothing to revert") && revert.out().contains("= Claude Code: nothing to revert")
                    && revert.out().contains("✓ Shell environment: reverted") && !revert.out().contains("up to date"), revert.out());
            assertEquals("{\"model\": \"opus\"}\n", home.read(SETTINGS), "the user's own file is theirs");
        }
    }

    @Test
    void aPlaceholderConnectIsRememberedToo() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.mkdir(".claude");
            Cli.ok(Cli.run(home, "--gateway", gw.url(), "--tools", "claude-code", "--user", "lee@example.com", "--team", "web", "--yes"));
            Cli.Result dry = Cli.run(home, "--dry-run", "--tools", "claude-code");
            assertEquals(0, dry.exit(), dry.toString());
            assertTrue(dry.out().contains("gateway:   " + gw.url() + " (from your last connect)"), dry.out());
            assertTrue(dry.out().contains("user:      lee@example.com (from your last connect)   team: web (from your last connect)"), dry.out());
        }
    }

    @Test
    void aStoredKeyIsNeverSentToOrWrittenForAnotherGateway() throws Exception {
        try (TempHome home = new TempHome(); TestGateway a = new TestGateway(); TestGateway b = new TestGateway()) {
            String invite = a.invite("eve@example.com", null);
            Cli.ok(Cli.run(home, Map.of("ANYRAY_INVITE", invite), "--gateway", a.url(), "--tools", "claude-code,qwen-code", "--yes"));
            String key = a.keyOf(invite);
            var before = home.snapshot();
            for (List<String> args : List.of(List.of("--dry-run"), List.of("--yes"), List.of("--yes", "--subscription"))) {
                List<String> argv = new java.util.ArrayList<>(List.of("--gateway", b.url(), "--tools", "claude-code,qwen-code"));
                argv.addAll(args);
                Cli.Result r = Cli.run(home, argv.toArray(String[]::new));
                assertEquals(1, r.exit(), r.toString());
                assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
                assertTrue(r.err().contains("was issued for " + a.url()) && r.err().contains("not sent to or written for " + b.url())
                        && r.err().contains("ANYRAY_CLIENT_KEY") && r.err().contains("--revert"), r.err());
                assertFalse(r.err().contains(key) || r.out().contains(key));
            }
            assertEquals(0, b.requests.size(), "gateway B received a request: " + b.requests);
            assertEquals(before, home.snapshot(), "nothing was written for B");

            // The user's own choice: a key for B in ANYRAY_CLIENT_KEY works there, and is then B's.
            String keyB = "ark_forGatewayB0123456789";
            b.acceptKey(keyB);
            Cli.Result explicit = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", keyB), "--gateway", b.url(), "--tools", "claude-code,qwen-code", "--yes");
            assertEquals(0, explicit.exit(), explicit.toString());
            assertTrue(home.read(SETTINGS).contains(keyB) && !home.read(SETTINGS).contains(key));
            assertTrue(a.requests.stream().noneMatch(q -> ("Bearer " + keyB).equals(q.header("authorization"))), "B's key went to A");
            assertEquals(b.url(), JsonOut.one(Cli.run(home, "--status", "--json").out()).get("keyGateway").asText());
            // And A now refuses the key that B issued, as it would refuse any other gateway's.
            Cli.Result backToA = Cli.run(home, "--gateway", a.url(), "--tools", "claude-code", "--dry-run");
            assertEquals(1, backToA.exit(), backToA.toString());
            assertTrue(a.requests.stream().noneMatch(q -> ("Bearer " + keyB).equals(q.header("authorization"))));
        }
    }

    @Test
    void theKeyIsCheckedBeforeAnythingIsWritten() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(SETTINGS, "{\"model\": \"opus\"}\n");
            var before = home.snapshot();
            Cli.Result rejected = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_revokedKey0123456789"), "--gateway", gw.url(), "--tools", "claude-code,codex", "--yes");
            assertEquals(1, rejected.exit(), rejected.toString());
            assertEquals(1, rejected.err().strip().lines().count(), rejected.err());
            assertTrue(rejected.err().contains("the gateway rejected your key ark_…6789") && rejected.err().contains("nothing was changed"), rejected.err());
            assertEquals(before, home.snapshot());
            Cli.Result dry = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_revokedKey0123456789"), "--gateway", gw.url(), "--tools", "claude-code", "--dry-run");
            assertEquals(1, dry.exit(), "a dry run of a rejected key says so: " + dry);

            // A gateway that cannot be reached: a warning, and the roll-out goes on.
            Cli.Result offline = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_offlineKey0123456789"), "--gateway", "http://127.0.0.1:9", "--tools", "claude-code", "--yes");
            assertEquals(0, offline.exit(), offline.toString());
            assertTrue(offline.err().contains("the key could not be checked") && offline.err().contains("connecting anyway"), offline.err());
            assertTrue(home.read(SETTINGS).contains("ark_offlineKey0123456789"), home.read(SETTINGS) + offline);

            // Accepted: the plan says so, and the one GET /v1/models also served the model rule.
            gw.acceptKey("ark_goodKey0123456789");
            int before2 = gw.count("/v1/models");
            Cli.Result good = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_goodKey0123456789"), "--gateway", gw.url(), "--tools", "claude-code,qwen-code", "--yes");
            assertEquals(0, good.exit(), good.toString());
            assertTrue(good.out().contains("accepted by the gateway (GET /v1/models)"), good.out());
            assertEquals(before2 + 1, gw.count("/v1/models"), "one key check, also used for the model list");
        }
    }

    @Test
    void noKeyOrInviteIsSentOnToARedirectsTarget() throws Exception {
        try (TempHome home = new TempHome(); TestGateway moved = new TestGateway(); TestGateway target = new TestGateway()) {
            moved.redirectTo = target.url();
            String key = "ark_redirectedKey0123456789";
            target.acceptKey(key);
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", key), "--gateway", moved.url(), "--tools", "claude-code", "--yes");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("redirect to " + target.url() + "/v1/models") && r.err().contains("never sends your key on"), r.err());
            assertEquals(before, home.snapshot());
            String invite = target.invite("rita@example.com", null);
            Cli.Result redeem = Cli.run(home, Map.of("ANYRAY_INVITE", invite), "--gateway", moved.url(), "--tools", "claude-code", "--yes");
            assertEquals(1, redeem.exit(), redeem.toString());
            assertTrue(redeem.err().contains("redirect (HTTP 307)") && redeem.err().contains("the invite was not sent on"), redeem.err());
            assertEquals(0, target.requests.size(), "the redirect's target received: " + target.requests);
            assertFalse(target.isRedeemed(invite));
            Cli.Result check = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", key), "--check", "--gateway", moved.url());
            assertEquals(1, check.exit(), check.toString());
            assertEquals(0, target.requests.size());
        }
    }

    @Test
    void theSameInviteForAnotherGatewayIsNotSentAndANewInviteReplacesTheKeyEverywhere() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway(); TestGateway other = new TestGateway()) {
            home.write(".bashrc", "# rc\n");
            String first = gw.invite("finn@example.com", null);
            Cli.ok(Cli.run(home, Map.of("ANYRAY_INVITE", first), "--gateway", gw.url(), "--tools", "claude-code,codex,shell-env", "--yes"));
            String oldKey = gw.keyOf(first);
            Cli.Result elsewhere = Cli.run(home, Map.of("ANYRAY_INVITE", first), "--gateway", other.url(), "--tools", "claude-code", "--yes");
            assertEquals(1, elsewhere.exit(), elsewhere.toString());
            assertTrue(elsewhere.err().contains("already redeemed on this machine, for " + gw.url()), elsewhere.err());
            assertEquals(0, other.requests.size(), "the invite went to another gateway");

            // A new invite, for one tool: every connected tool gets the new key, and the old one is gone everywhere.
            String second = gw.invite("finn@example.com", null);
            Cli.Result renewed = Cli.run(home, Map.of("ANYRAY_INVITE", second), "--tools", "claude-code", "--yes");
            assertEquals(0, renewed.exit(), renewed.toString());
            String newKey = gw.keyOf(second);
            assertEquals(List.of(), home.filesContaining(oldKey), "the old key is left");
            assertTrue(home.read(SETTINGS).contains(newKey) && home.read(".anyray/client-key").contains(newKey));
            assertTrue(home.read(".codex/anyray.config.toml").contains(newKey), "codex keeps the old key");
            // The onboarding line run again, from the JVM, exits 0 and spends nothing.
            Cli.Result again = Cli.process(home, Map.of("ANYRAY_INVITE", second), null, "--tools", "claude-code", "--yes");
            assertEquals(0, again.exit(), again.toString());
            assertEquals(2, gw.redeemCalls.get());
        }
    }

    @Test
    void helperCommandsGetNoSecretVariables() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            java.nio.file.Path dump = home.path("git-env.txt");
            java.nio.file.Path git = home.bin().resolve("git");
            Files.writeString(git, "#!/bin/sh\nenv > '" + dump + "'\necho git.user@example.com\n");
            Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwx------"));
            String invite = gw.invite(null, null);
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_INVITE", invite, "ANYRAY_ADMIN_TOKEN", "admin-token-123456"), "--gateway", gw.url(), "--tools", "claude-code", "--yes");
            assertEquals(0, r.exit(), r.toString());
            String seen = Files.readString(dump);
            assertTrue(seen.contains("HOME=" + home.root()), "git ran with the run's environment: " + seen);
            assertFalse(seen.contains("ANYRAY_INVITE") || seen.contains(invite) || seen.contains("ANYRAY_ADMIN_TOKEN"), seen);
            assertTrue(home.read(SETTINGS).contains("git.user@example.com"), "the user came from git");
        }
    }

    @Test
    void theUsersOwnTokensAreMaskedWhateverTheirSettingIsCalled() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(".config/opencode/opencode.json", "{\"provider\": {\"amazon-bedrock\": {\"options\": {\"secretAccessKey\": \"AKIAsecretvalue0001\","
                    + " \"token\": \"tokenvalue0002\", \"accessToken\": \"accessvalue0003\", \"authToken\": \"authvalue0004\", \"region\": \"eu-west-1\"}}}}\n");
            Cli.Result r = Cli.run(home, "--dry-run", "--gateway", "https://gw.example", "--tools", "opencode", "--user", "me@x");
            assertEquals(0, r.exit(), r.toString());
            for (String secret : List.of("AKIAsecretvalue", "tokenvalue", "accessvalue", "authvalue")) assertFalse(r.out().contains(secret), secret + " printed: " + r.out());
            assertTrue(r.out().contains("0001") && r.out().contains("eu-west-1"), "masked, not dropped: " + r.out());
        }
    }
}
