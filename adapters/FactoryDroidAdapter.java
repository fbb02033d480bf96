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
 * Factory Droid reads {@code ~/.factory/settings.json}: connect owns the members it writes in one entry
 * of {@code customModels}, the one whose {@code displayName} is "Anyray gateway" ({@code model},
 * {@code baseUrl} gateway + {@code /v1}, {@code apiKey}, {@code provider: generic-chat-completion-api},
 * {@code extraHeaders}); a member the user adds to the entry is theirs and outlives a revert. The entry
 * is appended, so the user's own entries keep their positions: Droid names a custom model
 * {@code custom:<displayName with dashes>-<index>}, and the plan prints the id to select.
 */
public final class FactoryDroidAdapter extends FileToolAdapter {
    static final String NAME = "Anyray gateway";
    static final KeyPath ENTRY = KeyPath.of("customModels").entry("displayName", NAME);

    public FactoryDroidAdapter() {
        super(ToolSpec.of("factory-droid", "Factory Droid").can(Can.NEEDS_MODEL).command("droid").folder(".factory")
                .status(ENTRY.child("baseUrl"), ENTRY.child("apiKey")));
    }

    @Override
    protected Path file(Environment env) {
        return env.home().resolve(".factory/settings.json");
    }

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        return new JsonDocument(text, true, shown);
    }

    @Override
    protected String label(KeyPath path) {
        return path.last() + " of the customModels entry \"" + NAME + "\"";
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        Models.Choice model = ctx.models().choose(current.get(ENTRY) instanceof Map<?, ?> entry ? entry.get("model") : null);
        if (model == null) return Map.of();
        // Each member is owned on its own (the entry's displayName selects it): a field the user adds to
        // the entry stays with it on revert, while everything connect wrote, the key included, goes.
        Map<KeyPath, Object> fields = new LinkedHashMap<>();
        fields.put(ENTRY.child("model"), model.id());
        fields.put(ENTRY.child("baseUrl"), ctx.gateway().openAiBaseUrl());
        fields.put(ENTRY.child("apiKey"), ctx.key().reveal());
        fields.put(ENTRY.child("provider"), "generic-chat-completion-api");
        fields.put(ENTRY.child("extraHeaders"), new LinkedHashMap<>(ctx.metadataHeaders()));
        return fields;
    }

    /** The id Droid gives the entry. */
    static String modelId(Document doc) {
        int index = ((JsonDocument) doc).indexOf(ENTRY);
        return index < 0 ? null : "custom:" + NAME.replace(' ', '-') + "-" + index;
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        String id = modelId(doc);
        if (id == null) {
            plan.warnings.add(ctx.models().missingWarning(displayName()) + " (nothing was written)");
            return;
        }
        plan.notes.add("Droid names the gateway model " + id);
        plan.nextSteps.add("use it with: droid exec -m " + id + " \"…\"" + (doc.get(KeyPath.of("sessionDefaultSettings", "model")) == null
                ? ", or pick it in droid's /model menu (or set sessionDefaultSettings.model to " + id + " in " + shown + ")" : ""));
    }

    @Override
    protected void describe(Environment env, Document doc, ToolStatus status) {
        super.describe(env, doc, status);
        if (modelId(doc) != null) status.notes.add("model id: " + modelId(doc));
    }
}
