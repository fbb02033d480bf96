package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

class SubscriptionTest {
    static final String KEY = "ark_subscriptionKey0123456789";

    @Test
    void subscriptionModeKeepsTheSeatSignInForClaudeCodeCodexAndTheShell() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(".bashrc", "");
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", KEY), "--subscription", "--tools", "claude-code,codex,shell-env", "--yes", "--user", "me@x");
            assertEquals(0, r.exit(), r.toString());
            JsonNode claude = ClaudeCodeTest.json(home, ".claude/settings.json");
            assertTrue(claude.at("/env/ANTHROPIC_AUTH_TOKEN").isMissingNode());
            assertEquals("x-anyray-metadata: {\"user\":\"me@x\"}\nx-anyray-auth-mode: passthrough\nx-anyray-api-key: " + KEY,
                    claude.at("/env/ANTHROPIC_CUSTOM_HEADERS").asText());
            TomlParseResult codex = Toml.parse(home.read(".codex/anyray.config.toml"), org.tomlj.TomlVersion.V1_0_0);
            assertEquals(Boolean.TRUE, codex.getBoolean(List.of("model_providers", "anyray", "requires_openai_auth")));
            assertFalse(codex.contains(List.of("model_providers", "anyray", "experimental_bearer_token")));
            assertEquals("passthrough", codex.getString(List.of("model_providers", "anyray", "http_headers", "x-anyray-auth-mode")));
            assertEquals("https://chatgpt.com/backend-api/codex", codex.getString(List.of("model_providers", "anyray", "http_headers", "x-anyray-custom-host")));
            assertEquals(KEY, codex.getString(List.of("model_providers", "anyray", "http_headers", "x-anyray-api-key")));
            assertEquals("rw-------", home.mode(".codex/anyray.config.toml"));
            assertTrue(ShellEnvTest.sourced(home, ".bashrc").endsWith(KEY + "\n<unset>\n"), "no Anthropic key in the shell");
        }
    }

    @Test
    void switchingModesLeavesNoStaleSettingOfTheOtherMode() throws Exception {
        try (TempHome home = new TempHome()) {
            Cli.ok(Cli.run(home, "--tools", "claude-code,codex", "--yes", "--user", "me@x"));
            Cli.Result sub = Cli.run(home, "--subscription", "--tools", "claude-code,codex", "--yes", "--user", "me@x");
            assertEquals(0, sub.exit(), sub.toString());
            assertTrue(ClaudeCodeTest.json(home, ".claude/settings.json").at("/env/ANTHROPIC_AUTH_TOKEN").isMissingNode());
            TomlParseResult codex = Toml.parse(home.read(".codex/anyray.config.toml"));
            assertFalse(codex.contains(List.of("model_providers", "anyray", "experimental_bearer_token")));
            assertEquals("https://chatgpt.com/backend-api/codex", codex.getString(List.of("model_providers", "anyray", "http_headers", "x-anyray-custom-host")));

            Cli.Result back = Cli.run(home, "--tools", "claude-code,codex", "--yes", "--user", "me@x");
            assertEquals(0, back.exit(), back.toString());
            JsonNode claude = ClaudeCodeTest.json(home, ".claude/settings.json");
            assertEquals("sk-anyray-placeholder", claude.at("/env/ANTHROPIC_AUTH_TOKEN").asText());
            assertFalse(claude.at("/env/ANTHROPIC_CUSTOM_HEADERS").asText().contains("passthrough"));
            codex = Toml.parse(home.read(".codex/anyray.config.toml"));
            assertFalse(codex.contains(List.of("model_providers", "anyray", "requires_openai_auth")));
            assertFalse(codex.contains(List.of("model_providers", "anyray", "http_headers", "x-anyray-custom-host")));

            var before = home.snapshot();
            Cli.ok(Cli.run(home, "--revert", "--yes"));
            assertFalse(home.exists(".claude/settings.json"));
            assertFalse(home.exists(".codex/anyray.config.toml"));
            assertTrue(before.size() > home.snapshot().size());
        }
    }

    @Test
    void subscriptionWithAUsersOwnTokenWarnsInsteadOfDeletingIt() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(".claude/settings.json", "{\"env\": {\"ANTHROPIC_AUTH_TOKEN\": \"mine\"}}");
            Cli.Result r = Cli.run(home, "--subscription", "--tools", "claude-code", "--yes", "--user", "me@x");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("overrides your Claude subscription sign-in"), r.out());
            assertEquals("mine", ClaudeCodeTest.json(home, ".claude/settings.json").at("/env/ANTHROPIC_AUTH_TOKEN").asText());
        }
    }
}
