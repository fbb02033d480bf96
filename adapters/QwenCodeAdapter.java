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
 * Qwen Code reads {@code ${QWEN_HOME:-~/.qwen}/settings.json} (comments allowed): OpenAI auth through
 * {@code security.auth} ({@code selectedType}, {@code apiKey}, {@code baseUrl}), the model in
 * {@code model.name}, and {@code model.generationConfig.customHeaders}. A file connect creates starts
 * with {@code "$version": 4}: without it Qwen migrates the file and leaves a {@code .orig} copy.
 */
public final class QwenCodeAdapter extends FileToolAdapter {
    static final KeyPath AUTH = KeyPath.of("security", "auth");
    static final KeyPath MODEL = KeyPath.of("model", "name");

    public QwenCodeAdapter() {
        super(ToolSpec.of("qwen-code", "Qwen Code").can(Can.NEEDS_MODEL).command("qwen").folder("QWEN_HOME", ".qwen").caFromEnvironment("NODE_EXTRA_CA_CERTS")
                .status(AUTH.child("baseUrl"), AUTH.child("apiKey")));
    }

    @Override
    protected Path file(Environment env) {
        return home(env).resolve("settings.json");
    }

    @Override
    protected String template() {
        return "{\n  \"$version\": 4\n}\n";
    }

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        return new JsonDocument(text, true, shown).requireObject(KeyPath.of("security")).requireObject(AUTH).requireObject(KeyPath.of("model"))
                .requireObject(KeyPath.of("model", "generationConfig"));
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        Map<KeyPath, Object> want = new LinkedHashMap<>();
        want.put(AUTH.child("selectedType"), "openai");
        want.put(AUTH.child("apiKey"), ctx.key().reveal());
        want.put(AUTH.child("baseUrl"), ctx.gateway().openAiBaseUrl());
        Models.Choice model = ctx.models().choose(current.get(MODEL));
        if (model != null) want.put(MODEL, model.id());
        want.put(KeyPath.of("model", "generationConfig", "customHeaders"), new LinkedHashMap<>(ctx.metadataHeaders()));
        return want;
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        Models.Choice model = ctx.models().choose(null);
        Object current = doc.get(MODEL);
        if (current instanceof String s) plan.notes.add("model: " + s + (ctx.models().requested() != null ? " (--model)" : ""));
        else if (model == null) plan.warnings.add(ctx.models().missingWarning(displayName()));
        plan.nextSteps.add("start Qwen Code as usual (qwen)");
    }

    @Override
    protected void describe(Environment env, Document doc, ToolStatus status) {
        super.describe(env, doc, status);
        if (doc.get(MODEL) instanceof String s) status.notes.add("model: " + s);
    }
}
