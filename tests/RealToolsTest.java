package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real Codex CLI and Claude Code, run against what connect wrote, must send the contract's
 * requests to the gateway. Needs the npm packages: set ANYRAY_REAL_TOOLS to a folder holding the
 * {@code codex} and {@code claude} executables (.ci/run installs them); skipped otherwise.
 */
class RealToolsTest {

    static Path tool(String name) {
        String dir = System.getenv("ANYRAY_REAL_TOOLS");
        Assumptions.assumeTrue(dir != null && Files.isExecutable(Path.of(dir, name)), "set ANYRAY_REAL_TOOLS to run the real " + name);
        return Path.of(dir, name);
    }

    static void runTool(TempHome home, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.root().toFile()).redirectErrorStream(true)
                .redirectOutput(home.path("tool-output.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ANTHROPIC_") || k.startsWith("OPENAI_") || k.startsWith("CLAUDE") || k.startsWith("CODEX"));
        builder.environment().put("HOME", home.root().toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(90, TimeUnit.SECONDS)) process.destroyForcibly();
    }

    /** The tool's first request to {@code path}, or null when it sent none. */
    static TestGateway.Request firstRequest(TestGateway gw, String path) {
        return gw.requests.stream().filter(q -> q.path().equals(path)).findFirst().orElse(null);
    }

    static TestGateway.Request requireRequest(TestGateway gw, String path, TempHome home) {
        TestGateway.Request request = firstRequest(gw, path);
        if (request == null) throw new AssertionError("the tool sent nothing to " + path + ": " + home.read("tool-output.txt"));
        return request;
    }

    @Test
    void codexSendsTheMetadataHeaderAndTheKeyToTheGateway() throws Exception {
        Path codex = tool("codex");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.mkdir(".codex");
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_realCodexKey0123456789"), "--yes", "--tools", "codex",
                    "--gateway", gw.url(), "--user", "codex-user@example.com", "--team", "ml");
            assertEquals(0, r.exit(), r.toString());
            runTool(home, List.of(codex.toString(), "exec", "--skip-git-repo-check", "--profile", "anyray", "say hi"));
            TestGateway.Request request = requireRequest(gw, "/v1/responses", home);
            assertEquals("Bearer ark_realCodexKey0123456789", request.header("authorization"));
            assertEquals("{\"user\":\"codex-user@example.com\",\"team\":\"ml\"}", request.header("x-anyray-metadata"));
        }
    }

    @Test
    void claudeCodeSendsTheMetadataHeaderAndTheKeyToTheGateway() throws Exception {
        Path claude = tool("claude");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.mkdir(".claude");
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_realClaudeKey0123456789"), "--yes", "--tools", "claude-code",
                    "--gateway", gw.url(), "--user", "claude-user@example.com");
            assertEquals(0, r.exit(), r.toString());
            runTool(home, List.of(claude.toString(), "-p", "say hi"));
            TestGateway.Request request = requireRequest(gw, "/v1/messages", home);
            assertEquals("Bearer ark_realClaudeKey0123456789", request.header("authorization"));
            assertEquals("{\"user\":\"claude-user@example.com\"}", request.header("x-anyray-metadata"));
        }
    }

    @Test
    void claudeCodeInSubscriptionModeSendsPassthroughAndThePersonalKeyHeader() throws Exception {
        Path claude = tool("claude");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.mkdir(".claude");
            Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_realSubscription0123456789"), "--yes", "--tools", "claude-code", "--subscription",
                    "--gateway", gw.url(), "--user", "seat@example.com");
            runTool(home, List.of(claude.toString(), "-p", "say hi"));
            TestGateway.Request request = firstRequest(gw, "/v1/messages");
            // Without a signed-in seat Claude Code may refuse before calling; when it calls, the headers must be ours.
            Assumptions.assumeTrue(request != null, "claude did not call the gateway without a signed-in seat");
            assertEquals("passthrough", request.header("x-anyray-auth-mode"));
            assertEquals("ark_realSubscription0123456789", request.header("x-anyray-api-key"));
            assertTrue(request.header("authorization") == null || !request.header("authorization").contains("ark_"));
        }
    }
}
