package dev.anyray.connect.adapters;

import dev.anyray.connect.engine.FileToolAdapter;
import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.engine.ToolSpec;

import java.util.List;
import java.util.Optional;

/** Every tool anyray-connect knows, in the order runs report them. Adding a tool is one line here. */
public final class ToolRegistry {
    private ToolRegistry() {}

    public static final List<ToolAdapter> ALL = List.of(
            new ClaudeCodeAdapter(),
            new CodexAdapter(),
            new ShellEnvAdapter(),
            new CursorAdapter(),
            ExplainedToolAdapter.windsurf(),
            OpencodeAdapter.opencode(),
            OpencodeAdapter.kilo(),
            new QwenCodeAdapter(),
            new CopilotCliAdapter(),
            ExplainedToolAdapter.geminiCli(),
            new ClineAdapter(),
            new FactoryDroidAdapter(),
            new ContinueAdapter(),
            new PiAdapter(),
            new KimiCodeAdapter(),
            new OpenClawAdapter(),
            new CrushAdapter(),
            new MistralVibeAdapter(),
            StepsOnlyAdapter.zed(),
            StepsOnlyAdapter.vscode(),
            StepsOnlyAdapter.goose(),
            new AiderAdapter(),
            ExplainedToolAdapter.grokCli());

    public static Optional<ToolAdapter> byId(String id) {
        return ALL.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /** The names of the tools that need a model written for them (for --model's help). */
    public static List<String> needingModel() {
        return ALL.stream().filter(t -> t instanceof FileToolAdapter f && f.spec().has(ToolSpec.Can.NEEDS_MODEL)).map(ToolAdapter::displayName).toList();
    }

    public static List<String> ids() {
        return ALL.stream().map(ToolAdapter::id).toList();
    }
}
