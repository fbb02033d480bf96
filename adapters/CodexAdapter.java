package dev.anyray.connect.adapters;

import dev.anyray.connect.core.ConfigFile;
import dev.anyray.connect.core.ConnectContext;
import dev.anyray.connect.core.ConnectException;
import dev.anyray.connect.core.ConnectState;
import dev.anyray.connect.core.ConnectState.FileRecord;
import dev.anyray.connect.core.ConnectState.Owned;
import dev.anyray.connect.core.Environment;
import dev.anyray.connect.core.FileChange;
import dev.anyray.connect.core.Ownership;
import dev.anyray.connect.core.Processes;
import dev.anyray.connect.core.ToolPlan;
import dev.anyray.connect.core.ToolStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.MutableTomlTable;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;
import org.tomlj.TomlVersion;
import org.tomlj.TomlWriteOptions;

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
 * picker, say), so edits go through tomlj 2.x, which keeps everything else, comments included, and
 * revert removes only our keys.
 */
public final class CodexAdapter implements ToolAdapter {
    static final String PROFILE = "anyray";
    static final String CHATGPT_CODEX_HOST = "https://chatgpt.com/backend-api/codex";
    static final String CUSTOM_HOST_HEADER = "x-anyray-custom-host";
    private static final int[] MIN_VERSION = {0, 134, 0};
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final List<String> PROVIDER = List.of("model_providers", PROFILE);

    @Override
    public String id() {
        return "codex";
    }

    @Override
    public String displayName() {
        return "Codex CLI";
    }

    static Path codexHome(Environment env) {
        return env.dirFromVar("CODEX_HOME", ".codex");
    }

    static Path profilePath(Environment env) {
        return codexHome(env).resolve(PROFILE + ".config.toml");
    }

    @Override
    public boolean detect(Environment env) {
        return Files.isDirectory(codexHome(env)) || env.onPath("codex");
    }

    /** Our settings, as TOML key paths; a null value means "must not be set" in this mode. */
    private static Map<List<String>, Object> desired(ConnectContext ctx) {
        Map<List<String>, Object> want = new LinkedHashMap<>();
        want.put(List.of("model_provider"), PROFILE);
        want.put(provider("name"), "Anyray gateway");
        want.put(provider("base_url"), ctx.gateway().openAiBaseUrl());
        want.put(provider("wire_api"), "responses");
        MutableTomlTable headers = MutableTomlTable.createInline();
        ctx.gatewayHeaders().forEach(headers::set);
        if (ctx.subscription()) headers.set(CUSTOM_HOST_HEADER, CHATGPT_CODEX_HOST);
        want.put(provider("http_headers"), headers);
        want.put(provider("experimental_bearer_token"), ctx.subscription() ? null : ctx.key().reveal());
        want.put(provider("requires_openai_auth"), ctx.subscription() ? Boolean.TRUE : null);
        return want;
    }

    private static List<String> provider(String key) {
        return List.of("model_providers", PROFILE, key);
    }

    @Override
    public ToolPlan plan(ConnectContext ctx, ConnectState state) {
        Environment env = ctx.env();
        ToolPlan plan = new ToolPlan(id(), displayName());
        ConfigFile file = ConfigFile.read(profilePath(env), env);
        String original = file.text();
        TomlParseResult doc = parse(original, file);
        String pathKey = Records.key(file.path());
        ConnectState.ToolRecord earlierTool = state.tool(id());
        FileRecord earlier = earlierTool == null ? null : earlierTool.file(pathKey);
        Map<String, Owned> owned = new LinkedHashMap<>(earlier != null && earlier.owned() != null ? earlier.owned() : Map.of());

        List<String> summary = new ArrayList<>();
        for (Map.Entry<List<String>, Object> want : desired(ctx).entrySet()) {
            List<String> path = want.getKey();
            String name = String.join(".", path);
            Object current = doc.get(path);
            Owned ours = owned.get(name);
            if (want.getValue() == null) {
                if (current != null && ours != null && Ownership.untouched(ours, canonical(current), state)) {
                    doc.remove(path);
                    summary.add("remove " + name);
                }
                if (ours != null) owned.put(name, Ownership.release(ours));
                continue;
            }
            owned.put(name, Ownership.claim(ours, current == null ? null : valueText(current), canonical(want.getValue()), state));
            if (current == null || !canonical(current).equals(canonical(want.getValue()))) {
                if (path.size() == 1) {
                    doc.set(path, want.getValue());
                } else {
                    doc.getOrCreateTable(PROVIDER).set(path.get(2), want.getValue());
                }
                summary.add((current == null ? "add " : "set ") + name + " = " + shown(ctx, valueText(want.getValue()).substring("v = ".length())));
            }
        }
        String after = summary.isEmpty() ? original : doc.toToml(toml10());
        FileChange change = file.change(after, Records.modeFor(ctx, file, after), summary);
        plan.change(change);

        warnAboutCodex(env, plan);
        plan.notes.add("start Codex with: codex --profile " + PROFILE);
        if (ctx.subscription()) plan.notes.add("subscription mode: sign in to Codex with your ChatGPT account once (codex login)");
        return plan.record(Records.tool(ctx, Map.of(pathKey, Records.file(earlier, file, change, owned, null))));
    }

