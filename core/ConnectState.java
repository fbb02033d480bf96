package dev.anyray.connect.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What connect changed, kept in {@code ~/.anyray/state.json} (owner-only) so that {@code --revert}
 * can undo it. It never holds a personal key: what connect wrote is kept as a salted fingerprint,
 * enough to tell later whether the user (or the tool) has changed a value since.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectState(int version, String salt, Map<String, ToolRecord> tools) {

    public static final int VERSION = 1;

    public static ConnectState empty() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return new ConnectState(VERSION, Base64.getEncoder().encodeToString(salt), new LinkedHashMap<>());
    }

    public ToolRecord tool(String id) {
        return tools == null ? null : tools.get(id);
    }

    public ConnectState with(String id, ToolRecord record) {
        Map<String, ToolRecord> next = new LinkedHashMap<>(tools == null ? Map.of() : tools);
        if (record == null) next.remove(id);
        else next.put(id, record);
        return new ConnectState(version, salt, next);
    }

    public boolean isEmpty() {
        return tools == null || tools.isEmpty();
    }

    public boolean anyUsesKeyFile() {
        return tools != null && tools.values().stream().anyMatch(ToolRecord::usesKeyFile);
    }

    /** A salted fingerprint of a value connect wrote: comparable, not reversible to the value. */
    public String fingerprint(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** What one tool's connect changed, and the settings it connected with (for --status and --check). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ToolRecord(String gateway, String authMode, String keyHint, boolean usesKeyFile, Map<String, FileRecord> files) {
        public FileRecord file(String path) {
            return files == null ? null : files.get(path);
        }
    }

    /**
     * One file connect touched.
     *
     * @param created connect created the file, so revert deletes it once nothing else is in it
     * @param createdDirs folders connect created for it, removed by revert when empty
     * @param originalMode the mode before connect tightened it to owner-only (e.g. "rw-r--r--")
     * @param owned per setting: its value before connect and a fingerprint of what connect wrote
     * @param notes adapter-specific facts revert needs (e.g. the separator before a shell block)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileRecord(boolean created, List<String> createdDirs, String originalMode, Map<String, Owned> owned,
            Map<String, String> notes) {}

    /**
     * A setting connect owns. {@code previous} is the value before connect (raw text; null when there
     * was none); {@code written} the fingerprint of what connect wrote (null when connect removed it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Owned(String previous, String written) {}
}
