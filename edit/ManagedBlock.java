package dev.anyray.connect.edit;

import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Text;

import java.util.List;

/**
 * The one editor for marker-delimited blocks in files we share with the user (shell profiles), in the
 * manner of conda and chezmoi: the block is replaced in place, and every byte outside it stays.
 */
public final class ManagedBlock {
    public static final String BEGIN = "# >>> anyray-connect >>>";
    public static final String END = "# <<< anyray-connect <<<";

    /** The shell env block's markers; other tools' blocks (Copilot CLI's) have their own. */
    public static final Markers DEFAULT = new Markers(BEGIN, END);

    /** The two marker lines of one block. A marker is matched as a whole line, so one block's never matches another's. */
    public record Markers(String begin, String end) {}

    private ManagedBlock() {}

    /** The block's span: from the start of its BEGIN line to just after its END line (and that line's ending). */
    public record Span(int start, int end, String body) {}

    /** What an insert added in front of the block, so that removing it can give the file back byte for byte. */
    public record Edit(String text, String separator) {}

    public static Span find(String text, Markers markers, String shown) {
        String BEGIN = markers.begin();
        String END = markers.end();
        int begin = lineStarting(text, BEGIN, 0);
        if (begin < 0) {
            if (lineStarting(text, END, 0) >= 0) throw damaged(shown, markers);
            return null;
        }
        int bodyStart = endOfLine(text, begin);
        int end = lineStarting(text, END, bodyStart);
        if (end < 0 || lineStarting(text, BEGIN, bodyStart) >= 0 && lineStarting(text, BEGIN, bodyStart) < end) throw damaged(shown, markers);
        if (lineStarting(text, BEGIN, endOfLine(text, end)) >= 0) {
            throw new ConnectException(shown + " has more than one '" + BEGIN + "' block; delete all but one and run again");
        }
        return new Span(begin, endOfLine(text, end), text.substring(bodyStart, end));
    }

    /** Puts the block in place of an existing one, or appends it after one blank line. */
    public static Edit upsert(String text, List<String> bodyLines, String shown) {
        return upsert(text, DEFAULT, bodyLines, shown);
    }

    public static Edit upsert(String text, Markers markers, List<String> bodyLines, String shown) {
        String nl = Text.lineEnding(text);
        String block = markers.begin() + nl + String.join(nl, bodyLines) + nl + markers.end() + nl;
        Span span = find(text, markers, shown);
        if (span != null) {
            // Keep the file's own last-line state: a block that ended the file without a newline still does.
            if (span.end() == text.length() && !text.endsWith("\n")) block = block.substring(0, block.length() - nl.length());
            return new Edit(text.substring(0, span.start()) + block + text.substring(span.end()), null);
        }
        String separator = text.isEmpty() ? "" : text.endsWith("\n") ? nl : nl + nl;
        return new Edit(text + separator + block, separator);
    }

    /** Removes the block, and the separator {@link #upsert} put before it when the block still ends the file. */
    public static String remove(String text, String separator, String shown) {
        return remove(text, DEFAULT, separator, shown);
    }

    public static String remove(String text, Markers markers, String separator, String shown) {
        Span span = find(text, markers, shown);
        if (span == null) return text;
        String before = text.substring(0, span.start());
        String after = text.substring(span.end());
        if (after.isEmpty() && separator != null && !separator.isEmpty() && before.endsWith(separator)) {
            before = before.substring(0, before.length() - separator.length());
        } else if (!after.isEmpty() && separator != null && !separator.isEmpty() && before.endsWith(separator)) {
            // Lines of the user's follow the block: the blank line connect put before it goes (the separator's
            // last line break), and the line break that ends the line above stays (the file's last line had
            // none when connect came, if the separator is two).
            before = before.substring(0, before.length() - (separator.endsWith("\r\n") ? 2 : 1));
        }
        return before + after;
    }

    private static ConnectException damaged(String shown, Markers markers) {
        return new ConnectException(shown + " has an anyray-connect block whose '" + markers.begin() + "' or '" + markers.end()
                + "' line is missing; fix or delete the block and run again");
    }

    /** Offset of the first line at or after {@code from} whose text (trailing blanks ignored) is {@code marker}. */
    private static int lineStarting(String text, String marker, int from) {
        for (int i = from; ; ) {
            int idx = text.indexOf(marker, i);
            if (idx < 0) return -1;
            boolean atLineStart = idx == 0 || text.charAt(idx - 1) == '\n';
            int eol = text.indexOf('\n', idx);
            String rest = text.substring(idx + marker.length(), eol < 0 ? text.length() : eol);
            if (atLineStart && rest.isBlank()) return idx;
            i = idx + 1;
        }
    }

    private static int endOfLine(String text, int from) {
        int eol = text.indexOf('\n', from);
        return eol < 0 ? text.length() : eol + 1;
    }
}
