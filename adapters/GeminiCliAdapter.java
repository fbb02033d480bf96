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
 * Gemini CLI is detected and explained, never written: it speaks only the Gemini API (an
 * OpenAI/Anthropic-style gateway route does not serve it), and its custom-header variable splits
 * values on commas, which cuts the JSON of {@code x-anyray-metadata} apart.
 */
public final class GeminiCliAdapter implements ToolAdapter {

    @Override
    public String id() {
        return "gemini-cli";
    }

    @Override
    public String displayName() {
        return "Gemini CLI";
    }

    @Override
    public boolean detect(Environment env) {
        return Files.isDirectory(env.home().resolve(".gemini")) || env.onPath("gemini");
    }

    @Override
    public ToolPlan plan(ConnectContext ctx, ConnectState state, Workspace files) {
        ToolPlan plan = ToolPlan.unsupported(this);
        plan.warnings.add("Gemini CLI speaks only the Gemini API, and its custom-header variable (GEMINI_CLI_CUSTOM_HEADERS) splits values on commas, "
                + "which breaks the x-anyray-metadata JSON: spend could not be attributed, so connect leaves it alone");
        plan.notes.add("nothing was written for Gemini CLI");
        return plan;
    }

    @Override
    public ToolPlan planRevert(Environment env, ConnectState state, Workspace files) {
        return ToolPlan.nothingToRevert(this);
    }

    @Override
    public ToolStatus status(Environment env, ConnectState state) {
        ToolStatus status = new ToolStatus(id(), displayName());
        status.detected = detect(env);
        status.notes.add("not configured by anyray-connect (Gemini API only; its header variable cannot carry the metadata JSON)");
        return status;
    }
}
