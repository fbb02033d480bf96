package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.edit.TomlDocument;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.engine.ToolSpec.Can;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Models;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kimi Code ({@code kimi}): {@code ${KIMI_CODE_HOME:-~/.kimi-code}/config.toml}. A provider
 * {@code [providers.anyray]} ({@code type = "openai"}, {@code base_url} gateway + {@code /v1},
 * {@code api_key}, {@code [providers.anyray.custom_headers]}), a model alias {@code [models.anyray]}
 * for the model rule's choice, and {@code default_model = "anyray"}, so that {@code kimi} started
 * with no flags goes through the gateway; a default model of the user's own stays. Kimi reads a key
 * only from this file or an environment variable it names (no command hook), so the key is kept here,
 * owner-only. Kimi keeps its own state beside the file (logs, sessions, device id): revert leaves it.
 * Checked with Kimi Code 2.1.0.
 */
public final class KimiCodeAdapter extends FileToolAdapter {
    static final String ALIAS = "anyray";
    static final KeyPath PROVIDER = KeyPath.of("providers", "anyray");
    static final KeyPath MODEL = KeyPath.of("models", ALIAS);
    static final KeyPath DEFAULT_MODEL = KeyPath.of("default_model");

    public KimiCodeAdapter() {
        super(ToolSpec.of("kimi-code", "Kimi Code").can(Can.NEEDS_MODEL).command("kimi").folder("KIMI_CODE_HOME", ".kimi-code").caFromEnvironment("NODE_EXTRA_CA_CERTS")
                .status(PROVIDER.child("base_url"), PROVIDER.child("api_key")));
    }


    @Override
    protected Path file(Environment env) {
        return home(env).resolve("config.toml");
    }

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        return new TomlDocument(text, shown).requireTable(KeyPath.of("providers")).requireTable(PROVIDER).requireTable(KeyPath.of("models")).requireTable(MODEL);
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        Map<KeyPath, Object> want = new LinkedHashMap<>();
        Models.Choice model = ctx.models().choose(current.get(MODEL.child("model")));
        if (model == null) return want; // a model alias needs a model id
        if (!(current.get(DEFAULT_MODEL) instanceof String mine) || mine.equals(ALIAS)) want.put(DEFAULT_MODEL, ALIAS);
        want.put(PROVIDER.child("type"), "openai");
        want.put(PROVIDER.child("base_url"), ctx.gateway().openAiBaseUrl());
        want.put(PROVIDER.child("api_key"), ctx.key().reveal());
        want.put(PROVIDER.child("custom_headers"), new LinkedHashMap<>(ctx.metadataHeaders()));
        want.put(MODEL.child("provider"), ALIAS);
        want.put(MODEL.child("model"), model.id());
        want.put(MODEL.child("max_context_size"), 128000);
        return want;
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        Object model = doc.get(MODEL.child("model"));
        if (model == null) {
            plan.warnings.add(ctx.models().missingWarning(displayName()) + " (its model alias needs one, so nothing was written)");
            return;
        }
        plan.notes.add("model: " + model + " (alias " + ALIAS + ")");
        Object defaultModel = doc.get(DEFAULT_MODEL);
        if (!ALIAS.equals(defaultModel)) plan.notes.add("your default model " + defaultModel + " stays; use the gateway with: kimi -m " + ALIAS);
        plan.nextSteps.add(ALIAS.equals(defaultModel) ? "start Kimi Code as usual (kimi)" : "start Kimi Code with: kimi -m " + ALIAS);
    }
}
