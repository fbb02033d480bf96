package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.BlockDocument;
import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.edit.ManagedBlock;
import dev.anyray.connect.edit.YamlDocument;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.engine.ToolSpec.Can;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Models;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aider ({@code aider}, PyPI {@code aider-chat}): {@code ~/.aider.conf.yml} (its keys mirror its flags)
 * gets {@code openai-api-base} (gateway + {@code /v1}), {@code openai-api-key} (the file is made
 * owner-only) and {@code model: openai/<model>} (the {@code openai/} prefix sends it through the
 * OpenAI-compatible client; a model of the user's own that is not {@code openai/…} stays). The header
 * has no flag: {@code ~/.aider.model.settings.yml}, a YAML list, gets a managed block with the entry
 * {@code aider/extra_params}, whose {@code extra_params} Aider passes to every completion call
 * ({@code extra_headers: {x-anyray-metadata: …}}). A settings file that is not a list, or that has an
 * {@code aider/extra_params} of the user's own, is left untouched and named. Written from Aider's
 * documentation (0.86): a Python tool that cannot be installed here, so both files are checked with a
 * YAML parser, not run.
 */
public final class AiderAdapter extends FileToolAdapter {
    static final KeyPath BASE = KeyPath.of("openai-api-base");
    static final KeyPath KEY = KeyPath.of("openai-api-key");
    static final KeyPath MODEL = KeyPath.of("model");
    static final String PREFIX = "openai/";

    public AiderAdapter() {
        super(ToolSpec.of("aider", "Aider").can(Can.NEEDS_MODEL).command("aider").status(BASE, KEY));
    }

    @Override
    protected Path file(Environment env) {
        return env.home().resolve(".aider.conf.yml");
    }

    static Path modelSettings(Environment env) {
        return env.home().resolve(".aider.model.settings.yml");
    }

    @Override
    protected List<Path> blockFiles(Environment env) {
        return List.of(modelSettings(env));
    }

    @Override
    protected String blockFor(ConnectContext ctx, Path file, Document current) {
        if (current != null) requireAList(current.text(), ctx.env().display(file));
        StringBuilder block = new StringBuilder("- name: aider/extra_params\n  extra_params:\n    extra_headers:");
        ctx.metadataHeaders().forEach((name, value) -> block.append("\n      ").append(name).append(": ").append(yamlQuoted(value)));
        return block.toString();
    }

    /** The block is one more item of the file's top-level list: anything else in the file would make it invalid, or a second aider/extra_params. */
    private static void requireAList(String text, String shown) {
        ManagedBlock.Span ours = ManagedBlock.find(text, ManagedBlock.DEFAULT, shown);
        String theirs = ours == null ? text : text.substring(0, ours.start()) + text.substring(ours.end());
        Object parsed;
        try {
            parsed = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions())).load(theirs);
        } catch (RuntimeException e) {
            throw new ConnectException(shown + " is not valid YAML; fix it or move it aside and run again. Nothing was changed");
        }
        if (parsed != null && !(parsed instanceof List<?>)) {
            throw new ConnectException(shown + " is not a YAML list of model settings, so connect cannot add its entry; fix it or move it aside. Nothing was changed");
        }
        if (parsed instanceof List<?> list && list.stream().anyMatch(e -> e instanceof Map<?, ?> m && "aider/extra_params".equals(m.get("name")))) {
            throw new ConnectException(shown + " has an aider/extra_params entry of your own; add x-anyray-metadata to its extra_headers by hand, "
                    + "or remove it and run again. Nothing was changed");
        }
    }

    /** A YAML single-quoted scalar: only the quote itself is escaped (doubled); the metadata JSON has no newline. */
    static String yamlQuoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        return new YamlDocument(text, notes, shown);
    }

    @Override
    protected String label(KeyPath path) {
        return path.equals(BlockDocument.BLOCK) ? "the aider/extra_params entry (anyray-connect block)" : path.toString();
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        Map<KeyPath, Object> want = new LinkedHashMap<>();
        want.put(BASE, ctx.gateway().openAiBaseUrl());
        want.put(KEY, ctx.key().reveal());
        Object mine = current.get(MODEL);
        if (mine == null || mine instanceof String s && s.startsWith(PREFIX)) {
            Models.Choice model = ctx.models().choose(mine == null ? null : ((String) mine).substring(PREFIX.length()));
            if (model != null) want.put(MODEL, PREFIX + model.id());
        }
        return want;
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        Object model = doc.get(MODEL);
        if (model == null) plan.warnings.add(ctx.models().missingWarning(displayName()) + " (start it with aider --model openai/<id>)");
        else if (!(model instanceof String s && s.startsWith(PREFIX))) plan.notes.add("your model " + model + " stays; use the gateway with: aider --model openai/<id>");
        else plan.notes.add("model: " + model);
        plan.notes.add("a .aider.conf.yml or .aider.model.settings.yml in a git repository overrides these for that repository");
        plan.notes.add("written from Aider's documentation; no Aider could be run here to prove it");
        plan.nextSteps.add("start Aider as usual (aider)");
    }

    @Override
    protected void describe(Environment env, Document doc, ToolStatus status) {
        super.describe(env, doc, status);
        if (doc.get(MODEL) instanceof String model) status.notes.add("model: " + model);
    }
}
