package dev.anyray.connect.engine;

import dev.anyray.connect.edit.Document;
import dev.anyray.connect.edit.KeyPath;
import dev.anyray.connect.edit.Values;
import dev.anyray.connect.engine.ConnectState.FileRecord;
import dev.anyray.connect.engine.ConnectState.Owned;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place that owns settings inside files shared with the user and the tool, whatever the
 * format (JSON, JSONC, TOML, a managed block). Claim: connect writes a value and remembers what was
 * there before its first run. Release: connect takes out a value it wrote (a mode switch). Revert:
 * each value goes back to what it was, unless the user or the tool changed it since, in which case
 * it stays and is reported as kept. Drift: which values no longer are what connect wrote.
 */
public final class OwnedSettings {
    private OwnedSettings() {}

    /**
     * The outcome of a claim.
     *
     * @param foreign settings this mode must not have that connect did not write (the user's own): left alone, for the adapter to warn about
     */
    public record Claimed(Map<String, Owned> owned, List<String> containers, List<String> summary, List<KeyPath> foreign) {}

    /** What a revert did and what it kept. */
    public record Reverted(List<String> summary, List<String> kept) {}

    /**
     * Sets every {@code desired} value (a null value: the setting must not be there in this mode).
     * {@code shown} turns a value into what output may show of it.
     */
    public static Claimed claim(Document doc, Map<KeyPath, Object> desired, FileRecord earlier, ConnectState state, Function<String, String> shown) {
        return claim(doc, desired, earlier, state, shown, KeyPath::toString);
    }

    /** As above; {@code label} names a setting in the summary (a managed block says what it is, not "block"). */
    public static Claimed claim(Document doc, Map<KeyPath, Object> desired, FileRecord earlier, ConnectState state, Function<String, String> shown,
            Function<KeyPath, String> label) {
        Map<String, Owned> owned = new LinkedHashMap<>(earlier != null && earlier.owned() != null ? earlier.owned() : Map.of());
        Set<String> containers = new LinkedHashSet<>(earlier != null && earlier.containers() != null ? earlier.containers() : List.of());
        List<String> summary = new ArrayList<>();
        List<KeyPath> foreign = new ArrayList<>();
        splitWholeValues(doc, owned, containers, desired.keySet(), state);
        for (Map.Entry<KeyPath, Object> want : desired.entrySet()) {
            KeyPath path = want.getKey();
            String name = path.toString();
            Object current = doc.get(path);
            Owned ours = owned.get(name);
            if (want.getValue() == null) {
                if (current != null && ours != null && untouched(ours, current, state)) {
                    doc.remove(path);
                    summary.add("remove " + label.apply(path));
                } else if (current != null) {
                    foreign.add(path);
                }
                if (ours != null) owned.put(name, new Owned(ours.previous(), null));
                continue;
            }
            String value = Values.canonical(want.getValue());
            // The value from before connect's first run is kept until revert. Once connect had taken its
            // value out, a value found there is the user's, and it becomes the one to restore.
            String previous = ours == null || ours.written() == null && current != null ? doc.raw(path) : ours.previous();
            owned.put(name, new Owned(previous, state.fingerprint(value)));
            if (current != null && Values.canonical(current).equals(value)) continue;
            for (KeyPath p = path.parent(); p != null; p = p.parent()) {
                if (!doc.has(p)) containers.add(p.toString());
            }
            doc.set(path, want.getValue());
            // A block or a long structure is shown by the diff, not repeated in the summary.
            boolean block = value.contains("\n") || value.length() > 120;
            summary.add((current == null ? "add " : block ? "update " : "set ") + label.apply(path) + (block ? "" : " = " + shown.apply(value)));
        }
        return new Claimed(owned, new ArrayList<>(containers), summary, foreign);
    }

    /**
     * A record from a version that owned a whole value (Droid's list entry) where connect now owns its
     * parts: the parts take its place, and a value connect created becomes a container it created, so
     * revert takes out what connect wrote and keeps what the user added to it.
     */
    private static void splitWholeValues(Document doc, Map<String, Owned> owned, Set<String> containers, Set<KeyPath> wanted, ConnectState state) {
        for (KeyPath path : wanted) {
            for (KeyPath p = path.parent(); p != null; p = p.parent()) {
                Owned whole = owned.get(p.toString());
                // A whole value that was the user's before connect stays owned whole: revert puts it back as it was.
                if (whole == null || whole.previous() != null) continue;
                owned.remove(p.toString());
                containers.add(p.toString());
                // Each part is connect's, from before its first run (nothing was there).
                for (KeyPath part : wanted) {
                    Object current = part.keys().size() > p.size() && part.keys().subList(0, p.size()).equals(p.keys()) ? doc.get(part) : null;
                    if (current != null) owned.putIfAbsent(part.toString(), new Owned(null, state.fingerprint(Values.canonical(current))));
                }
            }
        }
    }

    /** Undoes what the record says connect did in this document, keeping what changed since. */
    public static Reverted revert(Document doc, FileRecord record, ConnectState state, String shownFile) {
        List<String> summary = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Map<String, Owned> owned = record.owned() == null ? Map.of() : record.owned();
        for (Map.Entry<String, Owned> own : owned.entrySet()) {
            KeyPath path = KeyPath.parse(own.getKey());
            Object current = doc.get(path);
            if (!untouched(own.getValue(), current, state)) {
                String keptPart = current == null ? null : doc.revertChanged(path);
                if (keptPart == null) {
                    kept.add("kept " + own.getKey() + " in " + shownFile + ": it was changed after connect");
                } else {
                    summary.add("remove " + own.getKey() + (keptPart.isEmpty() ? "" : ", keeping " + keptPart));
                    if (!keptPart.isEmpty()) kept.add("kept " + keptPart + " in " + shownFile);
                }
                continue;
            }
            String previous = own.getValue().previous();
            if (previous == null && current != null) {
                doc.remove(path);
                summary.add("remove " + own.getKey());
            } else if (previous != null && (current == null || !previous.equals(doc.raw(path)))) {
                doc.setRaw(path, previous);
                summary.add("restore " + own.getKey() + " to its earlier value");
            }
        }
        List<String> containers = new ArrayList<>(record.containers() == null ? List.of() : record.containers());
        containers.sort((a, b) -> Integer.compare(b.split("\\.").length, a.split("\\.").length));
        for (String container : containers) {
            KeyPath path = KeyPath.parse(container);
            if (doc.isEmptyContainer(path)) doc.remove(path);
        }
        return new Reverted(summary, kept);
    }

    /** The settings whose current value is no longer what connect left there. */
    public static List<String> drift(Document doc, Map<String, Owned> owned, ConnectState state) {
        List<String> drift = new ArrayList<>();
        if (owned == null) return drift;
        owned.forEach((name, own) -> {
            if (!untouched(own, doc.get(KeyPath.parse(name)), state)) drift.add(name + " no longer matches what connect wrote");
        });
        return drift;
    }

    /** Whether the current value (null: absent) is still exactly what connect left there. */
    static boolean untouched(Owned owned, Object current, ConnectState state) {
        if (owned.written() == null) return current == null;
        return current != null && owned.written().equals(state.fingerprint(Values.canonical(current)));
    }

}
