package dev.anyray.connect.io;

import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.Environment;

/**
 * The one answer to "which personal key did an earlier run store, and where": every command that
 * needs it (connect, --check, --status, --revert) asks here, so none can look in the wrong place.
 * The revert record says which store holds the key; this reads it from there, and says exactly why
 * when it cannot (a session without a bus cannot read the keychain, whatever the record says).
 *
 * @param recorded what the record says: {@code keychain}, {@code file}, or null (no key recorded)
 * @param store the store the key is in
 * @param value the key, or null (none stored, or it cannot be read here: see {@code unreadable})
 * @param unreadable why a key the record knows cannot be read here, or null
 */
public record StoredKey(String recorded, KeyStore store, String value, String unreadable) {

    /** The stored key for a record that names {@code recordedStore} (null: none recorded; a key file beside it still counts). */
    public static StoredKey resolve(Environment env, String recordedStore) {
        String inFile = KeyFile.read(env);
        if (!"keychain".equals(recordedStore)) {
            return new StoredKey(recordedStore != null ? recordedStore : inFile != null ? "file" : null, KeyStore.file(env, null), inFile, null);
        }
        KeyStore keychain = KeyStore.keychain(env);
        if (!keychain.isKeychain()) return new StoredKey(recordedStore, keychain, null, keychain.why());
        String value = keychain.read();
        // A key file beside a record that says "keychain": a redemption that was cut short moved the key there.
        if (value == null && inFile != null) return new StoredKey(recordedStore, KeyStore.file(env, null), inFile, null);
        return new StoredKey(recordedStore, keychain, value, value == null ? "it is not in " + keychain.describe() + " any more (locked, or removed)" : null);
    }

    /** Whether a key is stored, as far as the record and the files know (also when it cannot be read from here). */
    public boolean exists() {
        return recorded != null;
    }

    public boolean inKeychain() {
        return "keychain".equals(recorded);
    }

    /** The key as a {@link ClientKey}, or null when none can be read. */
    public ClientKey key() {
        return value == null ? null : ClientKey.personal(value, ClientKey.Source.STORED, "the stored key");
    }

    /** Where the key lives, in words: "the Secret Service keychain (service anyray-connect)". */
    public String where() {
        return inKeychain() && !store.isKeychain() ? "the keychain" : store.describe();
    }

    /** What --status shows: the masked key and where it is, or why it cannot be read, or that there is none. */
    public String shown(Environment env) {
        if (!exists()) return "none stored";
        if (value == null) return "in " + where() + ", but it cannot be read here (" + unreadable + "); the tools cannot get it until it can";
        return ClientKey.mask(value) + " in " + where() + (store.isKeychain() ? "; the tools read it through " + env.display(KeyStore.helperPath(env)) : "");
    }
}
