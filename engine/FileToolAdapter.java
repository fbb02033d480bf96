package dev.anyray.connect.engine;

import dev.anyray.connect.edit.BlockDocument;
import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.edit.ManagedBlock;
import dev.anyray.connect.edit.Values;
import dev.anyray.connect.engine.ConnectState.FileRecord;
import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.io.ConfigFile;
import dev.anyray.connect.io.FileChange;
import dev.anyray.connect.io.TextEncoding;
import dev.anyray.connect.io.Workspace;
import dev.anyray.connect.model.AuthMode;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool configured through one file. A subclass declares the file, how to open it (its format) and
 * the settings it wants in each mode; this class does the rest for every such tool alike: read,
 * claim through {@link OwnedSettings}, read the result back as the tool would, make a file holding a
 * key owner-only, remember what revert needs, revert (exactly, when nobody touched the file since),
 * report status and drift, and delete a file (and folders) connect created once nothing else is in it.
 */
public abstract class FileToolAdapter implements ToolAdapter {
    /** The tool as data: identity, detection, capabilities, where --status looks. */
    private final ToolSpec spec;

    protected FileToolAdapter(ToolSpec spec) {
        this.spec = spec;
    }

    public final ToolSpec spec() {
        return spec;
    }

    @Override
    public final String id() {
        return spec.id();
    }

    @Override
    public final String displayName() {
        return spec.displayName();
    }

    @Override
    public boolean detect(Environment env) {
        return spec.detect(env);
    }

    /** The tool's own folder, as its declaration names it (one place for the variable and the default). */
    protected final Path home(Environment env) {
        return spec.home(env);
    }

    /** The file connect writes for this tool. */
    protected abstract Path file(Environment env);

    /**
     * Files besides the main one in which connect owns a managed block (Continue's {@code .env}, which
     * its config refers to for the key); none by default. Their contents come from {@link #blockFor}.
     */
    protected List<Path> blockFiles(Environment env) {
        return List.of();
    }

    /**
     * The body of connect's block in {@code file} (one of {@link #blockFiles}) in this mode; null: none
     * is written. {@code current} is the file as it is (a format the block must fit, say), or null when
     * the engine only asks whether this mode writes a block at all.
     */
    protected String blockFor(ConnectContext ctx, Path file, Document current) {
        return null;
    }

    /** The markers of connect's block in each of {@link #blockFiles} (default: the shell environment's). */
    protected ManagedBlock.Markers blockMarkers() {
        return ManagedBlock.DEFAULT;
    }

    /**
     * How a file connect creates is stored: its encoding and line ending (default: UTF-8, LF). Windows
     * PowerShell 5.1 reads a profile without a BOM in the ANSI code page, so a new one is UTF-8 with a BOM
     * and CRLF; an existing file always keeps its own.
     */
    protected NewFile newFile(Path file) {
        return NewFile.PLAIN;
    }

    /** The encoding and line ending of a file connect creates. */
    public record NewFile(TextEncoding encoding, String lineEnding) {
        public static final NewFile PLAIN = new NewFile(TextEncoding.UTF_8, "\n");
        public static final NewFile WINDOWS = new NewFile(TextEncoding.UTF_8_BOM, "\r\n");
    }

    @Override
    public List<Path> files(Environment env) {
        List<Path> all = new ArrayList<>(List.of(file(env)));
        all.addAll(blockFiles(env));
        return all; // the main file first
    }

    /** Opens the file's text in its format; {@code notes} are what this format remembered last time (may be empty). */
    protected abstract Document open(String text, Map<String, String> notes, String shown);

    /**
     * The settings connect wants in this mode, by key path, in the order to write them; a null value:
     * must not be set. {@code current} is the file as it is (a tool's current model, say).
     */
    protected abstract Map<KeyPath, Object> settings(ConnectContext ctx, Document current);

    /** What a file connect creates starts as, before its settings go in (default: nothing). */
    protected String template() {
        return "";
    }

    /** How the plan's summary names a setting (default: its key path). */
    protected String label(KeyPath path) {
        return path.toString();
    }

    /** Warnings, next steps and notes about the tool (a setting of the user's that overrides ours, say). */
    protected void advise(ConnectContext ctx, Document doc, String shown, List<KeyPath> foreign, ToolPlan plan) {}

    /**
     * What --status shows of the tool's current settings: gateway, auth mode, key (masked). By default
     * read where the declaration says ({@link ToolSpec#status}); a tool adds its own notes.
     */
    protected void describe(Environment env, Document doc, ToolStatus status) {
        if (spec.gatewayAt() == null) return;
        Object base = doc.get(spec.gatewayAt());
        Object key = spec.keyAt() == null ? null : doc.get(spec.keyAt());
        status.gateway = base instanceof String s ? s : null;
        status.authMode = key != null ? AuthMode.GATEWAY_KEY : null;
        status.key = key instanceof String s ? keyShown(s) : null;
    }

