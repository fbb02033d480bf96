package dev.anyray.connect.adapters;

import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.io.Workspace;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import java.util.List;

/**
 * A tool that is detected and explained, never written: it cannot reach the gateway (Windsurf), or it
 * could but cannot carry the attribution header, so spend could not be attributed (Gemini CLI, Grok
 * CLI). A declaration: who it is, where it is found, why connect leaves it alone, and what the user can
 * do instead.
 *
 * @param app where a desktop app is installed (null for a command-line tool, found by {@code spec})
 * @param why the plan's warning
 * @param steps what the user can do instead (may be empty)
 * @param statusNote what --status says of it
 */
public record ExplainedToolAdapter(ToolSpec spec, DesktopApp app, String why, List<String> steps, String statusNote) implements ToolAdapter {

    /** Speaks only the Gemini API; its header variable splits values on commas, which cuts the JSON apart. */
    public static ExplainedToolAdapter geminiCli() {
        return new ExplainedToolAdapter(ToolSpec.of("gemini-cli", "Gemini CLI").command("gemini").folder(".gemini").folder("GEMINI_CLI_HOME", "", ".gemini"), null,
                "Gemini CLI speaks only the Gemini API, and its custom-header variable (GEMINI_CLI_CUSTOM_HEADERS) splits values on commas, "
                        + "which breaks the x-anyray-metadata JSON: spend could not be attributed, so connect leaves it alone",
                List.of(), "not configured by anyray-connect (Gemini API only; its header variable cannot carry the metadata JSON)");
    }

    /** Takes a base URL ({@code ~/.grok/user-settings.json}) but sends no custom header (checked in 0.0.34's client). */
    public static ExplainedToolAdapter grokCli() {
        return new ExplainedToolAdapter(ToolSpec.of("grok-cli", "Grok CLI").command("grok").folder(".grok"), null,
                "Grok CLI can take a base URL but has no setting for a custom header (its OpenAI client sends none), so it cannot carry "
                        + "x-anyray-metadata: spend could not be attributed, so connect leaves it alone",
                List.of(), "not configured by anyray-connect (no custom-header setting for the attribution)");
    }

    /** Routes its AI features through its own servers and documents no setting for a custom base URL. */
    public static ExplainedToolAdapter windsurf() {
        return new ExplainedToolAdapter(ToolSpec.of("windsurf", "Windsurf"), new DesktopApp("Windsurf", "Windsurf", "windsurf", "Windsurf", ".codeium/windsurf"),
                "Windsurf has no documented setting for a custom base URL: its Cascade and autocomplete requests go through "
                        + "Windsurf's own servers and cannot be routed through the gateway",
                List.of("Nothing to enter in Windsurf itself; its bring-your-own-key option takes a provider key and bypasses the gateway",
                        "Commands and SDK scripts you run in Windsurf's terminal do use the gateway once the shell-env tool is connected "
                                + "(anyray-connect --tools shell-env)"),
                "cannot be routed through the gateway (no custom base URL setting)");
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public String displayName() {
        return spec.displayName();
    }

    @Override
    public boolean detect(Environment env) {
        return app != null ? app.detect(env) : spec.detect(env);
    }

    @Override
    public ToolPlan plan(ConnectContext ctx, ConnectState state, Workspace files) {
        // With steps the user can take instead (Windsurf), the outcome is "manual steps"; without, "not configured".
        ToolPlan plan = steps.isEmpty() ? ToolPlan.unsupported(this) : new ToolPlan(id(), displayName());
        plan.warnings.add(why);
        plan.manualSteps.addAll(steps);
        plan.notes.add("nothing was written for " + displayName());
        return plan; // nothing changed, so nothing to remember for revert
    }

    @Override
    public ToolPlan planRevert(Environment env, ConnectState state, Workspace files) {
        return ToolPlan.nothingToRevert(this);
    }

    @Override
    public ToolStatus status(Environment env, ConnectState state) {
        ToolStatus status = new ToolStatus(id(), displayName());
        status.detected = detect(env);
        status.notes.add(statusNote);
        return status;
    }
}
