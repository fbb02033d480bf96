package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.Order(1)
class RealToolsTest {

    static Path tool(String name) {
        String dir = System.getenv("ANYRAY_REAL_TOOLS");
        if (name.equals("droid") && dir != null && !dir.isBlank()) {
            // The platform package is the runnable binary (see .ci/run); it has no link in node_modules/.bin.
            Path droid = Path.of(dir).getParent().resolve("@factory/cli-linux-x64/bin/droid");
            Assumptions.assumeTrue(Files.isExecutable(droid), "the Factory Droid binary is not installed");
            return droid;
        }
        Assumptions.assumeTrue(dir != null && Files.isExecutable(Path.of(dir, name)), "set ANYRAY_REAL_TOOLS to run the real " + name);
        return Path.of(dir, name);
    }

    /** A tool that needs Node 24 (.ci/run installs it from npm, with the tool, into ANYRAY_REAL_TOOLS_NODE24, whose node comes first on the tool's PATH). */
    static Path tool24(String name) {
        String dir = System.getenv("ANYRAY_REAL_TOOLS_NODE24");
        Assumptions.assumeTrue(dir != null && Files.isExecutable(Path.of(dir, name)) && Files.isExecutable(Path.of(dir, "node")),
                "set ANYRAY_REAL_TOOLS_NODE24 to run the real " + name + " (it needs Node 24; .ci/run installs both)");
        return Path.of(dir, name);
    }

    static void runTool(TempHome home, List<String> command) throws Exception {
        runTool(home, Map.of(), command);
    }

    /**
     * Runs a real tool with the temporary HOME, no network but the test gateway (telemetry and update
     * checks off), and stops it and every process it started, by process id, when it is done.
     */
    static void runTool(TempHome home, Map<String, String> env, List<String> command) throws Exception {
        runTool(home, env, command, 110);
    }

