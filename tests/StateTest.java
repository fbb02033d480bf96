package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.engine.ConnectState.Connection;
import dev.anyray.connect.engine.ConnectState.FileRecord;
import dev.anyray.connect.engine.ConnectState.Owned;
import dev.anyray.connect.engine.ConnectState.ToolRecord;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The revert record's answers, each pinned: its fingerprint is HMAC-SHA256 (checked against the JDK's
 * own), which gateway it says the tools and the stored key belong to (and in which order it looks),
 * who owns a file, and what "empty" means.
 */
class StateTest {

    static ConnectState state(String salt, String keyGateway, String keyStore, Connection connection, Map<String, ToolRecord> tools) {
        return new ConnectState(ConnectState.VERSION, salt, keyGateway, null, null, keyStore, null, connection, new LinkedHashMap<>(), tools);
    }

    static ToolRecord tool(String gateway, String... files) {
        Map<String, FileRecord> owned = new LinkedHashMap<>();
        for (String f : files) owned.put(f, new FileRecord(Map.of("k", new Owned(null, "w")), null, null));
        return new ToolRecord(gateway, null, null, owned);
    }

    @Test
    void theFingerprintIsHmacSha256KeyedWithTheSaltWhateverTheSaltsLength() throws Exception {
        for (int length : new int[] {1, 24, 63, 64, 65, 200}) {
            String salt = "s".repeat(length);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = HexFormat.of().formatHex(mac.doFinal("value".getBytes(StandardCharsets.UTF_8)), 0, 16);
            assertEquals(expected, state(salt, null, null, null, Map.of()).fingerprint("value"), "salt of " + length);
        }
        ConnectState a = ConnectState.empty();
        ConnectState b = ConnectState.empty();
        assertFalse(a.salt().equals(b.salt()), "each record has its own salt");
        assertFalse(a.fingerprint("x").equals(b.fingerprint("x")), "so the same value has another fingerprint in another home");
        assertTrue(a.isEmpty() && !a.hasTools() && !a.hasStoredKey());
    }

    @Test
    void theConnectedGatewayIsTheLastConnectsThenTheKeysThenAToolsAndTheKeyBelongsToItsOwn() {
        Map<String, ToolRecord> tools = new LinkedHashMap<>();
        tools.put("a", tool(null, "/f"));
        tools.put("b", tool("https://tool.example", "/g"));
        assertEquals("https://tool.example", state("s", null, null, null, tools).connectedGateway(), "a tool's, skipping one without");
        assertEquals("https://key.example", state("s", "https://key.example", null, null, tools).connectedGateway());
        assertEquals("https://conn.example", state("s", "https://key.example", null, new Connection("https://conn.example", null, null, null), tools).connectedGateway());
        assertEquals("https://key.example", state("s", "https://key.example", null, new Connection(null, "u", null, null), tools).connectedGateway(),
                "a connection without a gateway does not hide the key's");
        assertNull(state("s", null, null, null, null).connectedGateway());
        assertNull(state("s", null, null, null, Map.of("a", tool(null, "/f"))).connectedGateway());
        assertEquals("https://key.example", state("s", "https://key.example", null, new Connection("https://conn.example", null, null, null), tools).keyIssuedFor(),
                "the key belongs to the gateway that issued it");
        assertEquals("https://conn.example", state("s", null, null, new Connection("https://conn.example", null, null, null), tools).keyIssuedFor(),
                "a record from before that was kept: the connected one");
    }

    @Test
    void ownershipAndEmptinessAreAnsweredFromTheToolsRecords() {
        Map<String, ToolRecord> tools = new LinkedHashMap<>();
        tools.put("claude-code", tool("g", "/shared", "/mine"));
        tools.put("shell-env", tool("g", "/shared"));
        ConnectState s = state("s", null, null, null, tools);
        assertTrue(s.isOwned("/shared") && s.isOwned("/mine"));
        assertFalse(s.isOwned("/other"));
        assertTrue(s.ownedByOtherThan("/shared", List.of("claude-code")));
        assertFalse(s.ownedByOtherThan("/mine", List.of("claude-code")));
        assertFalse(s.ownedByOtherThan("/shared", List.of("claude-code", "shell-env")));
        assertFalse(state("s", null, null, null, null).isOwned("/shared"));
        assertTrue(s.hasTools() && !s.isEmpty());
        assertTrue(state("s", null, "keychain", null, Map.of()).hasStoredKey());
        assertFalse(state("s", null, "keychain", null, Map.of()).isEmpty(), "a stored key is something to remember");
        assertFalse(state("s", "https://key.example", null, null, Map.of()).isEmpty());
        assertFalse(state("s", null, null, new Connection("g", null, null, null), Map.of()).isEmpty());
        assertTrue(state("s", null, null, null, Map.of()).isEmpty());
        ConnectState keyed = s.withKeyStore("file").withKeyOrigin("https://key.example", "u", "t");
        assertTrue(keyed.withoutKey().keyStore() == null && keyed.withoutKey().keyGateway() == null && keyed.withoutKey().hasTools());

        ConnectState withInvite = s.withKeyInvite(s.inviteFingerprint("ari_one"));
        assertTrue(withInvite.gaveStoredKey("ari_one"));
        assertFalse(withInvite.gaveStoredKey("ari_two"));
        assertFalse(s.gaveStoredKey("ari_one"));

        // A re-run that resolves the tool to another file keeps the first one recorded.
        ConnectState again = s.withConnected("claude-code", tool("g2", "/moved"));
        assertEquals(List.of("/shared", "/mine", "/moved"), List.copyOf(again.tool("claude-code").files().keySet()));
        assertEquals("g2", again.tool("claude-code").gateway());
        assertNull(again.with("claude-code", null).tool("claude-code"));
        assertNull(again.file("claude-code", "/nope"));
        assertTrue(again.file("claude-code", "/moved") != null);
    }
}
