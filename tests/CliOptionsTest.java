package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.AnyrayConnect;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliOptionsTest {

    @Test
    void aMistypedOptionGetsTheClosestNamesAndAnUnknownOneNone() {
        try (TempHome home = new TempHome()) {
            for (String[] typo : new String[][] {{"--gatway", "--gateway"}, {"--dryrun", "--dry-run"}, {"--stauts", "--status"}}) {
                Cli.Result r = Cli.run(home, typo[0], "x");
                assertEquals(2, r.exit(), r.toString());
                assertTrue(r.err().contains("did you mean " + typo[1]), r.err());
            }
            assertFalse(Cli.run(home, "--zzzzzzzz").err().contains("did you mean"), "no suggestion for a name close to nothing");
        }
    }

    @Test
    void helpListsEveryFlagOfTheReadmeAndVersionComesFromOnePlace() {
        try (TempHome home = new TempHome()) {
            Cli.Result help = Cli.process(home, "--help");
            assertEquals(0, help.exit(), help.toString());
            // Every flag --help shows is in the README's flag table, and every flag of that table is in --help.
            java.util.regex.Pattern flag = java.util.regex.Pattern.compile("(?<![\\w-])--[a-z][a-z-]+");
            java.util.Set<String> inHelp = new java.util.TreeSet<>();
            // The options' own lines ("  -y, --yes", "      --gateway=URL"), not flags named in a description.
            java.util.regex.Pattern option = java.util.regex.Pattern.compile("(?m)^\\s+(?:-\\w, )?(--[a-z][a-z-]+)");
            option.matcher(help.out()).results().forEach(m -> inHelp.add(m.group(1)));
            java.util.Set<String> inReadme = new java.util.TreeSet<>();
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("README.md"))) {
                    if (line.startsWith("| `-")) flag.matcher(line.substring(0, line.indexOf(" |", 2))).results().forEach(m -> inReadme.add(m.group()));
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            assertTrue(inHelp.containsAll(java.util.List.of("--model", "--key-store", "--gateway", "--json", "--timeout")), inHelp.toString());
            assertEquals(inReadme, inHelp, "the README's flag table and --help list the same flags");
            // --model's help names every tool that needs a model, from the declarations (help wraps lines).
            String flat = help.out().replaceAll("\\s+", " ");
            java.util.List<String> needing = dev.anyray.connect.adapters.ToolRegistry.needingModel();
            assertTrue(needing.containsAll(java.util.List.of("Qwen Code", "Pi", "Aider", "Mistral Vibe")), needing.toString());
            for (String tool : needing) {
                assertTrue(flat.matches("(?s).*--model=ID Model id for tools that need one \\([^)]*" + java.util.regex.Pattern.quote(tool) + ".*"), tool + ": " + flat);
            }
            Cli.Result version = Cli.process(home, "-V");
            assertEquals("anyray-connect " + AnyrayConnect.VERSION, version.out().strip());
        }
    }

    @Test
    void unknownToolIsAUsageErrorListingTheValidIds() {
        try (TempHome home = new TempHome()) {
            Cli.Result r = Cli.run(home, "--tools", "claude-code,vim", "--dry-run");
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("unknown tool 'vim'") && r.err().contains("claude-code, codex, shell-env, cursor, windsurf"), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://gw.example", "gw.example", "https://", "https://gw.example/?a=1", "https://gw.example/#x", "https://u:p@gw.example", "not a url", ""})
    void badGatewayValuesAreUsageErrorsAndWriteNothing(String gateway) {
        try (TempHome home = new TempHome()) {
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, "--gateway", gateway, "--yes", "--tools", "claude-code");
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("gateway"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertEquals(before, home.snapshot());
        }
    }

    @Test
    void unknownOptionAndConflictingModesAreUsageErrors() {
        try (TempHome home = new TempHome()) {
            Cli.Result unknown = Cli.run(home, "--frobnicate");
            assertEquals(2, unknown.exit());
            assertTrue(unknown.err().contains("--frobnicate") && unknown.err().contains("--help"), unknown.err());
            Cli.Result modes = Cli.run(home, "--status", "--revert");
            assertEquals(2, modes.exit());
            Cli.Result inviteOnStatus = Cli.run(home, "--status", "--invite", "ari_x");
            assertEquals(2, inviteOnStatus.exit());
            assertTrue(inviteOnStatus.err().contains("--invite cannot be used with --status"), inviteOnStatus.err());
        }
    }

    @Test
    void userDefaultsToGitEmailThenToTheOsUser() {
        try (TempHome home = new TempHome()) {
            Cli.Result osUser = Cli.run(home, "--dry-run", "--tools", "claude-code");
            assertTrue(osUser.out().contains("{\\\"user\\\":\\\"tester\\\"}"), osUser.out());
            home.write(".gitconfig", "[user]\n\temail = dev@example.com\n");
            Cli.Result git = Cli.run(home, "--dry-run", "--tools", "claude-code");
            assertEquals(0, git.exit(), git.toString());
            assertTrue(git.out().contains("user:      dev@example.com"), git.out());
            Cli.Result explicit = Cli.run(home, "--dry-run", "--tools", "claude-code", "--user", "boss@example.com", "--team", "core");
            assertTrue(explicit.out().contains("{\\\"user\\\":\\\"boss@example.com\\\",\\\"team\\\":\\\"core\\\"}"), explicit.out());
        }
    }

    @Test
    void newlineInUserOrTeamIsAUsageError() {
        try (TempHome home = new TempHome()) {
            Cli.Result r = Cli.run(home, "--user", "me\nX-Injected: 1", "--dry-run");
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("--user") && r.err().contains("control characters"), r.err());
            assertEquals(2, Cli.run(home, "--team", "a\tb", "--dry-run").exit());
        }
    }

    @Test
    void gatewayDefaultsToTheEnvironmentThenLocalhostAndPlainHttpRemoteIsWarned() {
        try (TempHome home = new TempHome()) {
            Cli.Result local = Cli.run(home, "--dry-run", "--tools", "claude-code");
            assertTrue(local.out().contains("gateway:   http://localhost:8787"), local.out());
            Cli.Result fromEnv = Cli.run(home, Map.of("ANYRAY_GATEWAY_URL", "https://gw.example/prefix/"), "--dry-run", "--tools", "claude-code");
            assertTrue(fromEnv.out().contains("\"ANTHROPIC_BASE_URL\": \"https://gw.example/prefix\""), fromEnv.out());
            Cli.Result plain = Cli.run(home, "--gateway", "http://gw.example", "--dry-run", "--tools", "claude-code");
            assertEquals(0, plain.exit());
            assertTrue(plain.err().contains("plain http"), plain.err());
            assertFalse(local.err().contains("plain http"), local.err());
        }
    }
}
