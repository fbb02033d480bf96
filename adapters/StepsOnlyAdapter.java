package dev.anyray.connect.adapters;

import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.io.Workspace;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * A tool whose settings connect does not write (its key belongs in the tool's own keychain or secret
 * storage, or no binary could be run here to prove a writer): detected, then the exact steps, with the
 * values to enter. Nothing is written, so there is nothing to revert.
 */
public final class StepsOnlyAdapter implements ToolAdapter {
    private final String id;
    private final String name;
    private final List<String> commands;
    private final Function<Environment, List<Path>> places;
    private final Function<ConnectContext, List<String>> steps;
    private final String keyNote;

    private StepsOnlyAdapter(String id, String name, List<String> commands, Function<Environment, List<Path>> places,
            Function<ConnectContext, List<String>> steps, String keyNote) {
        this.id = id;
        this.name = name;
        this.commands = commands;
        this.places = places;
        this.steps = steps;
        this.keyNote = keyNote;
    }

    private static String headers(ConnectContext ctx) {
        return "{\"x-anyray-metadata\": " + dev.anyray.connect.model.Text.jsonString(ctx.identity().metadataJson(), false) + "}";
    }

    private static String model(ConnectContext ctx) {
        var choice = ctx.models().choose(null);
        return choice == null ? "<a model id your gateway serves>" : choice.id();
    }

    public static StepsOnlyAdapter zed() {
        return new StepsOnlyAdapter("zed", "Zed", List.of("zed", "zeditor"),
                env -> List.of(env.dirFromVar("XDG_CONFIG_HOME", ".config").resolve("zed"), env.home().resolve("Library/Application Support/Zed")),
                ctx -> List.of("Open Zed's settings (zed: open settings) and add under \"language_models\" > \"openai_compatible\": \"anyray\": "
                                + "{\"api_url\": \"" + ctx.gateway().openAiBaseUrl() + "\", \"custom_headers\": " + headers(ctx)
                                + ", \"available_models\": [{\"name\": \"" + model(ctx) + "\", \"max_tokens\": 200000}]}",
                        "In the Agent panel's settings, enter the API key for \"anyray\" when Zed asks: " + keyHint(ctx)),
                "Zed keeps the key in the OS keychain, which connect does not write");
    }

    public static StepsOnlyAdapter vscode() {
        return new StepsOnlyAdapter("vscode", "VS Code (Copilot Chat models)", List.of("code"),
                env -> List.of(env.dirFromVar("XDG_CONFIG_HOME", ".config").resolve("Code"), env.home().resolve("Library/Application Support/Code"),
                        env.home().resolve(".vscode")),
                ctx -> List.of("Command palette > Chat: Manage Language Models > Add Models > OpenAI Compatible (custom endpoint), named Anyray",
                        "Model id " + model(ctx) + ", URL " + ctx.gateway().openAiBaseUrl() + "/chat/completions, with request headers "
                                + "{\"Authorization\": \"Bearer ${apiKey}\", \"x-anyray-metadata\": " + dev.anyray.connect.model.Text.jsonString(ctx.identity().metadataJson(), false) + "}",
                        "Enter the API key when VS Code asks: " + keyHint(ctx)),
                "VS Code keeps the key in its secret storage, which connect does not write");
    }

    public static StepsOnlyAdapter goose() {
        return new StepsOnlyAdapter("goose", "Goose", List.of("goose"),
                env -> List.of(env.dirFromVar("XDG_CONFIG_HOME", ".config").resolve("goose")),
                ctx -> List.of("Create ~/.config/goose/custom_providers/custom_anyray.json: {\"name\": \"custom_anyray\", \"engine\": \"openai\", \"display_name\": \"Anyray\", "
                                + "\"api_key_env\": \"CUSTOM_ANYRAY_API_KEY\", \"base_url\": \"" + ctx.gateway().openAiBaseUrl() + "/chat/completions\", "
                                + "\"models\": [{\"name\": \"" + model(ctx) + "\", \"context_limit\": 200000}], \"headers\": " + headers(ctx) + "}",
                        "In ~/.config/goose/config.yaml set GOOSE_PROVIDER: custom_anyray and GOOSE_MODEL: " + model(ctx),
                        "Set CUSTOM_ANYRAY_API_KEY (goose configure stores it in the keyring): " + keyHint(ctx)),
                "no Goose binary could be run here to prove a writer, so connect prints the steps");
    }

    private static String keyHint(ConnectContext ctx) {
        if (!ctx.key().isPersonal()) return ctx.key().reveal();
        return ctx.keyViaHelper() ? "your personal key (print it with " + ctx.env().display(ctx.keyAccess().helper()) + ")"
                : "your personal key (in " + ctx.env().display(ctx.keyAccess().keyFile()) + ")";
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public boolean detect(Environment env) {
        return commands.stream().anyMatch(env::onPath) || places.apply(env).stream().anyMatch(Files::exists);
    }

    @Override
    public ToolPlan plan(ConnectContext ctx, ConnectState state, Workspace files) {
        ToolPlan plan = new ToolPlan(id, name);
        plan.manualSteps.addAll(steps.apply(ctx));
        plan.notes.add(keyNote + "; nothing was written for " + name);
        if (ctx.models().choose(null) == null) plan.warnings.add(ctx.models().missingWarning(name));
        return plan;
    }

    @Override
    public ToolPlan planRevert(Environment env, ConnectState state, Workspace files) {
        return ToolPlan.nothingToRevert(this);
    }

    @Override
    public ToolStatus status(Environment env, ConnectState state) {
        ToolStatus status = new ToolStatus(id, name);
        status.detected = detect(env);
        status.notes.add("configured by hand from the steps connect prints; connect cannot read it back");
        return status;
    }
}