    /** How --status shows the key value found in the file (default: masked). */
    protected String keyShown(String value) {
        return ClientKey.mask(value);
    }

    @Override
    public ToolPlan plan(ConnectContext ctx, ConnectState state, Workspace files) {
        ToolPlan plan = new ToolPlan(id(), displayName());
        Map<String, FileRecord> records = new java.util.LinkedHashMap<>();
        List<Planned> planned = new ArrayList<>();
        ConfigFile mainFile = files.read(file(ctx.env()));
        Document mainDoc = opened(ctx, state, mainFile, template());
        Map<KeyPath, Object> wanted = settings(ctx, mainDoc);
        // A tool whose own file gets nothing (no model to pick) is left as it is: its other files (the key's) too.
        for (Path block : wanted.isEmpty() ? List.<Path>of() : blockFiles(ctx.env())) {
            if (blockFor(ctx, block, null) == null) continue; // not in this mode
            ConfigFile blockFile = files.read(block);
            Document doc = opened(ctx, state, blockFile, "");
            planned.add(planFile(ctx, state, blockFile, doc, Map.of(BlockDocument.BLOCK, blockFor(ctx, block, doc)), plan, records));
        }
        Planned main = planFile(ctx, state, mainFile, mainDoc, wanted, plan, records);
        planned.add(main);
        advise(ctx, main.doc(), main.shown(), main.foreign(), plan);
        if (records.values().stream().anyMatch(r -> r.owned() != null)) {
            String keyFile = planned.stream().filter(Planned::holdsKey).map(Planned::shown).findFirst().orElse(null);
            Capabilities.explain(spec, ctx, keyFile, plan); // what the tool cannot do, said the same way for every tool
        }
        if (wanted.isEmpty()) plan.notConfigured();
        // A tool that gets nothing and had no record gets none: the record is of what connect changed.
        if (records.isEmpty() && state.tool(id()) == null) return plan;
        return plan.record(ConnectState.ToolRecord.of(ctx, records));
    }

    /** One planned file: its edited document, the user's settings this mode must not have, its name for output, whether it holds the key. */
    private record Planned(Document doc, List<KeyPath> foreign, String shown, boolean holdsKey) {}

    /** Plans one file of the tool, {@code doc} as {@link #opened} it: claim {@code settings}, read back, record. */
    private Planned planFile(ConnectContext ctx, ConnectState state, ConfigFile file, Document doc, Map<KeyPath, Object> settings,
            ToolPlan plan, Map<String, FileRecord> records) {
        Path path = file.path();
        FileRecord earlier = state.file(id(), file.key());
        String before = file.text();
        OwnedSettings.Claimed claimed = OwnedSettings.claim(doc, settings, earlier, state, ctx.key()::redact, this::label);
        String after = claimed.summary().isEmpty() ? before : doc.text();
        NewFile format = newFile(path);
        if (!file.exists() && !format.lineEnding().equals("\n")) after = after.replace("\r\n", "\n").replace("\n", format.lineEnding());
        if (!after.equals(before)) readBack(ctx.env(), path, after, settings, file.shown());
        // A file that is not there and gets nothing (no model to pick) stays not there.
        FileChange change = file.change(!file.exists() && claimed.summary().isEmpty() ? null : after, modeFor(ctx, file, after), claimed.summary(), format.encoding());
        plan.change(change);
        FileRecord record = new FileRecord(claimed.owned().isEmpty() ? null : claimed.owned(), doc.memo().isEmpty() ? null : doc.memo(),
                claimed.containers().isEmpty() ? null : claimed.containers());
        // A file left not there, of which connect knows nothing, has nothing to remember.
        if (!(change.leavesAbsent() && earlier == null && record.equals(new FileRecord(null, null, null)))) records.put(file.key(), record);
        return new Planned(doc, claimed.foreign(), file.shown(), after != null && after.contains(ctx.key().reveal()));
    }

    /** A file of this tool as it is (its template when there is none), with what the record noted of it. */
    private Document opened(ConnectContext ctx, ConnectState state, ConfigFile file, String template) {
        FileRecord earlier = state.file(id(), file.key());
        return openAt(ctx.env(), file.path(), file.exists() ? file.text() : template, earlier == null ? Map.of() : notes(earlier), file.shown());
    }

