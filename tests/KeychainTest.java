package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.io.CredentialKeyStore;
import dev.anyray.connect.io.KeyStore;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The personal key in the OS credential store. Linux: a real Secret Service (gnome-keyring, unlocked,
 * on a private session bus made by dbus-run-session for each test; .ci/run installs them), the real
 * CLI and, when installed, the real Claude Code and Codex fetching the key through the helper.
 * macOS cannot run here: its command lines are checked as data.
 */
class KeychainTest {
    static final String KEY = "ark_keychainKey0123456789abcdef";

    static void requireKeyring() {
        for (String tool : List.of("dbus-run-session", "gnome-keyring-daemon", "secret-tool")) {
            Assumptions.assumeTrue(Cli.onPath(tool) != null, tool + " is not installed (.ci/run installs gnome-keyring and libsecret-tools)");
        }
    }

    static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String cli(String... args) {
        StringBuilder line = new StringBuilder();
        for (String part : Cli.javaCommand()) line.append(q(part)).append(' ');
        for (String arg : args) line.append(q(arg)).append(' ');
        return line.toString();
    }

    /** Runs {@code steps} (bash) with an unlocked keyring on a private session bus; each step's output goes to a file in HOME. */
    static void inKeyring(TempHome home, Map<String, String> env, String steps) throws Exception {
        home.write("steps.sh", "#!/bin/bash\nprintf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1\n" + steps
                + "\npkill -P $$ >/dev/null 2>&1; exit 0\n");
        ProcessBuilder builder = new ProcessBuilder("dbus-run-session", "--", "bash", home.path("steps.sh").toString())
                .directory(home.root().toFile()).redirectErrorStream(true).redirectOutput(home.path("steps.out").toFile());
        builder.environment().clear();
        builder.environment().putAll(Cli.environment(home, env));
        String tools = System.getenv("ANYRAY_REAL_TOOLS");
        builder.environment().put("PATH", (tools == null ? "" : tools + ":") + Cli.systemPath());
        builder.environment().putAll(Map.of("DISABLE_AUTOUPDATER", "1", "DISABLE_TELEMETRY", "1"));
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("the keyring steps did not finish: " + home.read("steps.out"));
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    static boolean realTool(String name) {
        String dir = System.getenv("ANYRAY_REAL_TOOLS");
        return dir != null && Files.isExecutable(Path.of(dir, name));
    }

    @Test
    void theKeyLivesOnlyInTheKeychainAndTheRealToolsFetchItThroughTheHelper() throws Exception {
        requireKeyring();
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.mkdir(".claude");
            home.mkdir(".codex");
            home.write(".bashrc", "# rc\n");
            gw.acceptKey(KEY);
            String steps = cli("--yes", "--tools", "claude-code,codex,shell-env", "--gateway", gw.url(), "--user", "kc@example.com") + " > connect.out 2>&1; echo $? > connect.exit\n"
                    + "secret-tool lookup service anyray-connect account default > lookup.out\n"
                    + "cp ~/.claude/settings.json claude-settings.out; cp ~/.codex/anyray.config.toml codex-profile.out\n"
                    + "bash --norc --noprofile -c 'source ~/.bashrc; printf %s \"$OPENAI_API_KEY\"' > shell.out\n"
                    + (realTool("claude") ? "claude -p 'say hi' > claude.out 2>&1\n" : "")
                    + (realTool("codex") ? "codex exec --skip-git-repo-check --profile anyray 'say hi' > codex.out 2>&1\n" : "")
                    + cli("--status") + " > status.out 2>&1\n"
                    + "env -u ANYRAY_CLIENT_KEY " + cli("--check") + " > check.out 2>&1; echo $? > check.exit\n"
                    + cli("--revert", "--yes") + " > revert.out 2>&1; echo $? > revert.exit\n"
                    + "secret-tool lookup service anyray-connect account default > lookup-after.out; echo $? > lookup-after.exit\n";
            inKeyring(home, Map.of("ANYRAY_CLIENT_KEY", KEY), steps);
            assertEquals("0", home.read("connect.exit").strip(), home.read("connect.out") + home.read("steps.out"));
            assertTrue(home.read("connect.out").contains("stored in: the Secret Service keychain"), home.read("connect.out"));
            assertEquals(KEY, home.read("lookup.out").strip());
            assertEquals(KEY, home.read("shell.out"), "the shell block reads the key from the keychain when the shell starts");
            String settings = home.read("claude-settings.out");
            assertTrue(settings.contains("\"apiKeyHelper\": \"'" + home.path(".anyray/bin/anyray-key") + "'\"") && !settings.contains("ANTHROPIC_AUTH_TOKEN"), settings);
            assertTrue(home.read("codex-profile.out").contains("refresh_interval_ms = 300000") && !home.read("codex-profile.out").contains("experimental_bearer_token"),
                    home.read("codex-profile.out"));
            assertTrue(home.read("status.out").contains("Secret Service keychain"), home.read("status.out"));
            assertTrue(home.read("status.out").contains("personal key, read from the keychain through ~/.anyray/bin/anyray-key"), "the shell block's key: " + home.read("status.out"));
            // --check probes with the key the tools use, from the keychain: not the placeholder.
            assertEquals("0", home.read("check.exit").strip(), home.read("check.out"));
            assertTrue(home.read("check.out").contains("personal key ark_…cdef stored by an earlier run") && home.read("check.out").contains("accepted"), home.read("check.out"));
            assertTrue(gw.requests.stream().anyMatch(r -> r.path().equals("/v1/models") && ("Bearer " + KEY).equals(r.header("authorization"))));
            if (realTool("claude")) {
                TestGateway.Request claude = RealToolsTest.requireRequest(gw, "/v1/messages", home);
                assertTrue(("Bearer " + KEY).equals(claude.header("authorization")) || KEY.equals(claude.header("x-api-key")), claude.headers().toString());
                assertEquals("{\"user\":\"kc@example.com\"}", claude.header("x-anyray-metadata"));
            }
            if (realTool("codex")) {
                TestGateway.Request codex = RealToolsTest.requireRequest(gw, "/v1/responses", home);
                assertEquals("Bearer " + KEY, codex.header("authorization"));
                assertEquals("{\"user\":\"kc@example.com\"}", codex.header("x-anyray-metadata"));
            }
            assertEquals("0", home.read("revert.exit").strip(), home.read("revert.out"));
            assertTrue(home.read("lookup-after.out").isBlank(), "revert removes the keychain entry");
            for (Path file : home.filesContaining(KEY)) {
                String name = file.getFileName().toString();
                assertTrue(name.endsWith(".out"), "no file under HOME holds the key: " + file);
            }
            assertFalse(home.exists(".anyray"));
        }
    }

