package dev.anyray.connect.io;

import java.util.ArrayList;
import java.util.List;

/**
 * The places where a run makes something durable (a temp file, a rename, a delete, the credential
 * store): each calls {@link #reached} first, so that a test can stop the run there exactly as a
 * {@code kill -9} would, with nothing after it running and no catch handling it. Off (one thread-local
 * read) unless a test arms it for its own thread.
 */
public final class FaultPoint {
    private FaultPoint() {}

    /** What stops the run: an Error, so no {@code catch (RuntimeException)} of the run's own can clean up after it. */
    public static final class Killed extends Error {
        public Killed(String where) {
            super("killed at: " + where, null, false, false);
        }
    }

    private static final class Armed {
        int countdown;
        final List<String> reached = new ArrayList<>();
    }

    private static final ThreadLocal<Armed> ARMED = new ThreadLocal<>();

    public static void reached(String where) {
        Armed armed = ARMED.get();
        if (armed == null) return;
        armed.reached.add(where);
        if (--armed.countdown == 0) throw new Killed(where);
    }

    /** Stops this thread's run at its {@code n}-th point (n ≤ 0: never; only record). */
    public static void arm(int n) {
        Armed armed = new Armed();
        armed.countdown = n;
        ARMED.set(armed);
    }

    /** Disarms, and returns the points this thread reached since {@link #arm} (the last one is where it stopped, if it did). */
    public static List<String> disarm() {
        Armed armed = ARMED.get();
        ARMED.remove();
        return armed == null ? List.of() : armed.reached;
    }
}
