package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anyray.connect.AnyrayConnect;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.JsonOut;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        }
    }
}
