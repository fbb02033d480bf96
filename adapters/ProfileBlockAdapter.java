package dev.anyray.connect.adapters;

import dev.anyray.connect.edit.BlockDocument;
import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.edit.ManagedBlock;
import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolSpec;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A tool configured through the environment (the shell environment, Copilot CLI): one managed block,
 * with its own markers, in each profile {@link ProfileSyntax#targets} names, the first being the main
 * file, each in that profile's syntax. A subclass says what its block holds ({@link #blockFor}).
 */
abstract class ProfileBlockAdapter extends FileToolAdapter {
    private final ManagedBlock.Markers markers;

    ProfileBlockAdapter(ToolSpec spec, ManagedBlock.Markers markers) {
        super(spec);
        this.markers = markers;
    }

    @Override
    protected final Path file(Environment env) {
        return ProfileSyntax.targets(env).get(0);
    }

    /** On Windows, the other profiles: each PowerShell's (besides Git Bash's login file). */
    @Override
    protected final List<Path> blockFiles(Environment env) {
        List<Path> all = ProfileSyntax.targets(env);
        return all.subList(1, all.size());
    }

    @Override
    protected final ManagedBlock.Markers blockMarkers() {
        return markers;
    }

    @Override
    protected final NewFile newFile(Path file) {
        return PowerShellProfile.isProfile(file) ? NewFile.WINDOWS : NewFile.PLAIN;
    }

    @Override
    protected final Document open(String text, Map<String, String> notes, String shown) {
        return new BlockDocument(text, markers, notes, shown);
    }

    @Override
    protected final Map<KeyPath, Object> settings(ConnectContext ctx, Document current) {
        return Map.of(BlockDocument.BLOCK, blockFor(ctx, file(ctx.env()), current));
    }

    /** The block's body in {@code file}'s syntax; {@code current} is the file as it is (null: the engine only asks). */
    @Override
    protected abstract String blockFor(ConnectContext ctx, Path file, Document current);

    /** The syntax of the main profile, where --status reads the block. */
    protected final ProfileSyntax syntax(Environment env) {
        return ProfileSyntax.of(env, file(env));
    }

    /**
     * What every such tool's plan says: that Terminal will not read a macOS {@code ~/.bashrc}, which
     * PowerShells will not load their profile, and, for each profile, how to load it and then {@code then}.
     */
    protected final void adviseProfiles(Environment env, ToolPlan plan, String then) {
        String hint = ShellProfile.loginShellHint(env, file(env));
        if (hint != null) plan.warnings.add(hint);
        List<Path> profiles = ProfileSyntax.targets(env);
        plan.warnings.addAll(WindowsShells.policyWarnings(env, profiles));
        for (Path profile : profiles) plan.nextSteps.add(ProfileSyntax.of(env, profile).reload(env.display(profile)) + then);
    }
}
