package dev.anyray.connect.engine;

import dev.anyray.connect.io.FileChange;
import dev.anyray.connect.io.KeyFile;
import dev.anyray.connect.io.Workspace;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The domain rules of a run, apart from any process or output (unit-tested as such):
 * <ul>
 *   <li>a connect with a personal key stores it (owner-only) for later runs; only a revert that leaves
 *       no tool connected deletes it;</li>
 *   <li>every file a tool changed stays in the revert record until it is reverted, even when a later run
 *       resolves the tool to other files;</li>
 *   <li>the revert record is written in the same transaction as the tool files, as its last change, so it
 *       only ever describes files that were written (and the journal covers a crash in between);</li>
 *   <li>after a revert, folders connect created are removed once empty, {@code ~/.anyray} included.</li>
 * </ul>
 */
public final class Planner {
    private Planner() {}

    /** A run's plans, and every file change they imply, in the order they are applied. */
    public record Plan(List<ToolPlan> tools, List<FileChange> shared, List<FileChange> all, List<Path> emptiedFolders, ConnectState next) {
        public boolean changesAnything() {
            return all.stream().anyMatch(c -> !c.isNoop());
        }
    }

    /** Connects {@code adapters}; {@code writeRecord} false for a dry run (which never serialises the record). */
    public static Plan connect(ConnectContext ctx, List<ToolAdapter> adapters, StateStore.Loaded loaded, boolean writeRecord) {
        ConnectState next = loaded.state();
        List<ToolPlan> plans = new ArrayList<>();
        Workspace files = new Workspace(ctx.env());
        for (ToolAdapter adapter : adapters) {
            ToolPlan plan = adapter.plan(ctx, loaded.state(), files);
            plan.changes.forEach(files::planned);
            plans.add(plan);
            next = next.withConnected(adapter.id(), plan.record());
        }
        List<FileChange> shared = new ArrayList<>();
        if (ctx.key().isPersonal() && !ctx.key().isPending()) {
            shared.add(KeyFile.write(ctx.env(), ctx.key()));
            if (next.keyGateway() == null || !next.keyGateway().equals(ctx.gateway().url())) {
                next = next.withKeyOrigin(ctx.gateway().url(), next.keyUser(), next.keyTeam());
            }
        }
        List<FileChange> toolChanges = new ArrayList<>();
        plans.forEach(p -> toolChanges.addAll(p.changes));
        return assemble(plans, toolChanges, shared, loaded, next, List.of(), writeRecord);
    }

    /** Reverts those of {@code adapters} that the record knows. */
    public static Plan revert(Environment env, List<ToolAdapter> adapters, StateStore.Loaded loaded, boolean writeRecord) {
        ConnectState next = loaded.state();
        List<ToolPlan> plans = new ArrayList<>();
        List<Path> emptied = new ArrayList<>();
        List<FileChange> applyOrder = new ArrayList<>();
        Workspace files = new Workspace(env);
        // Last connected, first reverted: tools that share a file give it back in the reverse order of their edits.
        List<ToolAdapter> reversed = new ArrayList<>(adapters);
        java.util.Collections.reverse(reversed);
        for (ToolAdapter adapter : reversed) {
            if (loaded.state().tool(adapter.id()) == null) continue;
            ToolPlan plan = adapter.planRevert(env, loaded.state(), files);
            plan.changes.forEach(files::planned);
            plans.add(0, plan);
            applyOrder.addAll(plan.changes);
            emptied.addAll(plan.removeIfEmpty);
            next = next.with(adapter.id(), null);
        }
        List<FileChange> shared = new ArrayList<>();
        if (!next.hasTools()) {
            // Nothing connected any more: the stored key goes, with its record and connect's folder.
            if (KeyFile.read(env) != null) shared.add(KeyFile.delete(env));
            next = next.withoutKey();
            emptied.add(env.anyrayDir());
        }
        return assemble(plans, applyOrder, shared, loaded, next, emptied, writeRecord);
    }

    /** {@code toolChanges} in the order they were planned, which is the order they must be applied in. */
    private static Plan assemble(List<ToolPlan> plans, List<FileChange> toolChanges, List<FileChange> shared, StateStore.Loaded loaded,
            ConnectState next, List<Path> emptied, boolean writeRecord) {
        List<FileChange> all = new ArrayList<>(toolChanges);
        all.addAll(shared);
        if (writeRecord) all.add(StateStore.change(loaded, next));
        return new Plan(plans, shared, all, emptied, next);
    }
}
