package dev.anyray.connect.adapters;

import dev.anyray.connect.engine.ToolAdapter;

import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.io.Workspace;

/**
 * Windsurf routes its AI features through its own servers and documents no setting for a custom
 * base URL, so there is nothing connect can write or tell the user to enter that would reach the
 * gateway. We say so plainly and point at what does work.
 */
public final class WindsurfAdapter implements ToolAdapter {
    private static final DesktopApp APP = new DesktopApp("Windsurf", "Windsurf", "windsurf", "Windsurf", ".codeium/windsurf");

    @Override
    public String id() {
        return "windsurf";
    }

    @Override
    public String displayName() {
        return "Windsurf";
    }

    @Override
    public boolean detect(Environment env) {
        return APP.detect(env);
    }

    @Override
    public ToolPlan plan(ConnectContext ctx, ConnectState state, Workspace files) {
        ToolPlan plan = new ToolPlan(id(), displayName());
        plan.warnings.add("Windsurf has no documented setting for a custom base URL: its Cascade and autocomplete requests go through "
                + "Windsurf's own servers and cannot be routed through the gateway");
        plan.manualSteps.add("Nothing to enter in Windsurf itself; its bring-your-own-key option takes a provider key and bypasses the gateway");
        plan.manualSteps.add("Commands and SDK scripts you run in Windsurf's terminal do use the gateway once the shell-env tool is connected "
                + "(anyray-connect --tools shell-env)");
        return plan; // nothing changed, so nothing to remember for revert
    }

    @Override
    public ToolPlan planRevert(Environment env, ConnectState state, Workspace files) {
        if (state.tool(id()) == null) return ToolPlan.nothingToRevert(this);
        ToolPlan plan = new ToolPlan(id(), displayName());
        plan.notes.add("nothing was changed in Windsurf, so there is nothing to undo there");
        return plan;
    }

    @Override
    public ToolStatus status(Environment env, ConnectState state) {
        ToolStatus status = new ToolStatus(id(), displayName());
        status.detected = detect(env);
        status.notes.add("cannot be routed through the gateway (no custom base URL setting)");
        return status;
    }
}
