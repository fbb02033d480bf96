package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.BlockDocument;
import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.edit.ManagedBlock;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.engine.ToolSpec.Can;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.model.AuthMode;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SDK jobs and scripts read the standard variables from the login shell: one managed block in the
 * profile of {@code $SHELL} (see {@link ShellProfile}) sets {@code OPENAI_BASE_URL},
 * {@code OPENAI_API_KEY}, {@code ANTHROPIC_BASE_URL} and {@code ANTHROPIC_AUTH_TOKEN} (Bearer auth,
 * which the Anthropic SDKs and Claude Code both accept; left out in subscription mode, where it would
 * override Claude Code's seat sign-in).
 */
public final class ShellEnvAdapter extends FileToolAdapter {

    public ShellEnvAdapter() {
        // Subscription mode leaves ANTHROPIC_AUTH_TOKEN out, so Claude Code's seat sign-in stays the bearer.
        super(ToolSpec.of("shell-env", "Shell environment").can(Can.RUN_KEY_COMMAND, Can.PASS_SEAT_SIGN_IN, Can.TRUST_CA_FROM_ITS_FILE));
    }

    @Override
    public boolean detect(Environment env) {
        return !env.isWindows() || env.get("SHELL") != null;
    }

    @Override
    protected Path file(Environment env) {
        return ShellProfile.of(env).path();
    }

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        return new BlockDocument(text, ManagedBlock.DEFAULT, notes, shown);
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        return Map.of(BlockDocument.BLOCK, String.join("\n", blockLines(ctx, ShellProfile.of(ctx.env()))));
    }

    @Override
    protected String label(KeyPath path) {
        return "the anyray-connect block";
    }

    /** The block's lines in the shell's own syntax. */
    static List<String> blockLines(ConnectContext ctx, ShellProfile profile) {
        List<String> lines = new ArrayList<>();
        lines.add("# Managed by anyray-connect: re-run it to update, run it with --revert to remove.");
        lines.add(profile.export("OPENAI_BASE_URL", ctx.gateway().openAiBaseUrl()));
        lines.add(profile.export("ANTHROPIC_BASE_URL", ctx.gateway().anthropicBaseUrl()));
        // Node tools and SDKs, and Codex, started from this shell add the organisation's CA to their roots
        // (both variables add to the default roots; SSL_CERT_FILE, which replaces them for OpenSSL, curl and Go, is left alone).
        if (ctx.caFile() != null) {
            lines.add(profile.export("NODE_EXTRA_CA_CERTS", ctx.caFile()));
            lines.add(profile.export("CODEX_CA_CERTIFICATE", ctx.caFile()));
        }
        List<String> keyVariables = ctx.subscription() ? List.of("OPENAI_API_KEY") : List.of("OPENAI_API_KEY", "ANTHROPIC_AUTH_TOKEN");
        if (ctx.key().isPersonal()) {
            lines.addAll(profile.exportKey(ctx.keyAccess(), keyVariables));
        } else {
            for (String name : keyVariables) lines.add(profile.export(name, ctx.key().reveal()));
        }
        return lines;
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        String hint = ShellProfile.loginShellHint(ctx.env(), file(ctx.env()));
        if (hint != null) plan.warnings.add(hint);
        plan.nextSteps.add("open a new terminal (or run: source " + shown + ") to load the variables");
    }

    @Override
    protected void describe(Environment env, Document doc, ToolStatus status) {
        Object body = doc.get(BlockDocument.BLOCK);
        if (body == null) return;
        Map<String, String> values = ShellProfile.assignments((String) body);
        status.gateway = values.get("ANTHROPIC_BASE_URL");
        status.authMode = ((String) body).contains("ANTHROPIC_AUTH_TOKEN") ? AuthMode.GATEWAY_KEY : AuthMode.SUBSCRIPTION;
        status.key = ShellProfile.keyShown(env, (String) body, values, "OPENAI_API_KEY");
    }
}
