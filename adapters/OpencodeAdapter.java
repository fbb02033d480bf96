package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.JsonDocument;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * opencode, and Kilo Code CLI (an opencode fork with its own folder): a JSONC config in
 * {@code ${XDG_CONFIG_HOME:-~/.config}/<folder>/}, the first of its file names that exists (else the
 * last one is created). The built-in {@code anthropic} and {@code openai} providers are re-pointed at
 * the gateway, so the user's own model choice goes through it: each gets {@code options.baseURL}
 * (gateway + {@code /v1}), {@code options.apiKey} and {@code options.headers}. opencode then calls
 * {@code /v1/messages} (key as {@code x-api-key}) and {@code /v1/responses} (bearer). Both tools add
 * keys of their own ({@code $schema}, …): revert leaves them.
 */
public final class OpencodeAdapter extends FileToolAdapter {
    private static final List<String> PROVIDERS = List.of("anthropic", "openai");
    private final String command;
    private final List<String> fileNames;

    private OpencodeAdapter(String id, String name, String folder, String command, List<String> fileNames) {
        super(ToolSpec.of(id, name).command(command).folder("XDG_CONFIG_HOME", ".config", folder).caFromEnvironment("NODE_EXTRA_CA_CERTS")
                // Their TUI talks to a server of their own on localhost (opencode.ai/docs/network).
                .proxy("needs NO_PROXY=localhost,127.0.0.1 beside HTTPS_PROXY: its terminal UI talks to a server of its own on localhost")
                .status(KeyPath.of("provider", "openai", "options", "baseURL"), KeyPath.of("provider", "openai", "options", "apiKey")));
        this.command = command;
        this.fileNames = fileNames;
    }

    public static OpencodeAdapter opencode() {
        return new OpencodeAdapter("opencode", "opencode", "opencode", "opencode", List.of("opencode.jsonc", "opencode.json", "config.json"));
    }

    public static OpencodeAdapter kilo() {
        return new OpencodeAdapter("kilo", "Kilo Code CLI", "kilo", "kilo", List.of("kilo.jsonc", "kilo.json"));
    }


    /** The file the tool reads: the first that exists, else the plain {@code .json} one, which connect creates. */
    @Override
    protected Path file(Environment env) {
        for (String fileName : fileNames) {
            Path candidate = home(env).resolve(fileName);
            if (Files.exists(candidate)) return candidate;
        }
        return home(env).resolve(fileNames.get(1));
    }

    @Override
    protected Document open(String text, Map<String, String> notes, String shown) {
        JsonDocument doc = new JsonDocument(text, true, shown).requireObject(KeyPath.of("provider"));
        for (String provider : PROVIDERS) doc.requireObject(KeyPath.of("provider", provider)).requireObject(KeyPath.of("provider", provider, "options"));
        return doc;
    }

    @Override
    protected Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        Map<KeyPath, Object> want = new LinkedHashMap<>();
        for (String provider : PROVIDERS) {
            KeyPath options = KeyPath.of("provider", provider, "options");
            want.put(options.child("baseURL"), ctx.gateway().openAiBaseUrl());
            want.put(options.child("apiKey"), ctx.key().reveal());
            want.put(options.child("headers"), new LinkedHashMap<>(ctx.metadataHeaders()));
        }
        return want;
    }

    @Override
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {
        plan.notes.add("your own model choice (anthropic/… and openai/… models) now goes through the gateway");
        plan.nextSteps.add("start " + displayName() + " as usual (" + command + "); pick an anthropic/… or openai/… model");
    }
}
