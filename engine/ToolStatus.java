package dev.anyray.connect.engine;

import dev.anyray.connect.model.AuthMode;
import java.util.ArrayList;
import java.util.List;

/** A read-only report of one tool for {@code --status}: what its config says now, and what drifted. */
public final class ToolStatus {
    public final String toolId;
    public final String name;
    public boolean detected;
    public boolean connected;
    public String gateway;
    public AuthMode authMode;
    /** The key the tool sends, already masked. */
    public String key;
    public final List<String> files = new ArrayList<>();
    public final List<String> drift = new ArrayList<>();
    public final List<String> notes = new ArrayList<>();

    public ToolStatus(String toolId, String name) {
        this.toolId = toolId;
        this.name = name;
    }
}
