package dev.anyray.connect.engine;

import dev.anyray.connect.io.FileChange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one tool needs, as data for the renderer: file changes (applied later by the one
 * transaction), warnings, manual steps for tools whose state connect must not write, next steps for
 * the summary (how to start the tool), notes, and the revert record to keep once applied.
 */
public final class ToolPlan {
    public enum Outcome {
        CHANGES("changed"), UP_TO_DATE("already up to date"), MANUAL("manual steps"), NOT_DETECTED("skipped, not detected"),
        NOTHING_TO_REVERT("nothing to revert"), UNSUPPORTED("not configured");

        public final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    public final String toolId;
    public final String name;
    public final List<FileChange> changes = new ArrayList<>();
    public final List<String> warnings = new ArrayList<>();
    public final List<String> manualSteps = new ArrayList<>();
    /** What the user does next to use the tool (shown again in the summary). */
    public final List<String> nextSteps = new ArrayList<>();
    public final List<String> notes = new ArrayList<>();
    /** Folders connect created that revert removes once they are empty (the transaction removes them innermost first). */
    public final List<Path> removeIfEmpty = new ArrayList<>();
    private ConnectState.ToolRecord record;
    private Outcome forced;

    public ToolPlan(String toolId, String name) {
        this.toolId = toolId;
        this.name = name;
    }

    public static ToolPlan notDetected(ToolAdapter adapter) {
        ToolPlan plan = new ToolPlan(adapter.id(), adapter.displayName());
        plan.forced = Outcome.NOT_DETECTED;
        return plan;
    }

    /** A tool connect detects but cannot route through the gateway: it says why, and writes nothing. */
    public static ToolPlan unsupported(ToolAdapter adapter) {
        ToolPlan plan = new ToolPlan(adapter.id(), adapter.displayName());
        plan.forced = Outcome.UNSUPPORTED;
        return plan;
    }

    /** This tool is left as it is this run (a warning says why): shown as not configured, not as up to date. */
    public ToolPlan notConfigured() {
        if (!hasFileChanges()) forced = Outcome.UNSUPPORTED;
        return this;
    }

    public static ToolPlan nothingToRevert(ToolAdapter adapter) {
        ToolPlan plan = new ToolPlan(adapter.id(), adapter.displayName());
        plan.forced = Outcome.NOTHING_TO_REVERT;
        return plan;
    }

    public ToolPlan change(FileChange change) {
        changes.add(change);
        return this;
    }

    public ToolPlan record(ConnectState.ToolRecord record) {
        this.record = record;
        return this;
    }

    public ConnectState.ToolRecord record() {
        return record;
    }

    public boolean hasFileChanges() {
        return changes.stream().anyMatch(c -> !c.isNoop());
    }

    public Outcome outcome() {
        if (forced != null) return forced;
        if (hasFileChanges()) return Outcome.CHANGES;
        if (!manualSteps.isEmpty()) return Outcome.MANUAL;
        return Outcome.UP_TO_DATE;
    }
}
