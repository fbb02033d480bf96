package dev.anyray.connect.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, for dry runs and confirmation: real hunks with {@value #CONTEXT} lines
 * of context, found with Myers' algorithm (fast when, as here, few lines change), so two changed
 * lines in a 3,000-line file show as two small hunks. Output is bounded: past {@value #MAX_LINES}
 * lines (or {@value #MAX_EDITS} edits) it says what it left out.
 */
public final class Diff {
    private static final int CONTEXT = 2;
    static final int MAX_LINES = 300;
    static final int MAX_EDITS = 2000;

    private Diff() {}

    private enum Op { KEEP, DEL, ADD }

    private record Edit(Op op, String line, int aLine, int bLine) {}

    /** The diff lines, each long line clipped around what changed. */
    public static List<String> unified(String oldText, String newText) {
        return unified(oldText, newText, line -> line);
    }

    /**
     * As above, with {@code mask} applied to every whole line before a long one is clipped: masking
     * needs the setting's name next to its value, and a clip must never show half a secret.
     */
    public static List<String> unified(String oldText, String newText, java.util.function.UnaryOperator<String> mask) {
        List<String> a = lines(oldText);
        List<String> b = lines(newText);
        List<Edit> edits = edits(a, b);
        List<String> out = new ArrayList<>();
        if (edits == null) {
            out.add("@@ -1," + a.size() + " +1," + b.size() + " @@");
            out.add("  (" + a.size() + " lines replaced by " + b.size() + " lines: too many changes to show line by line)");
            return out;
        }
        // Each change with CONTEXT lines around it; changes closer than that share one hunk.
        List<int[]> hunks = new ArrayList<>();
        for (int k = 0; k < edits.size(); k++) {
            if (edits.get(k).op() == Op.KEEP) continue;
            int lo = Math.max(0, k - CONTEXT);
            int hi = Math.min(edits.size(), k + CONTEXT + 1);
            if (!hunks.isEmpty() && lo <= hunks.get(hunks.size() - 1)[1]) hunks.get(hunks.size() - 1)[1] = hi;
            else hunks.add(new int[] {lo, hi});
        }
        int shown = 0;
        for (int h = 0; h < hunks.size(); h++) {
            List<Edit> hunk = edits.subList(hunks.get(h)[0], hunks.get(h)[1]);
            if (shown + hunk.size() + 1 > MAX_LINES) {
                long rest = edits.subList(hunks.get(h)[0], edits.size()).stream().filter(e -> e.op() != Op.KEEP).count();
                out.add("  … " + rest + " more changed line(s) in " + (hunks.size() - h) + " more hunk(s) not shown (output is cut after " + MAX_LINES + " lines)");
                return out;
            }
            int aCount = (int) hunk.stream().filter(e -> e.op() != Op.ADD).count();
            int bCount = (int) hunk.stream().filter(e -> e.op() != Op.DEL).count();
            Edit first = hunk.get(0);
            out.add("@@ -" + (aCount == 0 ? first.aLine() : first.aLine() + 1) + "," + aCount + " +" + (bCount == 0 ? first.bLine() : first.bLine() + 1) + "," + bCount + " @@");
            addLines(out, hunk, mask);
            shown += hunk.size() + 1;
        }
        return out;
    }

    /** Lines longer than this are clipped to a window around their first change. */
    static final int MAX_WIDTH = 240;

    /** A hunk's lines: masked, and a long line clipped where it differs from the line it replaces (or replaced). */
    private static void addLines(List<String> out, List<Edit> hunk, java.util.function.UnaryOperator<String> mask) {
        List<String> masked = new ArrayList<>();
        for (Edit e : hunk) masked.add(mask.apply(e.line()));
        int k = 0;
        while (k < hunk.size()) {
            if (hunk.get(k).op() == Op.KEEP) {
                out.add(" " + clip(masked.get(k), 0));
                k++;
                continue;
            }
            // A change: its deleted lines, then its added ones; the i-th of each are compared.
            int dels = k;
            while (dels < hunk.size() && hunk.get(dels).op() == Op.DEL) dels++;
            int adds = dels;
            while (adds < hunk.size() && hunk.get(adds).op() == Op.ADD) adds++;
            for (int i = k; i < adds; i++) {
                boolean del = i < dels;
                int partner = del ? dels + (i - k) : k + (i - dels);
                boolean paired = del ? partner < adds : partner < dels;
                int focus = paired ? commonPrefix(masked.get(i), masked.get(partner)) : 0;
                out.add((del ? "-" : "+") + clip(masked.get(i), focus));
            }
            k = adds;
        }
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) i++;
        return i;
    }

    /** A line of at most about {@link #MAX_WIDTH} characters around {@code focus}, saying how much was left out on each side. */
    static String clip(String line, int focus) {
        if (line.length() <= MAX_WIDTH) return line;
        int from = Math.max(0, Math.min(focus - MAX_WIDTH / 3, line.length() - MAX_WIDTH));
        int to = Math.min(line.length(), from + MAX_WIDTH);
        // Never between the two halves of a surrogate pair.
        if (from > 0 && Character.isLowSurrogate(line.charAt(from))) from++;
        if (to < line.length() && Character.isLowSurrogate(line.charAt(to))) to--;
        return (from > 0 ? "[… " + from + " characters] " : "") + line.substring(from, to)
                + (to < line.length() ? " [… " + (line.length() - to) + " more characters]" : "");
    }

    /** The edit script from {@code a} to {@code b} (Myers, on what lies between the common head and tail); null when too large. */
    private static List<Edit> edits(List<String> a, List<String> b) {
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) head++;
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) tail++;
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < head; i++) edits.add(new Edit(Op.KEEP, a.get(i), i, i));
        List<Edit> middle = myers(a.subList(head, a.size() - tail), b.subList(head, b.size() - tail), head);
        if (middle == null) return null;
        edits.addAll(middle);
        int shift = b.size() - a.size();
        for (int i = a.size() - tail; i < a.size(); i++) edits.add(new Edit(Op.KEEP, a.get(i), i, i + shift));
        return edits;
    }

    private static List<Edit> myers(List<String> a, List<String> b, int offset) {
        int n = a.size();
        int m = b.size();
        int max = Math.min(n + m, MAX_EDITS);
        int size = 2 * max + 2;
        int[] v = new int[size];
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= max; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || k != d && v[k - 1 + max] < v[k + 1 + max] ? v[k + 1 + max] : v[k - 1 + max] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[k + max] = x;
                if (x >= n && y >= m) return backtrack(a, b, trace, max, offset);
            }
        }
        return null;
    }

    private static List<Edit> backtrack(List<String> a, List<String> b, List<int[]> trace, int max, int offset) {
        List<Edit> out = new ArrayList<>();
        int x = a.size();
        int y = b.size();
        for (int d = trace.size() - 1; d >= 0; d--) {
            int[] v = trace.get(d);
            int k = x - y;
            int prevK = k == -d || k != d && v[k - 1 + max] < v[k + 1 + max] ? k + 1 : k - 1;
            int prevX = d == 0 ? 0 : v[prevK + max];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                x--;
                y--;
                out.add(0, new Edit(Op.KEEP, a.get(x), x + offset, y + offset));
            }
            if (d > 0) {
                if (x == prevX) out.add(0, new Edit(Op.ADD, b.get(prevY), x + offset, prevY + offset));
                else out.add(0, new Edit(Op.DEL, a.get(prevX), prevX + offset, y + offset));
            }
            x = prevX;
            y = prevY;
        }
        return out;
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