    private static String shown(ConnectContext ctx, String value) {
        return ctx.key().isPersonal() ? value.replace(ctx.key().reveal(), ctx.key().masked()) : value;
    }

    /** Codex before 0.134 ignores profile files, and a legacy [profiles] table breaks --profile on 0.134+. */
    private static void warnAboutCodex(Environment env, ToolPlan plan) {
        if (env.onPath("codex")) {
            String version = Processes.output(List.of("codex", "--version"), 5000);
            int[] found = version == null ? null : parseVersion(version);
            if (found != null && compare(found, MIN_VERSION) < 0) {
                plan.warnings.add("codex " + found[0] + "." + found[1] + "." + found[2]
                        + " is older than 0.134 and ignores " + PROFILE + ".config.toml; update it (npm install -g @openai/codex)");
            }
        }
        Path config = codexHome(env).resolve("config.toml");
        if (!Files.isRegularFile(config)) return;
        try {
            String text = ConfigFile.read(config, env).text();
            TomlParseResult parsed = Toml.parse(text);
            if (parsed.hasErrors()) {
                plan.warnings.add(env.display(config) + " does not parse as TOML (" + parsed.errors().get(0).getMessage() + "); Codex will fail to start until it is fixed");
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
    public ToolPlan planRevert(Environment env, ConnectState state) {
        ConnectState.ToolRecord record = state.tool(id());
        if (record == null) return ToolPlan.nothingToRevert(id(), displayName());
        ToolPlan plan = new ToolPlan(id(), displayName());
        for (Map.Entry<String, FileRecord> entry : record.files().entrySet()) {
            FileRecord fileRecord = entry.getValue();
            ConfigFile file = ConfigFile.read(Path.of(entry.getKey()), env);
            if (!file.exists()) {
                plan.notes.add(file.shown() + " is gone already");
                continue;
            }
            String original = file.text();
            TomlParseResult doc = parse(original, file);
            List<String> summary = new ArrayList<>();
            Map<String, Owned> owned = fileRecord.owned() == null ? Map.of() : fileRecord.owned();
            for (Map.Entry<String, Owned> own : owned.entrySet()) {
                List<String> path = List.of(own.getKey().split("\\.", 3));
                Object current = doc.get(path);
                if (!Ownership.untouched(own.getValue(), current == null ? null : canonical(current), state)) {
                    plan.notes.add("kept " + own.getKey() + " in " + file.shown() + ": it was changed after connect");
                    continue;
                }
                String previous = own.getValue().previous();
                if (previous == null && current != null) {
                    doc.remove(path);
                    summary.add("remove " + own.getKey());
                } else if (previous != null) {
                    Object value = Toml.parse(previous).get("v");
                    if (current == null || !canonical(current).equals(canonical(value))) {
                        if (path.size() == 1) doc.set(path, value);
                        else doc.getOrCreateTable(PROVIDER).set(path.get(2), value);
                        summary.add("restore " + own.getKey() + " to its earlier value");
                    }
                }
            }
            removeIfEmpty(doc, PROVIDER);
            removeIfEmpty(doc, List.of("model_providers"));
            String after = summary.isEmpty() ? original : doc.toToml(toml10());
            if (after.isBlank() && fileRecord.created()) {
                after = null;
                summary.add("delete the file (nothing else is in it)");
                plan.removeIfEmpty.addAll(Records.createdDirs(fileRecord));
            }
            plan.change(file.change(after, after == null ? null : Records.originalMode(fileRecord), summary));
        }
        return plan;
    }

    private static void removeIfEmpty(MutableTomlTable doc, List<String> path) {
        if (doc.isTable(path) && doc.getTable(path).isEmpty()) doc.remove(path);
    }

    @Override
    public ToolStatus status(Environment env, ConnectState state) {
        ToolStatus status = new ToolStatus(id(), displayName());
        status.detected = detect(env);
        try {
            ConfigFile file = ConfigFile.read(profilePath(env), env);
            status.files.add(file.shown());
            if (!file.exists()) return status;
            TomlParseResult doc = parse(file.text(), file);
            ConnectState.ToolRecord record = state.tool(id());
            status.connected = record != null && PROFILE.equals(doc.getString("model_provider")) && doc.isTable(PROVIDER);
            status.gateway = doc.getString(provider("base_url"));
            status.authMode = Boolean.TRUE.equals(doc.getBoolean(provider("requires_openai_auth"))) ? "subscription"
                    : doc.contains(provider("experimental_bearer_token")) ? "gateway-key" : null;
            String token = doc.getString(provider("experimental_bearer_token"));
            if (token == null && doc.isTable(provider("http_headers"))) {
                token = doc.getTable(provider("http_headers")).getString(List.of(ConnectContext.API_KEY_HEADER));
            }
            status.key = token == null ? null : ClaudeCodeAdapter.maskStored(token);
            FileRecord fileRecord = record == null ? null : record.file(Records.key(file.path()));
            if (fileRecord != null && fileRecord.owned() != null) {
                fileRecord.owned().forEach((name, owned) -> {
                    Object current = doc.get(List.of(name.split("\\.", 3)));
                    if (!Ownership.untouched(owned, current == null ? null : canonical(current), state)) {
                        status.drift.add(name + " no longer matches what connect wrote");
                    }
                });
            }
            status.notes.add("used only when Codex starts with: codex --profile " + PROFILE);
        } catch (ConnectException e) {
            status.notes.add(e.getMessage());
        }
        return status;
    }

    /** A value's meaning for comparison: a string's text, else its TOML form. */
    private static String canonical(Object value) {
        if (value instanceof String s) return s;
        if (value instanceof TomlTable table) return "table:" + table.toJson();
        return valueText(value);
    }

    /** A value as a one-key TOML document ({@code v = ...}), which is how previous values are kept. */
    private static String valueText(Object value) {
        MutableTomlTable holder = MutableTomlTable.create();
        holder.set("v", value instanceof TomlTable table && !(value instanceof MutableTomlTable) ? MutableTomlTable.copyOf(table) : value);
        return holder.toToml(toml10()).strip();
    }

    /**
     * Written as TOML 1.0: by default tomlj wraps a long inline table over several lines with a
     * trailing comma, which is TOML 1.1 and breaks parsers that only know 1.0.
     */
    private static TomlWriteOptions toml10() {
        return TomlWriteOptions.defaults().withVersion(TomlVersion.V1_0_0);
    }

    private static TomlParseResult parse(String text, ConfigFile file) {
        TomlParseResult doc = Toml.parse(text);
        if (doc.hasErrors()) {
            var error = doc.errors().get(0);
            throw new ConnectException(file.shown() + " is not valid TOML (line " + error.position().line() + ", column " + error.position().column() + ": "
                    + error.getMessage().replaceAll("\\s+", " ") + "); fix it or move it aside and run again. Nothing was changed");
        }
        if (doc.contains(PROVIDER) && !doc.isTable(PROVIDER)) {
            throw new ConnectException(file.shown() + ": model_providers.anyray must be a table; fix it and run again. Nothing was changed");
        }
        return doc;
    }
}
