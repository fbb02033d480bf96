package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.JsonDocument;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.engine.ToolSpec.Can;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.model.AuthMode;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Text;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Claude Code reads {@code ${CLAUDE_CONFIG_DIR:-~/.claude}/settings.json} (strict JSON); its {@code env}
 * object is applied to every session. Connect owns three keys there:
 * <ul>
 *   <li>{@code ANTHROPIC_BASE_URL}: the gateway URL (Anthropic style, no {@code /v1});</li>
 *   <li>{@code ANTHROPIC_AUTH_TOKEN}: the key, sent as {@code Authorization: Bearer} (not in subscription
 *       mode, where Claude Code's own seat sign-in must stay the bearer);</li>
 *   <li>{@code ANTHROPIC_CUSTOM_HEADERS}: one {@code Name: Value} per line ({@code x-anyray-metadata}, …);</li>
 *   <li>{@code CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY=1}: the {@code /model} picker lists the gateway's models.</li>
 * </ul>
 * Claude Code rewrites this file itself (and may reorder it), so revert works key by key.
 */
public final class ClaudeCodeAdapter extends FileToolAdapter {
    static final KeyPath ENV = KeyPath.of("env");
    static final KeyPath BASE_URL = ENV.child("ANTHROPIC_BASE_URL");
    static final KeyPath AUTH_TOKEN = ENV.child("ANTHROPIC_AUTH_TOKEN");
    static final KeyPath CUSTOM_HEADERS = ENV.child("ANTHROPIC_CUSTOM_HEADERS");
    static final KeyPath API_KEY_HELPER = KeyPath.of("apiKeyHelper");

    public ClaudeCodeAdapter() {
        super(ToolSpec.of("claude-code", "Claude Code").command("claude").folder("CLAUDE_CONFIG_DIR", ".claude")
                .can(Can.RUN_KEY_COMMAND, Can.PASS_SEAT_SIGN_IN, Can.TRUST_CA_FROM_ITS_FILE));
    }
    /** Makes Claude Code's /model picker list the gateway's models. */
    static final KeyPath MODEL_DISCOVERY = ENV.child("CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY");
    /** Added to Node's roots (Claude Code copies settings env into its process early enough for Node to read it). */
    static final KeyPath EXTRA_CA = ENV.child("NODE_EXTRA_CA_CERTS");


    @Override
    protected Path file(Environment env) {
        return home(env).resolve("settings.json");
    }

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        return new JsonDocument(text, false, shown).requireObject(ENV);
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        Map<KeyPath, Object> want = new LinkedHashMap<>();
        want.put(BASE_URL, ctx.gateway().anthropicBaseUrl());
        // With the key in the OS keychain, Claude Code runs the helper (and sends its output as the bearer and
        // x-api-key); ANTHROPIC_AUTH_TOKEN would take precedence over it, so it must not be set.
        boolean helper = ctx.keyViaHelper() && !ctx.subscription();
        want.put(AUTH_TOKEN, ctx.subscription() || helper ? null : ctx.key().reveal());
        // Claude Code runs apiKeyHelper through /bin/sh (cmd.exe on Windows): a bare path breaks on a HOME with a space, $ or a quote.
        want.put(API_KEY_HELPER, helper ? Text.commandWord(ctx.env(), ctx.keyAccess().helper().toString()) : null);
        StringBuilder headers = new StringBuilder();
        ctx.gatewayHeaders().forEach((k, v) -> headers.append(headers.length() == 0 ? "" : "\n").append(k).append(": ").append(v));
        want.put(CUSTOM_HEADERS, headers.toString());
        want.put(MODEL_DISCOVERY, "1");
        // Only with a CA: without one, a NODE_EXTRA_CA_CERTS of the user's own is theirs and stays untouched.
        if (ctx.caFile() != null) want.put(EXTRA_CA, ctx.caFile());
        return want;
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        if (foreign.contains(AUTH_TOKEN)) {
            plan.warnings.add(shown + " sets env.ANTHROPIC_AUTH_TOKEN, which overrides your Claude subscription sign-in; remove it to use your seat");
        }
        if (doc.get(ENV.child("ANTHROPIC_API_KEY")) != null) {
            plan.warnings.add(shown + " also sets env.ANTHROPIC_API_KEY; Claude Code may send it instead of the gateway key, remove it");
        }
        if (ctx.keyViaHelper() && ctx.subscription()) {
            plan.notes.add("subscription mode sends the personal key as a static x-anyray-api-key header, so " + shown + " holds it (owner-only)");
        }
        if (foreign.contains(API_KEY_HELPER) && !ctx.subscription()) {
            plan.warnings.add(shown + " has an apiKeyHelper, whose key may be sent instead of the gateway key");
        }
    }

    @Override
    protected void describe(Environment env, Document doc, ToolStatus status) {
        Object base = doc.get(BASE_URL);
        Object token = doc.get(AUTH_TOKEN);
        String headers = doc.get(CUSTOM_HEADERS) instanceof String s ? s : "";
        status.gateway = base instanceof String s ? s : null;
        status.authMode = headers.contains("x-anyray-auth-mode: passthrough") ? AuthMode.SUBSCRIPTION : token != null ? AuthMode.GATEWAY_KEY : null;
        String key = token instanceof String s ? s : headerValue(headers, ConnectContext.API_KEY_HEADER);
        status.key = key == null ? null : ClientKey.mask(key);
        if (doc.get(API_KEY_HELPER) instanceof String helper) {
            status.authMode = headers.contains("x-anyray-auth-mode: passthrough") ? AuthMode.SUBSCRIPTION : AuthMode.GATEWAY_KEY;
            status.key = "from the keychain, through " + helper;
        }
    }

    private static String headerValue(String headers, String name) {
        for (String line : headers.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
        }
        return null;
    }
}
