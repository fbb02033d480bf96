package dev.anyray.connect.adapters;

import dev.anyray.connect.core.ClientKey;
import dev.anyray.connect.core.ConfigFile;
import dev.anyray.connect.core.ConnectContext;
import dev.anyray.connect.core.ConnectException;
import dev.anyray.connect.core.ConnectState;
import dev.anyray.connect.core.ConnectState.FileRecord;
import dev.anyray.connect.core.ConnectState.Owned;
import dev.anyray.connect.core.Environment;
import dev.anyray.connect.core.FileChange;
import dev.anyray.connect.core.JsonText;
import dev.anyray.connect.core.JsonText.Node;
import dev.anyray.connect.core.Ownership;
import dev.anyray.connect.core.ToolPlan;
import dev.anyray.connect.core.ToolStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Claude Code reads {@code ${CLAUDE_CONFIG_DIR:-~/.claude}/settings.json}; its {@code env} object is
 * applied to every session. We own three keys there:
 * <ul>
 *   <li>{@code ANTHROPIC_BASE_URL}: the gateway URL (Anthropic style, no {@code /v1});</li>
 *   <li>{@code ANTHROPIC_AUTH_TOKEN}: the key, sent as {@code Authorization: Bearer} (not in subscription
 *       mode, where Claude Code's own seat sign-in must stay the bearer);</li>
 *   <li>{@code ANTHROPIC_CUSTOM_HEADERS}: one {@code Name: Value} per line ({@code x-anyray-metadata}, …).</li>
 * </ul>
 * Claude Code rewrites this file itself (and may reorder it), so revert works key by key.
 */
public final class ClaudeCodeAdapter implements ToolAdapter {
    static final String BASE_URL = "ANTHROPIC_BASE_URL";
    static final String AUTH_TOKEN = "ANTHROPIC_AUTH_TOKEN";
    static final String CUSTOM_HEADERS = "ANTHROPIC_CUSTOM_HEADERS";
    private static final String NOTE_CREATED_ENV = "createdEnv";
    private static final String NOTE_ORIGINAL_TEXT = "originalText";

    @Override
    public String id() {
        return "claude-code";
    }

    @Override
    public String displayName() {
        return "Claude Code";
    }

    static Path configDir(Environment env) {
        return env.dirFromVar("CLAUDE_CONFIG_DIR", ".claude");
    }

    static Path settingsPath(Environment env) {
        return configDir(env).resolve("settings.json");
    }

    @Override
    public boolean detect(Environment env) {
        return Files.isDirectory(configDir(env)) || env.onPath("claude");
    }

    @Override
    public ToolPlan plan(ConnectContext ctx, ConnectState state) {
        Environment env = ctx.env();
        ToolPlan plan = new ToolPlan(id(), displayName());
        ConfigFile file = ConfigFile.read(settingsPath(env), env);
        String original = file.text();
        String text = original.isBlank() ? "{}" : original;
        Node root = parse(text, file);

        String pathKey = Records.key(file.path());
        FileRecord earlier = earlierRecord(state, pathKey);
        Map<String, Owned> owned = new LinkedHashMap<>(earlier != null && earlier.owned() != null ? earlier.owned() : Map.of());
        Map<String, String> notes = new LinkedHashMap<>(earlier != null && earlier.notes() != null ? earlier.notes() : Map.of());
        if (earlier == null && root.get("env") == null) notes.put(NOTE_CREATED_ENV, "true");
        if (earlier == null && file.exists() && original.isBlank()) notes.put(NOTE_ORIGINAL_TEXT, original);

        List<String> summary = new ArrayList<>();
        for (Map.Entry<String, String> want : desiredEnv(ctx).entrySet()) {
            String name = want.getKey();
            Node current = JsonText.find(parse(text, file), List.of("env", name));
            if (want.getValue() == null) {
                Owned ours = owned.get(name);
                if (current != null && ours != null && Ownership.untouched(ours, canonical(current), state)) {
                    text = JsonText.remove(text, List.of("env", name));
                    summary.add("remove env." + name + " (subscription mode keeps your Claude sign-in)");
                } else if (current != null) {
                    plan.warnings.add(file.shown() + " sets env." + name + ", which overrides your Claude subscription sign-in; remove it to use your seat");
                }
                if (ours != null) owned.put(name, Ownership.release(ours));
                continue;
            }
            owned.put(name, Ownership.claim(owned.get(name), current == null ? null : current.raw(text), want.getValue(), state));
            if (current == null || current.kind != JsonText.Kind.STRING || !current.string.equals(want.getValue())) {
                text = JsonText.set(text, List.of("env", name), JsonText.quote(want.getValue(), false));
                summary.add((current == null ? "add env." : "set env.") + name + " = " + shown(ctx, name, want.getValue()));
            }
        }
        warnAboutOverrides(ctx, parse(text, file), file, plan);

        String after = summary.isEmpty() ? original : original.isBlank() ? text + dev.anyray.connect.core.Text.lineEnding(original) : text;
        FileChange change = file.change(after, Records.modeFor(ctx, file, after), summary);
        plan.change(change);
        FileRecord record = Records.file(earlier, file, change, owned, notes);
        return plan.record(Records.tool(ctx, Map.of(pathKey, record)));
    }

    /** The env values we want; null means "must not be set by us" (the token in subscription mode). */
    private static Map<String, String> desiredEnv(ConnectContext ctx) {
        Map<String, String> want = new LinkedHashMap<>();
        want.put(BASE_URL, ctx.gateway().anthropicBaseUrl());
        want.put(AUTH_TOKEN, ctx.subscription() ? null : ctx.key().reveal());
        StringBuilder headers = new StringBuilder();
        ctx.gatewayHeaders().forEach((k, v) -> headers.append(headers.length() == 0 ? "" : "\n").append(k).append(": ").append(v));
        want.put(CUSTOM_HEADERS, headers.toString());
        return want;
    }

    private static String shown(ConnectContext ctx, String name, String value) {
        if (!ctx.key().isPersonal()) return value;
        return value.replace(ctx.key().reveal(), ctx.key().masked());
    }

    private static void warnAboutOverrides(ConnectContext ctx, Node root, ConfigFile file, ToolPlan plan) {
        Node apiKey = JsonText.find(root, List.of("env", "ANTHROPIC_API_KEY"));
        if (apiKey != null) {
            plan.warnings.add(file.shown() + " also sets env.ANTHROPIC_API_KEY; Claude Code may send it instead of the gateway key, remove it");
        }
        if (root.get("apiKeyHelper") != null && !ctx.subscription()) {
            plan.warnings.add(file.shown() + " has an apiKeyHelper, whose key may be sent instead of the gateway key");
        }
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
            String text = original;
            parse(text, file);
            List<String> summary = new ArrayList<>();
            Map<String, Owned> owned = fileRecord.owned() == null ? Map.of() : fileRecord.owned();
            for (Map.Entry<String, Owned> own : owned.entrySet()) {
                String name = own.getKey();
                Node current = JsonText.find(parse(text, file), List.of("env", name));
                if (!Ownership.untouched(own.getValue(), current == null ? null : canonical(current), state)) {
                    plan.notes.add("kept env." + name + " in " + file.shown() + ": it was changed after connect");
                    continue;
                }
                String previous = own.getValue().previous();
                if (previous == null && current != null) {
                    text = JsonText.remove(text, List.of("env", name));
                    summary.add("remove env." + name);
                } else if (previous != null && (current == null || !current.raw(text).equals(previous))) {
                    text = JsonText.set(text, List.of("env", name), previous);
                    summary.add("restore env." + name + " to its earlier value");
                }
            }
            Map<String, String> notes = fileRecord.notes() == null ? Map.of() : fileRecord.notes();
            Node envNode = parse(text, file).get("env");
            if ("true".equals(notes.get(NOTE_CREATED_ENV)) && envNode != null && envNode.kind == JsonText.Kind.OBJECT && envNode.members.isEmpty()) {
                text = JsonText.remove(text, List.of("env"));
            }
            boolean empty = parse(text, file).members.isEmpty();
            String after = text;
            if (empty && fileRecord.created()) {
                after = null;
                summary.add("delete the file (connect created it)");
                plan.removeIfEmpty.addAll(Records.createdDirs(fileRecord));
            } else if (empty && notes.containsKey(NOTE_ORIGINAL_TEXT)) {
                after = notes.get(NOTE_ORIGINAL_TEXT);
            }
            plan.change(file.change(after, after == null ? null : Records.originalMode(fileRecord), summary));
        }
        return plan;
    }

    @Override
    public ToolStatus status(Environment env, ConnectState state) {
        ToolStatus status = new ToolStatus(id(), displayName());
        status.detected = detect(env);
        ConfigFile file;
        Node root;
        try {
            file = ConfigFile.read(settingsPath(env), env);
            status.files.add(file.shown());
            if (!file.exists()) return status;
            String text = file.text();
            root = text.isBlank() ? parse("{}", file) : parse(text, file);
        } catch (ConnectException e) {
            status.notes.add(e.getMessage());
            return status;
        }
        Node base = JsonText.find(root, List.of("env", BASE_URL));
        Node token = JsonText.find(root, List.of("env", AUTH_TOKEN));
        Node headers = JsonText.find(root, List.of("env", CUSTOM_HEADERS));
        String headerText = headers != null && headers.string != null ? headers.string : "";
        ConnectState.ToolRecord record = state.tool(id());
        status.connected = record != null && base != null;
        status.gateway = base == null ? null : base.string;
        status.authMode = headerText.contains("x-anyray-auth-mode: passthrough") ? "subscription" : token != null ? "gateway-key" : null;
        String key = token != null && token.string != null ? token.string : headerValue(headerText, ConnectContext.API_KEY_HEADER);
        status.key = key == null ? null : maskStored(key);
        if (record != null) {
            FileRecord fileRecord = record.file(Records.key(file.path()));
            if (fileRecord != null && fileRecord.owned() != null) {
                fileRecord.owned().forEach((name, owned) -> {
                    Node current = JsonText.find(root, List.of("env", name));
                    if (!Ownership.untouched(owned, current == null ? null : canonical(current), state)) {
                        status.drift.add("env." + name + " no longer matches what connect wrote");
                    }
                });
            }
        }
        return status;
    }

    static String maskStored(String key) {
        return key.equals(ClientKey.PLACEHOLDER) ? key : ClientKey.mask(key, ClientKey.Source.KEY_FILE);
    }

    private static String headerValue(String headers, String name) {
        for (String line : headers.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
        }
        return null;
    }

    /** What a value means (a string's decoded text), so reformatting by Claude Code is not mistaken for an edit. */
    private static String canonical(Node node) {
        return node.kind == JsonText.Kind.STRING ? node.string : "raw:" + node.kind;
    }

    private static FileRecord earlierRecord(ConnectState state, String pathKey) {
        ConnectState.ToolRecord record = state.tool("claude-code");
        return record == null ? null : record.file(pathKey);
    }

    private static Node parse(String text, ConfigFile file) {
        Node root;
        try {
            root = JsonText.parse(text);
        } catch (JsonText.SyntaxError e) {
            throw new ConnectException(file.shown() + " is not valid JSON (" + dev.anyray.connect.core.Text.position(text, e.offset) + ": "
                    + e.getMessage() + "); fix it or move it aside and run again. Nothing was changed");
        }
        if (root.kind != JsonText.Kind.OBJECT) throw new ConnectException(file.shown() + " must hold a JSON object ({...}); fix it or move it aside and run again. Nothing was changed");
        Node envNode = root.get("env");
        if (envNode != null && envNode.kind != JsonText.Kind.OBJECT) {
            throw new ConnectException(file.shown() + ": \"env\" must be an object of variables; fix it and run again. Nothing was changed");
        }
        return root;
    }
}