    /** As above, waiting up to {@code seconds} for the tool (inside the test's own time limit). */
    static void runTool(TempHome home, Map<String, String> env, List<String> command, int seconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.root().toFile()).redirectErrorStream(true)
                .redirectOutput(home.path("tool-output.txt").toFile());
        // Nothing of the developer's environment (an exported ANTHROPIC_AUTH_TOKEN would change what the tool sends).
        builder.environment().clear();
        builder.environment().putAll(Cli.environment(home, Map.of()));
        builder.environment().put("PATH", new java.io.File(command.get(0)).getParent() + ":/usr/local/bin:/usr/bin:/bin");
        builder.environment().putAll(Map.of("DISABLE_TELEMETRY", "1", "DISABLE_AUTOUPDATER", "1", "OPENCODE_DISABLE_AUTOUPDATE", "1",
                "OPENCODE_DISABLE_MODELS_FETCH", "1", "KILO_TELEMETRY_LEVEL", "off", "KILO_DISABLE_AUTOUPDATE", "1", "NO_UPDATE_NOTIFIER", "1"));
        // Kilo (an opencode fork) has its own names: without them it fetches the model catalogue, default
        // plugins and language servers first, which under the suite's load took it past the deadline.
        for (String off : List.of("KILO_DISABLE_MODELS_FETCH", "KILO_DISABLE_DEFAULT_PLUGINS", "KILO_DISABLE_LSP_DOWNLOAD", "KILO_DISABLE_SHARE",
                "KILO_DISABLE_CODEBASE_INDEXING", "KILO_DISABLE_PRESENCE", "KILO_DISABLE_SESSION_INGEST", "OPENCODE_DISABLE_DEFAULT_PLUGINS", "OPENCODE_DISABLE_LSP_DOWNLOAD")) {
            builder.environment().put(off, "1");
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        List<ProcessHandle> started = new java.util.ArrayList<>();
        // A slow start under the full suite's load (a loaded 2-core machine) is not a failure: up to 110 s, inside the 120 s test limit.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (process.isAlive() && System.nanoTime() < deadline) {
            process.descendants().forEach(p -> { if (!started.contains(p)) started.add(p); });
            Thread.sleep(100);
        }
        process.descendants().forEach(started::add);
        process.destroyForcibly();
        started.forEach(ProcessHandle::destroyForcibly);
        // Daemons that detached (Cline's hub) are found by the HOME this test gave them, and stopped by process id.
        String mine = "HOME=" + home.root() + "\0";
        java.util.function.Supplier<List<ProcessHandle>> left = () -> ProcessHandle.allProcesses().filter(p -> environ(p).contains(mine)).toList();
        left.get().forEach(ProcessHandle::destroyForcibly);
        // The harness's own promise, for every tool: nothing it started outlives the test.
        long stopBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!left.get().isEmpty() && System.nanoTime() < stopBy) Thread.sleep(100);
        List<ProcessHandle> still = left.get();
        assertTrue(still.isEmpty(), "processes the tool started are still running: " + still.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
    }

    /** A real tool found in the environment set up by a sourced shell profile (tools configured by environment variables). */
    static List<String> inLoginShell(TempHome home, String... command) {
        StringBuilder quoted = new StringBuilder();
        for (String part : command) quoted.append(" '").append(part.replace("'", "'\\''")).append("'");
        return List.of("/bin/bash", "-c", "source \"$HOME/.bashrc\" && exec" + quoted);
    }

    static final String TOOL_KEY = "ark_realToolKey0123456789abcd";

    /** Connects {@code tool} with a personal key the gateway accepts, so it can also list its models. */
    static void connect(TempHome home, TestGateway gw, String tool, String... extra) {
        gw.acceptKey(TOOL_KEY);
        List<String> args = new java.util.ArrayList<>(List.of("--yes", "--tools", tool, "--gateway", gw.url(), "--user", tool.split(",")[0] + "@example.com", "--team", "qa"));
        args.addAll(List.of(extra));
        Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", TOOL_KEY), args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
    }

    /** The request reached the gateway with the key (as a bearer or, on Anthropic-protocol calls, x-api-key) and the attribution. */
    static void assertAttributed(TestGateway.Request request, String tool) {
        String bearer = request.header("authorization");
        String apiKey = request.header("x-api-key");
        assertTrue(("Bearer " + TOOL_KEY).equals(bearer) || TOOL_KEY.equals(apiKey), "key: " + request.headers());
        assertEquals("{\"user\":\"" + tool + "@example.com\",\"team\":\"qa\"}", request.header("x-anyray-metadata"));
    }

    /** The first request to any of {@code paths}. */
    static TestGateway.Request requireAny(TestGateway gw, TempHome home, String... paths) {
        for (TestGateway.Request q : gw.requests) if (List.of(paths).contains(q.path()) && q.method().equals("POST")) return q;
        throw new AssertionError("the tool sent nothing to " + List.of(paths) + ": " + home.read("tool-output.txt"));
    }

    @Test
    void opencodeRoutesTheUsersOwnModelChoiceThroughTheGatewayAndRevertRestoresItsFolder() throws Exception {
        Path opencode = tool("opencode");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(".config/opencode/opencode.jsonc", "// mine\n{\n  \"autoupdate\": false, // no updates\n  \"share\": \"disabled\",\n}\n");
            var before = home.snapshot();
            connect(home, gw, "opencode");
            assertTrue(home.read(".config/opencode/opencode.jsonc").contains("// no updates"));
            // The openai provider (bearer) here; the same anthropic provider entry is proven with Kilo, opencode's fork (x-api-key).
            runTool(home, List.of(opencode.toString(), "run", "-m", "openai/gpt-5", "say hi"));
            assertAttributed(requireAny(gw, home, "/v1/responses", "/v1/chat/completions"), "opencode");
            assertEquals(0, Cli.run(home, "--revert", "--yes", "--tools", "opencode").exit());
            assertEquals(before.get(".config/opencode/opencode.jsonc"), home.snapshot().get(".config/opencode/opencode.jsonc"));
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(300)
    void kiloSendsTheKeyAndMetadataAndRevertKeepsWhatKiloAdded() throws Exception {
        Path kilo = tool("kilo");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.mkdir(".config/kilo");
            connect(home, gw, "kilo");
            // Kilo takes some 17 s to start on an idle 2-core machine (its single binary, its database):
            // several times that under the suite's load.
            runTool(home, Map.of(), List.of(kilo.toString(), "run", "-m", "anthropic/claude-sonnet-4-5", "say hi"), 280);
            assertAttributed(requireAny(gw, home, "/v1/messages"), "kilo");
            String afterKilo = home.read(".config/kilo/kilo.json");
            Cli.Result revert = Cli.run(home, "--revert", "--yes", "--tools", "kilo");
            assertEquals(0, revert.exit(), revert.toString());
            if (home.exists(".config/kilo/kilo.json")) {
                String left = home.read(".config/kilo/kilo.json");
                assertFalse(left.contains("baseURL") || left.contains(TOOL_KEY), left);
            } else {
                assertFalse(afterKilo.contains("$schema"), "a file Kilo added to is kept: " + afterKilo);
            }
        }
    }

    @Test
    void qwenCodeSendsTheKeyAndMetadataWithTheGatewaysModel() throws Exception {
        Path qwen = tool("qwen");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(".qwen/settings.json", "{\n  \"$version\": 4,\n  \"privacy\": { \"usageStatisticsEnabled\": false },\n  \"telemetry\": { \"enabled\": false },\n"
                    + "  \"general\": { \"enableAutoUpdate\": false }\n}\n");
            var before = home.snapshot();
            connect(home, gw, "qwen-code");
            assertTrue(home.read(".qwen/settings.json").contains("\"name\": \"test-model\""), home.read(".qwen/settings.json"));
            runTool(home, List.of(qwen.toString(), "say hi"));
            TestGateway.Request request = requireAny(gw, home, "/v1/chat/completions", "/v1/responses");
            assertAttributed(request, "qwen-code");
            assertTrue(request.body().contains("test-model"), request.body());
            assertEquals(0, Cli.run(home, "--revert", "--yes", "--tools", "qwen-code").exit());
            var after = home.snapshot();
            assertEquals(before.get(".qwen/settings.json"), after.get(".qwen/settings.json"));
        }
    }

    @Test
    void piUsesTheGatewayWithNoFlagsInAFreshHomeAndRevertKeepsTheUsersProviders() throws Exception {
        Path pi = tool24("pi");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(".pi/agent/models.json", "{\n  \"providers\": {\n    \"mine\": {\"baseUrl\": \"http://127.0.0.1:9/v1\", \"api\": \"openai-completions\", \"models\": [{\"id\": \"my-model\"}]}\n  }\n}\n");
            var before = home.snapshot();
            connect(home, gw, "pi");
            String written = home.read(".pi/agent/models.json");
            assertTrue(written.contains("\"mine\"") && written.contains("\"id\": \"test-model\""), written);
            runTool(home, Map.of("PI_OFFLINE", "1", "PI_TELEMETRY", "0"), List.of(pi.toString(), "-p", "say hi"));
            TestGateway.Request request = requireAny(gw, home, "/v1/chat/completions");
            assertAttributed(request, "pi");
            assertTrue(request.body().contains("test-model"), request.body());
            assertEquals(written, home.read(".pi/agent/models.json"), "Pi rewrote its models file");
            assertEquals(0, Cli.run(home, "--revert", "--yes", "--tools", "pi").exit());
            assertEquals(before.get(".pi/agent/models.json"), home.snapshot().get(".pi/agent/models.json"));
        }
    }

    @Test
    void kimiCodeUsesTheGatewayAsItsDefaultModelAndRevertLeavesItsOwnState() throws Exception {
        Path kimi = tool24("kimi");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(".kimi-code/config.toml", "# mine\ntelemetry = false\n");
            var before = home.snapshot();
            connect(home, gw, "kimi-code");
            String written = home.read(".kimi-code/config.toml");
            assertTrue(written.startsWith("# mine\ntelemetry = false\n") && written.contains("default_model = \"anyray\""), written);
            runTool(home, Map.of("KIMI_CODE_NO_AUTO_UPDATE", "1"), List.of(kimi.toString(), "-p", "say hi"));
            TestGateway.Request request = requireAny(gw, home, "/v1/chat/completions", "/v1/responses");
            assertAttributed(request, "kimi-code");
            assertTrue(request.body().contains("test-model"), request.body());
            assertEquals(written, home.read(".kimi-code/config.toml"), "Kimi rewrote its config");
            assertEquals(0, Cli.run(home, "--revert", "--yes", "--tools", "kimi-code").exit());
            assertEquals(before.get(".kimi-code/config.toml"), home.snapshot().get(".kimi-code/config.toml"));
            assertTrue(home.exists(".kimi-code/device_id") || home.exists(".kimi-code/logs"), "Kimi's own state stays");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(240)
    void openClawUsesTheGatewayAsItsDefaultModelAndKeepsTheUsersComments() throws Exception {
        Path openclaw = tool24("openclaw");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(".openclaw/openclaw.json", "// mine (JSON5)\n{\n  \"gateway\": { \"mode\": \"local\" }, // stays\n}\n");
            var before = home.snapshot();
            connect(home, gw, "openclaw");
            String written = home.read(".openclaw/openclaw.json");
            assertTrue(written.contains("// stays") && written.contains("\"primary\": \"anyray/test-model\""), written);
            runTool(home, Map.of(), List.of(openclaw.toString(), "agent", "--local", "--message", "say hi"), 200);
            TestGateway.Request request = requireAny(gw, home, "/v1/chat/completions", "/v1/responses");
            assertAttributed(request, "openclaw");
            assertTrue(request.body().contains("test-model"), request.body());
            assertEquals(written, home.read(".openclaw/openclaw.json"), "OpenClaw rewrote its config");
            assertEquals(0, Cli.run(home, "--revert", "--yes", "--tools", "openclaw").exit());
            assertEquals(before.get(".openclaw/openclaw.json"), home.snapshot().get(".openclaw/openclaw.json"));
        }
    }

    @Test
    void clineSendsTheKeyAndMetadata() throws Exception {
        Path cline = tool("cline");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(".cline/data/settings/global-settings.json", "{\"telemetryOptOut\": true, \"autoUpdateEnabled\": false}\n");
            connect(home, gw, "cline");
            runTool(home, List.of(cline.toString(), "say hi", "--retries", "1"));
            TestGateway.Request request = requireAny(gw, home, "/v1/chat/completions", "/v1/responses");
            assertAttributed(request, "cline");
            assertTrue(request.body().contains("test-model"), request.body());
            Cli.Result revert = Cli.run(home, "--revert", "--yes", "--tools", "cline");
            assertEquals(0, revert.exit(), revert.toString());
            if (home.exists(".cline/data/settings/providers.json")) {
                String left = home.read(".cline/data/settings/providers.json");
                assertFalse(left.contains(TOOL_KEY) || left.contains(gw.url()), left);
            }
        }
    }

    static String environ(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "environ")), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    @Test
    void factoryDroidSendsTheKeyAndMetadataThroughTheCustomModelConnectAdded() throws Exception {
        Path droid = tool("droid");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String mine = "{\n  \"customModels\": [\n    {\"model\": \"m\", \"displayName\": \"Mine\", \"baseUrl\": \"http://127.0.0.1:9\", \"apiKey\": \"k\", \"provider\": \"anthropic\"}\n  ]\n}\n";
            home.write(".factory/settings.json", mine);
            connect(home, gw, "factory-droid");
            runTool(home, List.of(droid.toString(), "exec", "-m", "custom:Anyray-gateway-1", "say hi"));
            TestGateway.Request request = requireAny(gw, home, "/v1/chat/completions", "/v1/responses");
            assertAttributed(request, "factory-droid");
            assertEquals(0, Cli.run(home, "--revert", "--yes", "--tools", "factory-droid").exit());
            String left = home.read(".factory/settings.json");
            assertTrue(left.contains("\"Mine\"") && !left.contains("Anyray gateway") && !left.contains(TOOL_KEY), left);
        }
    }

    @Test
    void continueCliUsesTheFirstModelEntryAndSendsTheKeyAndMetadata() throws Exception {
        Path cn = tool("cn");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            String mine = "# mine\nname: Mine\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: Local\n    provider: ollama\n    model: llama3\n";
            home.write(".continue/config.yaml", mine);
            connect(home, gw, "continue");
            assertFalse(home.read(".continue/config.yaml").contains(TOOL_KEY), "config.yaml refers to the secret; .env holds it");
            assertTrue(home.read(".continue/.env").contains("ANYRAY_API_KEY=" + TOOL_KEY));
            assertEquals("rw-------", home.mode(".continue/.env"));
            runTool(home, List.of(cn.toString(), "-p", "say hi"));
            TestGateway.Request request = requireAny(gw, home, "/v1/chat/completions", "/v1/responses");
            assertAttributed(request, "continue");
            assertEquals(0, Cli.run(home, "--revert", "--yes", "--tools", "continue").exit());
            assertEquals(mine, home.read(".continue/config.yaml"));
            assertFalse(home.exists(".continue/.env"), "the .env connect created is gone");
        }
    }

    @Test
    void copilotCliReadsItsBlockFromTheShellProfileAndSendsTheKeyAndMetadata() throws Exception {
        Path copilot = tool("copilot");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.write(".bashrc", "# rc\n");
            connect(home, gw, "copilot-cli,shell-env");
            assertTrue(home.read(".bashrc").contains("COPILOT_MODEL='test-model'"), home.read(".bashrc"));
            assertFalse(home.read(".bashrc").contains(TOOL_KEY), "the key is read from its owner-only file, never inlined");
            runTool(home, inLoginShell(home, copilot.toString(), "-p", "say hi", "--allow-all-tools"));
            assertAttributed(requireAny(gw, home, "/v1/chat/completions", "/v1/responses"), "copilot-cli");
            assertEquals(0, Cli.run(home, "--revert", "--yes").exit());
            assertEquals("# rc\n", home.read(".bashrc"));
        }
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

    /**
     * The real binaries read what connect made of generated documents (comments everywhere, empty
     * containers, non-BMP characters, CRLF…): the same generators as {@link GeneratedDocumentsTest}, a
     * few documents per tool, each connected and then used for one request that must reach the gateway.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"opencode", "continue", "codex"})
    // Two tool runs in a row: opencode alone needs about 8 s of CPU to start, and the suite runs four classes at once on two cores.
    @org.junit.jupiter.api.Timeout(240)
    void theRealToolsReadWhatConnectWroteIntoGeneratedDocuments(String tool) throws Exception {
        Path binary = tool(switch (tool) { case "continue" -> "cn"; default -> tool; });
        java.util.Random rnd = new java.util.Random(11);
        int done = 0;
        for (int attempt = 0; done < 2 && attempt < 50; attempt++) {
            GeneratedDocumentsTest.Generated doc = switch (tool) {
                case "opencode" -> new GeneratedDocumentsTest.JsonGen(rnd, true, "opencode").schemaValid().document();
                case "continue" -> new GeneratedDocumentsTest.YamlGen(rnd, "continue").document();
                default -> new GeneratedDocumentsTest.TomlGen(rnd, "model_providers", false).document();
            };
            if (doc.refused()) continue;
            try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
                String file = switch (tool) { case "opencode" -> ".config/opencode/opencode.json"; case "continue" -> ".continue/config.yaml"; default -> ".codex/anyray.config.toml"; };
                home.write(file, doc.text());
                connect(home, gw, tool);
                runTool(home, switch (tool) {
                    case "opencode" -> List.of(binary.toString(), "run", "-m", "openai/gpt-5", "say hi");
                    case "continue" -> List.of(binary.toString(), "-p", "say hi");
                    default -> List.of(binary.toString(), "exec", "--skip-git-repo-check", "--profile", "anyray", "say hi");
                });
                TestGateway.Request request = requireAny(gw, home, "/v1/responses", "/v1/chat/completions");
                assertAttributed(request, tool);
                assertEquals(0, Cli.run(home, "--revert", "--yes", "--tools", tool).exit());
                done++;
            } catch (AssertionError e) {
                throw new AssertionError(tool + " on a generated document:\n" + doc.text() + "\n--- " + e.getMessage(), e);
            }
        }
        assertEquals(2, done, "two generated documents went through " + tool);
    }

    @Test
    void codexSendsTheMetadataHeaderAndTheKeyToTheGateway() throws Exception {
        Path codex = tool("codex");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            home.mkdir(".codex");
            gw.acceptKey("ark_realCodexKey0123456789");
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
            gw.acceptKey("ark_realClaudeKey0123456789");
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
            // A seat sign-in that merely looks current (shared/tool-configs/README.md) makes Claude Code send the seat token.
            long expires = System.currentTimeMillis() + 3_600_000L;
            home.write(".claude/.credentials.json", "{\"claudeAiOauth\": {\"accessToken\": \"sk-ant-oat01-seatTokenForTests\", \"refreshToken\": \"r\", "
                    + "\"expiresAt\": " + expires + ", \"scopes\": [\"user:inference\", \"user:profile\"], \"subscriptionType\": \"max\"}}");
            Files.setPosixFilePermissions(home.path(".claude/.credentials.json"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            gw.acceptKey("ark_realSubscription0123456789");
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_realSubscription0123456789"), "--yes", "--tools", "claude-code", "--subscription",
                    "--gateway", gw.url(), "--user", "seat@example.com");
            assertEquals(0, r.exit(), r.toString());
            runTool(home, List.of(claude.toString(), "-p", "say hi"));
            TestGateway.Request request = requireRequest(gw, "/v1/messages", home);
            assertEquals("passthrough", request.header("x-anyray-auth-mode"));
            assertEquals("{\"user\":\"seat@example.com\"}", request.header("x-anyray-metadata"));
            assertEquals("ark_realSubscription0123456789", request.header("x-anyray-api-key"));
            assertTrue(request.header("authorization") == null || !request.header("authorization").contains("ark_"));
            assertEquals("Bearer sk-ant-oat01-seatTokenForTests", request.header("authorization"), "the seat token stays the bearer");
        }
    }

    @Test
    void codexInSubscriptionModeSendsTheSeatTokenWithPassthroughAndTheCustomHost() throws Exception {
        Path codex = tool("codex");
        try (TempHome home = new TempHome(); TestGateway gw = new TestGateway()) {
            // A ChatGPT sign-in that merely looks current (shared/tool-configs/README.md): an unsigned JWT an hour from expiry.
            java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
            long exp = System.currentTimeMillis() / 1000 + 3600;
            String claims = "{\"exp\": " + exp + ", \"email\": \"seat@example.com\", \"https://api.openai.com/auth\": "
                    + "{\"chatgpt_account_id\": \"acct-123\", \"chatgpt_plan_type\": \"plus\"}}";
            String jwt = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "." + b64.encodeToString(claims.getBytes()) + ".sig";
            home.write(".codex/auth.json", "{\"OPENAI_API_KEY\": null, \"tokens\": {\"id_token\": \"" + jwt + "\", \"access_token\": \"" + jwt
                    + "\", \"refresh_token\": \"r\", \"account_id\": \"acct-123\"}, \"last_refresh\": \"" + java.time.Instant.now() + "\"}");
            gw.acceptKey("ark_codexSeat0123456789");
            Cli.Result r = Cli.run(home, Map.of("ANYRAY_CLIENT_KEY", "ark_codexSeat0123456789"), "--yes", "--tools", "codex", "--subscription",
                    "--gateway", gw.url(), "--user", "seat@example.com");
            assertEquals(0, r.exit(), r.toString());
            runTool(home, List.of(codex.toString(), "exec", "--skip-git-repo-check", "--profile", "anyray", "say hi"));
            TestGateway.Request request = requireRequest(gw, "/v1/responses", home);
            assertEquals("Bearer " + jwt, request.header("authorization"), "the seat token is the bearer");
            assertEquals("passthrough", request.header("x-anyray-auth-mode"));
            assertEquals("ark_codexSeat0123456789", request.header("x-anyray-api-key"));
            assertEquals("https://chatgpt.com/backend-api/codex", request.header("x-anyray-custom-host"));
            assertEquals("{\"user\":\"seat@example.com\"}", request.header("x-anyray-metadata"));
        }
    }
}
