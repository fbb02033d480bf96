package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.BlockDocument;
import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.edit.TomlDocument;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.engine.ToolSpec.Can;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.model.AuthMode;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Models;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mistral Vibe ({@code vibe}, PyPI {@code mistral-vibe}): {@code ${VIBE_HOME:-~/.vibe}/config.toml}.
 * One {@code [[providers]]} table, {@code name = "anyray"} ({@code api_base} gateway + {@code /v1},
 * {@code api_style = "openai"}, {@code api_key_env_var = "ANYRAY_API_KEY"}, {@code extra_headers}),
 * one {@code [[models]]} table {@code alias = "anyray"} for the model rule's choice, and
 * {@code active_model = "anyray"} unless the user has a default of their own. Vibe reads the variable
 * it names from the environment, then from {@code ~/.vibe/.env}: the key goes into a managed block
 * there (owner-only), never into config.toml. The user's own providers and models stay, and revert
 * gives the file back as it was. Written from Vibe's source ({@code vibe/core/config}, 3.0.3): it is a
 * Python tool that cannot be installed here, so the file is checked with a TOML parser, not run.
 */
public final class MistralVibeAdapter extends FileToolAdapter {
    static final String ALIAS = "anyray";
    static final String KEY_VARIABLE = "ANYRAY_API_KEY";
    static final KeyPath PROVIDER = KeyPath.of("providers").entry("name", "anyray");
    static final KeyPath MODEL = KeyPath.of("models").entry("alias", ALIAS);
    static final KeyPath ACTIVE_MODEL = KeyPath.of("active_model");

    public MistralVibeAdapter() {
        // Python (httpx): NODE_EXTRA_CA_CERTS means nothing to it; the plan says so with --ca-file.
        super(ToolSpec.of("mistral-vibe", "Mistral Vibe").can(Can.NEEDS_MODEL).command("vibe").folder("VIBE_HOME", ".vibe").status(PROVIDER.child("api_base"), null));
    }


    @Override
    protected Path file(Environment env) {
        return home(env).resolve("config.toml");
    }

    @Override
    protected List<Path> blockFiles(Environment env) {
        return List.of(home(env).resolve(".env"));
    }

    @Override
    protected String blockFor(ConnectContext ctx, Path file, Document current) {
        return KEY_VARIABLE + "=" + ctx.key().reveal();
    }

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        return new TomlDocument(text, shown);
    }

    @Override
    protected String label(KeyPath path) {
        return path.equals(BlockDocument.BLOCK) ? "the " + KEY_VARIABLE + " line (anyray-connect block)" : path.toString();
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        Map<KeyPath, Object> want = new LinkedHashMap<>();
        Models.Choice model = ctx.models().choose(current.get(MODEL.child("name")));
        if (model == null) return want; // a model alias needs a model id
        if (!(current.get(ACTIVE_MODEL) instanceof String mine) || mine.equals(ALIAS)) want.put(ACTIVE_MODEL, ALIAS);
        want.put(PROVIDER.child("api_base"), ctx.gateway().openAiBaseUrl());
        want.put(PROVIDER.child("api_style"), "openai");
        want.put(PROVIDER.child("api_key_env_var"), KEY_VARIABLE);
        want.put(PROVIDER.child("extra_headers"), new LinkedHashMap<>(ctx.metadataHeaders()));
        want.put(MODEL.child("name"), model.id());
        want.put(MODEL.child("provider"), "anyray");
        return want;
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        Object model = doc.get(MODEL.child("name"));
        if (model == null) {
            plan.warnings.add(ctx.models().missingWarning(displayName()) + " (its model alias needs one, so nothing was written)");
            return;
        }
        plan.notes.add("model: " + model + " (alias " + ALIAS + "); the key is read from " + KEY_VARIABLE + " in " + ctx.env().display(home(ctx.env()).resolve(".env")));
        Object active = doc.get(ACTIVE_MODEL);
        if (!ALIAS.equals(active)) plan.notes.add("your active model " + active + " stays; pick " + ALIAS + " in Vibe to use the gateway");
        plan.notes.add("written from Vibe's source; no Vibe could be run here to prove it (Vibe updates itself unless enable_auto_update = false)");
        plan.nextSteps.add("start Mistral Vibe as usual (vibe)");
    }

    @Override
    protected void describe(Environment env, Document doc, ToolStatus status) {
        super.describe(env, doc, status);
        if (KEY_VARIABLE.equals(doc.get(PROVIDER.child("api_key_env_var")))) {
            status.authMode = AuthMode.GATEWAY_KEY;
            status.key = "from " + KEY_VARIABLE + " in " + env.display(home(env).resolve(".env"));
        }
    }
}
