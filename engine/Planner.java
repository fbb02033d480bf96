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
                store.helperFiles().forEach((path, script) -> shared.add(ConfigFile.read(path, ctx.env())
                        .change(script, OWNER_ONLY_EXECUTABLE, List.of("install the helper that reads the key from " + store.describe()))));
                if (KeyFile.read(ctx.env()) != null) shared.add(KeyFile.delete(ctx.env()).withSummary("delete the plain key file: the key now lives in " + store.describe()));
            } else {
                shared.add(KeyFile.write(ctx.env(), ctx.key()));
                shared.addAll(deleteHelpers(ctx.env()));
            }
            if (!store.name().equals(next.keyStore())) next = next.withKeyStore(store.name());
            // A stored key is only ever used for its own gateway (the command refuses others); a key from
            // the environment or an invite belongs to the gateway it is connected to.
            if (next.keyGateway() == null || !next.keyGateway().equals(ctx.gateway().url())) {
                next = next.withKeyOrigin(ctx.gateway().url(), next.keyUser(), next.keyTeam());
            }
        }
        if (next.hasTools() || next.hasStoredKey()) {
            ConnectState.Connection connection = new ConnectState.Connection(ctx.gateway().url(), ctx.identity().user(), ctx.identity().team(), ctx.caFile());
            if (!connection.equals(next.connection())) next = next.withConnection(connection);
        }
        List<FileChange> toolChanges = new ArrayList<>();
        plans.forEach(p -> toolChanges.addAll(p.changes));
        for (List<FileChange> changes : byTarget(toolChanges).values()) {
            if (changes.stream().allMatch(FileChange::leavesAbsent)) continue; // no origin to remember
            next = next.withOrigin(key(changes), originAfterConnect(next, changes));
        }
        return assemble(plans, toolChanges, shared, loaded, next, List.of(), writeRecord);
    }

    /** Deleting the keychain helpers that exist (the key is not, or no longer, in a credential store). */
    private static List<FileChange> deleteHelpers(Environment env) {
        List<FileChange> deletes = new ArrayList<>();
        for (Path helper : KeyStore.helperPaths(env)) {
            if (Files.exists(helper)) deletes.add(ConfigFile.read(helper, env).change(null, null, List.of("delete the keychain helper")));
        }
        return deletes;
    }

    /** Files up to this size are remembered whole, so that revert can give them back byte for byte. */
    static final int MAX_REMEMBERED = 1024 * 1024;

    /**
     * The file-level record after a connect planned {@code changes} (one tool's or several tools', in
     * order) for one file. The bytes from before connect's first run stay; "what connect wrote" moves on
     * to this run's result only while nothing but connect has changed the file since then. Once the
     * user or the tool has changed it, it is forgotten for good (with the old bytes): revert then goes
     * key by key and keeps their changes, however many runs come after.
     */
    static ConnectState.FileOrigin originAfterConnect(ConnectState state, List<FileChange> changes) {
        FileChange first = changes.get(0);
        FileChange last = changes.get(changes.size() - 1);
        ConnectState.FileOrigin earlier = state.origin(key(changes));
        String disk = text(first.before());
        String result = text(last.after());
        String written = result == null ? null : state.fingerprint(result);
        boolean created = earlier != null ? earlier.created() : first.before() == null;
        java.util.LinkedHashSet<String> dirs = new java.util.LinkedHashSet<>(earlier != null && earlier.createdDirs() != null ? earlier.createdDirs() : List.of());
        if (created) first.missingParents().forEach(d -> dirs.add(d.toString()));
        String mode = earlier != null ? earlier.originalMode() : null;
        if (mode == null && first.modeBefore() != null && last.mode() != null && !last.mode().equals(first.modeBefore())) {
            mode = PosixFilePermissions.toString(first.modeBefore());
        }
        String original;
        if (earlier == null) {
            original = disk != null && first.before().length <= MAX_REMEMBERED ? disk : null;
        } else if (earlier.onlyConnectsWrites(disk, state)) {
            original = earlier.original();
        } else {
            original = null;
            written = null;
        }
        return new ConnectState.FileOrigin(created, dirs.isEmpty() ? null : new ArrayList<>(dirs), mode, original, written);
    }

    /** The changes of one run grouped by the real file they change, in the order they were planned. */
    private static java.util.Map<Path, List<FileChange>> byTarget(List<FileChange> changes) {
        java.util.Map<Path, List<FileChange>> grouped = new java.util.LinkedHashMap<>();
        for (FileChange change : changes) grouped.computeIfAbsent(change.target(), t -> new ArrayList<>()).add(change);
        return grouped;
    }

    private static String key(List<FileChange> changes) {
        return changes.get(0).target().toString();
    }

    private static String text(byte[] bytes) {
        return dev.anyray.connect.io.TextEncoding.text(bytes); // as the editor saw it: a BOM is not text
    }

    /**
     * Reverts those of {@code adapters} that the record knows. A file is one record whichever tools own
     * parts of it: when every tool that owns a part is reverted and nothing but connect changed the file
     * since connect first wrote it, the file gets its bytes from before connect back in one step (or is
     * deleted, if connect created it); otherwise each tool takes out its own settings, last connected
     * first, and everything else stays.
     */
    public static Plan revert(Environment env, List<ToolAdapter> adapters, StateStore.Loaded loaded, boolean writeRecord) {
        return revert(env, adapters, loaded, writeRecord, false);
    }

    /**
     * As above; {@code keyUnreachable}: the personal key is in a credential store this session cannot
     * reach, so the record keeps where it is (and nothing else) for a revert from a session that can.
     */
    public static Plan revert(Environment env, List<ToolAdapter> adapters, StateStore.Loaded loaded, boolean writeRecord, boolean keyUnreachable) {
        ConnectState state = loaded.state();
        ConnectState next = state;
        List<ToolPlan> plans = new ArrayList<>();
        List<Path> emptied = new ArrayList<>();
        List<FileChange> applyOrder = new ArrayList<>();
        Workspace files = new Workspace(env);
        // Last connected, first reverted: tools that share a file give it back in the reverse order of their edits.
        List<ToolAdapter> reversed = new ArrayList<>(adapters);
        java.util.Collections.reverse(reversed);
        reversed.removeIf(a -> state.tool(a.id()) == null);
        List<String> reverting = reversed.stream().map(ToolAdapter::id).toList();
        // Whole-file restores first, each shown under the last-connected tool that owns the file.
        java.util.Set<String> restored = new java.util.HashSet<>();
        java.util.Map<String, List<FileChange>> restoresOf = new java.util.HashMap<>();
        for (ToolAdapter adapter : reversed) {
            ConnectState.ToolRecord record = state.tool(adapter.id());
            if (record.files() == null) continue;
            for (String path : record.files().keySet()) {
                if (!restored.add(path)) continue;
                FileChange exact = exactRestore(env, state, path, reverting);
                if (exact == null) continue;
                restoresOf.computeIfAbsent(adapter.id(), id -> new ArrayList<>()).add(exact);
                files.settle(exact);
            }
        }
        for (ToolAdapter adapter : reversed) {
            ToolPlan plan = adapter.planRevert(env, state, files);
            List<FileChange> exact = restoresOf.getOrDefault(adapter.id(), List.of());
            plan.changes.addAll(0, exact);
            for (FileChange change : exact) {
                if (change.after() == null) plan.removeIfEmpty.addAll(state.origin(change.target().toString()).createdFolders());
            }
            plan.changes.forEach(files::planned);
            plans.add(0, plan);
            applyOrder.addAll(plan.changes);
            emptied.addAll(plan.removeIfEmpty);
            next = next.with(adapter.id(), null);
        }
        // The file-level records: a file a tool still owns a part of (a partial revert) follows what this
        // revert leaves in it; the others are forgotten with the last tool that owned a part.
        for (List<FileChange> changes : byTarget(applyOrder).values()) {
            String path = key(changes);
            ConnectState.FileOrigin origin = state.origin(path);
            if (origin == null || !next.isOwned(path)) continue;
            boolean onlyConnect = origin.onlyConnectsWrites(text(changes.get(0).before()), state);
            String result = text(changes.get(changes.size() - 1).after());
            next = next.withOrigin(path, new ConnectState.FileOrigin(origin.created(), origin.createdDirs(), origin.originalMode(),
                    onlyConnect ? origin.original() : null, onlyConnect && result != null ? state.fingerprint(result) : null));
        }
        List<Path> orphaned = new ArrayList<>();
        for (String path : new ArrayList<>(next.files() == null ? List.<String>of() : next.files().keySet())) {
            if (next.isOwned(path)) continue;
            orphaned.addAll(next.origin(path).createdFolders());
            next = next.withOrigin(path, null);
        }
        next = handOver(next, orphaned);
        List<FileChange> shared = new ArrayList<>();
        if (!next.hasTools()) {
            // Nothing connected any more: the stored key goes, with its record and connect's folder.
            if (KeyFile.read(env) != null) shared.add(KeyFile.delete(env));
            shared.addAll(deleteHelpers(env));
            emptied.add(KeyStore.helperPath(env).getParent());
            next = keyUnreachable ? next.withConnection(null) : next.withoutKey();
            emptied.add(env.anyrayDir());
        }
        return assemble(plans, applyOrder, shared, loaded, next, emptied, writeRecord);
    }

    /**
     * A folder connect created for a file that a partial revert forgets, and that still holds a file of
     * a tool that stays connected (Kilo created {@code ~/.config}, opencode's folder is in it), goes with
     * that file instead: whichever is reverted last removes it.
     */
    private static ConnectState handOver(ConnectState state, List<Path> folders) {
        for (Path folder : folders) {
            for (String path : new ArrayList<>(state.files().keySet())) {
                ConnectState.FileOrigin origin = state.origin(path);
                if (!folder.getFileSystem().getPath(path).startsWith(folder) || origin.createdFolders().contains(folder)) continue;
                List<String> dirs = new ArrayList<>(origin.createdDirs() == null ? List.of() : origin.createdDirs());
                dirs.add(0, folder.toString());
                state = state.withOrigin(path, new ConnectState.FileOrigin(origin.created(), dirs, origin.originalMode(), origin.original(), origin.written()));
                break;
            }
        }
        return state;
    }

    /**
     * The change that gives {@code path} back as it was before connect (deletes it, if connect created
     * it), or null when that would lose something: a tool that is not reverted still owns a part, or
     * anything but connect changed the file since connect first wrote it.
     */
    private static FileChange exactRestore(Environment env, ConnectState state, String path, List<String> reverting) {
        ConnectState.FileOrigin origin = state.origin(path);
        if (origin == null || !origin.created() && origin.original() == null) return null;
        if (state.ownedByOtherThan(path, reverting)) return null;
        ConfigFile file = ConfigFile.read(env.path(path), env);
        if (!file.exists() || !origin.onlyConnectsWrites(file.text(), state)) return null;
        Set<PosixFilePermission> mode = origin.created() || origin.originalMode() == null ? null : PosixFilePermissions.fromString(origin.originalMode());
        return file.change(origin.created() ? null : origin.original(), mode,
                List.of(origin.created() ? "delete the file (connect created it)" : "put the file back as it was before connect"));
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
