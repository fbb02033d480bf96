package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaudeCodeTest {
    static final String SETTINGS = ".claude/settings.json";
    static final String ORIGINAL = "{\n  \"model\": \"opus\",\n  \"permissions\": {\n    \"allow\": [\"Bash(ls)\"]\n  },\n  \"env\": {\n    \"DISABLE_TELEMETRY\": \"1\",\n"
            + "    \"ANTHROPIC_BASE_URL\": \"https://api.anthropic.com\"\n  },\n  \"zLast\": true\n}\n";

    static JsonNode json(TempHome home, String file) throws Exception {
        return new ObjectMapper().readTree(home.read(file));
    }

    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void dryRunWritesNothingAnywhere() {
        try (TempHome home = new TempHome()) {
            home.write(SETTINGS, ORIGINAL);
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, "--dry-run", "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("Dry run: nothing was written"), r.out());
            assertTrue(r.out().contains("Applying would also update ~/.anyray/state.json"), r.out());
            assertTrue(r.out().contains("+    \"ANTHROPIC_AUTH_TOKEN\": \"sk-anyray-placeholder\","), r.out());
            assertEquals(before, home.snapshot());
        }
    }

    @Test
    void applyWritesTheContractKeysAndKeepsOrderAndUnknownKeys() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(SETTINGS, ORIGINAL);
            Cli.Result r = Cli.run(home, "--yes", "--tools", "claude-code", "--gateway", "https://gw.example/", "--user", "me@example.com", "--team", "core");
            assertEquals(0, r.exit(), r.toString());
            JsonNode root = json(home, SETTINGS);
            assertEquals(List.of("model", "permissions", "env", "zLast"), keys(root));
            assertEquals(List.of("DISABLE_TELEMETRY", "ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_CUSTOM_HEADERS",
                    "CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY"), keys(root.get("env")));
            assertEquals("1", root.at("/env/CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY").asText());
            assertEquals("https://gw.example", root.at("/env/ANTHROPIC_BASE_URL").asText());
            assertEquals("sk-anyray-placeholder", root.at("/env/ANTHROPIC_AUTH_TOKEN").asText());
            assertEquals("x-anyray-metadata: {\"user\":\"me@example.com\",\"team\":\"core\"}", root.at("/env/ANTHROPIC_CUSTOM_HEADERS").asText());
            assertEquals("Bash(ls)", root.at("/permissions/allow/0").asText());
            assertTrue(home.read(SETTINGS).startsWith("{\n  \"model\": \"opus\",\n  \"permissions\": {\n    \"allow\": [\"Bash(ls)\"]\n  },"), "untouched bytes stay");
        }
    }

    @Test
    void aSecondRunChangesNoByteAndSaysUpToDate() {
        try (TempHome home = new TempHome()) {
            home.write(SETTINGS, ORIGINAL);
            Cli.ok(Cli.run(home, "--yes", "--tools", "claude-code", "--user", "me@example.com"));
            var after = home.snapshot();
            Cli.Result again = Cli.run(home, "--yes", "--tools", "claude-code", "--user", "me@example.com");
            assertEquals(0, again.exit(), again.toString());
            assertTrue(again.out().contains("Claude Code: already up to date"), again.out());
            assertEquals(after, home.snapshot());
        }
    }

    @Test
    void revertRestoresTheFileByteForByteIncludingTheEarlierBaseUrl() {
        try (TempHome home = new TempHome()) {
            home.write(SETTINGS, ORIGINAL);
            var before = home.snapshot();
            Cli.ok(Cli.run(home, "--yes", "--tools", "claude-code", "--user", "me@example.com", "--gateway", "https://gw.example"));
            assertTrue(home.read(SETTINGS).contains("https://gw.example"));
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertEquals(ORIGINAL, home.read(SETTINGS));
            assertEquals(before, home.snapshot(), "no record, lock or folder left behind");
            Cli.Result second = Cli.run(home, "--revert", "--yes");
            assertEquals(0, second.exit());
            assertTrue(second.out().contains("Nothing to revert"), second.out());
        }
    }

    @Test
    void aFileConnectCreatedIsGoneAfterRevertWithItsFolder() {
        try (TempHome home = new TempHome()) {
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, "--yes", "--tools", "claude-code", "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(home.exists(SETTINGS));
            Cli.ok(Cli.run(home, "--revert", "--yes"));
            assertEquals(before, home.snapshot());
        }
    }

    @Test
    void revertKeepsWhatTheUserOrClaudeCodeChangedSince() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(SETTINGS, ORIGINAL);
            Cli.ok(Cli.run(home, "--yes", "--tools", "claude-code", "--user", "me@example.com", "--gateway", "https://gw.example"));
            // Claude Code rewrites the file in its own layout and the user points the token elsewhere.
            ObjectMapper mapper = new ObjectMapper();
            var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(home.read(SETTINGS));
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("env")).put("ANTHROPIC_AUTH_TOKEN", "my-own-token");
            root.put("theme", "dark");
            home.write(SETTINGS, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            JsonNode after = json(home, SETTINGS);
            assertEquals("my-own-token", after.at("/env/ANTHROPIC_AUTH_TOKEN").asText(), "the user's edit stays");
            assertEquals("dark", after.get("theme").asText());
            assertEquals("https://api.anthropic.com", after.at("/env/ANTHROPIC_BASE_URL").asText(), "our change is undone");
            assertTrue(after.at("/env/ANTHROPIC_CUSTOM_HEADERS").isMissingNode());
            assertTrue(revert.out().contains("kept env.ANTHROPIC_AUTH_TOKEN"), revert.out());
        }
    }

    @Test
    void withoutATerminalAndWithoutYesNothingChangesAndTheExitIsOne() {
        try (TempHome home = new TempHome()) {
            home.write(SETTINGS, ORIGINAL);
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, "--tools", "claude-code", "--user", "me@example.com");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("--yes"), r.err());
            assertEquals(before, home.snapshot());
        }
    }

    @Test
    void malformedSettingsAreLeftUntouchedAndNamed() {
        try (TempHome home = new TempHome()) {
            home.write(SETTINGS, "{\n  \"model\": \"opus\",\n}\n");
            home.write(".codex/.keep", "");
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, "--yes", "--user", "me@example.com");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("~/.claude/settings.json is not valid JSON (line 3"), r.err());
            assertEquals(before, home.snapshot(), "no tool is half-configured");
        }
    }

    @Test
    void aSymlinkedSettingsFileIsWrittenThroughAndStaysALink() throws Exception {
        try (TempHome home = new TempHome()) {
            Path target = home.write("dotfiles/claude-settings.json", ORIGINAL);
            home.mkdir(".claude");
            Files.createSymbolicLink(home.path(SETTINGS), Path.of("../dotfiles/claude-settings.json"));
            Cli.Result r = Cli.run(home, "--yes", "--tools", "claude-code", "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(Files.isSymbolicLink(home.path(SETTINGS)));
            assertTrue(Files.readString(target).contains("ANTHROPIC_CUSTOM_HEADERS"));
            Cli.ok(Cli.run(home, "--revert", "--yes"));
            assertTrue(Files.isSymbolicLink(home.path(SETTINGS)));
            assertArrayEquals(ORIGINAL.getBytes(), Files.readAllBytes(target));
        }
    }

    @Test
    void claudeConfigDirIsHonoured() {
        try (TempHome home = new TempHome()) {
            Cli.Result r = Cli.run(home, Map.of("CLAUDE_CONFIG_DIR", home.path("alt-claude").toString()), "--yes", "--tools", "claude-code", "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(home.read("alt-claude/settings.json").contains("ANTHROPIC_BASE_URL"));
            assertFalse(home.exists(SETTINGS));
        }
    }
}
