package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.BlockDocument;
import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.edit.ManagedBlock;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.engine.ToolSpec.Can;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.model.AuthMode;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Models;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GitHub Copilot CLI reads a custom provider only from environment variables, so it gets a managed
 * block of its own in each profile ({@link ProfileBlockAdapter}): {@code COPILOT_PROVIDER_BASE_URL} (gateway + {@code /v1}),
 * {@code COPILOT_PROVIDER_TYPE=openai}, {@code COPILOT_PROVIDER_WIRE_API=completions},
 * {@code COPILOT_PROVIDER_BEARER_TOKEN} (a personal key read from its owner-only file, never inlined),
 * {@code COPILOT_PROVIDER_HEADERS} (newline-separated {@code Name: Value} lines, so the JSON metadata,
 * commas and all, is one header) and {@code COPILOT_MODEL}.
 */
public final class CopilotCliAdapter extends ProfileBlockAdapter {
    static final ManagedBlock.Markers MARKERS = new ManagedBlock.Markers("# >>> anyray-connect copilot-cli >>>", "# <<< anyray-connect copilot-cli <<<");

    public CopilotCliAdapter() {
        // Its block is in the shell profile: the key comes from a command there, and the CA goes in the block itself.
        super(ToolSpec.of("copilot-cli", "GitHub Copilot CLI").command("copilot").folder("COPILOT_HOME", ".copilot").can(Can.NEEDS_MODEL, Can.RUN_KEY_COMMAND, Can.TRUST_CA_FROM_ITS_FILE), MARKERS);
    }

    @Override
    protected String label(KeyPath path) {
        return "the anyray-connect copilot-cli block";
    }

    /** The block, in the profile's syntax; the model is the one already in this block when the gateway still has it. */
    @Override
    protected String blockFor(ConnectContext ctx, Path file, Document current) {
        ProfileSyntax profile = ProfileSyntax.of(ctx.env(), file);
        Object body = current == null ? null : current.get(BlockDocument.BLOCK);
        String currentModel = body instanceof String s ? profile.values(s).get("COPILOT_MODEL") : null;
        List<String> lines = new ArrayList<>();
        lines.add("# Managed by anyray-connect for GitHub Copilot CLI: re-run it to update, run it with --revert to remove.");
        lines.add(profile.set("COPILOT_PROVIDER_BASE_URL", ctx.gateway().openAiBaseUrl()));
        lines.add(profile.set("COPILOT_PROVIDER_TYPE", "openai"));
        lines.add(profile.set("COPILOT_PROVIDER_WIRE_API", "completions"));
        StringBuilder headers = new StringBuilder();
        ctx.metadataHeaders().forEach((k, v) -> headers.append(headers.length() == 0 ? "" : "\n").append(k).append(": ").append(v));
        lines.add(profile.set("COPILOT_PROVIDER_HEADERS", headers.toString()));
        Models.Choice model = ctx.models().choose(currentModel);
        if (model != null) lines.add(profile.set("COPILOT_MODEL", model.id()));
        if (ctx.caFile() != null) lines.add(profile.set("NODE_EXTRA_CA_CERTS", ctx.caFile())); // added to Node's roots
        if (ctx.key().isPersonal()) lines.addAll(profile.setKey(ctx.keyAccess(), List.of("COPILOT_PROVIDER_BEARER_TOKEN")));
        else lines.add(profile.set("COPILOT_PROVIDER_BEARER_TOKEN", ctx.key().reveal()));
        return String.join("\n", lines);
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        Environment env = ctx.env();
        Object body = doc.get(BlockDocument.BLOCK);
        String model = body instanceof String s ? syntax(env).values(s).get("COPILOT_MODEL") : null;
        if (model != null) plan.notes.add("model: " + model);
        else plan.warnings.add(ctx.models().missingWarning(displayName()));
        adviseProfiles(env, plan, ", then start copilot");
    }

    @Override
    protected void describe(Environment env, Document doc, ToolStatus status) {
        Object body = doc.get(BlockDocument.BLOCK);
        if (!(body instanceof String s)) return;
        ProfileSyntax syntax = syntax(env);
        Map<String, String> values = syntax.values(s);
        status.gateway = values.get("COPILOT_PROVIDER_BASE_URL");
        status.authMode = AuthMode.GATEWAY_KEY;
        status.key = syntax.keyShown(env, s, values, "COPILOT_PROVIDER_BEARER_TOKEN");
        if (values.get("COPILOT_MODEL") != null) status.notes.add("model: " + values.get("COPILOT_MODEL"));
    }
}
