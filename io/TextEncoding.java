package dev.anyray.connect.io;

import dev.anyray.connect.model.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How a text file is stored, so that an edit writes it back the way it was found. Most config files
 * are UTF-8 without a byte-order mark; Windows PowerShell 5.1's {@code >} and {@code Out-File} write
 * UTF-16LE with a BOM, and editors there often add a UTF-8 BOM, so PowerShell profiles are commonly
 * in either. A BOM is never part of the text an editor sees, and always goes back in front of it.
 */
public enum TextEncoding {
    UTF_8(StandardCharsets.UTF_8, new byte[0]),
    UTF_8_BOM(StandardCharsets.UTF_8, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}),
    UTF_16LE_BOM(StandardCharsets.UTF_16LE, new byte[] {(byte) 0xFF, (byte) 0xFE}),
    UTF_16BE_BOM(StandardCharsets.UTF_16BE, new byte[] {(byte) 0xFE, (byte) 0xFF});

    private final Charset charset;
    private final byte[] bom;

    TextEncoding(Charset charset, byte[] bom) {
        this.charset = charset;
        this.bom = bom;
    }

    /** The encoding its byte-order mark names; UTF-8 without one. */
    public static TextEncoding of(byte[] bytes) {
        for (TextEncoding e : new TextEncoding[] {UTF_8_BOM, UTF_16LE_BOM, UTF_16BE_BOM}) {
            if (startsWith(bytes, e.bom)) return e;
        }
        return UTF_8;
    }

    /** The text of {@code bytes}, BOM left out; bytes that are not valid in their encoding are an error, never mangled. */
    public String decode(byte[] bytes) throws CharacterCodingException {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, bom.length, bytes.length - bom.length))
                .toString();
    }

    /** {@code text} in this encoding, its BOM first. */
    public byte[] encode(String text) {
        byte[] body = text.getBytes(charset);
        byte[] out = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, out, 0, bom.length);
        System.arraycopy(body, 0, out, bom.length, body.length);
        return out;
    }

    /** The text of a file's bytes as its editor saw it (for fingerprints, the revert record and diffs); null stays null. */
    public static String text(byte[] bytes) {
        if (bytes == null) return null;
        TextEncoding e = of(bytes);
        return new String(bytes, e.bom.length, bytes.length - e.bom.length, e.charset);
    }

    /** The text of a file's bytes, strictly; a file in another encoding is named in the error and left alone. */
    public static String strict(byte[] bytes, String shown) {
        TextEncoding e = of(bytes);
        try {
            return e.decode(bytes);
        } catch (CharacterCodingException ex) {
            throw new ConnectException(shown + " is not " + (e == UTF_8 ? "UTF-8" : e.label()) + " text; convert it to UTF-8 (or move it aside) and run again. Nothing was changed");
        }
    }

    private String label() {
        return switch (this) {
            case UTF_8 -> "UTF-8";
            case UTF_8_BOM -> "UTF-8 (with a byte-order mark)";
            case UTF_16LE_BOM -> "UTF-16LE";
            case UTF_16BE_BOM -> "UTF-16BE";
        };
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (bytes[i] != prefix[i]) return false;
        return true;
    }
}
