package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anyray.connect.edit.JsonTree;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.JsonOut;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** opencode, Kilo, Qwen Code, Copilot CLI and Gemini CLI, as for the first five: detection, status, dry run, revert, idempotence, modes, hostile values. */
class NewToolsTest {
    static final String KEY = "ark_newToolsKey0123456789abc";

    /** A tool, the folder that makes it detected, and the file connect writes. */
    static Stream<Arguments> fileTools() {
        return Stream.of(
                Arguments.of("opencode", ".config/opencode", ".config/opencode/opencode.json"),
                Arguments.of("kilo", ".config/kilo", ".config/kilo/kilo.json"),
                Arguments.of("qwen-code", ".qwen", ".qwen/settings.json"),
                Arguments.of("copilot-cli", ".copilot", ".bashrc"),
                Arguments.of("cline", ".cline", ".cline/data/settings/providers.json"),
                Arguments.of("factory-droid", ".factory", ".factory/settings.json"),
                Arguments.of("continue", ".continue", ".continue/config.yaml"),
                Arguments.of("pi", ".pi/agent", ".pi/agent/models.json"),
                Arguments.of("kimi-code", ".kimi-code", ".kimi-code/config.toml"),
                Arguments.of("openclaw", ".openclaw", ".openclaw/openclaw.json"),
                Arguments.of("crush", ".config/crush", ".config/crush/crushrc"));
    }

