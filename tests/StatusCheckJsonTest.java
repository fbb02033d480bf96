package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.JsonOut;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusCheckJsonTest {

    static JsonNode json(Cli.Result r) throws Exception {
        return JsonOut.one(r.out());
    }

    @Test
    void statusReportsConnectionMaskedKeyAndDriftReadOnly() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("erin@example.com", null);
            Cli.ok(Cli.run(home, "--gateway", gw.url(), "--invite", invite, "--tools", "claude-code,codex", "--yes"));
            String key = gw.keyOf(invite);
            var before = home.snapshot();
            Cli.Result status = Cli.run(home, "--status");
            assertEquals(0, status.exit(), status.toString());
            assertTrue(status.out().contains("Claude Code: connected"), status.out());
            assertTrue(status.out().contains("gateway:   " + gw.url()), status.out());
            assertTrue(status.out().contains("ark_…" + key.substring(key.length() - 4)), status.out());
            assertFalse(status.all().contains(key));
            assertEquals(before, home.snapshot(), "status is read-only");

            home.write(".claude/settings.json", home.read(".claude/settings.json").replace(gw.url() + "\"", "https://elsewhere.example\""));
            Cli.Result drift = Cli.run(home, "--status", "--json");
            JsonNode claude = json(drift).get("tools").get(0);
            assertEquals("claude-code", claude.get("id").asText());
            assertTrue(claude.get("drift").get(0).asText().contains("ANTHROPIC_BASE_URL"), drift.out());
            assertFalse(drift.out().contains(key));
        }
    }

    @Test
    void checkProbesTheGatewayWithTheConfiguredKey() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("frank@example.com", null);
            Cli.ok(Cli.run(home, "--gateway", gw.url(), "--invite", invite, "--tools", "claude-code", "--yes"));
            Cli.Result ok = Cli.run(home, "--check");
            assertEquals(0, ok.exit(), ok.toString());
            assertTrue(ok.out().contains("accepted"), ok.out());
            assertEquals("Bearer " + gw.keyOf(invite), gw.requests.get(gw.requests.size() - 1).header("authorization"));
            Cli.Result rejected = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_notAValidKey12345"), "--check");
            assertEquals(1, rejected.exit(), rejected.toString());
            assertTrue(rejected.out().contains("rejected (GET /v1/models answered HTTP 401: invalid key)"), rejected.out());
            Cli.Result down = Cli.run(home, "--check", "--gateway", "http://127.0.0.1:9");
            assertEquals(1, down.exit());
            assertTrue(down.out().contains("cannot reach the gateway at http://127.0.0.1:9 to list its models: the connection was refused"), down.out());
        }
    }

    @Test
    void jsonIsOneDocumentOnStdoutForEveryActionAndNeverHoldsTheKey() throws Exception {
        try (TempHome home = new TempHome()) {
            String key = "ark_jsonModeKey0123456789";
            Map<String, String> env = Map.of("ANYRAY_CLIENT_KEY", key);
            Cli.Result dry = Cli.process(home, env, null, "--json", "--dry-run", "--tools", "claude-code", "--user", "me@x");
            assertEquals(0, dry.exit(), dry.toString());
            JsonNode doc = json(dry);
            assertEquals("dry-run", doc.get("action").asText());
            assertEquals("changes", doc.get("tools").get(0).get("status").asText());
            assertTrue(dry.err().contains("Dry run"), "human text goes to stderr");
            Cli.Result apply = Cli.run(home, env, "--json", "--yes", "--tools", "claude-code", "--user", "me@x");
            JsonNode applied = json(apply);
            assertEquals("apply", applied.get("action").asText());
            assertTrue(applied.get("ok").asBoolean());
            assertEquals("ark_…6789", applied.get("key").asText());
            Cli.Result revert = Cli.run(home, "--json", "--revert", "--yes");
            assertEquals("revert", json(revert).get("action").asText());
            Cli.Result usage = Cli.process(home, Map.of(), null, "--json", "--tools", "nope");
            assertEquals(2, usage.exit());
            assertEquals(2, json(usage).get("exitCode").asInt());
            for (Cli.Result r : new Cli.Result[] {dry, apply, revert}) assertFalse(r.all().contains(key), r.toString());
        }
    }

    @Test
    void colourOnlyAtATerminalAndNeverWithNoColorOrADumbTerminal() {
        try (TempHome home = new TempHome()) {
            String[] dry = {"--dry-run", "--tools", "claude-code", "--user", "me@x"};
            java.util.function.Function<Map<String, String>, Cli.Result> atTerminal = env -> Cli.atTerminal(home, env, new java.io.ByteArrayInputStream(new byte[0]), dry);
            Cli.Result coloured = atTerminal.apply(Map.of());
            assertEquals(0, coloured.exit(), coloured.toString());
            assertTrue(coloured.out().contains("\u001b["), "a terminal gets colour: " + coloured.out());
            for (Map<String, String> off : List.of(Map.of("NO_COLOR", "1"), Map.of("TERM", "dumb"))) {
                Cli.Result plain = atTerminal.apply(off);
                assertEquals(0, plain.exit(), plain.toString());
                assertFalse(plain.all().contains("\u001b["), off + ": " + plain.all());
            }
            Cli.Result piped = Cli.run(home, dry);
            assertFalse(piped.all().contains("\u001b["), "no terminal, no colour: " + piped.all());
            Cli.Result json = Cli.atTerminal(home, Map.of(), new java.io.ByteArrayInputStream(new byte[0]), "--dry-run", "--json", "--tools", "claude-code", "--user", "me@x");
            assertFalse(json.all().contains("\u001b["), "--json: no colour anywhere: " + json.all());
        }
    }

    @Test
    void atATerminalWithStderrInAFileTheFileGetsNoColour() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Cli.onPath("script") != null, "script (util-linux) is not installed");
        try (TempHome home = new TempHome()) {
            List<String> command = new java.util.ArrayList<>(Cli.javaCommand());
            command.addAll(List.of("--dry-run", "--tools", "claude-code", "--user", "me@x", "--gateway", "http://127.0.0.1:9"));
            String line = String.join(" ", command.stream().map(KeychainTest::q).toList()) + " 2> " + KeychainTest.q(home.path("err.txt").toString());
            ProcessBuilder builder = new ProcessBuilder("script", "-qfec", line, home.path("typescript").toString()).directory(home.root().toFile());
            builder.environment().clear();
            builder.environment().putAll(Cli.environment(home, Map.of("TERM", "xterm", "ANYRAY_CLIENT_KEY", "ark_colourTest0123456789")));
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
            Process process = builder.start();
            process.getOutputStream().close();
            assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
            String err = home.read("err.txt");
            assertTrue(err.contains("warning: the key could not be checked"), "the warning went to the file: " + err);
            assertFalse(err.contains("\u001b["), "colour codes in a file: " + err);
            assertTrue(home.read("typescript").contains("\u001b["), "the terminal still gets colour: " + home.read("typescript"));
        }
    }

    @Test
    void shellCompletionIsGenerated() {
        try (TempHome home = new TempHome()) {
            Cli.Result completion = Cli.run(home, "generate-completion");
            assertEquals(0, completion.exit());
            assertTrue(completion.out().contains("--subscription") && completion.out().contains("complete"), completion.out().substring(0, 200));
        }
    }

    @Test
    void jsonIsUtf8WithoutALocaleAsCronAndAnsibleRunIt() {
        try (TempHome home = new TempHome()) {
            java.util.Map<String, String> noLocale = new java.util.HashMap<>(Map.of("ANYRAY_CLIENT_KEY", "ark_localeFreeKey0123456789", "LC_ALL", "C"));
            noLocale.put("LANG", null);
            Cli.Result r = Cli.process(home, noLocale, null, "--dry-run", "--json", "--tools", "claude-code", "--user", "me@x");
            assertEquals(0, r.exit(), r.toString());
            JsonNode doc = JsonOut.one(r.out());
            assertTrue(doc.toString().contains("ark_\u2026"), "the masked key keeps its ellipsis: " + r.out());
            assertFalse(r.out().contains("ark_?"), r.out());
        }
    }
}
