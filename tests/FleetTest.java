package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The fleet recipes in fleet/: the Ansible play (connection: local) and the MDM shell snippet, each run twice. */
@Order(4)
class FleetTest {
    static final Path PROJECT = Path.of("").toAbsolutePath();

    /** The CLI as the recipes call it: one command line (the real one is `jbang anyray-connect-X@anyray`). */
    static String command() {
        return String.join(" ", Cli.javaCommand());
    }

    static String run(TempHome home, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.root().toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Cli.environment(home, env));
        builder.environment().put("PATH", Cli.systemPath());
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS));
        return "exit=" + process.exitValue() + "\n" + out;
    }

    @Test
    void theAnsiblePlayConnectsOnceAndASecondPlayChangesNothing() throws Exception {
        Assumptions.assumeTrue(Cli.onPath("ansible-playbook") != null, "ansible is not installed (.ci/run installs ansible-core)");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("fleet@example.com", "ops");
            home.write("inventory", "localhost ansible_connection=local ansible_python_interpreter=" + Cli.onPath("python3") + "\n");
            home.write("vars.yml", "anyray_users:\n  - { name: tester, invite: " + invite + ", tools: \"claude-code,shell-env\" }\n"
                    + "anyray_become: false\nanyray_gateway: " + gw.url() + "\nanyray_command: \"" + command() + "\"\n");
            home.write(".bashrc", "# rc\n");
            Map<String, String> env = Map.of("ANSIBLE_NOCOLOR", "1", "ANSIBLE_HOST_KEY_CHECKING", "False", "ANSIBLE_LOCAL_TEMP", home.path(".ansible/tmp").toString());
            String playbook = PROJECT.resolve("fleet/anyray-connect.yml").toString();
            String first = run(home, env, "ansible-playbook", "-i", home.path("inventory").toString(), playbook, "-e", "@" + home.path("vars.yml"));
            assertTrue(first.startsWith("exit=0") && first.contains("changed=1") && first.contains("failed=0"), first);
            assertTrue(first.contains("tester: claude-code=changes, shell-env=changes"), first);
            assertTrue(home.read(".claude/settings.json").contains(gw.keyOf(invite)));
            String second = run(home, env, "ansible-playbook", "-i", home.path("inventory").toString(), playbook, "-e", "@" + home.path("vars.yml"));
            assertTrue(second.startsWith("exit=0") && second.contains("changed=0") && second.contains("failed=0"), second);
            assertTrue(second.contains("claude-code=up-to-date"), second);
            assertEquals(1, gw.redeemCalls.get(), "the invite is spent once");
            assertFalse(first.contains(gw.keyOf(invite)) || second.contains(gw.keyOf(invite)), "no key in the play's output");
        }
    }

    @Test
    void theMdmSnippetConnectsOnceAndIsIdempotent() throws Exception {
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String invite = gw.invite("mdm@example.com", null);
            home.write(".bashrc", "# rc\n");
            Map<String, String> env = Map.of("ANYRAY_GATEWAY_URL", gw.url(), "ANYRAY_INVITE", invite, "ANYRAY_RELEASE", "0.2.0",
                    "ANYRAY_CONNECT_COMMAND", command() + " --tools shell-env");
            String snippet = PROJECT.resolve("fleet/mdm-onboard.sh").toString();
            String first = run(home, env, "sh", snippet, System.getProperty("user.name"));
            assertTrue(first.startsWith("exit=0") && first.contains("\"applied\" : true"), first);
            String second = run(home, env, "sh", snippet, System.getProperty("user.name"));
            assertTrue(second.startsWith("exit=0") && second.contains("\"status\" : \"up-to-date\""), second);
            assertEquals(1, gw.redeemCalls.get());
            assertFalse(first.contains(invite) || second.contains(invite), "the invite is never echoed");
        }
    }
}
