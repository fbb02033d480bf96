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

    /** Samples every process's command line (as ps shows them) while a recipe runs, looking for a secret. */
    static final class CommandLineWatch implements AutoCloseable {
        private final String secret;
        private final java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger samples = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean running = true;
        private final Thread thread;

        CommandLineWatch(String secret) {
            this.secret = secret;
            thread = new Thread(() -> {
                while (running) {
                    try (var procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
                        for (Path proc : procs) {
                            try {
                                String line = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                                if (line.contains(secret)) seen.add(proc.getFileName() + ": " + line);
                            } catch (java.io.IOException gone) {
                                // the process ended while we looked
                            }
                        }
                    } catch (java.io.IOException ignored) {
                        // try again
                    }
                    samples.incrementAndGet();
                }
            }, "command-line-watch");
            thread.setDaemon(true);
            thread.start();
        }

        /** The command lines that held the secret (none, for a recipe that keeps it out of ps). */
        List<String> sightings() {
            return seen;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
            assertTrue(samples.get() > 10, "the watch took too few samples to prove anything: " + samples.get());
        }
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
            // The result callbacks a fleet keeps (JUnit, a tree of every task result): no invite may reach them.
            Map<String, String> env = Map.of("ANSIBLE_NOCOLOR", "1", "ANSIBLE_HOST_KEY_CHECKING", "False", "ANSIBLE_LOCAL_TEMP", home.path(".ansible/tmp").toString(),
                    "ANSIBLE_CALLBACKS_ENABLED", "ansible.builtin.junit,ansible.builtin.tree", "JUNIT_OUTPUT_DIR", home.path("junit").toString(),
                    "ANSIBLE_CALLBACK_TREE_DIR", home.path("tree").toString(), "ANSIBLE_LOAD_CALLBACK_PLUGINS", "1");
            String playbook = PROJECT.resolve("fleet/anyray-connect.yml").toString();
            String first;
            try (CommandLineWatch watch = new CommandLineWatch(invite)) {
                first = run(home, env, "ansible-playbook", "-i", home.path("inventory").toString(), playbook, "-e", "@" + home.path("vars.yml"));
                assertEquals(List.of(), watch.sightings(), "the invite was on a command line");
            }
            assertTrue(first.startsWith("exit=0") && first.contains("changed=1") && first.contains("failed=0"), first);
            assertTrue(first.contains("tester: claude-code=changes, shell-env=changes"), first);
            assertTrue(home.read(".claude/settings.json").contains(gw.keyOf(invite)));
            String second = run(home, env, "ansible-playbook", "-i", home.path("inventory").toString(), playbook, "-e", "@" + home.path("vars.yml"));
            assertTrue(second.startsWith("exit=0") && second.contains("changed=0") && second.contains("failed=0"), second);
            assertTrue(second.contains("claude-code=up-to-date"), second);
            assertEquals(1, gw.redeemCalls.get(), "the invite is spent once");
            assertFalse(first.contains(gw.keyOf(invite)) || second.contains(gw.keyOf(invite)), "no key in the play's output");
            assertFalse(first.contains(invite) || second.contains(invite), "the invite is in the play's output");
            List<Path> results = new java.util.ArrayList<>();
            for (String dir : List.of("junit", "tree")) {
                try (var files = Files.walk(home.path(dir))) {
                    files.filter(Files::isRegularFile).forEach(results::add);
                }
            }
            assertFalse(results.isEmpty(), "the callbacks wrote nothing");
            for (Path result : results) assertFalse(Files.readString(result).contains(invite), "a task result holds the invite: " + result);
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
            String first;
            try (CommandLineWatch watch = new CommandLineWatch(invite)) {
                first = run(home, env, "sh", snippet, System.getProperty("user.name"));
                assertEquals(List.of(), watch.sightings(), "the invite was on a command line");
            }
            assertTrue(first.startsWith("exit=0") && first.contains("\"applied\" : true"), first);
            String second = run(home, env, "sh", snippet, System.getProperty("user.name"));
            assertTrue(second.startsWith("exit=0") && second.contains("\"status\" : \"up-to-date\""), second);
            assertEquals(1, gw.redeemCalls.get());
            assertFalse(first.contains(invite) || second.contains(invite), "the invite is never echoed");
        }
    }
}
