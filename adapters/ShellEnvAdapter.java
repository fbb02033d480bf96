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
import dev.anyray.connect.io.PowerShell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SDK jobs and scripts read the standard variables from the login shell: one managed block in the
 * profile of {@code $SHELL} (see {@link ShellProfile}; on Windows in each PowerShell's profile too, see
 * {@link ProfileSyntax#targets}) sets {@code OPENAI_BASE_URL},
 * {@code OPENAI_API_KEY}, {@code ANTHROPIC_BASE_URL} and {@code ANTHROPIC_AUTH_TOKEN} (Bearer auth,
 * which the Anthropic SDKs and Claude Code both accept; left out in subscription mode, where it would
 * override Claude Code's seat sign-in).
 */
public final class ShellEnvAdapter extends ProfileBlockAdapter {

    public ShellEnvAdapter() {
        // Subscription mode leaves ANTHROPIC_AUTH_TOKEN out, so Claude Code's seat sign-in stays the bearer.
        super(ToolSpec.of("shell-env", "Shell environment").can(Can.RUN_KEY_COMMAND, Can.PASS_SEAT_SIGN_IN, Can.TRUST_CA_FROM_ITS_FILE), ManagedBlock.DEFAULT);
    }

    @Override
    public boolean detect(Environment env) {
        return !env.isWindows() || env.get("SHELL") != null || !PowerShell.hosts(env).isEmpty();
    }

    @Override
    protected String blockFor(ConnectContext ctx, Path file, Document current) {
        return String.join("\n", blockLines(ctx, ProfileSyntax.of(ctx.env(), file)));
    }

    @Override
    protected String label(KeyPath path) {
        return "the anyray-connect block";
    }

    /** The block's lines in the profile's own syntax. */
    static List<String> blockLines(ConnectContext ctx, ProfileSyntax profile) {
        List<String> lines = new ArrayList<>();
        lines.add("# Managed by anyray-connect: re-run it to update, run it with --revert to remove.");
        lines.add(profile.set("OPENAI_BASE_URL", ctx.gateway().openAiBaseUrl()));
        lines.add(profile.set("ANTHROPIC_BASE_URL", ctx.gateway().anthropicBaseUrl()));
        // Node tools and SDKs, and Codex, started from this shell add the organisation's CA to their roots
        // (both variables add to the default roots; SSL_CERT_FILE, which replaces them for OpenSSL, curl and Go, is left alone).
        if (ctx.caFile() != null) {
            lines.add(profile.set("NODE_EXTRA_CA_CERTS", ctx.caFile()));
            lines.add(profile.set("CODEX_CA_CERTIFICATE", ctx.caFile()));
        }
        List<String> keyVariables = keyVariables(ctx);
        if (ctx.key().isPersonal()) {
            lines.addAll(profile.setKey(ctx.keyAccess(), keyVariables));
        } else {
            for (String name : keyVariables) lines.add(profile.set(name, ctx.key().reveal()));
        }
        return lines;
    }

    /** The variables that get the key: in subscription mode not ANTHROPIC_AUTH_TOKEN, which would override Claude Code's seat sign-in. */
    private static List<String> keyVariables(ConnectContext ctx) {
        return ctx.subscription() ? List.of("OPENAI_API_KEY") : List.of("OPENAI_API_KEY", "ANTHROPIC_AUTH_TOKEN");
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        adviseProfiles(ctx.env(), plan, " to load the variables");
        if (ctx.env().isWindows()) plan.notes.add(WindowsShells.cmdLine(ctx, keyVariables(ctx)));
    }

    @Override
    protected void describe(Environment env, Document doc, ToolStatus status) {
        Object body = doc.get(BlockDocument.BLOCK);
        if (body == null) return;
        ProfileSyntax syntax = syntax(env);
        Map<String, String> values = syntax.values((String) body);
        status.gateway = values.get("ANTHROPIC_BASE_URL");
        status.authMode = ((String) body).contains("ANTHROPIC_AUTH_TOKEN") ? AuthMode.GATEWAY_KEY : AuthMode.SUBSCRIPTION;
        status.key = syntax.keyShown(env, (String) body, values, "OPENAI_API_KEY");
        for (PowerShell.Host host : PowerShell.hosts(env)) {
            status.notes.add(host.name() + " reads " + env.display(host.profile()) + " (execution policy " + host.policy()
                    + (host.skipsProfile() ? ": it will not load the profile" : "") + ")");
        }
    }
}
