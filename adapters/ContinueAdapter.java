package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.BlockDocument;
import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.edit.YamlDocument;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.engine.ToolSpec.Can;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.model.AuthMode;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Models;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Continue (the {@code cn} CLI, and the VS Code and JetBrains extensions, which read the same file):
 * {@code ${CONTINUE_GLOBAL_DIR:-~/.continue}/config.yaml}. Connect owns one entry of {@code models},
 * named "Anyray gateway" ({@code provider: openai}, {@code model}, {@code apiBase} gateway + {@code /v1},
 * {@code apiKey}, {@code requestOptions.headers}), placed first ({@code cn} uses the first model). A
 * personal key is not written into {@code config.yaml} (often synced with dotfiles): the entry says
 * {@code apiKey: ${{ secrets.ANYRAY_API_KEY }}} and the key goes into a managed block of
 * {@code ~/.continue/.env} (owner-only), where Continue resolves secrets. A file
 * connect creates also has the top-level {@code name}, {@code version} and {@code schema} that
 * {@code cn} requires. Only the entry's lines change.
 */
public final class ContinueAdapter extends FileToolAdapter {
    static final String NAME = "Anyray gateway";
    static final KeyPath ENTRY = KeyPath.of("models").entry("name", NAME);

    public ContinueAdapter() {
        super(ToolSpec.of("continue", "Continue").command("cn").folder("CONTINUE_GLOBAL_DIR", ".continue").can(Can.NEEDS_MODEL, Can.TRUST_CA_FROM_ITS_FILE)
                .proxy("takes a proxy from requestOptions.proxy of its model entry in config.yaml; connect does not write one"));
    }


    @Override
    protected Path file(Environment env) {
        return home(env).resolve("config.yaml");
    }

    @Override
    protected String template() {
        return "name: Local config\nversion: 1.0.0\nschema: v1\nmodels:\n";
    }

    static final String SECRET = "ANYRAY_API_KEY";

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        return new YamlDocument(text, notes, shown);
    }

    @Override
    protected List<Path> blockFiles(Environment env) {
        return List.of(home(env).resolve(".env"));
    }

    /** A personal key goes into {@code .env}, which config.yaml refers to; a shared placeholder stays in config.yaml. */
    @Override
    protected String blockFor(ConnectContext ctx, Path file, Document current) {
        return ctx.key().isPersonal() ? SECRET + "=" + ctx.key().reveal() : null;
    }

    @Override
    protected String label(KeyPath path) {
        return path.equals(BlockDocument.BLOCK) ? "the " + SECRET + " line (anyray-connect block)" : "the models entry \"" + NAME + "\"";
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        Models.Choice model = ctx.models().choose(current.get(ENTRY) instanceof Map<?, ?> entry ? entry.get("model") : null);
        if (model == null) return Map.of();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", NAME);
        value.put("provider", "openai");
        value.put("model", model.id());
        value.put("apiBase", ctx.gateway().openAiBaseUrl());
        value.put("apiKey", ctx.key().isPersonal() ? "${{ secrets." + SECRET + " }}" : ctx.key().reveal());
        Map<String, Object> requestOptions = new LinkedHashMap<>();
        requestOptions.put("headers", new LinkedHashMap<>(ctx.metadataHeaders()));
        if (ctx.caFile() != null) requestOptions.put("caBundlePath", ctx.caFile()); // added to the default roots
        value.put("requestOptions", requestOptions);
        return Map.of(ENTRY, value);
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        if (!(doc.get(ENTRY) instanceof Map<?, ?> entry)) {
            plan.warnings.add(ctx.models().missingWarning(displayName()) + " (nothing was written)");
            return;
        }
        plan.notes.add("model: " + entry.get("model") + "; the entry is first in models, so cn uses it");
        if (ctx.key().isPersonal()) {
            plan.notes.add("config.yaml refers to ${{ secrets." + SECRET + " }}; the key itself is in " + ctx.env().display(home(ctx.env()).resolve(".env"))
                    + " (owner-only)");
        }
        plan.nextSteps.add("start cn (or reload Continue in your editor) and pick \"" + NAME + "\"");
    }

    @Override
    protected void describe(Environment env, Document doc, ToolStatus status) {
        if (!(doc.get(ENTRY) instanceof Map<?, ?> entry)) return;
        status.gateway = entry.get("apiBase") instanceof String s ? s : null;
        status.authMode = AuthMode.GATEWAY_KEY;
        status.key = entry.get("apiKey") instanceof String s ? (s.startsWith("${{") ? s + " (from .env)" : ClientKey.mask(s)) : null;
    }
}
