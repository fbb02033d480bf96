package dev.anyray.connect.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A throwaway HOME for one test, so no test ever reads or writes the developer's own home. */
public final class TempHome implements AutoCloseable {
    private final Path root;
    /** What close() removes: the home, or the fresh folder the home was made in. */
    private final Path owned;
    /**
     * The tools' own temp folder ({@code TMPDIR}), made on first use. Without it a real tool writes
     * {@code /tmp/<its name>} (opencode and Kilo do), a fixed name that another user's run may own.
     */
    private Path tmp;

    public TempHome() {
        this(null);
    }

    /** A home named {@code name} (a name with spaces, {@code $} or quotes, say) inside a fresh temp folder. */
    public TempHome(String name) {
        try {
            owned = Files.createTempDirectory("anyray-home-").toRealPath();
            root = name == null ? owned : Files.createDirectory(owned.resolve(name));
            Files.createDirectories(bin());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    public synchronized Path tmp() {
        try {
            if (tmp == null) tmp = Files.createTempDirectory("anyray-tmp-").toRealPath();
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A folder on the test's PATH, for fake tools ({@code codex --version}, ...). */
    public Path bin() {
        return root.resolve(".test-bin");
    }

    public Path path(String relative) {
        return root.resolve(relative);
    }

    public Path write(String relative, String content) {
        return write(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    public Path write(String relative, byte[] content) {
        try {
            Path file = path(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path mkdir(String relative) {
        try {
            return Files.createDirectories(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean exists(String relative) {
        return Files.exists(path(relative));
    }

    public String mode(String relative) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path(relative)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fake executable on PATH that prints {@code output}. */
    public void fakeTool(String name, String output) {
        executable(name, "#!/bin/sh\necho '" + output + "'\n");
    }

    /** An executable {@code name} on PATH ({@link #bin}) running {@code script}; returns its path. */
    public Path executable(String name, String script) {
        try {
            Path tool = bin().resolve(name);
            Files.writeString(tool, script);
            Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
            return tool;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file, folder and link below HOME with its content hash, mode and link target: to compare whole trees. */
    public Map<String, String> snapshot() {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    tree.put(rel, "link -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    tree.put(rel + "/", "dir " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                } else {
                    byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                    tree.put(rel, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " " + HexFormat.of().formatHex(hash));
                }
            }
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return tree;
    }

    /** Every regular file below HOME whose content contains {@code needle}. */
    public java.util.List<Path> filesContaining(String needle) {
        java.util.List<Path> found = new java.util.ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(needle)) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    @Override
    public void close() {
        remove(owned);
        if (tmp != null) remove(tmp);
    }

    private static void remove(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    // Only folders inside it: its own parent is the system's temp folder (mode 1777).
                    if (!p.equals(folder)) Files.setPosixFilePermissions(p.getParent(), PosixFilePermissions.fromString("rwx------"));
                } catch (IOException | UnsupportedOperationException ignored) {
                    // best effort, for folders a test made read-only
                }
                p.toFile().delete();
            });
        } catch (IOException ignored) {
            // a leftover temp folder is not worth failing a test for
        }
    }
}