    /** Opens a file of this tool by its path: a block file is a managed block, the main file is in the tool's format. */
    private Document openAt(Environment env, Path path, String text, Map<String, String> notes, String shown) {
        return blockFiles(env).contains(path) ? new BlockDocument(text, blockMarkers(), notes, shown)
                : open(text, notes, shown);
    }

    /** Reads the new text as the tool will and checks that every setting sits where the tool looks for it. */
    private void readBack(Environment env, Path path, String text, Map<KeyPath, Object> settings, String shown) {
        Document reread = openAt(env, path, text, Map.of(), shown);
        for (Map.Entry<KeyPath, Object> want : settings.entrySet()) {
            Object found = reread.get(want.getKey());
            boolean ok = want.getValue() == null || found != null && Values.canonical(found).equals(Values.canonical(want.getValue()));
            if (!ok) {
                throw new ConnectException("the edit of " + shown + " would not put " + want.getKey() + " where " + displayName()
                        + " reads it; nothing was changed. Please report this with the file's layout");
            }
        }
    }

    /**
     * Key by key: each setting this tool owns goes back to its earlier value unless it was changed since;
     * a file connect created goes once nothing but its template is left. A file the planner restores as a
     * whole (nothing but connect changed it) is already settled in {@code files}, and skipped here.
     */
    @Override
    public ToolPlan planRevert(Environment env, ConnectState state, Workspace files) {
        ConnectState.ToolRecord record = state.tool(id());
        if (record == null) return ToolPlan.nothingToRevert(this);
        ToolPlan plan = new ToolPlan(id(), displayName());
        for (Map.Entry<String, FileRecord> entry : record.files().entrySet()) {
            Path path = env.path(entry.getKey());
            if (files.isSettled(path)) continue;
            FileRecord rec = entry.getValue();
            ConnectState.FileOrigin origin = state.origin(entry.getKey());
            ConfigFile file = files.read(path);
            if (!file.exists()) {
                plan.notes.add(file.shown() + " is gone already");
                continue;
            }
            String text = file.text();
            Document doc = openAt(env, path, text, notes(rec), file.shown());
            OwnedSettings.Reverted reverted = OwnedSettings.revert(doc, rec, state, file.shown());
            List<String> summary = new ArrayList<>(reverted.summary());
            plan.notes.addAll(reverted.kept());
            String after = summary.isEmpty() ? text : doc.text();
            boolean created = origin != null && origin.created();
            if (created && leftAsCreated(doc)) {
                after = null;
                summary.add("delete the file (nothing else is in it)");
                plan.removeIfEmpty.addAll(origin.createdFolders());
            }
            Set<PosixFilePermission> mode = after == null || origin == null || origin.originalMode() == null ? null : PosixFilePermissions.fromString(origin.originalMode());
            plan.change(file.change(after, mode, summary));
        }
        return plan;
    }

    @Override
    public ToolStatus status(Environment env, ConnectState state) {
        ToolStatus status = new ToolStatus(id(), displayName());
        status.detected = detect(env);
        try {
            ConfigFile file = ConfigFile.read(file(env), env);
            status.files.add(file.shown());
            if (!file.exists()) return status;
            FileRecord rec = state.file(id(), file.key());
            Document doc = openAt(env, file(env), file.text(), rec == null ? Map.of() : notes(rec), file.shown());
            status.connected = rec != null && rec.owned() != null
                    && rec.owned().entrySet().stream().anyMatch(e -> e.getValue().written() != null && doc.get(KeyPath.parse(e.getKey())) != null);
            describe(env, doc, status);
            if (rec != null) status.drift.addAll(OwnedSettings.drift(doc, rec.owned(), state));
        } catch (ConnectException e) {
            status.notes.add(e.getMessage());
        }
        return status;
    }

    /**
     * Nothing but what the template put in a file connect created: no setting, and no text either but
     * an empty object or list (a comment the user added since, which no document counts as a
     * setting, keeps the file).
     */
    private boolean leftAsCreated(Document doc) {
        String left = doc.text().replaceAll("\\s", "");
        return doc.isEmpty() && (left.isEmpty() || left.equals("{}") || left.equals("[]")) || left.equals(template().replaceAll("\\s", ""));
    }

    private static Map<String, String> notes(FileRecord rec) {
        return rec.notes() == null ? Map.of() : rec.notes();
    }

    /** A file holding a personal key is made owner-only; other files keep their mode. */
    private static Set<PosixFilePermission> modeFor(ConnectContext ctx, ConfigFile file, String after) {
        if (after != null && ctx.key().isPersonal() && after.contains(ctx.key().reveal())) return AtomicWriter.ownerOnly(file.mode());
        return null;
    }
}
