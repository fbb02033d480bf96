package dev.anyray.connect.adapters;

import dev.anyray.connect.core.ClientKey;
import dev.anyray.connect.core.ConfigFile;
import dev.anyray.connect.core.ConnectContext;
import dev.anyray.connect.core.ConnectException;
import dev.anyray.connect.core.ConnectState;
import dev.anyray.connect.core.ConnectState.FileRecord;
import dev.anyray.connect.core.ConnectState.Owned;
import dev.anyray.connect.core.Environment;
import dev.anyray.connect.core.FileChange;
import dev.anyray.connect.core.KeyFile;
import dev.anyray.connect.core.ManagedBlock;
import dev.anyray.connect.core.ToolPlan;
import dev.anyray.connect.core.ToolStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SDK jobs and scripts read the standard variables from the login shell. We keep one managed block
 * in the profile of {@code $SHELL}: zsh {@code ${ZDOTDIR:-~}/.zshrc}, bash {@code ~/.bashrc}, fish
 * {@code ~/.config/fish/conf.d/anyray-connect.fish} (its own syntax), anything else {@code ~/.profile}.
 * It sets {@code OPENAI_BASE_URL}, {@code OPENAI_API_KEY}, {@code ANTHROPIC_BASE_URL} and
 * {@code ANTHROPIC_AUTH_TOKEN} (Bearer auth, which the Anthropic SDKs and Claude Code both accept;
 * left out in subscription mode, where it would override Claude Code's seat sign-in).
 * Every value is single-quoted, so sourcing the profile can never run anything hidden in a value; a
 * personal key is read from the owner-only {@code ~/.anyray/client-key}, never inlined in a profile
 * that others may be able to read.
 */
public final class ShellEnvAdapter implements ToolAdapter {
    private static final String OWNED_BLOCK = "block";
    private static final String NOTE_SEPARATOR = "separator";

    enum Syntax { POSIX, FISH }

    record Profile(Path path, Syntax syntax, String shell) {}

    @Override
    public String id() {
        return "shell-env";
    }

    @Override
    public String displayName() {
        return "Shell environment";
    }

    static Profile profile(Environment env) {
        String shell = env.get("SHELL");
        String name = shell == null ? "" : Path.of(shell).getFileName().toString().replaceFirst("^-", "");
        return switch (name) {
            case "zsh" -> new Profile(env.dirFromVar("ZDOTDIR").resolve(".zshrc"), Syntax.POSIX, name);
            case "bash" -> new Profile(env.home().resolve(".bashrc"), Syntax.POSIX, name);
            case "fish" -> new Profile(env.dirFromVar("XDG_CONFIG_HOME", ".config").resolve("fish/conf.d/anyray-connect.fish"), Syntax.FISH, name);
            default -> new Profile(env.home().resolve(".profile"), Syntax.POSIX, name.isEmpty() ? "sh" : name);
        };
    }

    @Override
    public boolean detect(Environment env) {
        return !env.isWindows() || env.get("SHELL") != null;
    }

    @Override
    public ToolPlan plan(ConnectContext ctx, ConnectState state) {
        Environment env = ctx.env();
        Profile profile = profile(env);
        ToolPlan plan = new ToolPlan(id(), displayName());
        ConfigFile file = ConfigFile.read(profile.path(), env);
        String original = file.text();
        List<String> body = blockLines(ctx, profile.syntax());
        ManagedBlock.Edit edit = ManagedBlock.upsert(original, body, file.shown());

        String pathKey = Records.key(file.path());
        ConnectState.ToolRecord earlierTool = state.tool(id());
        FileRecord earlier = earlierTool == null ? null : earlierTool.file(pathKey);
        Map<String, String> notes = new LinkedHashMap<>(earlier != null && earlier.notes() != null ? earlier.notes() : Map.of());
        if (edit.separator() != null) notes.put(NOTE_SEPARATOR, edit.separator());
        Map<String, Owned> owned = Map.of(OWNED_BLOCK, new Owned(null, state.fingerprint(String.join("\n", body))));

        boolean changed = !edit.text().equals(original);
        FileChange change = file.change(edit.text(), null, changed
                ? List.of((edit.separator() != null ? "add" : "update") + " the anyray-connect block (" + profile.shell() + " syntax)")
                : List.of());
        plan.change(change);
        plan.notes.add("open a new terminal (or run: source " + file.shown() + ") to load the variables");
        return plan.record(Records.tool(ctx, Map.of(pathKey, Records.file(earlier, file, change, owned, notes))));
    }

    /** The block's lines in the shell's own syntax; every value is quoted so that nothing in it is ever run. */
    static List<String> blockLines(ConnectContext ctx, Syntax syntax) {
        List<String> lines = new ArrayList<>();
        lines.add("# Managed by anyray-connect: re-run it to update, run it with --revert to remove.");
        lines.add(set(syntax, "OPENAI_BASE_URL", ctx.gateway().openAiBaseUrl()));
        lines.add(set(syntax, "ANTHROPIC_BASE_URL", ctx.gateway().anthropicBaseUrl()));
        boolean anthropicKey = !ctx.subscription();
        if (!ctx.key().isPersonal()) {
            lines.add(set(syntax, "OPENAI_API_KEY", ctx.key().reveal()));
            if (anthropicKey) lines.add(set(syntax, "ANTHROPIC_AUTH_TOKEN", ctx.key().reveal()));
            return lines;
        }
        String keyFile = quote(syntax, KeyFile.path(ctx.env()).toString());
        if (syntax == Syntax.FISH) {
            lines.add("if test -r " + keyFile);
            lines.add("    set -gx OPENAI_API_KEY (cat " + keyFile + ")");
            if (anthropicKey) lines.add("    set -gx ANTHROPIC_AUTH_TOKEN $OPENAI_API_KEY");
            lines.add("end");
        } else {
            lines.add("if [ -r " + keyFile + " ]; then");
            lines.add("  OPENAI_API_KEY=$(cat " + keyFile + "); export OPENAI_API_KEY");
            if (anthropicKey) lines.add("  ANTHROPIC_AUTH_TOKEN=$OPENAI_API_KEY; export ANTHROPIC_AUTH_TOKEN");
            lines.add("fi");
        }
        return lines;
    }

    private static String set(Syntax syntax, String name, String value) {
        return (syntax == Syntax.FISH ? "set -gx " + name + " " : "export " + name + "=") + quote(syntax, value);
    }

    /** POSIX: '...' with ' written as '\''. fish: '...' with \ and ' escaped by a backslash. */
    static String quote(Syntax syntax, String value) {
        if (syntax == Syntax.FISH) return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
        return "'" + value.replace("'", "'\\''") + "'";
    }

    @Override
    public ToolPlan planRevert(Environment env, ConnectState state) {
        ConnectState.ToolRecord record = state.tool(id());
        if (record == null) return ToolPlan.nothingToRevert(id(), displayName());
        ToolPlan plan = new ToolPlan(id(), displayName());
        for (Map.Entry<String, FileRecord> entry : record.files().entrySet()) {
            ConfigFile file = ConfigFile.read(Path.of(entry.getKey()), env);
            if (!file.exists()) {
                plan.notes.add(file.shown() + " is gone already");
                continue;
            }
            String original = file.text();
            Map<String, String> notes = entry.getValue().notes() == null ? Map.of() : entry.getValue().notes();
            String after = ManagedBlock.remove(original, notes.get(NOTE_SEPARATOR), file.shown());
            List<String> summary = after.equals(original) ? List.of() : new ArrayList<>(List.of("remove the anyray-connect block"));
            if (after.isEmpty() && entry.getValue().created()) {
                after = null;
                summary = List.of("delete the file (connect created it)");
                plan.removeIfEmpty.addAll(Records.createdDirs(entry.getValue()));
            }
            plan.change(file.change(after, null, summary));
        }
        return plan;
    }

    private static final Pattern ASSIGNMENT = Pattern.compile("(?:export |set -gx )(\\w+)[= ]'((?:[^'\\\\]|'\\\\''|\\\\.)*)'");

    @Override
    public ToolStatus status(Environment env, ConnectState state) {
        ToolStatus status = new ToolStatus(id(), displayName());
        status.detected = detect(env);
        Profile profile = profile(env);
        try {
            ConfigFile file = ConfigFile.read(profile.path(), env);
            status.files.add(file.shown());
            ManagedBlock.Span span = file.exists() ? ManagedBlock.find(file.text(), file.shown()) : null;
            if (span == null) return status;
            status.connected = true;
            Map<String, String> values = new LinkedHashMap<>();
            Matcher m = ASSIGNMENT.matcher(span.body());
            while (m.find()) values.put(m.group(1), m.group(2).replace("'\\''", "'").replace("\\'", "'"));
            status.gateway = values.get("ANTHROPIC_BASE_URL");
            status.authMode = span.body().contains("ANTHROPIC_AUTH_TOKEN") ? "gateway-key" : "subscription";
            String stored = KeyFile.read(env);
            status.key = values.containsKey("OPENAI_API_KEY") ? values.get("OPENAI_API_KEY")
                    : stored == null ? "missing: " + env.display(KeyFile.path(env)) : ClientKey.mask(stored, ClientKey.Source.KEY_FILE);
            ConnectState.ToolRecord record = state.tool(id());
            FileRecord fileRecord = record == null ? null : record.file(Records.key(file.path()));
            Owned block = fileRecord == null || fileRecord.owned() == null ? null : fileRecord.owned().get(OWNED_BLOCK);
            String body = span.body().replace("\r\n", "\n");
            if (block != null && !block.written().equals(state.fingerprint(body.endsWith("\n") ? body.substring(0, body.length() - 1) : body))) {
                status.drift.add("the anyray-connect block in " + file.shown() + " was edited after connect");
            }
        } catch (ConnectException e) {
            status.notes.add(e.getMessage());
        }
        return status;
    }
}
