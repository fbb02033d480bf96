package dev.anyray.connect.engine;

import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.model.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a tool is, as data: its id and name, the commands and folders that show it is installed, what
 * it can do, and where {@code --status} finds the gateway and the key in its file. The engine turns
 * the capabilities into the plan's notes (the same sentence for every tool that lacks one), so an
 * adapter holds only what is particular to its tool: its files, their format, its settings.
 *
 * <p>Plain data on purpose: every run detects every tool, and a declaration costs no class of its own
 * (no lambda per folder).
 */
public record ToolSpec(String id, String displayName, List<String> commands, List<Folder> folders, Set<Can> can,
        String caVariable, String proxyNote, KeyPath gatewayAt, KeyPath keyAt) {

    /** What a tool can do that changes what connect writes or says. */
    public enum Can {
        /** It runs a command for its key at run time, so a key in the OS keychain is never copied into its file. */
        RUN_KEY_COMMAND,
        /** It has a seat sign-in (a subscription) the gateway can pass through in {@code --subscription} mode. */
        PASS_SEAT_SIGN_IN,
        /** Its own file takes the CA bundle (nothing needed from the shell environment). */
        TRUST_CA_FROM_ITS_FILE,
        /** It needs a model id written for it (chosen by --model, else by the model rule). */
        NEEDS_MODEL
    }

    /** A folder that shows the tool is installed: {@code $variable/inside} when the variable is set, else {@code ~/underHome/inside}. */
    public record Folder(String variable, String underHome, String inside) {
        Path in(Environment env) {
            Path base = variable == null ? env.home().resolve(underHome) : env.dirFromVar(variable, underHome);
            return inside.isEmpty() ? base : base.resolve(inside);
        }
    }

    public static ToolSpec of(String id, String displayName) {
        return new ToolSpec(id, displayName, List.of(), List.of(), EnumSet.noneOf(Can.class), null, null, null, null);
    }

    /** A command on {@code PATH} that shows the tool is installed. */
    public ToolSpec command(String name) {
        List<String> more = new ArrayList<>(commands);
        more.add(name);
        return new ToolSpec(id, displayName, List.copyOf(more), folders, can, caVariable, proxyNote, gatewayAt, keyAt);
    }

    /** A folder under the home that shows the tool is installed. */
    public ToolSpec folder(String underHome) {
        return folder(null, underHome);
    }

    /** A folder that shows the tool is installed, {@code $variable} first. */
    public ToolSpec folder(String variable, String underHome) {
        return folder(variable, underHome, "");
    }

    /** A folder {@code inside} the one {@code $variable} names (else {@code ~/underHome}): opencode's {@code $XDG_CONFIG_HOME/opencode}. */
    public ToolSpec folder(String variable, String underHome, String inside) {
        List<Folder> more = new ArrayList<>(folders);
        more.add(new Folder(variable, underHome, inside));
        return new ToolSpec(id, displayName, commands, List.copyOf(more), can, caVariable, proxyNote, gatewayAt, keyAt);
    }

    public ToolSpec can(Can first, Can... rest) {
        Set<Can> more = EnumSet.noneOf(Can.class);
        more.addAll(can);
        more.add(first);
        more.addAll(List.of(rest));
        return new ToolSpec(id, displayName, commands, folders, more, caVariable, proxyNote, gatewayAt, keyAt);
    }

    /** The environment variable through which the tool trusts an extra CA, set by the shell block. */
    public ToolSpec caFromEnvironment(String variable) {
        return new ToolSpec(id, displayName, commands, folders, can, variable, proxyNote, gatewayAt, keyAt);
    }

    /** What the plan says about the tool when a proxy is set in the environment (how it takes one, or what it needs). */
    public ToolSpec proxy(String note) {
        return new ToolSpec(id, displayName, commands, folders, can, caVariable, note, gatewayAt, keyAt);
    }

    /** Where {@code --status} reads the gateway URL and the key the tool sends. */
    public ToolSpec status(KeyPath gateway, KeyPath key) {
        return new ToolSpec(id, displayName, commands, folders, can, caVariable, proxyNote, gateway, key);
    }

    /** The tool's own folder, where its files live: the first folder it is declared by. */
    public Path home(Environment env) {
        return folders.get(0).in(env);
    }

    public boolean has(Can capability) {
        return can.contains(capability);
    }

    /** Installed here: one of its folders exists or one of its commands is on {@code PATH} (starts nothing). */
    public boolean detect(Environment env) {
        for (Folder folder : folders) {
            if (Files.isDirectory(folder.in(env))) return true;
        }
        for (String command : commands) if (env.onPath(command)) return true;
        return false;
    }
}
