package dev.anyray.connect.io;

import dev.anyray.connect.model.Environment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The files of one run as the run will leave them: a file that one tool's plan already changes is
 * read by the next tool with that change applied. Two tools that share a file (shell env and Copilot
 * CLI both keep a block in the shell profile) therefore plan one after the other, and the transaction
 * applies their changes in that order.
 */
public final class Workspace {
    private final Environment env;
    private final Map<Path, FileChange> planned = new HashMap<>();
    private final java.util.Set<Path> settled = new java.util.HashSet<>();

    public Workspace(Environment env) {
        this.env = env;
    }

    public ConfigFile read(Path path) {
        ConfigFile file = ConfigFile.read(path, env);
        FileChange change = planned.get(file.target());
        return change == null ? file : file.afterPlanned(change);
    }

    public void planned(FileChange change) {
        if (!change.isNoop()) planned.put(change.target(), change);
    }

    /** A change that decides the file's whole content (an exact restore): no tool edits the file after it. */
    public void settle(FileChange change) {
        planned(change);
        settled.add(change.target());
    }

    /** Whether the file (named by its real path, as the revert record names it) is already decided as a whole by {@link #settle}. */
    public boolean isSettled(Path realPath) {
        return settled.contains(realPath);
    }
}
