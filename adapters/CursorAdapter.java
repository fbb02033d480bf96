package dev.anyray.connect.adapters;


import dev.anyray.connect.engine.ToolAdapter;

import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.io.KeyFile;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.io.Workspace;
import java.util.Map;

/**
 * Cursor keeps its model settings in app state we must not write, so connect prints the exact steps.
 * Cursor calls an overridden OpenAI base URL from its own servers, not from this machine, and sends no
 * custom headers: a loopback or private gateway cannot work, and spend is attributed by key alone.
 */
public final class CursorAdapter implements ToolAdapter {
    private static final DesktopApp APP = new DesktopApp("Cursor", "Cursor", "cursor", "cursor", ".cursor");

    @Override
    public String id() {
        return "cursor";
    }

    @Override
    public String displayName() {
        return "Cursor";
    }

    @Override
    public boolean detect(Environment env) {
        return APP.detect(env);
    }

    @Override
    public ToolPlan plan(ConnectContext ctx, ConnectState state, Workspace files) {
        ToolPlan plan = new ToolPlan(id(), displayName());
        Environment env = ctx.env();
        // Windows' clipboard command is clip, run from cmd.exe or PowerShell, which take no ~/ and need the path quoted.
        String copy = env.isWindows() ? "clip" : env.isMac() ? "pbcopy" : "xclip -selection clipboard";
        java.util.function.Function<java.nio.file.Path, String> shown = p -> env.isWindows() ? "\"" + p + "\"" : env.display(p);
        String key = !ctx.key().isPersonal() ? ctx.key().reveal()
                : ctx.keyViaHelper() ? "your personal key, kept in " + ctx.keyAccess().store() + " (copy it with: " + shown.apply(ctx.keyAccess().helper()) + " | " + copy + ")"
                : "your personal key, stored in " + env.display(KeyFile.path(env)) + " (copy it with: " + copy + " < " + shown.apply(KeyFile.path(env)) + ")";
        plan.manualSteps.add("Open Cursor Settings (Cmd/Ctrl+Shift+J) > Models, and open the API Keys section");
        plan.manualSteps.add("OpenAI API Key: paste " + key);
        plan.manualSteps.add("Turn on \"Override OpenAI Base URL\" and enter: " + ctx.gateway().openAiBaseUrl());
        plan.manualSteps.add("Click Verify, then enable the models your gateway serves");
        if (ctx.gateway().isPrivateNetwork()) {
            plan.warnings.add("Cursor calls the base URL from its own servers, so " + ctx.gateway().url()
                    + " (a local or private address) cannot work from there; use your gateway's public https URL");
        }
        plan.warnings.add("Cursor sends no custom headers (no x-anyray-metadata), so the gateway attributes its spend by key only"
                + (ctx.key().isPersonal() ? "" : ": use a personal key (--invite) to see it per person"));
        if (ctx.subscription()) plan.notes.add("subscription mode does not apply to Cursor: it uses the key above");
        return plan.record(ConnectState.ToolRecord.of(ctx, Map.of()));
    }

    @Override
    public ToolPlan planRevert(Environment env, ConnectState state, Workspace files) {
        if (state.tool(id()) == null) return ToolPlan.nothingToRevert(this);
        ToolPlan plan = new ToolPlan(id(), displayName());
        plan.manualSteps.add("In Cursor Settings > Models: turn off \"Override OpenAI Base URL\" and clear the OpenAI API Key");
        return plan;
    }

    @Override
    public ToolStatus status(Environment env, ConnectState state) {
        ToolStatus status = new ToolStatus(id(), displayName());
        status.detected = detect(env);
        ConnectState.ToolRecord record = state.tool(id());
        if (record != null) {
            status.gateway = record.gateway();
            status.key = record.keyHint();
            status.notes.add("configured by hand in Cursor's UI; connect cannot read it back, shown here is what it told you to enter");
        }
        return status;
    }
}
