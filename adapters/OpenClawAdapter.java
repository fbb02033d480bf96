package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.JsonDocument;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.engine.ToolSpec.Can;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Models;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenClaw ({@code openclaw}): {@code $OPENCLAW_CONFIG_PATH}, else
 * {@code ${OPENCLAW_STATE_DIR:-~/.openclaw}/openclaw.json}. The provider
 * {@code models.providers.anyray} (Pi's fields: {@code baseUrl} gateway + {@code /v1}, {@code apiKey},
 * {@code api} {@code openai-completions}, {@code headers}, {@code models}) and the default model
 * {@code agents.defaults.model.primary = "anyray/<model>"}, so that {@code openclaw agent} with no
 * flags goes through the gateway; a default of the user's own stays. The file is JSON5: comments and
 * trailing commas are read and kept; a file with unquoted keys is refused, untouched. OpenClaw resolves
 * a key reference once at start, not per request, so the key is kept here (owner-only). Checked with
 * OpenClaw 2026.9.6, which leaves the file as it is.
 */
public final class OpenClawAdapter extends FileToolAdapter {
    static final KeyPath PROVIDER = KeyPath.of("models", "providers", "anyray");
    static final KeyPath PRIMARY = KeyPath.of("agents", "defaults", "model", "primary");
    static final String PREFIX = "anyray/";

    public OpenClawAdapter() {
        super(ToolSpec.of("openclaw", "OpenClaw").can(Can.NEEDS_MODEL).command("openclaw").folder("OPENCLAW_STATE_DIR", ".openclaw").caFromEnvironment("NODE_EXTRA_CA_CERTS")
                .status(PROVIDER.child("baseUrl"), PROVIDER.child("apiKey")));
    }


    @Override
    public boolean detect(Environment env) {
        return env.get("OPENCLAW_CONFIG_PATH") != null || super.detect(env);
    }

    @Override
    protected Path file(Environment env) {
        return env.get("OPENCLAW_CONFIG_PATH") != null ? env.dirFromVar("OPENCLAW_CONFIG_PATH") : home(env).resolve("openclaw.json");
    }

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        JsonDocument doc = new JsonDocument(text, true, shown);
        for (KeyPath path = PROVIDER; path != null; path = path.parent()) doc.requireObject(path);
        for (KeyPath path = PRIMARY.parent(); path != null; path = path.parent()) doc.requireObject(path);
        return doc;
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        Map<KeyPath, Object> want = new LinkedHashMap<>();
        Object primary = current.get(PRIMARY);
        Object ours = primary instanceof String s && s.startsWith(PREFIX) ? s.substring(PREFIX.length()) : null;
        Models.Choice model = ctx.models().choose(ours);
        if (model == null) return want; // a provider without a model cannot be picked
        want.put(PROVIDER.child("baseUrl"), ctx.gateway().openAiBaseUrl());
        want.put(PROVIDER.child("apiKey"), ctx.key().reveal());
        want.put(PROVIDER.child("api"), "openai-completions");
        want.put(PROVIDER.child("headers"), new LinkedHashMap<>(ctx.metadataHeaders()));
        want.put(PROVIDER.child("models"), List.of(new LinkedHashMap<>(Map.of("id", model.id(), "name", model.id()))));
        // The user's own default model stays; connect's own moves with the model rule.
        if (!(primary instanceof String s) || s.startsWith(PREFIX)) want.put(PRIMARY, PREFIX + model.id());
        return want;
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        Object primary = doc.get(PRIMARY);
        if (doc.get(PROVIDER.child("models")) == null) {
            plan.warnings.add(ctx.models().missingWarning(displayName()) + " (a provider without one cannot be picked, so nothing was written)");
            return;
        }
        boolean ours = primary instanceof String s && s.startsWith(PREFIX);
        if (!ours) plan.notes.add("your default model " + primary + " stays; pick the gateway's as anyray/<model>");
        else plan.notes.add("default model: " + primary);
        plan.nextSteps.add("start OpenClaw as usual (openclaw agent --message …, or its gateway)");
    }

    @Override
    protected void describe(Environment env, Document doc, ToolStatus status) {
        super.describe(env, doc, status);
        if (doc.get(PRIMARY) instanceof String primary) status.notes.add("default model: " + primary);
    }
}