    static Map<String, String> env(TestGateway gw) {
        gw.acceptKey(KEY);
        return Map.of("ANYRAY_CLIENT_KEY", KEY, "ANYRAY_GATEWAY_URL", gw.url());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileTools")
    void detectedConnectedIdempotentReportedAndRevertedExactly(String tool, String folder, String file) throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(".bashrc", "# rc\n");
            Cli.Result notYet = Cli.run(home, env(gw), "--dry-run", "--user", "me@x");
            assertTrue(notYet.out().lines().anyMatch(l -> l.startsWith("Not detected, so skipped") && l.contains("(" + tool + ")")), notYet.out());
            home.mkdir(folder);
            var before = home.snapshot();
            Cli.Result dry = Cli.run(home, env(gw), "--dry-run", "--user", "me@x");
            assertTrue(dry.out().contains("(" + tool + "): changed"), dry.out());
            assertEquals(before, home.snapshot(), "a dry run writes nothing");

            Cli.Result apply = Cli.run(home, env(gw), "--yes", "--tools", tool, "--user", "me@x", "--team", "core");
            assertEquals(0, apply.exit(), apply.toString());
            assertFalse(apply.all().contains(KEY));
            String written = home.read(file);
            assertTrue(written.contains(gw.url() + "/v1"), written);
            assertTrue(written.contains("{\\\"user\\\":\\\"me@x\\\",\\\"team\\\":\\\"core\\\"}") || written.contains("{\"user\":\"me@x\",\"team\":\"core\"}"), written);
            InviteAndKeysTest.assertNoGroupOrOtherCanRead(home, KEY);
            var connected = home.snapshot();
            Cli.Result again = Cli.run(home, env(gw), "--yes", "--tools", tool, "--user", "me@x", "--team", "core");
            assertTrue(again.out().contains(": already up to date"), again.out());
            assertEquals(connected, home.snapshot());

            Cli.Result status = Cli.run(home, env(gw), "--status", "--json", "--tools", tool);
            JsonNode report = JsonOut.one(status.out()).get("tools").get(0);
            assertTrue(report.get("connected").asBoolean(), status.out());
            assertEquals(gw.url() + "/v1", report.get("gateway").asText());
            assertFalse(status.out().contains(KEY));
            home.write(file, home.read(file).replace(gw.url() + "/v1", "https://elsewhere.example/v1"));
            JsonNode drift = JsonOut.one(Cli.run(home, env(gw), "--status", "--json", "--tools", tool).out()).get("tools").get(0);
            assertTrue(drift.get("drift").size() > 0, drift.toString());
            home.write(file, home.read(file).replace("https://elsewhere.example/v1", gw.url() + "/v1"));

            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            var after = home.snapshot();
            after.remove(folder + "/");
            before.remove(folder + "/");
            assertEquals(before, after);
        }
    }

    @Test
    void hostileValuesStayValidInEveryNewFormat() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(".bashrc", "# rc\n");
            String user = "o'neil\"\\ `touch pwned` $(touch pwned2), team";
            Cli.Result r = Cli.run(home, env(gw), "--yes", "--tools", "opencode,kilo,qwen-code,copilot-cli", "--user", user, "--team", "a,b\"c");
            assertEquals(0, r.exit(), r.toString());
            for (String file : List.of(".config/opencode/opencode.json", ".config/kilo/kilo.json", ".qwen/settings.json")) {
                JsonTree.Node root = JsonTree.parse(home.read(file), true);
                assertTrue(root.members.size() > 0);
            }
            String expected = "{\"user\":\"o'neil\\\"\\\\ `touch pwned` $(touch pwned2), team\",\"team\":\"a,b\\\"c\"}";
            assertEquals(expected, new ObjectMapper().readTree(home.read(".qwen/settings.json")).at("/model/generationConfig/customHeaders/x-anyray-metadata").asText());
            String headers = sourced(home, "COPILOT_PROVIDER_HEADERS");
            assertEquals("x-anyray-metadata: " + expected, headers.strip(), "one header, commas and all");
            assertFalse(home.exists("pwned") || home.exists("pwned2"));
        }
    }

    static String sourced(TempHome home, String variable) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", "source \"$HOME/.bashrc\" >/dev/null 2>&1; printf '%s' \"$" + variable + "\"")
                .directory(home.root().toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Cli.environment(home, Map.of()));
        Process bash = builder.start();
        bash.getOutputStream().close();
        bash.waitFor(20, TimeUnit.SECONDS);
        return new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theModelIsTheFlagElseTheToolsCurrentOneWhenListedElseTheGatewaysFirst() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(".qwen/settings.json", "{\n  // mine\n  \"model\": { \"name\": \"gpt-5\" }\n}\n");
            Cli.Result kept = Cli.run(home, env(gw), "--dry-run", "--tools", "qwen-code", "--user", "me@x");
            assertTrue(kept.out().contains("model: gpt-5"), kept.out());
            assertFalse(kept.out().contains("set model.name"), kept.out());
            home.write(".qwen/settings.json", "{\"model\": {\"name\": \"not-listed\"}}\n");
            Cli.Result first = Cli.run(home, env(gw), "--dry-run", "--tools", "qwen-code", "--user", "me@x");
            assertTrue(first.out().contains("set model.name = test-model"), first.out());
            Cli.Result flag = Cli.run(home, env(gw), "--dry-run", "--tools", "qwen-code,copilot-cli", "--user", "me@x", "--model", "my-model");
            assertTrue(flag.out().contains("set model.name = my-model") && flag.out().contains("COPILOT_MODEL='my-model'"), flag.out());
            assertEquals(2, Cli.run(home, env(gw), "--dry-run", "--model", "bad model").exit());
        }
    }

    @Test
    void anUnreachableGatewayStillConfiguresWhatCanRunAndSaysHowToPassAModel() {
        try (TempHome home = new TempHome()) {
            home.write(".bashrc", "# rc\n");
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", KEY), "--yes", "--tools", "qwen-code,copilot-cli", "--user", "me@x",
                    "--gateway", "http://127.0.0.1:9", "--timeout", "2");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("re-run with --model ID"), r.out());
            assertTrue(home.read(".qwen/settings.json").contains("\"baseUrl\": \"http://127.0.0.1:9/v1\""));
            assertFalse(home.read(".qwen/settings.json").contains("\"name\""));
            assertTrue(home.read(".qwen/settings.json").startsWith("{\n  \"$version\": 4,"), home.read(".qwen/settings.json"));
        }
    }

    @Test
    void subscriptionModeKeepsTheGatewayKeyForToolsWithoutASeatAndSaysSo() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            Cli.Result r = Cli.run(home, env(gw), "--yes", "--subscription", "--tools", "opencode,qwen-code", "--user", "me@x");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("keeps sending the gateway key in subscription mode"), r.out());
            assertTrue(home.read(".config/opencode/opencode.json").contains("\"apiKey\": \"" + KEY + "\""));
            assertFalse(home.read(".config/opencode/opencode.json").contains("passthrough"));
        }
    }

    @Test
    void clineIsNotWrittenWithoutAModelBecauseItWouldDiscardTheWholeFile() {
        try (TempHome home = new TempHome()) {
            String providers = "{\"version\": 1, \"lastUsedProvider\": \"anthropic\", \"providers\": {\"anthropic\": {\"settings\": {\"provider\": \"anthropic\"}}}}";
            home.write(".cline/data/settings/providers.json", providers);
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", KEY), "--yes", "--tools", "cline", "--user", "me@x", "--gateway", "http://127.0.0.1:9", "--timeout", "2");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("--model ID") && r.out().contains("nothing was written"), r.out());
            assertEquals(providers, home.read(".cline/data/settings/providers.json"));
            Cli.Result withModel = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", KEY), "--yes", "--tools", "cline", "--user", "me@x", "--gateway", "http://127.0.0.1:9", "--model", "m1");
            assertEquals(0, withModel.exit(), withModel.toString());
            assertTrue(home.read(".cline/data/settings/providers.json").contains("\"anthropic\": {\"settings\""), "the user's other providers stay");
            assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
            assertEquals(providers, home.read(".cline/data/settings/providers.json"));
        }
    }

    @Test
    void zedVsCodeAndGooseGetExactStepsAndNothingIsWritten() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.mkdir(".config/zed");
            home.mkdir(".config/Code");
            home.mkdir(".config/goose");
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, env(gw), "--yes", "--tools", "zed,vscode,goose", "--user", "me@x");
            assertEquals(0, r.exit(), r.toString());
            var after = home.snapshot();
            after.keySet().removeIf(k -> k.startsWith(".anyray"));
            assertEquals(before, after, "nothing but the stored key");
            assertTrue(r.out().contains("\"api_url\": \"" + gw.url() + "/v1\"") && r.out().contains("custom_headers"), r.out());
            assertTrue(r.out().contains(gw.url() + "/v1/chat/completions") && r.out().contains("Bearer ${apiKey}"), r.out());
            assertTrue(r.out().contains("GOOSE_PROVIDER: custom_anyray") && r.out().contains("GOOSE_MODEL: test-model"), r.out());
            assertTrue(r.out().contains("keychain") && r.out().contains("secret storage"), r.out());
            assertFalse(r.all().contains(KEY));
            assertTrue(r.out().contains("Zed: manual steps"), r.out());
        }
    }

    @Test
    void continuesYamlKeepsCommentsAndOrderAndOurEntryGoesFirst() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String original = "# my continue config\nname: Mine\nversion: 1.0.0\nschema: v1\nmodels:\n  # my own model\n  - name: Local\n"
                    + "    provider: ollama   # runs here\n    model: llama3\ncontext:\n  - provider: code\n";
            home.write(".continue/config.yaml", original);
            Cli.Result r = Cli.run(home, env(gw), "--yes", "--tools", "continue", "--user", "o'neil: \"x\" # not a comment", "--team", "- [a]");
            assertEquals(0, r.exit(), r.toString());
            String edited = home.read(".continue/config.yaml");
            assertTrue(edited.startsWith("# my continue config\nname: Mine\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: 'Anyray gateway'\n"), edited);
            assertTrue(edited.contains("  # my own model\n  - name: Local\n    provider: ollama   # runs here\n"), edited);
            Object parsed = new org.yaml.snakeyaml.Yaml().load(edited);
            var models = (List<?>) ((Map<?, ?>) parsed).get("models");
            var ours = (Map<?, ?>) models.get(0);
            assertEquals(gw.url() + "/v1", ours.get("apiBase"));
            assertEquals("{\"user\":\"o'neil: \\\"x\\\" # not a comment\",\"team\":\"- [a]\"}",
                    ((Map<?, ?>) ((Map<?, ?>) ours.get("requestOptions")).get("headers")).get("x-anyray-metadata"));
            assertEquals(2, models.size());
            assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
            assertEquals(original, home.read(".continue/config.yaml"));
        }
    }

    @Test
    void geminiCliIsDetectedExplainedAndNeverWritten() throws Exception {
        try (TempHome home = new TempHome()) {
            home.mkdir(".gemini");
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, "--yes", "--tools", "gemini-cli", "--user", "me@x");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("Gemini API") && r.out().contains("commas"), r.out());
            assertTrue(r.out().contains("Gemini CLI: not configured"), r.out());
            assertEquals(before, home.snapshot());
            Cli.Result dry = Cli.run(home, "--dry-run", "--user", "me@x");
            assertTrue(dry.out().contains("Gemini CLI (gemini-cli): not configured"), dry.out());
        }
    }

    @Test
    void anExistingJsoncFileIsEditedInPlaceWithItsCommentsAndTrailingCommas() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String original = "// my opencode config\n{\n  \"$schema\": \"https://opencode.ai/config.json\",\n  \"provider\": {\n"
                    + "    // my own provider\n    \"mine\": { \"options\": { \"baseURL\": \"http://mine\" } },\n  },\n}\n";
            home.write(".config/opencode/opencode.jsonc", original);
            home.write(".config/opencode/opencode.json", "{}");
            assertEquals(0, Cli.run(home, env(gw), "--yes", "--tools", "opencode", "--user", "me@x").exit());
            String edited = home.read(".config/opencode/opencode.jsonc");
            assertTrue(edited.contains("// my own provider") && edited.contains("\"mine\"") && edited.contains(gw.url() + "/v1"), edited);
            assertEquals("{}", home.read(".config/opencode/opencode.json"), "the .jsonc file wins, as opencode reads it first");
            assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
            assertEquals(original, home.read(".config/opencode/opencode.jsonc"));
        }
    }

    @Test
    void crushsCrushrcIsBashThatNeverInlinesTheKeyAndKeepsTheUsersOwnLargeModel() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(".config/crush/crushrc", "# mine\noption disable_metrics true\nmodel large mine/big-model\n");
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, env(gw), "--yes", "--tools", "crush", "--user", "me@x", "--team", "it's");
            assertEquals(0, r.exit(), r.toString());
            String rc = home.read(".config/crush/crushrc");
            assertTrue(rc.startsWith("# mine\noption disable_metrics true\nmodel large mine/big-model\n"), rc);
            assertTrue(rc.contains("provider add anyray --type openai-compat --base-url '" + gw.url() + "/v1' --api-key \"$(cat '" + home.path(".anyray/client-key") + "')\""), rc);
            assertTrue(rc.contains("model add anyray/test-model") && !rc.contains("model large anyray/"), "the user's large model stays: " + rc);
            assertFalse(rc.contains(KEY), "the key is inlined");
            // bash reads it as Crush's interpreter would: one provider command whose arguments are exactly these.
            Process bash = new ProcessBuilder("bash", "-c", "provider() { printf '%s\\n' \"$@\"; }; model() { :; }; option() { :; }; source \"$1\"", "bash", home.path(".config/crush/crushrc").toString())
                    .redirectErrorStream(true).start();
            String args = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(bash.waitFor(30, TimeUnit.SECONDS) && bash.exitValue() == 0, args);
            assertEquals(List.of("add", "anyray", "--type", "openai-compat", "--base-url", gw.url() + "/v1", "--api-key", KEY,
                    "--extra-header", "x-anyray-metadata", "{\"user\":\"me@x\",\"team\":\"it's\"}"), args.lines().toList());
            assertEquals(0, Cli.run(home, "--revert", "--yes", "--tools", "crush").exit());
            assertEquals(before.get(".config/crush/crushrc"), home.snapshot().get(".config/crush/crushrc"));
        }
    }

    @Test
    void mistralVibesConfigIsTomlWithTheGatewayProviderBesideTheUsersOwnAndTheKeyOnlyInItsEnvFile() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String mine = "# mine\nactive_model = \"devstral\"\nenable_auto_update = false\n\n[[providers]]\nname = \"mistral\" # keep\napi_base = \"https://api.mistral.ai/v1\"\n"
                    + "\n[[models]]\nname = \"devstral-2\"\nprovider = \"mistral\"\nalias = \"devstral\"\n";
            home.write(".vibe/config.toml", mine);
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, env(gw), "--yes", "--tools", "mistral-vibe", "--user", "me@x", "--team", "it's");
            assertEquals(0, r.exit(), r.toString());
            String written = home.read(".vibe/config.toml");
            // Each new table goes after the user's tables of its array (tomlj groups them); the user's lines stay as they were.
            assertTrue(written.startsWith("# mine\nactive_model = \"devstral\"\nenable_auto_update = false\n\n[[providers]]\nname = \"mistral\" # keep\n"
                    + "api_base = \"https://api.mistral.ai/v1\"\n\n[[providers]]\nname = \"anyray\"\n"), written);
            assertTrue(written.contains("\n[[models]]\nname = \"devstral-2\"\nprovider = \"mistral\"\nalias = \"devstral\"\n"), written);
            assertFalse(written.contains(KEY), "the key is in config.toml");
            // Read back by a TOML parser as Vibe's would: the user's provider first, then the gateway's; the user's active model stays.
            org.tomlj.TomlParseResult toml = org.tomlj.Toml.parse(written, org.tomlj.TomlVersion.V1_0_0);
            assertEquals(List.of(), toml.errors());
            assertEquals("devstral", toml.getString("active_model"));
            org.tomlj.TomlArray providers = toml.getArray("providers");
            assertEquals(2, providers.size());
            org.tomlj.TomlTable ours = providers.getTable(1);
            assertEquals("anyray", ours.getString("name"));
            assertEquals(gw.url() + "/v1", ours.getString("api_base"));
            assertEquals("openai", ours.getString("api_style"));
            assertEquals("ANYRAY_API_KEY", ours.getString("api_key_env_var"));
            assertEquals("{\"user\":\"me@x\",\"team\":\"it's\"}", ours.getTable("extra_headers").getString("x-anyray-metadata"));
            org.tomlj.TomlTable model = toml.getArray("models").getTable(1);
            assertEquals(List.of("test-model", "anyray", "anyray"), List.of(model.getString("name"), model.getString("provider"), model.getString("alias")));
            assertTrue(r.out().contains("your active model devstral stays"), r.out());
            assertTrue(home.read(".vibe/.env").contains("ANYRAY_API_KEY=" + KEY));
            assertEquals("rw-------", home.mode(".vibe/.env"));
            assertEquals(0, Cli.run(home, env(gw), "--yes", "--tools", "mistral-vibe", "--user", "me@x", "--team", "it's").exit());
            assertEquals(written, home.read(".vibe/config.toml"), "a second run changes nothing");
            assertEquals(0, Cli.run(home, "--revert", "--yes", "--tools", "mistral-vibe").exit());
            assertEquals(before, home.snapshot(), "revert gives the file back as it was, and the .env connect created goes");
        }
    }

    @Test
    void mistralVibeInAFreshHomeUsesTheGatewayModelAsItsActiveModel() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.mkdir(".vibe");
            Cli.Result r = Cli.run(home, env(gw), "--yes", "--tools", "mistral-vibe", "--user", "me@x");
            assertEquals(0, r.exit(), r.toString());
            org.tomlj.TomlParseResult toml = org.tomlj.Toml.parse(home.read(".vibe/config.toml"), org.tomlj.TomlVersion.V1_0_0);
            assertEquals(List.of(), toml.errors());
            assertEquals("anyray", toml.getString("active_model"));
            assertEquals("anyray", toml.getArray("providers").getTable(0).getString("name"));
            assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
            assertFalse(home.exists(".vibe/config.toml") || home.exists(".vibe/.env"), "the files connect created are gone");
        }
    }

    @Test
    void aidersConfigAndModelSettingsAreYamlWithTheGatewayTheKeyOwnerOnlyAndTheHeaderOnEveryCall() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(".aider.conf.yml", "# mine\ndark-mode: true\n");
            String settings = "# my model settings\n- name: openai/gpt-4o\n  edit_format: diff\n";
            home.write(".aider.model.settings.yml", settings);
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, env(gw), "--yes", "--tools", "aider", "--user", "o'neil", "--team", "it's: #1");
            assertEquals(0, r.exit(), r.toString());
            org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml();
            Map<?, ?> conf = yaml.load(home.read(".aider.conf.yml"));
            assertEquals(Map.of("dark-mode", true, "openai-api-base", gw.url() + "/v1", "openai-api-key", KEY, "model", "openai/test-model"), conf);
            assertTrue(home.read(".aider.conf.yml").startsWith("# mine\ndark-mode: true\n"));
            assertEquals("rw-------", home.mode(".aider.conf.yml"));
            List<?> models = yaml.load(home.read(".aider.model.settings.yml"));
            assertEquals(2, models.size(), "the user's entry stays, ours is added: " + models);
            assertEquals(Map.of("name", "aider/extra_params", "extra_params", Map.of("extra_headers", Map.of("x-anyray-metadata", "{\"user\":\"o'neil\",\"team\":\"it's: #1\"}"))),
                    models.get(1));
            assertTrue(home.read(".aider.model.settings.yml").startsWith(settings));
            assertFalse(home.read(".aider.model.settings.yml").contains(KEY));
            assertEquals(0, Cli.run(home, "--revert", "--yes", "--tools", "aider").exit());
            assertEquals(before, home.snapshot(), "revert gives both files back as they were");
        }
    }

    @Test
    void aiderModelSettingsThatAreNotAListOrHaveTheirOwnExtraParamsAreLeftUntouched() throws Exception {
        for (String theirs : List.of("openai/gpt-4o:\n  edit_format: diff\n", "- name: aider/extra_params\n  extra_params:\n    max_tokens: 10\n")) {
            try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
                home.write(".aider.model.settings.yml", theirs);
                var before = home.snapshot();
                Cli.Result r = Cli.run(home, env(gw), "--yes", "--tools", "aider", "--user", "me@x");
                assertEquals(1, r.exit(), r.toString());
                assertTrue(r.err().contains("~/.aider.model.settings.yml") && r.err().contains("Nothing was changed"), r.err());
                assertEquals(before, home.snapshot());
            }
        }
    }
}
