package dev.anyray.connect.ui;

import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.engine.ToolStatus;
import dev.anyray.connect.io.FileChange;
import dev.anyray.connect.model.Environment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anyray.connect.model.Finding;
import dev.anyray.connect.model.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The {@code --json} document: one object on stdout per run, for fleet scripts. It holds what the
 * human output says (per tool: id, status, files, changes, manual steps) and never a key: keys
 * appear only masked, and file changes are described, not dumped.
 */
public final class RunReport {
    private final ObjectMapper mapper;
    private final ObjectNode root;
    private final ArrayNode tools;
    private final Secrets secrets;

    /** A disabled report (no --json) records nothing and loads no JSON machinery at start-up. */
    public RunReport(String action, boolean enabled, Secrets secrets) {
        this.secrets = secrets;
        mapper = enabled ? Json.mapper() : null;
        root = enabled ? mapper.createObjectNode().put("action", action) : null;
        tools = enabled ? mapper.createArrayNode() : null;
    }

    public boolean enabled() {
        return root != null;
    }

    public RunReport action(String action) {
        if (root != null) root.put("action", action);
        return this;
    }

    public RunReport put(String field, String value) {
        if (root != null && value != null) root.put(field, secrets.mask(value));
        return this;
    }

    public RunReport put(String field, boolean value) {
        if (root != null) root.put(field, value);
        return this;
    }

    public void plan(ToolPlan plan, Environment env, boolean applied) {
        if (root == null) return;
        ObjectNode tool = tools.addObject();
        tool.put("id", plan.toolId);
        tool.put("name", plan.name);
        tool.put("status", plan.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        tool.put("applied", applied && plan.hasFileChanges());
        ArrayNode files = tool.putArray("files");
        ArrayNode changes = tool.putArray("changes");
        for (FileChange change : plan.changes) {
            ObjectNode file = files.addObject();
            file.put("path", change.target().toString());
            file.put("action", change.isNoop() ? "unchanged" : change.creates() ? "create" : change.deletes() ? "delete" : "modify");
            if (!change.isNoop()) change.summary().forEach(c -> changes.add(secrets.mask(c)));
        }
        strings(tool, "warnings", plan.warnings);
        strings(tool, "manualSteps", plan.manualSteps);
        strings(tool, "nextSteps", plan.nextSteps);
        strings(tool, "notes", plan.notes);
    }

    public void status(ToolStatus status) {
        if (root == null) return;
        ObjectNode tool = tools.addObject();
        tool.put("id", status.toolId);
        tool.put("name", status.name);
        tool.put("detected", status.detected);
        tool.put("connected", status.connected);
        if (status.gateway != null) tool.put("gateway", status.gateway);
        if (status.authMode != null) tool.put("authMode", status.authMode.label());
        if (status.key != null) tool.put("key", secrets.mask(status.key));
        strings(tool, "files", status.files);
        strings(tool, "drift", status.drift);
        strings(tool, "notes", status.notes);
    }

    public void findings(List<Finding> findings) {
        if (root == null) return;
        ArrayNode array = root.putArray("findings");
        for (var finding : findings) {
            ObjectNode node = array.addObject();
            node.put("ok", finding.ok());
            node.put("message", secrets.mask(finding.message()));
        }
    }

    public void files(String field, List<FileChange> changes) {
        if (root == null) return;
        ArrayNode array = root.putArray(field);
        for (FileChange change : changes) {
            if (change.isNoop()) continue;
            ObjectNode file = array.addObject();
            file.put("path", change.target().toString());
            file.put("action", change.creates() ? "create" : change.deletes() ? "delete" : "modify");
            strings(file, "changes", change.summary());
        }
    }

    private void strings(ObjectNode node, String field, List<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(v -> array.add(secrets.mask(v)));
    }

    public String finish(int exitCode, String error) {
        if (root == null) return "";
        root.put("ok", exitCode == 0);
        root.put("exitCode", exitCode);
        if (error != null) root.put("error", secrets.mask(error));
        if (!tools.isEmpty() || !root.has("findings")) root.set("tools", tools);
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
