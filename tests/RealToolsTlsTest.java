package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import dev.anyray.connect.tests.support.TestTls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real tools reach a gateway whose certificate a private CA signed, with nothing but what connect
 * wrote for {@code --ca-file}: each tool's own setting where it has one (Continue's caBundlePath,
 * Copilot CLI's block), else the shell block, sourced as a new terminal would (NODE_EXTRA_CA_CERTS for
 * the Node tools, CODEX_CA_CERTIFICATE for Codex). Without the CA nothing would connect: the gateway's
 * CA is in no default store. Each request carries the key and x-anyray-metadata, and revert leaves no
 * CA setting anywhere. (Claude Code's proof, through its settings env, is in CorporateNetworkTest.)
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.Order(1)
class RealToolsTlsTest {

    /** Connects {@code tools} to a TLS gateway with the CA, runs {@code command} (through the sourced .bashrc when {@code shell}), and checks what arrived and what revert leaves. */
    static void overTls(TempHome home, String tools, boolean shell, List<String> command, String... paths) throws Exception {
        TestTls.Certificates certs = TestTls.make(home.path("pki"));
        try (TestGateway gw = TestGateway.https(certs.server())) {
            if (!home.exists(".bashrc")) home.write(".bashrc", "# rc\n");
            gw.acceptKey(RealToolsTest.TOOL_KEY);
            String first = tools.split(",")[0];
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", RealToolsTest.TOOL_KEY), "--yes", "--tools", tools, "--gateway", gw.url(),
                    "--user", first + "@example.com", "--team", "qa", "--ca-file", certs.caPem().toString());
            assertEquals(0, r.exit(), r.toString());
            assertFalse(home.filesContaining(certs.caPem().toString()).isEmpty(), "no file names the CA");
            List<String> run = shell ? RealToolsTest.inLoginShell(home, command.toArray(String[]::new)) : command;
            RealToolsTest.runTool(home, Map.of(), run);
            RealToolsTest.assertAttributed(RealToolsTest.requireAny(gw, home, paths), first);
            Cli.Result revert = Cli.run(home, "--revert", "--yes");
            assertEquals(0, revert.exit(), revert.toString());
            List<String> left = new ArrayList<>();
            for (Path file : home.filesContaining(certs.caPem().toString())) left.add(file.toString());
            assertEquals(List.of(), left, "revert leaves the CA settings behind");
        }
    }

    static final String[] CHAT = {"/v1/chat/completions", "/v1/responses"};

    @Test
    void codexTrustsTheCaFromTheShellBlock() throws Exception {
        Path codex = RealToolsTest.tool("codex");
        try (TempHome home = new TempHome()) {
            home.mkdir(".codex");
            overTls(home, "codex,shell-env", true, List.of(codex.toString(), "exec", "--skip-git-repo-check", "--profile", "anyray", "say hi"), "/v1/responses");
        }
    }

    @Test
    void opencodeTrustsTheCaFromTheShellBlock() throws Exception {
        Path opencode = RealToolsTest.tool("opencode");
        try (TempHome home = new TempHome()) {
            home.write(".config/opencode/opencode.json", "{\"autoupdate\": false, \"share\": \"disabled\"}\n");
            overTls(home, "opencode,shell-env", true, List.of(opencode.toString(), "run", "-m", "openai/gpt-5", "say hi"), CHAT);
        }
    }

    @Test
    void qwenCodeTrustsTheCaFromTheShellBlock() throws Exception {
        Path qwen = RealToolsTest.tool("qwen");
        try (TempHome home = new TempHome()) {
            home.write(".qwen/settings.json", "{\n  \"privacy\": { \"usageStatisticsEnabled\": false },\n  \"telemetry\": { \"enabled\": false },\n"
                    + "  \"general\": { \"enableAutoUpdate\": false }\n}\n");
            overTls(home, "qwen-code,shell-env", true, List.of(qwen.toString(), "say hi"), CHAT);
        }
    }

    @Test
    void clineTrustsTheCaFromTheShellBlock() throws Exception {
        Path cline = RealToolsTest.tool("cline");
        try (TempHome home = new TempHome()) {
            home.write(".cline/data/settings/global-settings.json", "{\"telemetryOptOut\": true, \"autoUpdateEnabled\": false}\n");
            overTls(home, "cline,shell-env", true, List.of(cline.toString(), "say hi", "--retries", "1"), CHAT);
        }
    }

    @Test
    void copilotCliTrustsTheCaFromItsOwnBlock() throws Exception {
        Path copilot = RealToolsTest.tool("copilot");
        try (TempHome home = new TempHome()) {
            // Only its own block: the CA comes with it, not from the shell-env block.
            overTls(home, "copilot-cli", true, List.of(copilot.toString(), "-p", "say hi", "--allow-all-tools"), CHAT);
        }
    }

    @Test
    void continueTrustsTheCaFromItsConfig() throws Exception {
        Path cn = RealToolsTest.tool("cn");
        try (TempHome home = new TempHome()) {
            home.mkdir(".continue");
            // Not through a shell: caBundlePath in config.yaml is all it gets.
            overTls(home, "continue", false, List.of(cn.toString(), "-p", "say hi"), CHAT);
        }
    }
}
