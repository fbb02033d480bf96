package dev.anyray.connect.engine;

import dev.anyray.connect.io.FileChange;
import dev.anyray.connect.io.ConfigFile;
import dev.anyray.connect.io.KeyFile;
import dev.anyray.connect.io.KeyStore;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
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

    private static final Set<PosixFilePermission> OWNER_ONLY_EXECUTABLE = PosixFilePermissions.fromString("rwx------");

    /** A run's plans, and every file change they imply, in the order they are applied. */
    public record Plan(List<ToolPlan> tools, List<FileChange> shared, List<FileChange> all, List<Path> emptiedFolders, ConnectState next) {
        public boolean changesAnything() {
            return all.stream().anyMatch(c -> !c.isNoop());
        }
    }

    /** Connects {@code adapters}; {@code writeRecord} false for a dry run (which never serialises the record). */
    public static Plan connect(ConnectContext ctx, List<ToolAdapter> adapters, StateStore.Loaded loaded, boolean writeRecord) {
        return connect(ctx, KeyStore.file(ctx.env(), null), adapters, loaded, writeRecord);
    }

    /**
     * As above, the personal key kept in {@code store}: with the owner-only file, the key file is part of
     * the transaction; with a credential store (written before the transaction), the helper script is,
     * and a plain key file from an earlier run goes.
     */
    public static Plan connect(ConnectContext ctx, KeyStore store, List<ToolAdapter> adapters, StateStore.Loaded loaded, boolean writeRecord) {
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
            if (store.isKeychain()) {
                ConfigFile helper = ConfigFile.read(KeyStore.helperPath(ctx.env()), ctx.env());
                shared.add(helper.change(store.helperScript(), OWNER_ONLY_EXECUTABLE, List.of("install the helper that reads the key from " + store.describe())));
                if (KeyFile.read(ctx.env()) != null) shared.add(KeyFile.delete(ctx.env()).withSummary("delete the plain key file: the key now lives in " + store.describe()));
            } else {
                shared.add(KeyFile.write(ctx.env(), ctx.key()));
                if (Files.exists(KeyStore.helperPath(ctx.env()))) shared.add(ConfigFile.read(KeyStore.helperPath(ctx.env()), ctx.env()).change(null, null, List.of("delete the keychain helper")));
            }
            String kind = store.isKeychain() ? "keychain" : "file";
            if (!kind.equals(next.keyStore())) next = next.withKeyStore(kind);
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
            if (Files.exists(KeyStore.helperPath(env))) shared.add(ConfigFile.read(KeyStore.helperPath(env), env).change(null, null, List.of("delete the keychain helper")));
            emptied.add(KeyStore.helperPath(env).getParent());
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
