package dev.anyray.connect.commands;

import java.util.ArrayList;
import java.util.List;

/**
 * The admin's user list as spreadsheets write it (RFC 4180): an optional UTF-8 byte-order mark, cells
 * in double quotes (holding commas, line breaks, or {@code ""} for a quote), CRLF or LF line ends.
 * Each row keeps the line it started on, for messages.
 */
final class InviteCsv {
    private InviteCsv() {}

    /** One row: its cells (unquoted) and the line number it starts on (1-based). */
    record Row(int line, List<String> cells) {}

    /** The rows of {@code text}; an unterminated quoted cell is an error naming its line. */
    static List<Row> parse(String text) {
        if (text.startsWith("\ufeff")) text = text.substring(1);
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        boolean quoted = false;
        boolean quotedCell = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') line++;
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                quoted = true;
                quotedCell = true;
                cell.setLength(0);
            } else if (c == ',') {
                cells.add(quotedCell ? cell.toString() : cell.toString().strip());
                cell.setLength(0);
                quotedCell = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                cells.add(quotedCell ? cell.toString() : cell.toString().strip());
                rows.add(new Row(rowLine, List.copyOf(cells)));
                cells.clear();
                cell.setLength(0);
                quotedCell = false;
                rowLine = ++line;
            } else if (!quotedCell) {
                cell.append(c);
            }
        }
        if (quoted) throw new IllegalArgumentException("line " + rowLine + ": a quoted cell is never closed (a \" is missing)");
        if (!cells.isEmpty() || !cell.toString().isBlank() || quotedCell) {
            cells.add(quotedCell ? cell.toString() : cell.toString().strip());
            rows.add(new Row(rowLine, List.copyOf(cells)));
        }
        return rows;
    }
}
