package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.adapters.ClaudeCodeAdapter;
import dev.anyray.connect.adapters.ExplainedToolAdapter;
import dev.anyray.connect.engine.Planner;
import dev.anyray.connect.engine.StateStore;
import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.io.FileTransaction;
import dev.anyray.connect.io.KeyFile;
import dev.anyray.connect.io.RunLock;
import dev.anyray.connect.model.AuthMode;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Gateway;
import dev.anyray.connect.model.Identity;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The domain rules of a run, without a process: what is stored, what is deleted, in which order. */
class PlannerTest {
    static Environment env(TempHome home) {
        return Environment.of(Map.of("HOME", home.root().toString(), "USER", "tester"), home.root());
    }

    static ConnectContext ctx(Environment env, ClientKey key) {
        return new ConnectContext(Gateway.parse("https://gw.example"), new Identity("me@x", null), key, AuthMode.GATEWAY_KEY, env);
    }

    @Test
    void aPersonalKeyIsStoredEvenForAToolThatWritesNothingAndTheRecordIsTheLastChange() {
        try (TempHome home = new TempHome()) {
            Environment env = env(home);
            ClientKey key = ClientKey.personal("ark_plannerKey0123456789", ClientKey.Source.ENVIRONMENT, "test");
            Planner.Plan plan = Planner.connect(ctx(env, key), List.<ToolAdapter>of(ExplainedToolAdapter.windsurf()), StateStore.load(env), true);
            assertEquals(KeyFile.path(env), plan.all().get(0).target());
            assertEquals(StateStore.path(env), plan.all().get(plan.all().size() - 1).target());
            assertEquals("https://gw.example", plan.next().keyGateway());
            Planner.Plan dry = Planner.connect(ctx(env, key), List.<ToolAdapter>of(ExplainedToolAdapter.windsurf()), StateStore.load(env), false);
            assertTrue(dry.all().stream().noneMatch(c -> c.target().equals(StateStore.path(env))), "a dry run never serialises the record");
        }
    }

    @Test
    void thePlaceholderStoresNothingAndARevertThatLeavesNoToolDeletesTheKeyAndFolder() {
        try (TempHome home = new TempHome()) {
            Environment env = env(home);
            Planner.Plan placeholder = Planner.connect(ctx(env, ClientKey.placeholder()), List.<ToolAdapter>of(new ClaudeCodeAdapter()), StateStore.load(env), true);
            assertTrue(placeholder.shared().isEmpty());
            ClientKey key = ClientKey.personal("ark_plannerKey0123456789", ClientKey.Source.ENVIRONMENT, "test");
            Planner.Plan connect = Planner.connect(ctx(env, key), List.<ToolAdapter>of(new ClaudeCodeAdapter()), StateStore.load(env), true);
            new FileTransaction(AtomicWriter.INSTANCE).apply(connect.all());
            Planner.Plan revert = Planner.revert(env, List.<ToolAdapter>of(new ClaudeCodeAdapter()), StateStore.load(env), true);
            assertTrue(revert.shared().stream().anyMatch(c -> c.target().equals(KeyFile.path(env)) && c.deletes()));
            assertTrue(revert.emptiedFolders().contains(env.anyrayDir()));
            assertTrue(revert.next().isEmpty(), "nothing is left to remember: no tool, no key, no key store");
            assertEquals(null, revert.next().keyGateway());
        }
    }

