package dev.anyray.connect.core;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** The writes a transaction makes; an interface so that tests can make a write fail half-way (a full disk). */
public interface FileSystemOps {
    void write(Path target, byte[] data, Set<PosixFilePermission> mode) throws IOException;

    void delete(Path target) throws IOException;

    void setMode(Path target, Set<PosixFilePermission> mode) throws IOException;
}
