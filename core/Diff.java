package dev.anyray.connect.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, for dry runs and confirmation. Our edits are local, so the common
 * head and tail are cut first and the (small) middle is aligned line by line; this keeps a 5 MB file
 * as cheap as a 5-line one.
 */
public final class Diff {
    private static final int CONTEXT = 2;
    private static final int MAX_ALIGN_CELLS = 4_000_000;

    private Diff() {}

    public static List<String> unified(String oldText, String newText) {
        List<String> a = lines(oldText);
        List<String> b = lines(newText);
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) head++;
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) tail++;
        List<String> out = new ArrayList<>();
        if (head == a.size() && head == b.size()) return out;
        int from = Math.max(0, head - CONTEXT);
        int aEnd = a.size() - tail;
        int bEnd = b.size() - tail;
        int aTo = Math.min(a.size(), aEnd + CONTEXT);
        int bTo = Math.min(b.size(), bEnd + CONTEXT);
        out.add("@@ -" + range(from, aTo - from) + " +" + range(from, bTo - from) + " @@");
        for (int i = from; i < head; i++) out.add(" " + a.get(i));
        out.addAll(middle(a.subList(head, aEnd), b.subList(head, bEnd)));
        for (int i = aEnd; i < aTo; i++) out.add(" " + a.get(i));
        return out;
    }

    private static List<String> middle(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>();
        if ((long) a.size() * b.size() > MAX_ALIGN_CELLS) {
            a.forEach(l -> out.add("-" + l));
            b.forEach(l -> out.add("+" + l));
            return out;
        }
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.add(" " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("-" + a.get(i++));
            } else {
                out.add("+" + b.get(j++));
            }
        }
        return out;
    }

    private static String range(int start, int count) {
        return (count == 0 ? start : start + 1) + "," + count;
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        if (text == null || text.isEmpty()) return lines;
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                lines.add(text.substring(start) + "  (no newline at end of file)");
                break;
            }
            int end = nl > start && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
            lines.add(text.substring(start, end));
            start = nl + 1;
        }
        return lines;
    }
}
