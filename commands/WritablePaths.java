package dev.anyray.connect.commands;

import dev.anyray.connect.adapters.ToolRegistry;
import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.engine.StateStore;
import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The paths a run of this home could have written, which is all that recovery may touch: anything
 * under HOME, the folders of the files the tools resolve to here (a symlinked profile included), and
 * every file the revert record names. A journal naming anything else is not this home's. Worked out
 * only when a journal is there to check: most runs have none.
 */
final class WritablePaths implements Predicate<Path> {
    private final Environment env;
    private Predicate<Path> known;

    private WritablePaths(Environment env) {
        this.env = env;
    }

    static Predicate<Path> of(Environment env) {
        return new WritablePaths(env);
    }

    @Override
    public boolean test(Path path) {
        if (known == null) known = resolve(env);
        return known.test(path);
    }

    private static Predicate<Path> resolve(Environment env) {
        List<Path> roots = new ArrayList<>();
        roots.add(real(env.home()));
        for (ToolAdapter adapter : ToolRegistry.ALL) {
            for (Path file : adapter.files(env)) {
                try {
                    Path target = dev.anyray.connect.io.ConfigFile.resolveLinks(file, env.display(file));
                    if (target.getParent() != null) roots.add(target.getParent());
                } catch (ConnectException e) {
                    // a symlink loop names nothing
                }
            }
        }
        List<Path> recorded = new ArrayList<>();
        try {
            ConnectState state = StateStore.load(env).state();
            if (state.files() != null) state.files().keySet().forEach(p -> recorded.add(env.path(p)));
        } catch (ConnectException e) {
            // a damaged record names nothing we can trust
        }
        return path -> roots.stream().anyMatch(path::startsWith) || recorded.contains(path);
    }

    private static Path real(Path path) {
        try {
            return Files.exists(path) ? path.toRealPath() : path;
        } catch (IOException e) {
            return path;
        }
    }
}