    @Test
    void aSessionWithoutABusNeitherClaimsNorLosesTheKeychainKeyAndAHomeWithSpacesAndDollarsWorks() throws Exception {
        requireKeyring();
        try (TempHome home = new TempHome("my home $USER 'q'"); TestGateway gw = new TestGateway()) {
            home.mkdir(".claude");
            home.write(".bashrc", "# rc\n");
            gw.acceptKey(KEY);
            String noBus = "env -u DBUS_SESSION_BUS_ADDRESS -u ANYRAY_CLIENT_KEY ";
            String steps = cli("--yes", "--tools", "claude-code,shell-env", "--gateway", gw.url(), "--user", "kc@example.com") + " > connect.out 2>&1\n"
                    // Claude Code runs apiKeyHelper through /bin/sh: it must survive this HOME.
                    + "helper=$(python3 -c 'import json, os; print(json.load(open(os.environ[\"HOME\"] + \"/.claude/settings.json\"))[\"apiKeyHelper\"])')\n"
                    + "/bin/sh -c \"$helper\" > helper.out 2> helper.err\n"
                    + noBus + cli("--status", "--json") + " > status-nobus.out 2> status-nobus.err\n"
                    + noBus + cli("--revert", "--yes") + " > revert-nobus.out 2>&1; echo $? > revert-nobus.exit\n"
                    + "secret-tool lookup service anyray-connect account default > lookup-nobus.out\n"
                    + noBus + cli("--status", "--json") + " > status-after.out 2> status-after.err\n"
                    + "env -u ANYRAY_CLIENT_KEY " + cli("--revert", "--yes") + " > revert.out 2>&1; echo $? > revert.exit\n"
                    + "secret-tool lookup service anyray-connect account default > lookup-final.out\n";
            inKeyring(home, Map.of("ANYRAY_CLIENT_KEY", KEY), steps);
            assertTrue(home.read("connect.out").contains("Secret Service keychain"), home.read("connect.out") + home.read("steps.out"));
            assertEquals(KEY, home.read("helper.out").strip(), "apiKeyHelper under /bin/sh: " + home.read("helper.err"));
            var status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(home.read("status-nobus.out"));
            assertTrue(status.get("keyStored").asBoolean() && "keychain".equals(status.get("keyStore").asText()), "from the record, without a bus: " + status);
            assertTrue(status.get("storedKey") == null && status.get("keyUnreadable").asText().contains("no session bus"), status.toString());
            assertEquals("0", home.read("revert-nobus.exit").strip(), home.read("revert-nobus.out"));
            assertTrue(home.read("revert-nobus.out").contains("stays in the keychain") && !home.read("revert-nobus.out").contains("also removed"), home.read("revert-nobus.out"));
            assertEquals(KEY, home.read("lookup-nobus.out").strip(), "the key was left where it was");
            assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(home.read("status-after.out")).get("keyStored").asBoolean(), "the record still knows where the key is");
            assertEquals("0", home.read("revert.exit").strip(), home.read("revert.out"));
            assertTrue(home.read("revert.out").contains("removed from the Secret Service keychain"), home.read("revert.out"));
            assertTrue(home.read("lookup-final.out").isBlank(), "a revert from a session with a bus removes it");
            assertFalse(home.exists(".anyray"));
        }
    }

    @Test
    void movingTheKeyToTheFileStoreLeavesNoCopyInTheKeychain() throws Exception {
        requireKeyring();
        try (TempHome home = new TempHome()) {
            home.write(".bashrc", "# rc\n");
            String steps = cli("--yes", "--tools", "shell-env", "--user", "m@x") + " > keychain.out 2>&1\n"
                    + "secret-tool lookup service anyray-connect account default > lookup-before.out\n"
                    + "env -u ANYRAY_CLIENT_KEY " + cli("--yes", "--tools", "shell-env", "--user", "m@x", "--key-store", "file") + " > file.out 2>&1; echo $? > file.exit\n"
                    + "secret-tool lookup service anyray-connect account default > lookup-after.out\n"
                    + "cp ~/.anyray/client-key key-file.out\n"
                    + "env -u ANYRAY_CLIENT_KEY " + cli("--revert", "--yes") + " > revert.out 2>&1\n";
            inKeyring(home, Map.of("ANYRAY_CLIENT_KEY", KEY), steps);
            assertEquals(KEY, home.read("lookup-before.out").strip(), home.read("keychain.out"));
            assertEquals("0", home.read("file.exit").strip(), home.read("file.out"));
            assertTrue(home.read("lookup-after.out").isBlank(), "the keychain still holds the key");
            assertEquals(KEY, home.read("key-file.out").strip());
            assertFalse(home.exists(".anyray"), home.read("revert.out"));
            for (Path file : home.filesContaining(KEY)) assertTrue(file.getFileName().toString().endsWith(".out"), "a copy is left: " + file);
        }
    }

    @Test
    void aPlainFileInstallMovesIntoTheKeychainAndLeavesNoCopy() throws Exception {
        requireKeyring();
        try (TempHome home = new TempHome()) {
            home.write(".bashrc", "# rc\n");
            String steps = cli("--yes", "--tools", "shell-env", "--user", "m@x", "--key-store", "file") + " > file.out 2>&1\n"
                    + "cp ~/.anyray/client-key had-file.out\n"
                    + cli("--yes", "--tools", "shell-env", "--user", "m@x") + " > keychain.out 2>&1; echo $? > keychain.exit\n"
                    + "secret-tool lookup service anyray-connect account default > lookup.out\n"
                    + "ls ~/.anyray > anyray-dir.out\n";
            inKeyring(home, Map.of("ANYRAY_CLIENT_KEY", KEY), steps);
            assertEquals(KEY, home.read("had-file.out").strip(), home.read("file.out"));
            assertEquals("0", home.read("keychain.exit").strip(), home.read("keychain.out"));
            assertEquals(KEY, home.read("lookup.out").strip());
            assertFalse(home.read("anyray-dir.out").contains("client-key"), home.read("anyray-dir.out"));
            for (Path file : home.filesContaining(KEY)) assertTrue(file.getFileName().toString().endsWith(".out"), "a plain copy is left: " + file);
        }
    }

    @Test
    void withoutACredentialStoreTheKeyGoesToTheOwnerOnlyFileAndThePlanSaysWhy() {
        try (TempHome home = new TempHome()) {
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", KEY), "--yes", "--tools", "claude-code", "--user", "me@x");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("stored in: the owner-only file ~/.anyray/client-key ("), r.out());
            assertEquals("rw-------", home.mode(".anyray/client-key"));
            Cli.Result forced = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", KEY), "--dry-run", "--tools", "claude-code", "--user", "me@x", "--key-store", "keychain");
            assertEquals(2, forced.exit(), forced.toString());
            assertTrue(forced.err().contains("--key-store keychain"), forced.err());
            assertEquals(2, Cli.run(home, "--dry-run", "--key-store", "vault").exit());
        }
    }
}
