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
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Models;
import dev.anyray.connect.model.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crush (Charm, {@code crush}): its configuration is a bash script, {@code crushrc}
 * ({@code ${XDG_CONFIG_HOME:-~/.config}/crush/crushrc}; the JSON files are deprecated), so it gets a
 * managed block: {@code provider add anyray --type openai-compat --base-url … --api-key … --extra-header
 * x-anyray-metadata …}, {@code model add anyray/<model>} and {@code model large anyray/<model>} (its
 * default model; a {@code model large} of the user's own, outside the block, stays). The key is never
 * inlined: {@code --api-key "$(…)"} reads it from the keychain helper or the owner-only key file when
 * Crush loads the file. Written from Crush's documentation and source (v0.90–0.96): its npm package
 * downloads the binary from GitHub, which the test machines cannot reach, so the file is checked with
 * bash's parser, not run.
 */
public final class CrushAdapter extends FileToolAdapter {
    static final ManagedBlock.Markers MARKERS = ManagedBlock.DEFAULT;
    private static final Pattern MODEL_ADD = Pattern.compile("(?m)^model add anyray/(\\S+)");
    private static final Pattern OWN_LARGE = Pattern.compile("(?m)^\\s*model\\s+large\\s");

    public CrushAdapter() {
        super(ToolSpec.of("crush", "Crush").command("crush").folder("XDG_CONFIG_HOME", ".config", "crush").can(Can.NEEDS_MODEL, Can.RUN_KEY_COMMAND));
    }


    @Override
    protected Path file(Environment env) {
        return home(env).resolve("crushrc");
    }

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        return new BlockDocument(text, MARKERS, notes, shown);
    }

    @Override
    protected String label(KeyPath path) {
        return "the anyray-connect block";
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        Object body = current.get(BlockDocument.BLOCK);
        Matcher ours = body instanceof String s ? MODEL_ADD.matcher(s) : null;
        Models.Choice model = ctx.models().choose(ours != null && ours.find() ? ours.group(1) : null);
        if (model == null) return Map.of(); // a provider with no model cannot be picked
        String key = !ctx.key().isPersonal() ? Text.shellQuote(ctx.key().reveal())
                : "\"$(" + (ctx.keyViaHelper() ? Text.shellQuote(ctx.keyAccess().helper().toString()) : "cat " + Text.shellQuote(ctx.keyAccess().keyFile().toString())) + ")\"";
        StringBuilder headers = new StringBuilder();
        ctx.metadataHeaders().forEach((name, value) -> headers.append(" --extra-header ").append(name).append(' ').append(Text.shellQuote(value)));
        List<String> lines = new ArrayList<>();
        lines.add("# Managed by anyray-connect for Crush: re-run it to update, run it with --revert to remove.");
        lines.add("provider add anyray --type openai-compat --base-url " + Text.shellQuote(ctx.gateway().openAiBaseUrl()) + " --api-key " + key + headers);
        lines.add("model add anyray/" + model.id());
        if (!usersOwnLargeModel(current)) lines.add("model large anyray/" + model.id());
        return Map.of(BlockDocument.BLOCK, String.join("\n", lines));
    }

    /** A {@code model large} line of the user's own, outside connect's block. */
    private static boolean usersOwnLargeModel(Document doc) {
        String text = doc.text();
        ManagedBlock.Span block = ManagedBlock.find(text, MARKERS, "crushrc");
        return OWN_LARGE.matcher(block == null ? text : text.substring(0, block.start()) + text.substring(block.end())).find();
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        Object body = doc.get(BlockDocument.BLOCK);
        Matcher model = body instanceof String s ? MODEL_ADD.matcher(s) : null;
        if (model == null || !model.find()) {
            plan.warnings.add(ctx.models().missingWarning(displayName()) + " (nothing was written)");
            return;
        }
        plan.notes.add("model: anyray/" + model.group(1) + (usersOwnLargeModel(doc) ? " (your own large model stays the default)" : ", Crush's large model"));
        plan.notes.add("written from Crush's documentation; no Crush binary could be run here to prove it");
        plan.nextSteps.add("start Crush as usual (crush)");
    }

    @Override
    protected void describe(Environment env, Document doc, ToolStatus status) {
        if (!(doc.get(BlockDocument.BLOCK) instanceof String body)) return;
        Matcher base = Pattern.compile("--base-url '([^']*)'").matcher(body);
        status.gateway = base.find() ? base.group(1) : null;
        status.authMode = AuthMode.GATEWAY_KEY;
        Matcher literal = Pattern.compile("--api-key '([^']*)'").matcher(body);
        String helper = dev.anyray.connect.io.KeyStore.helperPath(env).toString();
        status.key = literal.find() ? ClientKey.mask(literal.group(1))
                : body.contains(helper) ? "personal key, read from the keychain through " + env.display(env.path(helper)) : "personal key, read from the owner-only key file";
    }
}
