package dev.anyray.connect.adapters;

import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.io.Workspace;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import java.nio.file.Files;

/**
 * A tool that is detected and explained, never written: it could reach the gateway but cannot carry
 * the attribution header, so spend could not be attributed. A declaration: who it is, where it is
 * found, and why connect leaves it alone.
 *
 * @param folder a folder under HOME whose presence means the tool is installed
 * @param why the plan's warning
 * @param statusNote what --status says of it
 */
public record ExplainedToolAdapter(String id, String displayName, String folder, String command, String why, String statusNote) implements ToolAdapter {

    /** Speaks only the Gemini API; its header variable splits values on commas, which cuts the JSON apart. */
    public static ExplainedToolAdapter geminiCli() {
        return new ExplainedToolAdapter("gemini-cli", "Gemini CLI", ".gemini", "gemini",
                "Gemini CLI speaks only the Gemini API, and its custom-header variable (GEMINI_CLI_CUSTOM_HEADERS) splits values on commas, "
                        + "which breaks the x-anyray-metadata JSON: spend could not be attributed, so connect leaves it alone",
                "not configured by anyray-connect (Gemini API only; its header variable cannot carry the metadata JSON)");
    }

    /** Takes a base URL ({@code ~/.grok/user-settings.json}) but sends no custom header (checked in 0.0.34's client). */
    public static ExplainedToolAdapter grokCli() {
        return new ExplainedToolAdapter("grok-cli", "Grok CLI", ".grok", "grok",
                "Grok CLI can take a base URL but has no setting for a custom header (its OpenAI client sends none), so it cannot carry "
                        + "x-anyray-metadata: spend could not be attributed, so connect leaves it alone",
                "not configured by anyray-connect (no custom-header setting for the attribution)");
    }

    @Override
    public boolean detect(Environment env) {
        return Files.isDirectory(env.home().resolve(folder)) || env.onPath(command);
    }

    @Override
    public ToolPlan plan(ConnectContext ctx, ConnectState state, Workspace files) {
        ToolPlan plan = ToolPlan.unsupported(this);
        plan.warnings.add(why);
        plan.notes.add("nothing was written for " + displayName);
        return plan;
    }

    @Override
    public ToolPlan planRevert(Environment env, ConnectState state, Workspace files) {
        return ToolPlan.nothingToRevert(this);
    }

    @Override
    public ToolStatus status(Environment env, ConnectState state) {
        ToolStatus status = new ToolStatus(id, displayName);
        status.detected = detect(env);
        status.notes.add(statusNote);
        return status;
    }
}
