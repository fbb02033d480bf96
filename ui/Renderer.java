package dev.anyray.connect.ui;

import dev.anyray.connect.engine.Planner;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.io.FileChange;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Finding;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The one place that turns a run's data into what people read: the context, plans with their diffs,
 * the summary, status and findings. Adapters hand it typed data (warnings, manual steps, next steps,
 * notes); every line goes through the console, which masks secrets.
 */
public final class Renderer {
    private final Console console;

    public Renderer(Console console) {
        this.console = console;
    }

    /** Where each value of the context came from ("from your last connect"); null: nothing to say. */
    public record Sources(String gateway, String user, String team, String keyCheck) {}

    public void context(String version, ConnectContext ctx, boolean dryRun, Sources from) {
        console.heading("anyray-connect " + version + (dryRun ? " (dry run: nothing will be written)" : ""));
        console.line("  gateway:   " + ctx.gateway().url() + from(from.gateway()));
        console.line("  user:      " + ctx.identity().user() + from(from.user()) + (ctx.identity().team() == null ? "" : "   team: " + ctx.identity().team() + from(from.team())));
        console.line("  auth mode: " + (ctx.subscription() ? "subscription (each tool keeps its own sign-in; the gateway passes it through)" : "gateway key"));
        console.line("  key:       " + ctx.key().describe() + (from.keyCheck() == null ? "" : "; " + from.keyCheck()));
        if (ctx.caFile() != null) console.line("  CA file:   " + ctx.env().display(ctx.env().path(ctx.caFile())) + " (trusted besides the default roots, by connect and the tools)");
        if (ctx.key().isPersonal()) console.line("  stored in: " + ctx.keyAccess().store() + (ctx.keyViaHelper() ? "; tools read it through " + ctx.env().display(ctx.keyAccess().helper()) : ""));
        console.blank();
    }

    private static String from(String source) {
        return source == null ? "" : " (" + source + ")";
    }

    public void plan(Planner.Plan plan, List<ToolPlan> notDetected) {
        plan(plan, notDetected, false);
    }

    /** {@code revert}: the plan of a revert ("to revert", not "changed"). */
    public void plan(Planner.Plan plan, List<ToolPlan> notDetected, boolean revert) {
        for (ToolPlan tool : plan.tools()) {
            console.heading(tool.name + " (" + tool.toolId + "): " + label(tool, revert, "to revert"));
            for (FileChange change : tool.changes) {
                if (change.isNoop()) continue;
                console.line("    " + change.shown() + (change.creates() ? " (new file)" : change.deletes() ? " (delete)" : "")
                        + (change.mode() != null && AtomicWriter.isOwnerOnly(change.mode()) && change.after() != null ? " [owner-only, mode 600]" : ""));
                change.summary().forEach(s -> console.line("      - " + s));
                diff(change);
            }
            tool.warnings.forEach(console::warn);
            for (int i = 0; i < tool.manualSteps.size(); i++) console.line("    " + (i + 1) + ". " + tool.manualSteps.get(i));
            tool.notes.forEach(n -> console.dim("    " + n));
        }
        // One line for all of them: a plan lists what it does; --status has the detail per tool.
        if (!notDetected.isEmpty()) {
            console.dim("Not detected, so skipped (name one in --tools to configure it anyway): "
                    + String.join(", ", notDetected.stream().map(t -> t.name + " (" + t.toolId + ")").toList()));
        }
        for (FileChange change : plan.shared()) {
            if (change.isNoop()) continue;
            console.heading("anyray-connect");
            console.line("    " + change.shown() + ": " + String.join("; ", change.summary()));
        }
        console.blank();
    }

    /**
     * A tool's outcome in words; in a revert, its changes are {@code reverting} ("to revert" in the plan,
     * "reverted" in the summary) and finding nothing of connect's left is "nothing to revert", not "already up to date".
     */
    private static String label(ToolPlan plan, boolean revert, String reverting) {
        if (revert && plan.outcome() == ToolPlan.Outcome.CHANGES) return reverting;
        return revert && plan.outcome() == ToolPlan.Outcome.UP_TO_DATE ? ToolPlan.Outcome.NOTHING_TO_REVERT.label : plan.outcome().label;
    }

    private void diff(FileChange change) {
        String before = change.before() == null ? "" : dev.anyray.connect.io.TextEncoding.text(change.before());
        String after = change.after() == null ? "" : dev.anyray.connect.io.TextEncoding.text(change.after());
        for (String line : Diff.unified(before, after, console.secrets()::mask)) console.diff(line);
    }

    public void summary(List<ToolPlan> plans, List<ToolPlan> notDetected) {
        summary(plans, notDetected, false);
    }

    /** {@code revert}: the summary of a revert ("reverted", not "changed"). */
    public void summary(List<ToolPlan> plans, List<ToolPlan> notDetected, boolean revert) {
        console.heading("Summary:");
        for (ToolPlan plan : plans) {
            String mark = switch (plan.outcome()) {
                case CHANGES -> "✓";
                case UP_TO_DATE -> "=";
                case MANUAL -> "!";
                default -> "-";
            };
            String label = label(plan, revert, "reverted");
            String see = switch (plan.outcome()) {
                case MANUAL -> " (see the steps above)";
                case UNSUPPORTED -> " (see why above)";
                default -> "";
            };
            console.line("  " + mark + " " + plan.name + ": " + label + see);
        }
        if (!notDetected.isEmpty()) console.line("  - not detected: " + String.join(", ", notDetected.stream().map(p -> p.toolId).toList()));
        plans.forEach(p -> p.nextSteps.forEach(n -> console.line("  → " + n)));
    }

    public void status(ToolStatus s) {
        console.heading(s.name + ": " + (s.connected ? "connected" : "not connected") + (s.detected ? "" : " (not detected)"));
        if (s.gateway != null) console.line("    gateway:   " + s.gateway);
        if (s.authMode != null) console.line("    auth mode: " + s.authMode.label());
        if (s.key != null) console.line("    key:       " + s.key);
        s.files.forEach(f -> console.line("    file:      " + f));
        s.drift.forEach(d -> console.warn("drift: " + d));
        s.notes.forEach(n -> console.dim("    " + n));
    }

    /** Returns whether every finding is good. */
    public boolean findings(List<Finding> findings) {
        boolean allOk = true;
        for (Finding finding : findings) {
            if (finding.ok()) console.ok("  ok    " + finding.message());
            else console.line("  FAIL  " + finding.message());
            allOk &= finding.ok();
        }
        return allOk;
    }
}
