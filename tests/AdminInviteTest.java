package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyray.connect.AnyrayConnect;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.JsonOut;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The admin's side: `anyray-connect invite` against the test gateway, and the invite it prints working for the user. */
class AdminInviteTest {
    static final Map<String, String> ADMIN = Map.of("ANYRAY_ADMIN_TOKEN", TestGateway.ADMIN_TOKEN);

    @Test
    void oneInvitePerUserWithThePinnedOnboardingCommandAndTheTokenNeverShown() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            Cli.Result r = Cli.run(home, ADMIN, "invite", "--gateway", gw.url(), "--team", "ml", "ada@example.com", "lin@example.com");
            assertEquals(0, r.exit(), r.toString());
            assertFalse(r.all().contains(TestGateway.ADMIN_TOKEN), "the admin token is never printed");
            assertEquals(2, gw.count("/admin/invites"));
            List<String> commands = r.out().lines().map(String::strip).filter(l -> l.startsWith("ANYRAY_INVITE=")).toList();
            assertEquals(2, commands.size(), r.out());
            assertTrue(commands.get(0).matches("ANYRAY_INVITE=ari_\\S+ jbang anyray-connect-" + Pattern.quote(AnyrayConnect.VERSION)
                    + "@anyray --gateway " + Pattern.quote(gw.url()) + " --user ada@example.com --team ml"), commands.get(0));
            // The invite printed for ada is hers, and works once.
            Matcher m = Pattern.compile("ANYRAY_INVITE=(\\S+)").matcher(commands.get(0));
            assertTrue(m.find());
            try (TempHome user = new TempHome()) {
                Cli.Result connect = Cli.run(user, Map.of("ANYRAY_INVITE", m.group(1)), "--gateway", gw.url(), "--tools", "claude-code", "--yes");
                assertEquals(0, connect.exit(), connect.toString());
                assertTrue(user.read(".claude/settings.json").contains("{\\\"user\\\":\\\"ada@example.com\\\",\\\"team\\\":\\\"ml\\\"}"));
            }
        }
    }

    @Test
    void csvRowsJsonAndNotesWithBadRowsReportedByLine() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write("team.csv", "user,team\nada@example.com,ml\n\nbad\tname,ml\nlin@example.com,\ntoo,many,columns\n");
            Cli.Result r = Cli.runWithInput(home, Map.of(), TestGateway.ADMIN_TOKEN + "\n", "invite", "--gateway", gw.url(), "--csv", home.path("team.csv").toString(),
                    "--notes", home.path("notes").toString(), "--json");
            assertEquals(1, r.exit(), "bad rows make the exit 1: " + r);
            JsonNode doc = JsonOut.one(r.out());
            assertEquals(2, doc.get("invites").size(), r.out());
            assertEquals("ml", doc.get("invites").get(0).get("team").asText());
            assertTrue(doc.get("invites").get(1).get("team") == null, "an empty team cell means no team");
            assertTrue(doc.get("skipped").get(0).asText().contains("team.csv line 4"), r.out());
            assertTrue(doc.get("skipped").get(1).asText().contains("team.csv line 6"), r.out());
            assertEquals("rw-------", home.mode("notes/ada@example.com.md"));
            assertTrue(home.read("notes/ada@example.com.md").contains("ANYRAY_INVITE=" + doc.get("invites").get(0).get("invite").asText()));
            assertFalse(r.all().contains(TestGateway.ADMIN_TOKEN));
        }
    }

    @Test
    void aGatewayErrorStopsAndListsWhatWasCreated() {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            Cli.Result wrongToken = Cli.run(home, Map.of("ANYRAY_ADMIN_TOKEN", "not-the-token"), "invite", "--gateway", gw.url(), "a@x");
            assertEquals(1, wrongToken.exit());
            assertTrue(wrongToken.err().contains("refused the admin token") && wrongToken.err().contains("no invite was created"), wrongToken.err());
            assertFalse(wrongToken.all().contains("not-the-token"));
            Cli.Result noToken = Cli.run(home, "invite", "--gateway", gw.url(), "a@x");
            assertEquals(2, noToken.exit());
            assertTrue(noToken.err().contains("ANYRAY_ADMIN_TOKEN"), noToken.err());
            assertEquals(2, Cli.run(home, ADMIN, "invite", "--gateway", gw.url()).exit(), "no user");
            home.write("bad.csv", "user,team\nbad\tname,ml\n,ml\n");
            Cli.Result allBad = Cli.run(home, ADMIN, "invite", "--gateway", gw.url(), "--csv", home.path("bad.csv").toString());
            assertEquals(2, allBad.exit(), allBad.toString());
            assertTrue(allBad.err().contains("bad.csv line 2") && allBad.err().contains("bad.csv line 3") && allBad.err().contains("every row was skipped"), allBad.err());
        }
    }

    @Test
    void aSpreadsheetsCsvIsReadAsCsvAndNoTwoUsersShareANote() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write("team.csv", "\ufeffuser,team\r\n\"ada@example.com\",\"ml, research\"\r\n\"zo\u00eb@example.com\",\r\nzo\u00e9@example.com,\r\n"
                    + "ada+ml@example.com,\r\nada_ml@example.com,\r\n\"quote \"\"q\"\"@example.com\",ops\r\n");
            Cli.Result r = Cli.run(home, ADMIN, "invite", "--gateway", gw.url(), "--csv", home.path("team.csv").toString(), "--notes", home.path("notes").toString(), "--json");
            JsonNode doc = JsonOut.one(r.out());
            List<String> users = new java.util.ArrayList<>();
            doc.get("invites").forEach(i -> users.add(i.get("user").asText()));
            assertEquals(List.of("ada@example.com", "zo\u00eb@example.com", "zo\u00e9@example.com", "ada+ml@example.com", "ada_ml@example.com", "quote \"q\"@example.com"), users, r.toString());
            assertEquals("ml, research", doc.get("invites").get(0).get("team").asText());
            java.util.Set<String> notes = new java.util.HashSet<>();
            for (JsonNode invite : doc.get("invites")) {
                String note = invite.get("note").asText();
                assertTrue(notes.add(note.toLowerCase(java.util.Locale.ROOT)), "two users share " + note);
                assertTrue(java.nio.file.Files.readString(java.nio.file.Path.of(note)).contains(invite.get("invite").asText()), note + " holds another user's invite");
            }
            assertEquals(6, notes.size());
        }
    }

    @Test
    void aNotesFolderThatCannotBeWrittenStopsBeforeAnyInviteAndEveryInviteMadeIsReported() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write("notes-file", "not a folder\n");
            Cli.Result r = Cli.run(home, ADMIN, "invite", "--gateway", gw.url(), "--notes", home.path("notes-file").toString(), "ada@example.com");
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("no invite was created"), r.err());
            assertEquals(0, gw.count("/admin/invites"), "an invite was created before the check");
            // A note that cannot be written after its invite exists: the invite is still reported.
            home.mkdir("notes/lin@example.com.md");
            Cli.Result late = Cli.run(home, ADMIN, "invite", "--gateway", gw.url(), "--notes", home.path("notes").toString(), "ada@example.com", "lin@example.com");
            assertEquals(1, late.exit(), late.toString());
            assertEquals(2, gw.count("/admin/invites"));
            assertEquals(2, late.out().lines().filter(l -> l.strip().startsWith("ANYRAY_INVITE=")).count(), "both invites are shown: " + late);
            assertFalse(late.err().contains("no invite was created"), late.err());
        }
    }

    @Test
    void jsonBeforeInviteCountsAndOtherOptionsThereAreAUsageError() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            Cli.Result r = Cli.run(home, ADMIN, "--json", "invite", "--gateway", gw.url(), "ada@example.com");
            assertEquals(0, r.exit(), r.toString());
            assertEquals(1, JsonOut.one(r.out()).get("invites").size(), r.out());
            Cli.Result misplaced = Cli.run(home, ADMIN, "--gateway", gw.url(), "invite", "ada@example.com");
            assertEquals(2, misplaced.exit(), misplaced.toString());
            assertTrue(misplaced.err().contains("--gateway must come after 'invite'"), misplaced.err());
            assertEquals(1, gw.count("/admin/invites"));
        }
    }

    @Test
    void atATerminalTheAdminTokenIsAskedForWithoutEcho() throws Exception {
        Assumptions.assumeTrue(Cli.onPath("script") != null, "script (util-linux) is not installed");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            List<String> command = new java.util.ArrayList<>(Cli.javaCommand());
            command.addAll(List.of("invite", "--gateway", gw.url(), "ada@example.com"));
            String line = String.join(" ", command.stream().map(KeychainTest::q).toList());
            ProcessBuilder builder = new ProcessBuilder("script", "-qfec", line, "/dev/null").directory(home.root().toFile()).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(Cli.environment(home, Map.of("TERM", "dumb")));
            Process process = builder.start();
            java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    process.getInputStream().transferTo(seen);
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            });
            reader.start();
            long deadline = System.currentTimeMillis() + 60_000;
            while (!seen.toString(java.nio.charset.StandardCharsets.UTF_8).contains("Admin token") && System.currentTimeMillis() < deadline) Thread.sleep(50);
            // Echo is off once the prompt shows: what is typed now would appear in the output if it were echoed.
            process.getOutputStream().write((TestGateway.ADMIN_TOKEN + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), seen.toString());
            reader.join(5000);
            String output = seen.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("Admin token for the gateway (not shown)") && output.contains("ANYRAY_INVITE=ari_"), output);
            assertFalse(output.contains(TestGateway.ADMIN_TOKEN), "the token was echoed: " + output);
            assertEquals(1, gw.count("/admin/invites"));
        }
    }
}
