package dev.anyray.connect.core;

import dev.anyray.connect.core.ConnectState.Owned;

/**
 * The rules for settings connect owns inside a file it shares with the user, the same for JSON and
 * TOML: the value from before connect's first run is kept until revert; a later run only updates the
 * fingerprint of what it wrote; revert restores a value only while it is still what connect wrote.
 */
public final class Ownership {
    private Ownership() {}

    /** Connect writes {@code value}; {@code currentRaw} is what the file has now (null: absent). */
    public static Owned claim(Owned earlier, String currentRaw, String value, ConnectState state) {
        String previous = earlier != null ? earlier.previous() : currentRaw;
        return new Owned(previous, state.fingerprint(value));
    }

    /** Connect removes a setting it wrote before (e.g. the token, in subscription mode). */
    public static Owned release(Owned earlier) {
        return earlier == null ? null : new Owned(earlier.previous(), null);
    }

    /** Whether the current value (null: absent) is still exactly what connect left there. */
    public static boolean untouched(Owned owned, String currentValue, ConnectState state) {
        if (owned.written() == null) return currentValue == null;
        return currentValue != null && owned.written().equals(state.fingerprint(currentValue));
    }
}
