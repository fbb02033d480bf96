package dev.anyray.connect.model;

import java.nio.file.Path;

/**
 * How the tools get a personal key: from the OS credential store through the helper script
 * ({@code helper} set: tools that can run a command ask it at start-up), or as the literal key in
 * their own owner-only files ({@code helper} null, the key store being the owner-only key file).
 *
 * @param store what the plan says about where the key lives
 */
public record KeyAccess(Path helper, Path keyFile, String store) {

    public static KeyAccess file(Path keyFile) {
        return new KeyAccess(null, keyFile, "the owner-only file " + keyFile);
    }

    public boolean viaHelper() {
        return helper != null;
    }
}
