package dev.anyray.connect.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Small text helpers shared by the value types and the file editors. */
public final class Text {
    private Text() {}

    public static boolean hasControl(String s) {
        return s.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
    }

    public static boolean hasControlOrSpace(String s) {
        return hasControl(s) || s.codePoints().anyMatch(Character::isWhitespace);
    }

    /** {@code s} as one POSIX shell word: in single quotes, a quote written as {@code '\''}. Safe for any path ($, spaces, ;). */
    public static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * A path as one word of a command line that a tool hands to the shell: single-quoted for /bin/sh;
     * on Windows in double quotes, for cmd.exe (which is what Node's {@code shell: true} runs there, and
     * which takes no single quotes; an unquoted path with a space fails). A Windows path holds no {@code "}.
     */
    public static String commandWord(Environment env, String path) {
        return env.isWindows() ? "\"" + path + "\"" : shellQuote(path);
    }

    /**
     * A PowerShell expression for {@code s} that is pure ASCII and runs nothing: printable ASCII inside
     * single quotes ({@code '} doubled; no {@code $} or backtick expansion there), every other character
     * (newlines, non-ASCII, and the curly quotes U+2018 to U+201B that PowerShell's tokenizer also takes
     * for {@code '}) spelled {@code [char]0x....} and joined with {@code +}. ASCII because Windows
     * PowerShell 5.1 reads a profile without a BOM in the ANSI code page. It always starts with a
     * string, so {@code +} concatenates.
     */
    public static String powerShellQuote(String s) {
        StringBuilder out = new StringBuilder("'");
        boolean inString = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                if (!inString) out.append(" + '");
                out.append(c == '\'' ? "''" : String.valueOf(c));
                inString = true;
            } else {
                if (inString) out.append("'");
                out.append(String.format(" + [char]0x%04X", (int) c));
                inString = false;
            }
        }
        if (inString) out.append("'");
        return out.toString();
    }

    /** The value with control characters shown as escapes, for quoting bad input back in an error. */
    public static String printable(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> {
            if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (c == '\t') out.append("\\t");
            else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) out.append(String.format("\\u%04x", c));
            else out.appendCodePoint(c);
        });
        return s.length() > 200 ? out + "…" : out.toString();
    }

    /** Strict UTF-8 decoding: a file in another encoding is reported, never silently mangled. */
    public static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The line ending a file already uses, so inserted lines match it. */
    public static String lineEnding(String text) {
        int nl = text.indexOf('\n');
        return nl > 0 && text.charAt(nl - 1) == '\r' ? "\r\n" : "\n";
    }

    /** Line and column (1-based) of an offset, for parse errors that point at the problem. */
    public static String position(String text, int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return "line " + line + ", column " + col;
    }

    /** A JSON string literal. {@code asciiOnly} escapes everything outside printable ASCII (for header values). */
    public static String jsonString(String s, boolean asciiOnly) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029 || (asciiOnly && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

}
