package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

class CodexTest {
    static final String PROFILE = ".codex/anyray.config.toml";
    static final String CONFIG = "# my codex config\nmodel = \"gpt-5\"\n\n[tui]\nnotifications = true\n";

    /** Parsed strictly as TOML 1.0, which every Codex version reads. */
    static TomlParseResult toml(TempHome home) {
        TomlParseResult doc = Toml.parse(home.read(PROFILE), org.tomlj.TomlVersion.V1_0_0);
        assertFalse(doc.hasErrors(), doc.errors().toString());
        return doc;
    }

    @Test
    void applyWritesTheProfileLayerAndNeverTouchesConfigToml() {
        try (TempHome home = new TempHome()) {
            home.write(".codex/config.toml", CONFIG);
            Cli.Result r = Cli.run(home, "--yes", "--tools", "codex", "--gateway", "https://gw.example/pre", "--user", "me@example.com", "--team", "machine-learning-platform");
            assertEquals(0, r.exit(), r.toString());
            TomlParseResult doc = toml(home);
            assertEquals("anyray", doc.getString("model_provider"));
            assertEquals("https://gw.example/pre/v1", doc.getString(List.of("model_providers", "anyray", "base_url")));
            assertEquals("responses", doc.getString(List.of("model_providers", "anyray", "wire_api")));
            assertEquals("sk-anyray-placeholder", doc.getString(List.of("model_providers", "anyray", "experimental_bearer_token")));
            assertEquals("{\"user\":\"me@example.com\",\"team\":\"machine-learning-platform\"}", doc.getString(List.of("model_providers", "anyray", "http_headers", "x-anyray-metadata")));
            assertTrue(doc.contains(List.of("model_providers", "anyray", "name")));
            assertEquals(CONFIG, home.read(".codex/config.toml"));
            assertTrue(home.read(PROFILE).lines().anyMatch(l -> l.startsWith("http_headers = { ") && l.endsWith(" }")),
                    "inline tables stay on one line (TOML 1.0): " + home.read(PROFILE));
            assertTrue(r.out().contains("codex --profile anyray"), r.out());
        }
    }

    /**
     * Codex copies its environment into ~/.codex/shell_snapshots/ (mode 644) while a session runs: with a
     * personal key (which the shell block exports) the profile turns that off; with the placeholder, which
     * is no secret, Codex is left as it is. Revert takes the setting back with the rest.
     */
    @Test
    void withAPersonalKeyTheProfileTurnsOffCodexsShellSnapshots() {
        try (TempHome home = new TempHome(); dev.anyray.connect.tests.support.TestGateway gw = new dev.anyray.connect.tests.support.TestGateway()) {
            home.mkdir(".codex");
            var before = home.snapshot();
            Cli.ok(Cli.run(home, "--yes", "--tools", "codex", "--user", "me@example.com", "--gateway", gw.url()));
            assertFalse(toml(home).contains(List.of("features", "shell_snapshot")), home.read(PROFILE));
            gw.acceptKey("ark_codexSnapshotKey0123456789ab");
            Cli.Result personal = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_codexSnapshotKey0123456789ab"), "--yes", "--tools", "codex", "--key-store", "file");
            assertEquals(0, personal.exit(), personal.toString());
            assertEquals(Boolean.FALSE, toml(home).getBoolean(List.of("features", "shell_snapshot")), home.read(PROFILE));
            assertTrue(personal.out().contains("add features.shell_snapshot = false"), personal.out());
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertEquals(before, home.snapshot(), "revert gives HOME back exactly");
        }
    }

    @Test
    void idempotentAndRevertRemovesTheFileItCreated() {
        try (TempHome home = new TempHome()) {
            home.write(".codex/config.toml", CONFIG);
            var before = home.snapshot();
            Cli.ok(Cli.run(home, "--yes", "--tools", "codex", "--user", "me@example.com"));
            var after = home.snapshot();
            Cli.Result again = Cli.run(home, "--yes", "--tools", "codex", "--user", "me@example.com");
            assertTrue(again.out().contains("Codex CLI: already up to date"), again.out());
            assertEquals(after, home.snapshot());
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertEquals(before, home.snapshot());
        }
    }

    @Test
    void revertKeepsWhatCodexWroteIntoTheProfileItself() {
        try (TempHome home = new TempHome()) {
            home.mkdir(".codex");
            Cli.ok(Cli.run(home, "--yes", "--tools", "codex", "--user", "me@example.com"));
            // Codex's model picker writes into the active profile file.
            home.write(PROFILE, "model = \"gpt-5-codex\"  # picked in /model\n" + home.read(PROFILE));
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertEquals("model = \"gpt-5-codex\"  # picked in /model\n", home.read(PROFILE));
        }
    }

    @Test
    void hostileValuesStayValidToml() {
        try (TempHome home = new TempHome()) {
            home.mkdir(".codex");
            String user = "o'neil\"\\ `id` $(touch pwned)";
            Cli.Result r = Cli.run(home, "--yes", "--tools", "codex", "--user", user, "--team", "a\"]\n[x", "--gateway", "https://gw.example/p'$(x)");
            assertEquals(2, r.exit(), "a newline in --team is a usage error: " + r);
            r = Cli.run(home, "--yes", "--tools", "codex", "--user", user, "--team", "t]\"=", "--gateway", "https://gw.example/p'$(x)");
            assertEquals(0, r.exit(), r.toString());
            TomlParseResult doc = toml(home);
            assertEquals("https://gw.example/p'$(x)/v1", doc.getString(List.of("model_providers", "anyray", "base_url")));
            String metadata = doc.getString(List.of("model_providers", "anyray", "http_headers", "x-anyray-metadata"));
            assertTrue(metadata.contains("o'neil\\\"\\\\ `id` $(touch pwned)"), metadata);
            assertFalse(home.exists("pwned"));
        }
    }

    @Test
    void warnsAboutOldCodexAndLegacyProfilesTable() {
        try (TempHome home = new TempHome()) {
            home.fakeTool("codex", "codex-cli 0.120.3");
            home.write(".codex/config.toml", "[profiles.work]\nmodel = \"o3\"\n");
            Cli.Result r = Cli.run(home, "--dry-run", "--tools", "codex", "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("codex 0.120.3 is older than 0.134"), r.out());
            assertTrue(r.out().contains("legacy [profiles] table"), r.out());
            home.fakeTool("codex", "codex-cli 0.169.0");
            home.write(".codex/config.toml", CONFIG);
            Cli.Result fine = Cli.run(home, "--dry-run", "--tools", "codex", "--user", "me@example.com");
            assertFalse(fine.out().contains("older than"), fine.out());
            assertFalse(fine.out().contains("[profiles]"), fine.out());
        }
    }

    @Test
    void codexHomeIsHonouredAndMalformedProfileIsLeftAlone() {
        try (TempHome home = new TempHome()) {
            Map<String, String> env = Map.of("CODEX_HOME", home.path("codex-home").toString());
            Cli.Result r = Cli.run(home, env, "--yes", "--tools", "codex", "--user", "me@example.com");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(home.exists("codex-home/anyray.config.toml"));
            home.write("codex-home/anyray.config.toml", "model = \n");
            var before = home.snapshot();
            Cli.Result bad = Cli.run(home, env, "--yes", "--tools", "codex", "--user", "me@example.com");
            assertEquals(1, bad.exit(), bad.toString());
            assertTrue(bad.err().contains("anyray.config.toml is not valid TOML"), bad.err());
            assertEquals(before, home.snapshot());
        }
    }
}
