package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.io.FaultPoint;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One end-to-end test for each way the trust model broke in ordinary flows (each failed on the build before it). */
class TrustBugsTest {
    static final String KEY = "ark_trustBugsKey0123456789abcdef";

    @Test
    void aReRunThenRevertKeepsWhatTheUserAddedInBetween() {
        try (TempHome home = new TempHome()) {
            home.write(".claude/settings.json", "{\n  \"model\": \"opus\"\n}\n");
            String[] connect = {"--yes", "--tools", "claude-code", "--user", "me@x", "--gateway", "https://gw.example"};
            assertEquals(0, Cli.run(home, connect).exit());
            String edited = home.read(".claude/settings.json").replaceFirst("\\{", "{\n  \"permissions\": {\"allow\": [\"Bash(ls)\"]},");
            home.write(".claude/settings.json", edited);
            assertEquals(0, Cli.run(home, connect).exit(), "a re-run that changes nothing");
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            String after = home.read(".claude/settings.json");
            assertTrue(after.contains("Bash(ls)"), "the permission the user added is kept:\n" + after);
            assertFalse(after.contains("gw.example"), after);
            assertFalse(revert.out().contains("put the file back as it was before connect"), revert.out());
        }
    }

    /** Found by a fresh seed of TrustModelTest: a file connect created counted as empty when all that was left in it was the user's comment. */
    @Test
    void aCommentTheUserAddedToAFileConnectCreatedKeepsTheFile() {
        for (String[] tool : new String[][] {{"aider", ".aider.conf.yml", "# my aider notes\n"}, {"codex", ".codex/anyray.config.toml", "# my profile notes\n"},
                {"cline", ".cline/data/settings/providers.json", null}}) {
            try (TempHome home = new TempHome()) {
                home.mkdir(tool[1].substring(0, Math.max(1, tool[1].indexOf('/', 1))));
                String[] connect = {"--yes", "--tools", tool[0], "--user", "me@x", "--gateway", "https://gw.example", "--model", "m"};
                assertEquals(0, Cli.run(home, connect).exit(), tool[0]);
                assertTrue(home.exists(tool[1]), tool[1]);
                if (tool[2] == null) {
                    assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
                    assertFalse(home.exists(tool[1]), "with nothing of the user's in it, the file connect created goes: " + tool[1]);
                    continue;
                }
                home.write(tool[1], tool[2] + home.read(tool[1]));
                Cli.Result revert = Cli.run(home, "--revert", "--yes");
                assertEquals(0, revert.exit(), revert.toString());
                assertTrue(home.exists(tool[1]) && home.read(tool[1]).contains(tool[2].strip()), tool[0] + ": the user's comment stays: " + revert.out());
                assertFalse(home.read(tool[1]).contains("gw.example"), home.read(tool[1]));
            }
        }
    }

    @Test
    void aProfileTwoToolsShareIsRevertedWithoutALineConnectWrote() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(".bashrc", "# mine\n");
            String before = home.read(".bashrc");
            home.mkdir(".copilot");
            assertEquals(0, Cli.run(home, "--yes", "--tools", "shell-env,copilot-cli", "--user", "me@x", "--gateway", "https://old.example", "--model", "m").exit());
            // The second run changes the shell env block (a personal key, another gateway).
            Cli.Result second = Cli.run(home, Map.of("ANYRAY_INVITE", gw.invite("me@x", null)), "--yes", "--tools", "shell-env,copilot-cli", "--user", "me@x",
                    "--gateway", gw.url(), "--model", "m");
            assertEquals(0, second.exit(), second.toString());
            assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
            assertEquals(before, home.read(".bashrc"));
        }
    }

    @Test
    void theRecordNeverHoldsTheKeyContinueKeepsInItsEnvFile() {
        try (TempHome home = new TempHome()) {
            home.mkdir(".continue");
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", KEY), "--yes", "--tools", "continue", "--user", "me@x", "--model", "m", "--key-store", "file");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(home.read(".continue/.env").contains(KEY), "the key is in Continue's owner-only .env");
            assertFalse(home.read(".anyray/state.json").contains(KEY), home.read(".anyray/state.json"));
            assertFalse(home.read(".anyray/state.json").contains("ANYRAY_API_KEY="), "no line of the block is kept in clear");
        }
    }

    @Test
    void aJournalNamingFilesOutsideThisHomeIsRefusedAndNothingIsTouched() throws Exception {
        try (TempHome home = new TempHome(); TempHome elsewhere = new TempHome()) {
            Path victim = elsewhere.write("important.txt", "keep me\n");
            String journal = "{\"version\":2,\"home\":\"" + home.root() + "\",\"direction\":\"back\",\"entries\":[{\"target\":\"" + victim
                    + "\",\"beforeHash\":null,\"afterHash\":\"" + sha256(Files.readAllBytes(victim)) + "\"},{\"target\":\"" + elsewhere.path("planted.txt")
                    + "\",\"beforeHash\":\"x\"}]}";
            home.write(".anyray/journal.json", journal);
            Cli.Result status = Cli.run(home, "--status");
            assertEquals(1, status.exit(), status.toString());
            assertTrue(status.err().contains("was not used") && status.err().lines().count() == 1, status.err());
            assertEquals("keep me\n", Files.readString(victim));
            assertFalse(Files.exists(elsewhere.path("planted.txt")));
            // A journal of another home (a copied HOME) is refused the same way.
            home.write(".anyray/journal.json", journal.replace(home.root().toString(), elsewhere.root().toString()));
            Cli.Result copied = Cli.run(home, "--revert", "--yes");
            assertEquals(1, copied.exit(), copied.toString());
            assertTrue(copied.err().contains("another home"), copied.err());
        }
    }

    @Test
    void aCrashAfterTheRenameThenTheToolRewritingItsFileLeavesTheFileKnownToRevert() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(".claude/settings.json", "{\"model\": \"opus\"}\n");
            // Stop the run right after settings.json was renamed into place (the next durable step).
            List<String> points;
            FaultPoint.arm(0);
            Cli.ok(Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", KEY), "--yes", "--tools", "claude-code", "--user", "me@x", "--key-store", "file"));
            points = FaultPoint.disarm();
            assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
            home.write(".claude/settings.json", "{\"model\": \"opus\"}\n");
            int renameOfSettings = points.indexOf(points.stream().filter(p -> p.startsWith("rename to ") && p.endsWith("/.claude/settings.json")).findFirst().orElseThrow()) + 1;
            FaultPoint.arm(renameOfSettings + 1);
            try {
                Cli.ok(Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", KEY), "--yes", "--tools", "claude-code", "--user", "me@x", "--key-store", "file"));
                throw new AssertionError("the run was not stopped");
            } catch (FaultPoint.Killed expected) {
                // as kill -9 would
            } finally {
                FaultPoint.disarm();
            }
            assertTrue(home.read(".claude/settings.json").contains(KEY));
            // Claude Code rewrites its file before the next run.
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            home.write(".claude/settings.json", mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(home.read(".claude/settings.json"))));
            Cli.Result status = Cli.run(home, "--status");
            assertEquals(0, status.exit(), status.toString());
            assertTrue(status.out().contains("Claude Code: connected"), status.out());
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertFalse(home.read(".claude/settings.json").contains(KEY), "connect's key is taken out of the file the tool rewrote");
            assertEquals(List.of(), home.filesContaining(KEY));
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
