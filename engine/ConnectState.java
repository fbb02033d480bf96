package dev.anyray.connect.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.anyray.connect.model.AuthMode;
import dev.anyray.connect.model.ConnectContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The revert record, {@code ~/.anyray/state.json} (owner-only): every file connect changed, until it is
 * reverted. It has two parts. {@link #files} is about the file as a whole and belongs to no tool (two
 * tools may keep a block each in one shell profile): whether connect created it, its bytes from before
 * connect's first run, and a fingerprint of what connect last wrote, kept only while nothing but
 * connect has changed the file since connect first wrote it. {@link #tools} is what each tool owns
 * inside those files, setting by setting.
 *
 * <p>What connect wrote is kept only as a salted fingerprint (enough to tell later whether the user or
 * the tool changed it since), never as a value, so the record holds no personal key. What was there
 * before connect is kept as it was, so that revert can put it back. Those are the user's own bytes and
 * may hold the user's own tokens: that is why the record is owner-only.
 *
 * @param keyGateway the gateway the stored personal key was issued for: it is sent and written for no other
 * @param keyUser the user the redeemed invite named: the default --user of later runs
 * @param keyTeam the team the redeemed invite named: the default --team of later runs
 * @param keyStore where the personal key is stored: {@code file} or {@code keychain}
 * @param keyInvite a salted fingerprint of the invite that gave the stored key (the same invite again is not re-sent)
 * @param connection what the last connect chose, for the runs that do not say (null before the first)
 * @param files per real path: the file as a whole
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectState(int version, String salt, String keyGateway, String keyUser, String keyTeam, String keyStore, String keyInvite,
        Connection connection, Map<String, FileOrigin> files, Map<String, ToolRecord> tools) {

    /**
     * The choices of the last connect that a later run keeps unless it says otherwise: a mode switch or
     * another tool must not point everything at the default gateway or attribute spend to someone else.
     * {@code caFile}: the CA bundle connect's own calls trust ({@code --ca-file}), kept for the runs that
     * do not pass it. (The mode is not among them: {@code --subscription} is said on each run, and the
     * plan shows it.)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Connection(String gateway, String user, String team, String caFile) {}

    /** 2: the file-level part ({@link #files}) was split from the tools' records (1 had a copy per tool). */
    public static final int VERSION = 2;

    public static ConnectState empty() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return new ConnectState(VERSION, Base64.getEncoder().encodeToString(salt), null, null, null, null, null, null, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    public ToolRecord tool(String id) {
        return tools == null ? null : tools.get(id);
    }

    /** What tool {@code toolId} owns in one file, or null. */
    public FileRecord file(String toolId, String path) {
        ToolRecord record = tool(toolId);
        return record == null ? null : record.file(path);
    }

    /** The file-level record of {@code path}, or null. */
    public FileOrigin origin(String path) {
        return files == null ? null : files.get(path);
    }

    /** Whether some tool owns something in {@code path}. */
    public boolean isOwned(String path) {
        return ownedByOtherThan(path, List.of());
    }

    /** Whether a tool other than those in {@code except} still owns something in {@code path}. */
    public boolean ownedByOtherThan(String path, java.util.Collection<String> except) {
        if (tools == null) return false;
        return tools.entrySet().stream().anyMatch(t -> !except.contains(t.getKey()) && t.getValue().file(path) != null);
    }

    /**
     * The state after a connect of tool {@code id}: its files from earlier runs stay recorded (a re-run
     * that resolves the tool to other files must not forget the first ones), the planned ones replace
     * their earlier entries.
     */
    public ConnectState withConnected(String id, ToolRecord record) {
        ToolRecord earlier = tool(id);
        if (earlier != null && earlier.files() != null && record != null) {
            Map<String, FileRecord> files = new LinkedHashMap<>(earlier.files());
            if (record.files() != null) files.putAll(record.files());
            record = new ToolRecord(record.gateway(), record.authMode(), record.keyHint(), files);
        }
        return with(id, record);
    }

    public ConnectState with(String id, ToolRecord record) {
        Map<String, ToolRecord> next = new LinkedHashMap<>(tools == null ? Map.of() : tools);
        if (record == null) next.remove(id);
        else next.put(id, record);
        return new ConnectState(version, salt, keyGateway, keyUser, keyTeam, keyStore, keyInvite, connection, files, next);
    }

    /** The state with {@code origin} as the record of {@code path} (null: forget the file). */
    public ConnectState withOrigin(String path, FileOrigin origin) {
        Map<String, FileOrigin> next = new LinkedHashMap<>(files == null ? Map.of() : files);
        if (origin == null) next.remove(path);
        else next.put(path, origin);
        return new ConnectState(version, salt, keyGateway, keyUser, keyTeam, keyStore, keyInvite, connection, next, tools);
    }

    /** Where the stored personal key belongs, and the attribution its invite gave (kept until --revert). */
    public ConnectState withKeyOrigin(String gateway, String user, String team) {
        return new ConnectState(version, salt, gateway, user, team, keyStore, keyInvite, connection, files, tools);
    }

    /** The stored key came from the invite with this fingerprint (null: not from an invite, or another key replaced it). */
    public ConnectState withKeyInvite(String inviteFingerprint) {
        return new ConnectState(version, salt, keyGateway, keyUser, keyTeam, keyStore, inviteFingerprint, connection, files, tools);
    }

    public ConnectState withKeyStore(String store) {
        return new ConnectState(version, salt, keyGateway, keyUser, keyTeam, store, keyInvite, connection, files, tools);
    }

    public ConnectState withConnection(Connection next) {
        return new ConnectState(version, salt, keyGateway, keyUser, keyTeam, keyStore, keyInvite, next, files, tools);
    }

    /** Forgets the stored key's origin and the connection (the key itself is deleted with it). */
    public ConnectState withoutKey() {
        return new ConnectState(version, salt, null, null, null, null, null, null, files, tools);
    }

    /** Whether a personal key is stored, as the record says (whether or not its store can be read from here). */
    public boolean hasStoredKey() {
        return keyStore != null;
    }

    /** Whether {@code invite} is the one that gave the stored key. */
    public boolean gaveStoredKey(String invite) {
        return keyInvite != null && keyInvite.equals(inviteFingerprint(invite));
    }

    /** The fingerprint {@link #keyInvite} holds for {@code invite}. */
    public String inviteFingerprint(String invite) {
        return fingerprint("invite:" + invite);
    }

    /** The gateway the stored key belongs to (a record from before it was kept: the connected one), or null. */
    public String keyIssuedFor() {
        return keyGateway != null ? keyGateway : connectedGateway();
    }

    /**
     * The gateway the tools are connected to: the last connect's, else (a record from before it was
     * kept) the stored key's or a connected tool's; null before the first connect.
     */
    public String connectedGateway() {
        if (connection != null && connection.gateway() != null) return connection.gateway();
        if (keyGateway != null) return keyGateway;
        if (tools == null) return null;
        return tools.values().stream().map(ToolRecord::gateway).filter(g -> g != null).findFirst().orElse(null);
    }

    public boolean hasTools() {
        return tools != null && !tools.isEmpty();
    }

    /** Nothing to remember: no tool connected and no stored key. (Not a field of the record: Jackson would write it as one.) */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return !hasTools() && keyGateway == null && keyStore == null && connection == null;
    }

    /**
     * A salted fingerprint of a value connect wrote: comparable, not reversible to the value. It is
     * HMAC-SHA256 (keyed with the salt), computed over MessageDigest: javax.crypto's Mac gives the same
     * bytes but costs some 40 ms of provider set-up at every start.
     */
    public String fingerprint(String value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] key = salt.getBytes(StandardCharsets.UTF_8);
            if (key.length > 64) key = sha.digest(key);
            byte[] inner = new byte[64];
            byte[] outer = new byte[64];
            for (int i = 0; i < 64; i++) {
                byte k = i < key.length ? key[i] : 0;
                inner[i] = (byte) (k ^ 0x36);
                outer[i] = (byte) (k ^ 0x5c);
            }
            sha.update(inner);
            byte[] innerHash = sha.digest(value.getBytes(StandardCharsets.UTF_8));
            sha.update(outer);
            return HexFormat.of().formatHex(sha.digest(innerHash), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** What one tool's connect changed, and the settings it connected with (for --status and --check). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ToolRecord(String gateway, AuthMode authMode, String keyHint, Map<String, FileRecord> files) {
        public static ToolRecord of(ConnectContext ctx, Map<String, FileRecord> files) {
            return new ToolRecord(ctx.gateway().url(), ctx.authMode(), ctx.key().masked(), files);
        }

        public FileRecord file(String path) {
            return files == null ? null : files.get(path);
        }
    }

    /**
     * What one tool owns inside one file (named by its real path).
     *
     * @param owned per setting: its value before connect and a fingerprint of what connect wrote
     * @param notes what the file's editor needs to undo its edit (e.g. the separator before a shell block); never a value connect wrote
     * @param containers objects/tables connect created on the way to its settings (removed when left empty)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileRecord(Map<String, Owned> owned, Map<String, String> notes, List<String> containers) {}

    /**
     * One file connect changed, whichever tools own parts of it.
     *
     * @param created connect created the file, so revert deletes it once nothing else is in it
     * @param createdDirs folders connect created for it, removed by revert when empty
     * @param originalMode the mode before connect tightened it to owner-only (e.g. "rw-r--r--")
     * @param original the file's text before connect's first run (files up to 1 MiB)
     * @param written fingerprint of the whole text connect last wrote, kept only while nothing but connect
     *     changed the file since connect first wrote it: revert gives {@code original} back (or deletes a
     *     created file) only while the file still has this fingerprint. Null: revert goes key by key.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileOrigin(boolean created, List<String> createdDirs, String originalMode, String original, String written) {
        /** The folders connect created for the file (revert removes them once they are empty). */
        public List<java.nio.file.Path> createdFolders() {
            return createdDirs == null ? List.of() : createdDirs.stream().map(java.nio.file.Path::of).toList();
        }

        /** Whether the file holds exactly what connect last wrote, and nothing but connect changed it since connect first wrote it. */
        public boolean onlyConnectsWrites(String currentText, ConnectState state) {
            return written != null && currentText != null && written.equals(state.fingerprint(currentText));
        }
    }

    /**
     * A setting connect owns. {@code previous} is the value before connect (the format's own text; null
     * when there was none); {@code written} the fingerprint of what connect wrote (null: connect removed it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Owned(String previous, String written) {}
}
