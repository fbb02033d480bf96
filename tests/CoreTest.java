package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.ui.Diff;
import dev.anyray.connect.model.Gateway;
import dev.anyray.connect.model.Identity;
import dev.anyray.connect.edit.ManagedBlock;
import dev.anyray.connect.model.UsageException;
import dev.anyray.connect.tests.support.TempHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CoreTest {

    @ParameterizedTest
    @CsvSource({
            "https://gw.example, https://gw.example, https://gw.example/v1",
            "https://gw.example/, https://gw.example, https://gw.example/v1",
            "HTTPS://gw.example/anyray//, https://gw.example/anyray, https://gw.example/anyray/v1",
            "http://localhost:8787, http://localhost:8787, http://localhost:8787/v1",
            "http://[::1]:9000/p, http://[::1]:9000/p, http://[::1]:9000/p/v1"})
    void gatewayUrlsAreNormalisedAndKeepTheirPathPrefix(String raw, String anthropic, String openai) {
        Gateway gateway = Gateway.parse(raw);
        assertEquals(anthropic, gateway.anthropicBaseUrl());
        assertEquals(openai, gateway.openAiBaseUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://gw.example", "gw.example", "/relative", "https://", "https://gw.example?x=1", "https://gw.example/#top",
            "https://user:pw@gw.example", "https://gw example", "https://gw.example/\npath", "", "javascript:alert(1)", "https://gw.example/a\"b"})
    void badGatewaysAreUsageErrorsThatSayWhatToDo(String raw) {
        UsageException error = assertThrows(UsageException.class, () -> Gateway.parse(raw));
        assertTrue(error.getMessage().contains("gateway"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), "one line: " + error.getMessage());
    }

    @Test
    void loopbackAndPrivateAddressesAreRecognisedWithoutDns() {
        assertTrue(Gateway.parse("http://127.0.0.2:1").isLoopback());
        assertTrue(Gateway.parse("http://localhost").isLoopback());
        assertTrue(Gateway.parse("https://10.1.2.3").isPrivateNetwork());
        assertTrue(Gateway.parse("https://192.168.0.9").isPrivateNetwork());
        assertTrue(Gateway.parse("https://gateway.internal").isPrivateNetwork());
        assertFalse(Gateway.parse("https://gw.example.com").isPrivateNetwork());
        assertTrue(Gateway.parse("http://gw.example.com").isPlainHttpRemote());
        assertFalse(Gateway.parse("http://localhost:8787").isPlainHttpRemote());
    }

    @Test
    void metadataIsCompactAsciiJsonAndLeavesTeamOutWhenUnset() {
        assertEquals("{\"user\":\"me@example.com\"}", new Identity("me@example.com", null).metadataJson());
        assertEquals("{\"user\":\"a\\\"b\",\"team\":\"\\u00e9quipe\"}", new Identity("a\"b", "équipe").metadataJson());
    }

    @ParameterizedTest
    @ValueSource(strings = {"me\nX-Evil: 1", "tab\there", "nul\u0000", "line\u2028sep", "cr\r"})
    void controlCharactersInIdentityAreUsageErrors(String value) {
        assertThrows(UsageException.class, () -> new Identity(value, null));
        assertThrows(UsageException.class, () -> new Identity("me", value));
    }

    @Test
    void aPersonalKeyIsNeverShownWhole() {
        ClientKey key = ClientKey.personal("ark_0123456789abcdefWXYZ", ClientKey.Source.ENVIRONMENT, "test");
        assertEquals("ark_…WXYZ", key.masked());
        assertEquals("ark_…WXYZ", key.toString());
        assertFalse(key.describe().contains("0123456789"));
        assertEquals(ClientKey.PLACEHOLDER, ClientKey.placeholder().masked());
        assertThrows(ConnectException.class, () -> ClientKey.personal("ark_with space", ClientKey.Source.ENVIRONMENT, "test"));
    }

    @Test
    void managedBlockReplacesInPlaceAndRemovesExactly() {
        String original = "# mine\nalias ll='ls -l'\n";
        ManagedBlock.Edit first = ManagedBlock.upsert(original, List.of("export A='1'"), "rc");
        assertEquals(original + "\n" + ManagedBlock.BEGIN + "\nexport A='1'\n" + ManagedBlock.END + "\n", first.text());
        String moved = first.text() + "# after\n";
        ManagedBlock.Edit second = ManagedBlock.upsert(moved, List.of("export A='2'"), "rc");
        assertEquals(moved.replace("A='1'", "A='2'"), second.text());
        assertEquals(original, ManagedBlock.remove(first.text(), first.separator(), "rc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no final newline", "crlf\r\nline\r\n", "", "crlf no end\r\nlast"})
    void managedBlockKeepsLineEndingsAndAMissingFinalNewline(String original) {
        ManagedBlock.Edit edit = ManagedBlock.upsert(original, List.of("x"), "rc");
        if (original.contains("\r\n")) assertTrue(edit.text().contains(ManagedBlock.BEGIN + "\r\nx\r\n"), edit.text());
        assertTrue(edit.text().startsWith(original));
        assertEquals(original, ManagedBlock.remove(edit.text(), edit.separator(), "rc"));
    }

    @Test
    void aBlockWithoutItsEndMarkerIsReportedNotGuessed() {
        String broken = "a\n" + ManagedBlock.BEGIN + "\nexport A=1\n";
        ConnectException error = assertThrows(ConnectException.class, () -> ManagedBlock.upsert(broken, List.of("x"), "~/.bashrc"));
        assertTrue(error.getMessage().contains("~/.bashrc"));
    }

    @Test
    void diffShowsOnlyTheChangedLinesWithContext() {
        List<String> diff = Diff.unified("a\nb\nc\nd\ne\n", "a\nb\nC\nd\ne\n");
        assertEquals(List.of("@@ -1,5 +1,5 @@", " a", " b", "-c", "+C", " d", " e"), diff);
        assertTrue(Diff.unified("same\n", "same\n").isEmpty());
    }

    @Test
    void aChangeToASymlinkedFileIsWrittenThroughItAndTheWriterKeepsModeAndCreatesParents() throws Exception {
        try (TempHome home = new TempHome()) {
            Path target = home.write("dotfiles/settings.json", "{}");
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
            Path link = home.path(".claude/settings.json");
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, target);
            // A change is planned on the path the tool reads (the link); it is written to the link's target.
            dev.anyray.connect.model.Environment env = dev.anyray.connect.model.Environment.of(java.util.Map.of("HOME", home.root().toString()), home.root());
            new dev.anyray.connect.io.FileTransaction(AtomicWriter.INSTANCE)
                    .apply(java.util.List.of(dev.anyray.connect.io.ConfigFile.read(link, env).change("{\"a\":1}", null, java.util.List.of("edit"))));
            assertTrue(Files.isSymbolicLink(link), "the link is still a link");
            assertEquals("{\"a\":1}", Files.readString(target), "the write went through the link to its target");
            assertEquals("rw-r-----", home.mode("dotfiles/settings.json"));

            Path fresh = home.path("new/deep/file");
            AtomicWriter.INSTANCE.write(fresh, "x".getBytes(), AtomicWriter.OWNER_ONLY);
            assertEquals("rw-------", home.mode("new/deep/file"));
            assertEquals("rwx------", home.mode("new/deep"), "folders made for a secret are owner-only");
            try (var leftovers = Files.list(fresh.getParent())) {
                assertEquals(1, leftovers.count(), "no temp file left behind");
            }
        }
    }
}
