package dev.anyray.connect.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A file we share with the user (a shell profile) in which connect owns one marker-delimited block,
 * seen as a document with a single setting, {@link #BLOCK}: the block's body. Everything outside the
 * block keeps its bytes. The memo keeps what revert needs: the separator put before a new block, and
 * a salted fingerprint of each line connect wrote, never the line itself (Continue's {@code .env} block
 * holds the key in clear, and the memo goes into the revert record).
 */
public final class BlockDocument implements Document {
    public static final KeyPath BLOCK = KeyPath.of("block");
    private static final String MEMO_SEPARATOR = "separator";
    private static final String MEMO_LINES = "lines";
    private static final String MEMO_SALT = "salt";

    private final ManagedBlock.Markers markers;
    private final String shown;
    private final Map<String, String> memo;
    private String text;

    public BlockDocument(String text, ManagedBlock.Markers markers, Map<String, String> memo, String shown) {
        this.text = text;
        this.markers = markers;
        this.shown = shown;
        this.memo = new LinkedHashMap<>(memo == null ? Map.of() : memo);
        ManagedBlock.find(text, markers, shown); // a damaged block is reported before anything is planned
    }

    @Override
    public Object get(KeyPath path) {
        ManagedBlock.Span span = ManagedBlock.find(text, markers, shown);
        if (span == null) return null;
        String body = span.body().replace("\r\n", "\n");
        return body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
    }

    @Override
    public String raw(KeyPath path) {
        return null; // a block is always added by connect: there is no earlier value to restore
    }

    @Override
    public void set(KeyPath path, Object value) {
        List<String> lines = List.of(((String) value).split("\n", -1));
        ManagedBlock.Edit edit = ManagedBlock.upsert(text, markers, lines, shown);
        if (edit.separator() != null) memo.put(MEMO_SEPARATOR, edit.separator());
        String salt = memo.computeIfAbsent(MEMO_SALT, k -> newSalt());
        memo.put(MEMO_LINES, fingerprints(salt, (String) value));
        text = edit.text();
    }

    @Override
    public void setRaw(KeyPath path, String raw) {
        throw new UnsupportedOperationException("a managed block has no earlier value");
    }

    @Override
    public void remove(KeyPath path) {
        text = ManagedBlock.remove(text, markers, memo.get(MEMO_SEPARATOR), shown);
    }

    /** Takes out connect's lines and markers and leaves the lines the user added inside the block where they were. */
    @Override
    public String revertChanged(KeyPath path) {
        ManagedBlock.Span span = ManagedBlock.find(text, markers, shown);
        String ours = memo.get(MEMO_LINES);
        if (span == null || ours == null) return null;
        String salt = memo.get(MEMO_SALT);
        List<String> mine = new ArrayList<>(Arrays.asList(ours.split("\n", -1)));
        String nl = span.body().contains("\r\n") ? "\r\n" : "\n";
        StringBuilder kept = new StringBuilder();
        int count = 0;
        String body = span.body().replace("\r\n", "\n");
        if (body.endsWith("\n")) body = body.substring(0, body.length() - 1);
        for (String line : body.split("\n", -1)) {
            if (mine.remove(salt == null ? line : fingerprint(salt, line))) continue;
            kept.append(line).append(nl);
            count++;
        }
        if (count == 0) {
            remove(path);
            return "";
        }
        text = text.substring(0, span.start()) + kept + text.substring(span.end());
        return count + " line(s) you added inside the block";
    }

    /** One fingerprint per line, a line each: comparable with the lines found later, not reversible to them. */
    public static String fingerprints(String salt, String lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines.split("\n", -1)) out.append(out.length() == 0 ? "" : "\n").append(fingerprint(salt, line));
        return out.toString();
    }

    private static String fingerprint(String salt, String line) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha.digest(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String newSalt() {
        byte[] salt = new byte[12];
        new java.security.SecureRandom().nextBytes(salt);
        return java.util.HexFormat.of().formatHex(salt);
    }

    /** A memo from before lines were fingerprinted (records of version 1), with its lines fingerprinted. */
    public static Map<String, String> withFingerprintedLines(Map<String, String> memo) {
        if (memo == null || memo.get(MEMO_LINES) == null || memo.containsKey(MEMO_SALT)) return memo;
        Map<String, String> next = new LinkedHashMap<>(memo);
        String salt = newSalt();
        next.put(MEMO_SALT, salt);
        next.put(MEMO_LINES, fingerprints(salt, memo.get(MEMO_LINES)));
        return next;
    }

    @Override
    public boolean isEmptyContainer(KeyPath path) {
        return false;
    }

    @Override
    public boolean isEmpty() {
        return text.isEmpty();
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public Map<String, String> memo() {
        return memo;
    }
}
