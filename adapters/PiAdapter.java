package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.JsonDocument;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.engine.ToolSpec.Can;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Models;
import dev.anyray.connect.model.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pi coding agent ({@code pi}): {@code ${PI_CODING_AGENT_DIR:-~/.pi/agent}/models.json}, one provider
 * {@code providers.anyray} with {@code baseUrl} (gateway + {@code /v1}), {@code api}
 * {@code openai-completions} (what every Pi version speaks), {@code apiKey}, {@code headers} and
 * {@code models}. Pi never asks the gateway for its models: its picker is this list, so connect
 * writes the gateway's (the model rule's choice first). With the key in the OS keychain, {@code apiKey}
 * is {@code "!<helper>"}: Pi runs it through a shell at request time (every version; {@code $VAR}
 * works only from 1.0). The user's own providers stay. Checked with Pi 1.6.0: with no flags in a fresh
 * home it uses this provider.
 */
public final class PiAdapter extends FileToolAdapter {
    static final KeyPath PROVIDER = KeyPath.of("providers", "anyray");

    public PiAdapter() {
        super(ToolSpec.of("pi", "Pi").command("pi").folder("PI_CODING_AGENT_DIR", ".pi/agent").can(Can.NEEDS_MODEL, Can.RUN_KEY_COMMAND)
                .caFromEnvironment("NODE_EXTRA_CA_CERTS")
                .status(PROVIDER.child("baseUrl"), PROVIDER.child("apiKey")));
    }


    @Override
    protected Path file(Environment env) {
        return home(env).resolve("models.json");
    }

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        return new JsonDocument(text, false, shown).requireObject(KeyPath.of("providers")).requireObject(PROVIDER);
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        Map<KeyPath, Object> want = new LinkedHashMap<>();
        List<Object> models = models(ctx, current);
        if (models.isEmpty()) return want; // Pi lists only the models of this file: a provider without one is of no use
        want.put(PROVIDER.child("baseUrl"), ctx.gateway().openAiBaseUrl());
        want.put(PROVIDER.child("api"), "openai-completions");
        // "!command" runs through a shell: the helper's path is quoted (a HOME with a space).
        want.put(PROVIDER.child("apiKey"), ctx.keyViaHelper() ? "!" + Text.commandWord(ctx.env(), ctx.keyAccess().helper().toString()) : ctx.key().reveal());
        want.put(PROVIDER.child("headers"), new LinkedHashMap<>(ctx.metadataHeaders()));
        want.put(PROVIDER.child("models"), models);
        return want;
    }

    /**
     * The model rule's choice first, then the rest the gateway lists (the ones the file has, when the
     * gateway's list cannot be had: a re-run on such a day keeps them); each {@code {"id": …}}.
     */
    private static List<Object> models(ConnectContext ctx, Document current) {
        List<?> entries = current.get(PROVIDER.child("models")) instanceof List<?> list ? list : List.of();
        Object first = !entries.isEmpty() && entries.get(0) instanceof Map<?, ?> m ? m.get("id") : null;
        List<String> had = new ArrayList<>();
        for (Object entry : entries) if (entry instanceof Map<?, ?> m && m.get("id") instanceof String id) had.add(id);
        Models.Choice choice = ctx.models().choose(first);
        List<String> ids = new ArrayList<>();
        if (choice != null) ids.add(choice.id());
        List<String> listed = ctx.models().listed();
        (listed == null || listed.isEmpty() ? had : listed).stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        List<Object> models = new ArrayList<>();
        for (String id : ids) models.add(new LinkedHashMap<>(Map.of("id", id)));
        return models;
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        if (!(doc.get(PROVIDER.child("models")) instanceof List<?> models) || models.isEmpty()) {
            plan.warnings.add(ctx.models().missingWarning(displayName()) + " (Pi offers only the models of its file, so nothing was written)");
            return;
        }
        plan.notes.add("models: " + String.join(", ", models.stream().map(m -> String.valueOf(((Map<?, ?>) m).get("id"))).toList()));
        if (ctx.keyViaHelper()) plan.notes.add("Pi asks " + ctx.env().display(ctx.keyAccess().helper()) + " for the key at each request");
        plan.nextSteps.add("start Pi as usual (pi); it offers the gateway's models as provider anyray (pi --provider anyray --model ID)");
    }

    @Override
    protected String keyShown(String value) {
        return value.startsWith("!") ? "from the keychain, through " + value.substring(1) : ClientKey.mask(value);
    }
}
