package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.JsonOut;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlVersion;

/** Nothing lost, nothing leaked: the revert record, the personal key, invites, edits made while the prompt waits, secrets in output. */
class TrustTest {
    static final String SETTINGS = ".claude/settings.json";

    // ---------------------------------------------------------------- the revert record does not forget

    @Test
    void aReRunThatResolvesAToolToOtherFilesKeepsTheFirstOnesUntilRevert() {
        try (TempHome home = new TempHome()) {
            home.write(SETTINGS, "{\"model\": \"opus\"}\n");
            var before = home.snapshot();
            String key = "ark_recordKeepsEveryFile0123";
            assertEquals(0, Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", key), "--yes", "--tools", "claude-code,shell-env", "--user", "me@x").exit());
            Map<String, String> other = Map.of("ANYRAY_CLIENT_KEY", key, "CLAUDE_CONFIG_DIR", home.path("alt").toString(), "SHELL", "/usr/bin/zsh");
            assertEquals(0, Cli.run(home, other, "--yes", "--tools", "claude-code,shell-env", "--user", "me@x").exit());
            assertTrue(home.read("alt/settings.json").contains(key));
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertEquals(before, home.snapshot(), "both settings files and both profiles are put back");
            assertEquals(List.of(), home.filesContaining(key));
        }
    }

    @Test
    void filesAreNamedByTheirRealPathThroughSymlinkedFolders() throws Exception {
        try (TempHome home = new TempHome()) {
            Path real = home.write("dots/shared/settings.json", "{\"model\": \"opus\"}\n");
            home.mkdir("dots/claude");
            Files.createSymbolicLink(home.path(".claude"), Path.of("dots/claude"));
            Files.createSymbolicLink(home.path("dots/claude/settings.json"), Path.of("../shared/settings.json"));
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, "--yes", "--tools", "claude-code", "--user", "me@x");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(Files.readString(real).contains("ANTHROPIC_BASE_URL"), "the file Claude Code reads is the one written");
            assertFalse(home.exists("shared"), "no stray file beside the link");
            // The same file reached through another path is one file of the record.
            Files.createSymbolicLink(home.path("claude-link"), home.path(".claude"));
            assertEquals(0, Cli.run(home, Map.of("CLAUDE_CONFIG_DIR", home.path("claude-link").toString()), "--yes", "--tools", "claude-code", "--user", "me@x").exit());
            var state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(home.read(".anyray/state.json"));
            assertEquals(1, state.path("files").size(), state.toString());
            assertEquals(1, state.path("tools").path("claude-code").path("files").size(), state.toString());
            Files.delete(home.path("claude-link"));
            assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
            assertEquals(before, home.snapshot());
        }
    }