    @Test
    void fingerprintsAreHmacSha256OfTheSaltSoRecordsFromEarlierReleasesStillMatch() throws Exception {
        var state = dev.anyray.connect.engine.ConnectState.empty();
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(state.salt().getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal("value".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 16);
        assertEquals(expected, state.fingerprint("value"));
    }

    @Test
    void everyRunOnOneHomeTakesTheSameLockWhateverTheEnvironmentSays() throws Exception {
        try (TempHome home = new TempHome()) {
            Environment desktop = env(home);
            Environment other = Environment.of(Cli.environment(home, java.util.Map.of("XDG_RUNTIME_DIR", home.mkdir("run").toString(), "USER", "someone-else")), home.root());
            assertEquals(RunLock.path(desktop), RunLock.path(other));
            assertTrue(RunLock.path(desktop).startsWith(home.root()), "the lock is in a folder only the home's owner can create");
            try (RunLock lock = RunLock.acquire(desktop)) {
                assertEquals(null, RunLock.tryAcquire(other), "a second run on the same home, from another environment, does not get the lock");
            }
            assertFalse(Files.exists(home.path(".anyray")), "a run that left nothing else in ~/.anyray removes the lock and the folder");
            try (RunLock lock = RunLock.acquire(other)) {
                assertTrue(Files.exists(RunLock.path(other)));
            }
        }
    }

    @Test
    void aLockFileDeletedByAFinishingRunIsNeverLockedByTwoRuns() throws Exception {
        try (TempHome home = new TempHome()) {
            Environment env = env(home);
            home.write(".anyray/state.json", "{}");
            RunLock first = RunLock.acquire(env);
            // The holder deletes the lock file (as a finishing full revert does) while a second run waits to open it.
            Files.delete(RunLock.path(env));
            RunLock second = RunLock.acquire(env);
            assertTrue(Files.exists(RunLock.path(env)), "the second run locks the file the path names now");
            assertEquals(null, RunLock.tryAcquire(env), "and a third cannot take it while the second holds it");
            second.close();
            first.close();
            assertTrue(Files.exists(home.path(".anyray/state.json")), "the lock never removes anything but itself");
        }
    }

    /**
     * A record written by a version 1 build (file-level facts copied into every tool's entry of the file,
     * no top-level "files") still reverts everything exactly, files two tools share included.
     */
    @Test
    void aVersionOneRecordIsReadAndRevertsEveryFileExactly() throws Exception {
        try (TempHome home = new TempHome()) {
            home.write(".claude/settings.json", "{\n  \"model\": \"opus\"\n}\n");
            home.write(".bashrc", "# rc\nexport A=1\n");
            home.write(".qwen/settings.json", "{}\n");
            var before = home.snapshot();
            Map<String, String> env = Map.of("ANYRAY_CLIENT_KEY", "ark_versionOneKey0123456789", "SHELL", "/bin/bash");
            Cli.Result connect = Cli.run(home, env, "--yes", "--gateway", "https://gw.example", "--tools", "claude-code,qwen-code,shell-env,copilot-cli",
                    "--user", "me@example.com", "--model", "m1", "--key-store", "file");
            assertEquals(0, connect.exit(), connect.toString());
            // Back to version 1's shape: each tool's entry of a file holds the file's facts; no "files" map.
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode state = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(home.read(".anyray/state.json"));
            com.fasterxml.jackson.databind.JsonNode files = state.remove("files");
            assertTrue(files != null && files.has(home.path(".bashrc").toString()), "the record has file-level facts: " + state);
            int shared = 0;
            for (var tool : (Iterable<com.fasterxml.jackson.databind.JsonNode>) state.path("tools")::elements) {
                for (var entry : (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) tool.path("files")::fields) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) entry.getValue()).setAll((com.fasterxml.jackson.databind.node.ObjectNode) files.path(entry.getKey()).deepCopy());
                    if (entry.getKey().equals(home.path(".bashrc").toString())) shared++;
                }
            }
            assertEquals(2, shared, "the shell block and Copilot CLI's block share .bashrc");
            state.put("version", 1);
            home.write(".anyray/state.json", json.writeValueAsString(state));
            Cli.Result status = Cli.run(home, "--status");
            assertEquals(0, status.exit(), status.toString());
            assertTrue(status.out().contains("Claude Code") && !status.all().contains("damaged"), status.out());
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertEquals(before, home.snapshot(), "a version 1 record reverts every file exactly");
        }
    }

    /**
     * A partial revert of one of two tools sharing a file (the shell block and Copilot CLI's in .bashrc)
     * takes out only that tool's block; the file's record follows what is left, so the revert of the
     * other gives the file back byte for byte, a file without a final newline included; and a user's
     * line added between the two reverts stays.
     */
    @Test
    void aPartialRevertOfASharedFileKeepsItsRecordTrueForTheLastRevert() throws Exception {
        for (boolean userEdits : new boolean[] {false, true}) {
            try (TempHome home = new TempHome()) {
                home.write(".bashrc", "# rc\nexport A=1"); // no final newline
                var before = home.snapshot();
                Map<String, String> env = Map.of("SHELL", "/bin/bash");
                assertEquals(0, Cli.run(home, env, "--yes", "--gateway", "https://gw.example", "--tools", "shell-env,copilot-cli", "--user", "me@example.com", "--model", "m1").exit());
                Cli.Result partial = Cli.run(home, env, "--revert", "--yes", "--tools", "copilot-cli");
                assertEquals(0, partial.exit(), partial.toString());
                String left = home.read(".bashrc");
                assertTrue(left.contains("# >>> anyray-connect >>>") && !left.contains("anyray-connect copilot-cli"), left);
                if (userEdits) home.write(".bashrc", left + "alias ll='ls -l'\n");
                Cli.Result revert = Cli.run(home, env, "--revert", "--yes");
                assertEquals(0, revert.exit(), revert.toString());
                if (userEdits) {
                    assertEquals("# rc\nexport A=1\nalias ll='ls -l'\n", home.read(".bashrc"), "the user's line stays, connect's block goes");
                } else {
                    assertEquals(before, home.snapshot(), "byte for byte");
                }
            }
        }
    }

    /**
     * Version 1's two flaws, as a version 1 build wrote them: a file two tools recorded has a wrong copy
     * of its facts in the second tool's entry (the file as the first tool left it), and a managed block's
     * lines are kept in clear (Continue's .env block holds the key). Read today, the first copy is the
     * file's; the lines are fingerprinted, so a record written after a partial revert holds no key.
     */
    @Test
    void aVersionOneRecordsWrongCopiesAndClearLinesAreNotCarriedOn() throws Exception {
        try (TempHome home = new TempHome()) {
            String key = "ark_versionOneKey0123456789";
            home.mkdir(".continue"); // no .bashrc: the first tool creates it
            home.write(".claude/settings.json", "{}\n");
            var before = home.snapshot();
            Cli.Result connect = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", key, "SHELL", "/bin/bash"), "--yes", "--gateway", "https://gw.example",
                    "--tools", "shell-env,copilot-cli,continue,claude-code", "--user", "me@example.com", "--model", "m1", "--key-store", "file");
            assertEquals(0, connect.exit(), connect.toString());
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode state = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(home.read(".anyray/state.json"));
            com.fasterxml.jackson.databind.JsonNode files = state.remove("files");
            String bashrc = home.path(".bashrc").toString();
            String env = home.path(".continue/.env").toString();
            boolean second = false;
            for (String tool : List.of("shell-env", "copilot-cli", "continue", "claude-code")) {
                for (var entry : (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) state.path("tools").path(tool).path("files")::fields) {
                    com.fasterxml.jackson.databind.node.ObjectNode record = (com.fasterxml.jackson.databind.node.ObjectNode) entry.getValue();
                    record.setAll((com.fasterxml.jackson.databind.node.ObjectNode) files.path(entry.getKey()).deepCopy());
                    if (entry.getKey().equals(bashrc) && second) {
                        // The second tool found the file the first one had created, its block in it.
                        record.put("created", false);
                        record.put("original", "# >>> anyray-connect >>>\nexport OPENAI_BASE_URL=https://gw.example/v1\n# <<< anyray-connect <<<\n");
                    }
                    if (entry.getKey().equals(bashrc)) second = true;
                    if (entry.getKey().equals(env)) {
                        record.putObject("notes").put("separator", "").put("lines", "ANYRAY_API_KEY=" + key);
                    }
                }
            }
            assertTrue(second, "two tools recorded .bashrc");
            state.put("version", 1);
            home.write(".anyray/state.json", json.writeValueAsString(state));
            assertTrue(home.read(".anyray/state.json").contains(key), "the version 1 record has the key in clear");

            Cli.Result partial = Cli.run(home, "--revert", "--yes", "--tools", "claude-code");
            assertEquals(0, partial.exit(), partial.toString());
            assertFalse(home.read(".anyray/state.json").contains(key.substring(4)), "the record written now holds no key: " + home.read(".anyray/state.json"));
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            assertEquals(before, home.snapshot(), "every file back as it was: .bashrc, which the first tool created, is gone");
        }
    }

    /**
     * A folder one tool's connect created and a second tool's file sits in (Kilo made ~/.config, opencode's
     * folder is in it) outlives a partial revert of the first, and goes with the revert of the second.
     */
    @Test
    void aCreatedFolderIsHandedOverToTheToolWhoseFileIsStillInIt() throws Exception {
        for (String first : List.of("kilo", "opencode")) {
            try (TempHome home = new TempHome()) {
                assertFalse(home.exists(".config"));
                var before = home.snapshot();
                String second = first.equals("kilo") ? "opencode" : "kilo";
                // Two runs: the second tool's connect finds ~/.config there already, so only the first's record says connect made it.
                for (String tool : List.of(first, second)) {
                    Cli.Result connect = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_handOverKey0123456789"), "--yes", "--gateway", "https://gw.example",
                            "--tools", tool, "--user", "me@example.com", "--key-store", "file");
                    assertEquals(0, connect.exit(), connect.toString());
                }
                assertTrue(home.exists(".config/kilo") && home.exists(".config/opencode"));
                assertEquals(0, Cli.run(home, "--revert", "--yes", "--tools", first).exit());
                assertFalse(home.exists(".config/" + first), "the reverted tool's folder goes");
                assertTrue(home.exists(".config/" + second), "the other tool's file and folder stay");
                assertEquals(0, Cli.run(home, "--revert", "--yes", "--tools", second).exit());
                assertFalse(home.exists(".config"), first + " first: the folder connect created goes with the last tool in it");
                assertEquals(before, home.snapshot());
            }
        }
    }

    @Test
    void aToolWithNoRecordHasNothingToRevertAndAForcedOutcomeWinsOverItsChanges() {
        try (TempHome home = new TempHome()) {
            Environment env = env(home);
            for (ToolAdapter tool : dev.anyray.connect.adapters.ToolRegistry.ALL) {
                var plan = tool.planRevert(env, dev.anyray.connect.engine.ConnectState.empty(), new dev.anyray.connect.io.Workspace(env));
                assertEquals(dev.anyray.connect.engine.ToolPlan.Outcome.NOTHING_TO_REVERT, plan.outcome(), tool.id());
                assertEquals(List.of(), plan.changes, tool.id());
            }
            ToolAdapter claude = new ClaudeCodeAdapter();
            var change = KeyFile.write(env, ClientKey.personal("ark_plannerTest0123456789abcd", ClientKey.Source.STORED, "the key"));
            assertEquals(dev.anyray.connect.engine.ToolPlan.Outcome.UNSUPPORTED, dev.anyray.connect.engine.ToolPlan.unsupported(claude).change(change).outcome());
            assertEquals(dev.anyray.connect.engine.ToolPlan.Outcome.NOT_DETECTED, dev.anyray.connect.engine.ToolPlan.notDetected(claude).change(change).outcome());
            assertEquals(dev.anyray.connect.engine.ToolPlan.Outcome.NOTHING_TO_REVERT, dev.anyray.connect.engine.ToolPlan.nothingToRevert(claude).change(change).outcome());
            assertEquals(dev.anyray.connect.engine.ToolPlan.Outcome.CHANGES, new dev.anyray.connect.engine.ToolPlan("claude-code", "Claude Code").change(change).outcome());
        }
    }

    @Test
    void aRunWithNothingToChangeAsksNothingAndADryRunOfItPromisesNoWrite() {
        try (TempHome home = new TempHome()) {
            home.write(".claude/settings.json", "{}\n");
            Cli.Result first = Cli.run(home, "--gateway", "https://gw.example", "--tools", "claude-code", "--user", "me@x", "--dry-run");
            assertEquals(0, first.exit(), first.toString());
            assertTrue(first.out().contains("Applying would also update"), "a first dry run would write the record: " + first.out());
            Cli.ok(Cli.run(home, "--gateway", "https://gw.example", "--tools", "claude-code", "--user", "me@x", "--yes"));
            var before = home.snapshot();
            Cli.Result again = Cli.run(home, "--gateway", "https://gw.example", "--tools", "claude-code", "--user", "me@x", "--dry-run");
            assertEquals(0, again.exit(), again.toString());
            assertTrue(again.out().contains("already up to date"), again.out());
            assertFalse(again.out().contains("Applying would also update"), again.out());
            Cli.Result interactive = Cli.runWithInput(home, Map.of(), "", "--gateway", "https://gw.example", "--tools", "claude-code", "--user", "me@x");
            assertEquals(0, interactive.exit(), interactive.toString());
            assertFalse(interactive.all().contains("Apply these changes?"), "nothing to confirm: " + interactive.out());
            assertEquals(before, home.snapshot());
        }
    }

    /**
     * A tool whose editor loses what it sets (it keeps the value in memory, and the text never gets it):
     * the stand-in for an editor bug that the read-back is there to catch.
     */
    static final class LosingEditorTool extends dev.anyray.connect.engine.FileToolAdapter {
        LosingEditorTool() {
            super(dev.anyray.connect.engine.ToolSpec.of("losing-editor", "Losing Editor").folder(".losing"));
        }

        @Override
        protected java.nio.file.Path file(Environment env) {
            return env.home().resolve(".losing/config.json");
        }

        @Override
        protected dev.anyray.connect.edit.Document open(String text, Map<String, String> notes, String shown) {
            var json = new dev.anyray.connect.edit.JsonDocument(text, false, shown);
            Map<dev.anyray.connect.edit.KeyPath, Object> held = new java.util.HashMap<>();
            return new dev.anyray.connect.edit.Document() {
                public Object get(dev.anyray.connect.edit.KeyPath path) { return held.containsKey(path) ? held.get(path) : json.get(path); }
                public String raw(dev.anyray.connect.edit.KeyPath path) { return json.raw(path); }
                public void set(dev.anyray.connect.edit.KeyPath path, Object value) { held.put(path, value); json.set(dev.anyray.connect.edit.KeyPath.of("touched"), true); }
                public void setRaw(dev.anyray.connect.edit.KeyPath path, String raw) { json.setRaw(path, raw); }
                public void remove(dev.anyray.connect.edit.KeyPath path) { json.remove(path); }
                public boolean isEmptyContainer(dev.anyray.connect.edit.KeyPath path) { return json.isEmptyContainer(path); }
                public boolean isEmpty() { return json.isEmpty(); }
                public String text() { return json.text(); }
            };
        }

        @Override
        protected Map<dev.anyray.connect.edit.KeyPath, Object> settings(ConnectContext ctx, dev.anyray.connect.edit.Document current) {
            return Map.of(dev.anyray.connect.edit.KeyPath.of("baseUrl"), ctx.gateway().url());
        }
    }

    @Test
    void anEditThatWouldNotPutASettingWhereTheToolReadsItStopsThePlan() throws Exception {
        try (TempHome home = new TempHome()) {
            Environment env = env(home);
            home.write(".losing/config.json", "{}\n");
            var e = org.junit.jupiter.api.Assertions.assertThrows(dev.anyray.connect.model.ConnectException.class,
                    () -> Planner.connect(ctx(env, ClientKey.placeholder()), List.<ToolAdapter>of(new LosingEditorTool()), StateStore.load(env), true));
            assertEquals("the edit of ~/.losing/config.json would not put baseUrl where Losing Editor reads it; nothing was changed. Please report this with the file's layout", e.getMessage());
        }
    }

    @Test
    void aFileOnlyConnectChangedIsPutBackWholeAndNoSettingIsReportedAsKept() {
        try (TempHome home = new TempHome()) {
            home.write(".claude/settings.json", "{\"model\":\"opus\"}\n");
            var before = home.snapshot();
            Cli.ok(Cli.run(home, "--gateway", "https://gw.example", "--tools", "claude-code", "--user", "me@x", "--yes"));
            Cli.Result revert = Cli.ok(Cli.run(home, "--revert", "--yes"));
            assertTrue(revert.out().contains("put the file back as it was before connect"), revert.out());
            assertFalse(revert.out().contains("kept "), "nothing was changed after connect: " + revert.out());
            assertEquals(before, home.snapshot());
        }
    }
}
