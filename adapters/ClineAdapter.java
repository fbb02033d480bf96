package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.JsonDocument;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.engine.ToolSpec.Can;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Models;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cline CLI reads {@code ~/.cline/data/settings/providers.json} ({@code $CLINE_DATA_DIR/settings} or
 * {@code $CLINE_DIR/data/settings} when set): top-level {@code "version": 1} and
 * {@code lastUsedProvider}, and the {@code providers.openai-compatible} entry ({@code settings} with
 * {@code provider}, {@code baseUrl}, {@code apiKey}, {@code model}, {@code headers}; {@code updatedAt},
 * {@code tokenSource}). Missing any of these, Cline 3.0.65 discards the whole file (the user's other
 * providers too), so without a model id nothing is written. Cline rewrites the file on every run:
 * revert works by key.
 */
public final class ClineAdapter extends FileToolAdapter {
    static final KeyPath ENTRY = KeyPath.of("providers", "openai-compatible");
    static final KeyPath SETTINGS = ENTRY.child("settings");

    public ClineAdapter() {
        super(ToolSpec.of("cline", "Cline").can(Can.NEEDS_MODEL).command("cline").folder("CLINE_DIR", ".cline").folder("CLINE_DATA_DIR", ".cline/data").caFromEnvironment("NODE_EXTRA_CA_CERTS")
                .status(SETTINGS.child("baseUrl"), SETTINGS.child("apiKey")));
    }

    @Override
    protected Path file(Environment env) {
        // $CLINE_DATA_DIR/settings, else $CLINE_DIR/data/settings, else ~/.cline/data/settings (Cline's own order).
        Path data = env.get("CLINE_DATA_DIR") != null ? env.dirFromVar("CLINE_DATA_DIR") : home(env).resolve("data");
        return data.resolve("settings/providers.json");
    }

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        return new JsonDocument(text, false, shown).requireObject(KeyPath.of("providers")).requireObject(ENTRY).requireObject(SETTINGS);
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        Models.Choice model = ctx.models().choose(current.get(SETTINGS.child("model")));
        Map<KeyPath, Object> want = new LinkedHashMap<>();
        if (model == null) return want; // an entry without a model makes Cline discard the whole file
        want.put(KeyPath.of("version"), 1);
        want.put(KeyPath.of("lastUsedProvider"), "openai-compatible");
        want.put(SETTINGS.child("provider"), "openai-compatible");
        want.put(SETTINGS.child("baseUrl"), ctx.gateway().openAiBaseUrl());
        want.put(SETTINGS.child("apiKey"), ctx.key().reveal());
        want.put(SETTINGS.child("model"), model.id());
        want.put(SETTINGS.child("headers"), new LinkedHashMap<>(ctx.metadataHeaders()));
        // Cline wants a time stamp beside the settings; an existing one stays, so a re-run changes nothing.
        Object stamp = current.get(ENTRY.child("updatedAt"));
        want.put(ENTRY.child("updatedAt"), stamp instanceof String s ? s : Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        want.put(ENTRY.child("tokenSource"), "manual");
        return want;
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        Object model = doc.get(SETTINGS.child("model"));
        if (model == null) {
            plan.warnings.add(ctx.models().missingWarning(displayName()) + " (Cline discards a provider entry without one, so nothing was written)");
            return;
        }
        plan.notes.add("model: " + model);
        plan.nextSteps.add("start Cline as usual (cline); it uses the openai-compatible provider connect set as the last used one");
    }
}
