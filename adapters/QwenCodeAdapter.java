package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.JsonDocument;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.model.AuthMode;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Qwen Code reads {@code ~/.qwen/settings.json} (comments allowed): OpenAI auth through
 * {@code security.auth} ({@code selectedType}, {@code apiKey}, {@code baseUrl}), the model in
 * {@code model.name}, and {@code model.generationConfig.customHeaders}. A file connect creates starts
 * with {@code "$version": 4}: without it Qwen migrates the file and leaves a {@code .orig} copy.
 */
public final class QwenCodeAdapter extends FileToolAdapter {
    static final KeyPath AUTH = KeyPath.of("security", "auth");
    static final KeyPath MODEL = KeyPath.of("model", "name");

    @Override
    public String id() {
        return "qwen-code";
    }

    @Override
    public String displayName() {
        return "Qwen Code";
    }

    @Override
    public boolean detect(Environment env) {
        return Files.isDirectory(env.home().resolve(".qwen")) || env.onPath("qwen");
    }

    @Override
    protected Path file(Environment env) {
        return env.home().resolve(".qwen/settings.json");
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
        if (ctx.keyViaHelper()) plan.notes.add(displayName() + " has no way to ask for the key at run time that connect can use: it keeps the key in " + shown + " (owner-only)");
        if (ctx.subscription()) plan.notes.add("Qwen Code keeps sending the gateway key in subscription mode (no seat sign-in to pass through)");
        plan.nextSteps.add("start Qwen Code as usual (qwen)");
    }

    @Override
    protected void describe(Environment env, Document doc, ToolStatus status) {
        Object base = doc.get(AUTH.child("baseUrl"));
        Object key = doc.get(AUTH.child("apiKey"));
        status.gateway = base instanceof String s ? s : null;
        status.authMode = key != null ? AuthMode.GATEWAY_KEY : null;
        status.key = key instanceof String s ? ClientKey.mask(s) : null;
        if (doc.get(MODEL) instanceof String s) status.notes.add("model: " + s);
    }
}