    /** A folder of the tool's path that is a link to nothing (dotfiles not checked out yet) is named, and nothing is written or created. */
    @Test
    void aDanglingLinkWhereAFolderIsNeededIsNamedAndNothingIsWritten() throws Exception {
        try (TempHome home = new TempHome()) {
            Files.createSymbolicLink(home.path(".claude"), Path.of("dots/claude"));
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, "--yes", "--tools", "claude-code", "--user", "me@x");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("could not write ~/.claude/settings.json: .claude on the way is not a folder (a file, or a link to nothing); nothing was changed"), r.err());
            assertEquals(before, home.snapshot(), "the link stays a link to nothing, and no folder is made where it points");
            assertFalse(home.exists(".anyray/state.json"));
        }
    }

    // ---------------------------------------------------------------- the personal key survives

    @Test
    void aModeSwitchWithoutAnInviteKeepsThePersonalKeyUntilRevert() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("kim@example.com", "ml");
            assertEquals(0, Cli.run(home, "--gateway", gw.url(), "--invite", invite, "--tools", "claude-code,codex", "--yes").exit());
            String key = gw.keyOf(invite);
            Cli.Result sub = Cli.run(home, "--gateway", gw.url(), "--subscription", "--tools", "claude-code,codex", "--yes");
            assertEquals(0, sub.exit(), sub.toString());
            assertTrue(home.read(SETTINGS).contains("x-anyray-api-key: " + key), "subscription mode rides the stored key");
            assertTrue(home.read(SETTINGS).contains("kim@example.com") && home.read(SETTINGS).contains("\\\"team\\\":\\\"ml\\\""), "the invite's attribution stays");
            Cli.Result back = Cli.run(home, "--gateway", gw.url(), "--tools", "claude-code,codex", "--yes");
            assertEquals(0, back.exit(), back.toString());
            assertTrue(home.read(SETTINGS).contains("\"ANTHROPIC_AUTH_TOKEN\": \"" + key + "\""), home.read(SETTINGS));
            assertEquals(key + "\n", home.read(".anyray/client-key"));
            assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
            assertEquals(List.of(), home.filesContaining(key));
        }
    }

    @Test
    void anInviteForAToolThatStoresNothingStillKeepsTheKeyForTheNextRun() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("lee@example.com", null);
            Cli.Result r = Cli.run(home, "--gateway", gw.url(), "--invite", invite, "--tools", "windsurf", "--yes");
            assertEquals(0, r.exit(), r.toString());
            String key = gw.keyOf(invite);
            assertEquals(key + "\n", home.read(".anyray/client-key"));
            assertEquals("rw-------", home.mode(".anyray/client-key"));
            Cli.Result later = Cli.run(home, "--gateway", gw.url(), "--tools", "claude-code", "--yes");
            assertEquals(0, later.exit(), later.toString());
            assertTrue(home.read(SETTINGS).contains(key) && home.read(SETTINGS).contains("lee@example.com"));
            assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
            assertFalse(home.exists(".anyray"));
        }
    }

    // ---------------------------------------------------------------- invites are never wasted

    @Test
    void everyCheckThatCanFailHappensBeforeTheInviteIsRedeemed() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("max@example.com", null);
            home.write(".codex", "a file where Codex's folder should be");
            Cli.Result parentIsFile = Cli.run(home, "--gateway", gw.url(), "--invite", invite, "--tools", "claude-code,codex", "--yes");
            assertEquals(1, parentIsFile.exit(), parentIsFile.toString());
            assertTrue(parentIsFile.err().contains("invite was not redeemed"), parentIsFile.err());
            assertEquals("a file where Codex's folder should be", home.read(".codex"), "the user's file is left as it was");
            home.mkdir(".claude/settings.json");
            Cli.Result folder = Cli.run(home, "--gateway", gw.url(), "--invite", invite, "--tools", "claude-code", "--yes");
            assertEquals(1, folder.exit());
            assertEquals(0, gw.redeemCalls.get(), "the invite was never sent");
            assertFalse(home.exists(".anyray"));
        }
    }

    @Test
    void aFailureAfterRedemptionKeepsTheKeyAndSaysAReRunWillUseIt() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("bad\nname", null);
            Cli.Result r = Cli.run(home, "--gateway", gw.url(), "--invite", invite, "--tools", "claude-code", "--yes");
            assertEquals(1, r.exit(), r.toString());
            String key = gw.keyOf(invite);
            assertTrue(r.err().contains("is stored") && r.err().contains("re-run"), r.err());
            assertFalse(r.all().contains(key));
            assertEquals(key + "\n", home.read(".anyray/client-key"));
            Cli.Result again = Cli.run(home, "--gateway", gw.url(), "--tools", "claude-code", "--user", "good@example.com", "--yes");
            assertEquals(0, again.exit(), again.toString());
            assertTrue(home.read(SETTINGS).contains(key));
        }
    }

    @Test
    void theInviteCanComeFromTheEnvironmentOrStdinAndIsNeverEchoed() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String fromEnv = gw.invite("env@example.com", null);
            Cli.Result env = Cli.run(home, Map.of("ANYRAY_INVITE", fromEnv), "--gateway", gw.url(), "--tools", "claude-code", "--yes");
            assertEquals(0, env.exit(), env.toString());
            assertTrue(home.read(SETTINGS).contains(gw.keyOf(fromEnv)));
            String fromStdin = gw.invite("stdin@example.com", null);
            Cli.Result stdin = Cli.runWithInput(home, Map.of(), fromStdin + "\n", "--gateway", gw.url(), "--invite", "-", "--tools", "claude-code", "--yes");
            assertEquals(0, stdin.exit(), stdin.toString());
            assertTrue(home.read(SETTINGS).contains(gw.keyOf(fromStdin)));
            for (Cli.Result r : List.of(env, stdin)) assertFalse(r.all().contains(fromEnv) || r.all().contains(fromStdin), r.toString());
            String typo = gw.invite("typo@example.com", null);
            Cli.Result mistyped = Cli.run(home, "--invte", typo, "--yes");
            assertEquals(2, mistyped.exit());
            assertFalse(mistyped.all().contains(typo), mistyped.toString());
        }
    }

    @Test
    void theFinalChangeIsShownWhenTheInviteNamesAnotherUser() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("nora@example.com", "data");
            Cli.Result r = Cli.run(home, "--gateway", gw.url(), "--invite", invite, "--tools", "claude-code", "--yes");
            assertEquals(0, r.exit(), r.toString());
            int finalPlan = r.out().indexOf("the final changes are");
            assertTrue(finalPlan > 0, r.out());
            assertTrue(r.out().substring(finalPlan).contains("nora@example.com") && r.out().substring(finalPlan).contains("data"), r.out());
        }
    }

    // ---------------------------------------------------------------- edits while the prompt waits

    @Test
    void anEditMadeWhileThePromptWaitsIsNeverOverwritten() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(SETTINGS, "{\"model\": \"opus\"}\n");
            home.write(".bashrc", "# rc\n");
            InputStream answerAfterAnEdit = new InputStream() {
                private final InputStream yes = new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8));
                private boolean edited;

                @Override
                public int read() throws java.io.IOException {
                    if (!edited) {
                        edited = true;
                        Files.writeString(home.path(SETTINGS), "{\"model\": \"sonnet\"}\n");
                    }
                    return yes.read();
                }
            };
            Cli.Result r = Cli.atTerminal(home, Map.of(), answerAfterAnEdit, "--tools", "shell-env,claude-code", "--user", "me@x");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("changed while connect was waiting"), r.err());
            assertEquals("{\"model\": \"sonnet\"}\n", home.read(SETTINGS), "the user's edit stays");
            assertEquals("# rc\n", home.read(".bashrc"), "and nothing else was half-written");
            assertFalse(home.exists(".anyray/state.json"));
        }
    }

    // ---------------------------------------------------------------- Codex profile placement

    @Test
    void theTopLevelProviderNeverLandsInsideTheUsersLastTable() {
        try (TempHome home = new TempHome()) {
            String profile = "model = \"o3\"\n\n[mcp_servers.docs]\ncommand = \"docs-server\"\n\n# my notes about the docs server\n";
            home.write(".codex/anyray.config.toml", profile);
            Cli.Result r = Cli.run(home, "--yes", "--tools", "codex", "--user", "me@x");
            assertEquals(0, r.exit(), r.toString());
            TomlParseResult doc = Toml.parse(home.read(".codex/anyray.config.toml"), TomlVersion.V1_0_0);
            assertFalse(doc.hasErrors(), doc.errors().toString());
            assertEquals("anyray", doc.getString("model_provider"));
            assertFalse(doc.contains(List.of("mcp_servers", "docs", "model_provider")));
            assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
            assertEquals(profile, home.read(".codex/anyray.config.toml"));
        }
    }

    // ---------------------------------------------------------------- secrets in output

    @Test
    void noOutputShowsAKeyOrAUsersOwnToken() throws Exception {
        try (TempHome home = new TempHome()) {
            String envKey = "sk-personal-notArk-0123456789";
            String usersToken = "sk-ant-users-own-token-987654321";
            home.write(SETTINGS, "{\n  \"env\": {\n    \"ANTHROPIC_API_KEY\": \"" + usersToken + "\",\n    \"A\": \"1\"\n  }\n}\n");
            Map<String, String> env = Map.of("ANYRAY_CLIENT_KEY", envKey);
            Cli.Result dry = Cli.run(home, env, "--dry-run", "--tools", "claude-code,codex", "--user", "me@x");
            Cli.Result json = Cli.run(home, env, "--dry-run", "--json", "--tools", "claude-code,codex", "--user", "me@x");
            assertEquals(0, Cli.run(home, env, "--yes", "--tools", "claude-code,codex", "--user", "me@x").exit());
            String profile = home.read(".codex/anyray.config.toml");
            // The token's line twice in its table: no longer TOML (a key defined twice), and the error quotes it.
            int token = profile.indexOf("experimental_bearer_token");
            int end = profile.indexOf('\n', token) + 1;
            home.write(".codex/anyray.config.toml", profile.substring(0, end) + profile.substring(token, end) + profile.substring(end));
            Cli.Result broken = Cli.run(home, env, "--yes", "--tools", "codex", "--user", "me@x");
            assertEquals(1, broken.exit(), broken.toString());
            Cli.Result brokenJson = Cli.run(home, env, "--yes", "--json", "--tools", "codex", "--user", "me@x");
            Cli.Result status = Cli.run(home, env, "--status", "--json");
            for (Cli.Result r : List.of(dry, json, broken, brokenJson, status)) {
                assertFalse(r.all().contains(envKey), "personal key shown: " + r);
                assertFalse(r.all().contains(usersToken), "user's token shown: " + r);
            }
            assertTrue(dry.out().contains("sk-…6789"), dry.out());
        }
    }

    @Test
    void theRevertRecordNeverHoldsThePersonalKey() {
        try (TempHome home = new TempHome()) {
            String key = "ark_notInTheRecord0123456789";
            home.write(SETTINGS, "{\"env\": {\"ANTHROPIC_AUTH_TOKEN\": \"users-earlier-token\"}}\n");
            assertEquals(0, Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", key), "--yes", "--tools", "claude-code,codex,shell-env", "--user", "me@x").exit());
            assertFalse(home.read(".anyray/state.json").contains(key));
            assertEquals("rw-------", home.mode(".anyray/state.json"));
        }
    }

    // ---------------------------------------------------------------- exact revert

    @ParameterizedTest
    @ValueSource(strings = {"{ }", "{\n}\n", "{\"env\": {\n    }}\n", "{\n\t\"env\" :{  },\n\t\"x\":1\n}"})
    void claudeCodesRevertIsByteIdenticalAcrossModeSwitchesWhenOnlyConnectTouchedTheFile(String original) {
        try (TempHome home = new TempHome()) {
            home.write(SETTINGS, original);
            assertEquals(0, Cli.run(home, "--yes", "--tools", "claude-code", "--user", "me@x").exit());
            assertEquals(0, Cli.run(home, "--yes", "--tools", "claude-code", "--user", "me@x", "--subscription").exit());
            assertEquals(0, Cli.run(home, "--yes", "--tools", "claude-code", "--user", "me@x").exit());
            assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
            assertEquals(original, home.read(SETTINGS));
        }
    }

    @Test
    void linesTheUserAddedInsideTheBlockSurviveRevertWithAWord() {
        try (TempHome home = new TempHome()) {
            home.write(".bashrc", "# rc\n");
            assertEquals(0, Cli.run(home, "--yes", "--tools", "shell-env", "--user", "me@x").exit());
            home.write(".bashrc", home.read(".bashrc").replace("# <<< anyray-connect <<<", "export MY_OWN=1\n# <<< anyray-connect <<<"));
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertTrue(home.read(".bashrc").contains("export MY_OWN=1"), home.read(".bashrc"));
            assertFalse(home.read(".bashrc").contains("anyray-connect"));
            assertTrue(revert.out().contains("you added inside the block"), revert.out());
        }
    }

    // ---------------------------------------------------------------- the gateway calls and the small ones

    @Test
    void theTimeoutBoundsTheWholeCallAndHugeAnswersAreRefused() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            gw.dribble = true;
            long start = System.nanoTime();
            Cli.Result slow = Cli.run(home, "--check", "--gateway", gw.url(), "--timeout", "1");
            assertTrue((System.nanoTime() - start) / 1_000_000_000L < 5, "bounded by --timeout");
            assertEquals(1, slow.exit(), slow.toString());
            assertTrue(slow.out().contains("did not answer within 1s"), slow.out());
            gw.dribble = false;
            gw.hugeBody = 3 * 1024 * 1024;
            Cli.Result huge = Cli.run(home, "--check", "--gateway", gw.url());
            assertEquals(1, huge.exit(), huge.toString());
            assertTrue(huge.out().contains("more than 1 MiB"), huge.out());
        }
    }

    @Test
    void checkTellsAnHtmlPageFromAModelListAndAnUnknownHostFromARefusal() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            gw.modelsBodyOverride = "<html><body>Please log in</body></html>";
            Cli.Result html = Cli.run(home, "--check", "--gateway", gw.url());
            assertEquals(1, html.exit(), html.toString());
            assertFalse(html.out().contains("accepted"), html.out());
            Cli.Result dns = Cli.run(home, "--check", "--gateway", "https://no-such-host.invalid", "--timeout", "5");
            assertEquals(1, dns.exit(), dns.toString());
            assertTrue(dns.out().contains("cannot resolve") && !dns.out().contains("connection refused"), dns.out());
        }
    }

    @Test
    void theStoredKeyIsOnlySentToTheGatewayItWasIssuedFor() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway(); TestGateway other = new TestGateway()) {
            String invite = gw.invite("olga@example.com", null);
            assertEquals(0, Cli.run(home, "--gateway", gw.url(), "--invite", invite, "--tools", "claude-code", "--yes").exit());
            Cli.Result elsewhere = Cli.run(home, "--check", "--gateway", other.url());
            assertEquals(1, elsewhere.exit(), elsewhere.toString());
            assertTrue(elsewhere.out().contains("FAIL  the stored personal key was issued for " + gw.url() + ", so it is not sent to " + other.url()), elsewhere.toString());
            assertTrue(other.requests.stream().noneMatch(q -> q.header("authorization") != null), "no key went to the other gateway");
        }
    }

    @Test
    void smallOnesTimeoutPortV1StatusAndJsonUsage() throws Exception {
        try (TempHome home = new TempHome()) {
            assertEquals(2, Cli.run(home, "--timeout", "0.0001", "--dry-run").exit());
            Cli.Result port = Cli.run(home, "--gateway", "https://gw.example:70000", "--dry-run");
            assertEquals(2, port.exit(), port.toString());
            Cli.Result v1 = Cli.run(home, "--gateway", "https://gw.example/v1", "--dry-run", "--tools", "codex", "--user", "me@x");
            assertEquals(0, v1.exit(), v1.toString());
            assertTrue(v1.err().contains("ends in /v1"), v1.err());
            assertTrue(v1.out().contains("https://gw.example/v1\"") && !v1.out().contains("/v1/v1"), v1.out());
            home.write(".anyray/state.json", "{ damaged");
            Cli.Result status = Cli.run(home, "--status", "--json");
            assertEquals(0, status.exit(), status.toString());
            JsonNode doc = JsonOut.one(status.out());
            assertTrue(doc.get("recordError").asText().contains("damaged"), status.out());
            Cli.Result usage = Cli.run(home, "--json", "--frobnicate");
            assertEquals(2, usage.exit());
            assertEquals(2, JsonOut.one(usage.out()).get("exitCode").asInt(), usage.out());
        }
    }
}
