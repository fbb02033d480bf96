package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.edit.TomlDocument;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.engine.ToolSpec.Can;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.io.ConfigFile;
import dev.anyray.connect.io.Processes;
import dev.anyray.connect.model.AuthMode;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Codex CLI 0.134+ layers {@code ${CODEX_HOME:-~/.codex}/<profile>.config.toml} over {@code config.toml}
 * when started with {@code codex --profile <profile>}. We write the profile {@code anyray}:
 * <pre>
 * model_provider = "anyray"
 *
 * [model_providers.anyray]
 * name = "Anyray gateway"
 * base_url = "https://gw.example/v1"
 * wire_api = "responses"                     # the only wire API Codex accepts now
 * http_headers = { x-anyray-metadata = "{\"user\":\"me@example.com\"}" }
 * experimental_bearer_token = "ark_…"        # gateway-key mode
 * requires_openai_auth = true                # subscription mode instead: the ChatGPT sign-in is the bearer
 * </pre>
 * {@code config.toml} is never written. Codex writes into an active profile file itself (the model
 * picker, say), so revert removes only our keys.
 */
public final class CodexAdapter extends FileToolAdapter {
    static final String PROFILE = "anyray";
    static final String CHATGPT_CODEX_HOST = "https://chatgpt.com/backend-api/codex";
    static final String CUSTOM_HOST_HEADER = "x-anyray-custom-host";
    private static final int[] MIN_VERSION = {0, 134, 0};
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final KeyPath PROVIDER = KeyPath.of("model_providers", PROFILE);

    public CodexAdapter() {
        // CODEX_CA_CERTIFICATE is added to Codex's roots (codex-client's custom CA transport); Codex has no config key for it.
        super(ToolSpec.of("codex", "Codex CLI").command("codex").folder("CODEX_HOME", ".codex")
                .can(Can.RUN_KEY_COMMAND, Can.PASS_SEAT_SIGN_IN).caFromEnvironment("CODEX_CA_CERTIFICATE"));
    }


    @Override
    protected Path file(Environment env) {
        return home(env).resolve(PROFILE + ".config.toml");
    }

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        return new TomlDocument(text, shown).requireTable(KeyPath.of("model_providers")).requireTable(PROVIDER);
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        Map<KeyPath, Object> want = new LinkedHashMap<>();
        want.put(KeyPath.of("model_provider"), PROFILE);
        want.put(PROVIDER.child("name"), "Anyray gateway");
        want.put(PROVIDER.child("base_url"), ctx.gateway().openAiBaseUrl());
        want.put(PROVIDER.child("wire_api"), "responses");
        Map<String, Object> headers = new LinkedHashMap<>(ctx.gatewayHeaders());
        if (ctx.subscription()) headers.put(CUSTOM_HOST_HEADER, CHATGPT_CODEX_HOST);
        want.put(PROVIDER.child("http_headers"), headers);
        // With the key in the OS keychain, Codex runs the helper (not through a shell) and refreshes it every 5 minutes;
        // experimental_bearer_token cannot be combined with it.
        boolean helper = ctx.keyViaHelper() && !ctx.subscription();
        want.put(PROVIDER.child("experimental_bearer_token"), ctx.subscription() || helper ? null : ctx.key().reveal());
        Map<String, Object> auth = new LinkedHashMap<>();
        if (helper) {
            if (ctx.env().isWindows()) {
                // Codex runs the command itself, with no shell and no variables expanded: PowerShell by its absolute path, the script as an argument.
                auth.put("command", dev.anyray.connect.io.PowerShell.windowsPowerShellExe(ctx.env()).toString());
                List<String> args = new java.util.ArrayList<>(dev.anyray.connect.io.PowerShell.QUIET);
                args.addAll(List.of("-ExecutionPolicy", "Bypass", "-File", dev.anyray.connect.io.WindowsDpapiKeyStore.helperScriptPath(ctx.env()).toString()));
                auth.put("args", args);
            } else {
                auth.put("command", ctx.keyAccess().helper().toString());
            }
            auth.put("timeout_ms", 10000);
            auth.put("refresh_interval_ms", 300000);
        }
        want.put(PROVIDER.child("auth"), helper ? auth : null);
        want.put(PROVIDER.child("requires_openai_auth"), ctx.subscription() ? Boolean.TRUE : null);
        // Codex copies its whole environment into ~/.codex/shell_snapshots/<session>.sh (mode 644) while a session
        // runs, and leaves it when killed: with a personal key that is the key the shell block exports, in plain text.
        if (ctx.key().isPersonal()) want.put(KeyPath.of("features", "shell_snapshot"), Boolean.FALSE);
        return want;
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        Environment env = ctx.env();
        Path codex = env.which("codex");
        if (codex != null) {
            String version = Processes.output(env, List.of(codex.toString(), "--version"), 5000);
            int[] found = version == null ? null : parseVersion(version);
            if (found != null && compare(found, MIN_VERSION) < 0) {
                plan.warnings.add("codex " + found[0] + "." + found[1] + "." + found[2]
                        + " is older than 0.134 and ignores " + PROFILE + ".config.toml; update it (npm install -g @openai/codex)");
            }
        }
        warnAboutConfigToml(env, plan);
        plan.nextSteps.add("start Codex with: codex --profile " + PROFILE);
        if (ctx.subscription()) plan.notes.add("subscription mode: sign in to Codex with your ChatGPT account once (codex login)");
    }

    /** A legacy [profiles] table makes --profile fail on 0.134+; a config.toml that does not parse stops Codex. */
    private void warnAboutConfigToml(Environment env, ToolPlan plan) {
        Path config = home(env).resolve("config.toml");
        if (!Files.isRegularFile(config)) return;
        try {
            TomlParseResult parsed = Toml.parse(ConfigFile.read(config, env).text());
            if (parsed.hasErrors()) {
                var error = parsed.errors().get(0);
                plan.warnings.add(env.display(config) + " does not parse as TOML (line " + error.position().line() + "); Codex will fail to start until it is fixed");
            } else if (parsed.isTable("profiles")) {
                plan.warnings.add(env.display(config) + " has a legacy [profiles] table, which makes `codex --profile` fail on Codex 0.134+; "
                        + "move each profile into its own <name>.config.toml next to it");
            }
        } catch (ConnectException e) {
            plan.warnings.add(e.getMessage());
        }
    }

    static int[] parseVersion(String text) {
        Matcher m = VERSION.matcher(text);
        if (!m.find()) return null;
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) if (a[i] != b[i]) return Integer.compare(a[i], b[i]);
        return 0;
    }

    @Override
    protected void describe(Environment env, Document doc, ToolStatus status) {
        Object base = doc.get(PROVIDER.child("base_url"));
        status.gateway = base instanceof String s ? s : null;
        Object token = doc.get(PROVIDER.child("experimental_bearer_token"));
        status.authMode = Boolean.TRUE.equals(doc.get(PROVIDER.child("requires_openai_auth"))) ? AuthMode.SUBSCRIPTION
                : token != null ? AuthMode.GATEWAY_KEY : null;
        if (token == null) token = doc.get(PROVIDER.child("http_headers").child(ConnectContext.API_KEY_HEADER));
        status.key = token instanceof String s ? ClientKey.mask(s) : null;
        if (doc.get(PROVIDER.child("auth").child("command")) instanceof String helper) {
            status.authMode = AuthMode.GATEWAY_KEY;
            status.key = "from the keychain, through " + helper;
        }
        status.notes.add("used only when Codex starts with: codex --profile " + PROFILE);
    }
}
