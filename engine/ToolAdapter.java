package dev.anyray.connect.engine;

import dev.anyray.connect.io.Workspace;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;

/**
 * One AI tool. An adapter only reads: it returns plans (file changes as data plus its revert record),
 * and the one transaction applies them, so every tool gets the same dry run, atomic all-or-nothing
 * writes and revert bookkeeping. A file an adapter cannot parse is reported with a
 * {@code ConnectException} naming it, before anything is written. Tools with a config file extend
 * {@link FileToolAdapter}, which does all of this from a short declaration.
 */
public interface ToolAdapter {

    /** The id used with {@code --tools}. */
    String id();

    /** The tool's name as people know it. */
    String displayName();

    /** Whether the tool is installed here (cheap: looks at folders and PATH, starts nothing). */
    boolean detect(Environment env);

    /** What connecting this tool to the gateway changes (an idempotent re-run plans no file change). */
    /** {@code files} reads a file as the tools planned before this one leave it. */
    ToolPlan plan(ConnectContext ctx, ConnectState state, Workspace files);

    /** What undoing this tool's earlier connect changes, from its record in {@code state}. */
    ToolPlan planRevert(Environment env, ConnectState state, Workspace files);

    /** The files a connect of this tool writes on this machine (as configured now); none by default. */
    default java.util.List<java.nio.file.Path> files(Environment env) {
        return java.util.List.of();
    }

    /** A read-only report of the tool's current configuration. */
    ToolStatus status(Environment env, ConnectState state);
}
