package dev.anyray.connect.tests.support;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.anyray.connect.io.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Windows disk in memory (jimfs {@code Configuration.windows()}: {@code C:\} paths, backslashes,
 * case-insensitive names, no POSIX permissions) with a user's profile on it, for in-process runs that
 * derive every path the way Windows would. No program can start on it, so Windows PowerShell is
 * answered for here ({@link Processes#standIn}), as {@link FakeWindows}' double answers: the profile
 * path and policy, and the key stored as {@code fake-dpapi:} plus the key reversed (which the Wine
 * tier's {@code powershell.exe} double reads back).
 */
public final class WindowsDisk implements AutoCloseable {
    public final FileSystem fs = Jimfs.newFileSystem(Configuration.windows());
    public final Path profileDir;
    public final Path systemRoot;
    public final List<String> commandLines = new CopyOnWriteArrayList<>();
    private final Map<String, String> vars = new HashMap<>();

    public WindowsDisk(String user, String policy) {
        profileDir = fs.getPath("C:\\users\\" + user);
        systemRoot = fs.getPath("C:\\windows");
        Path profile = profileDir.resolve("Documents\\WindowsPowerShell\\profile.ps1");
        try {
            Files.createDirectories(profileDir);
            Path exe = systemRoot.resolve("System32\\WindowsPowerShell\\v1.0\\powershell.exe");
            Files.createDirectories(exe.getParent());
            Files.write(exe, new byte[] {'M', 'Z'});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        vars.put("USERPROFILE", profileDir.toString());
        vars.put("SystemRoot", systemRoot.toString());
        vars.put("Path", systemRoot.resolve("System32") + ";" + systemRoot);
        vars.put("USERNAME", user);
        Path blob = profileDir.resolve(".anyray\\client-key.dpapi");
        Processes.standIn((command, stdin) -> {
            commandLines.add(String.join(" ", command));
            String script = command.get(command.size() - 1);
            try {
                if (script.contains("$PROFILE.CurrentUserAllHosts")) {
                    return new Processes.Result(0, Base64.getEncoder().encodeToString(profile.toString().getBytes(StandardCharsets.UTF_8)) + "\r\n" + policy + "\r\n", "");
                }
                if (script.contains("anyray-probe-")) return new Processes.Result(0, "anyray-scripts-ok\r\n", "");
                if (script.contains("ConvertFrom-SecureString")) {
                    Files.writeString(blob, "fake-dpapi:" + new StringBuilder(stdin.strip()).reverse());
                    return new Processes.Result(0, "", "");
                }
                if (script.contains("ConvertTo-SecureString")) {
                    if (!Files.exists(blob)) return new Processes.Result(1, "", "Cannot find path");
                    return new Processes.Result(0, new StringBuilder(Files.readString(blob).substring("fake-dpapi:".length())).reverse().toString(), "");
                }
            } catch (IOException e) {
                return new Processes.Result(1, "", e.toString());
            }
            return new Processes.Result(3, "", "unexpected PowerShell command");
        });
    }

    public WindowsDisk with(String name, String value) {
        vars.put(name, value);
        return this;
    }

    public Cli.Result run(String... args) {
        return Cli.onWindows(Map.copyOf(vars), profileDir, null, args);
    }

    public String read(String relative) throws IOException {
        return Files.readString(profileDir.resolve(relative));
    }

    public boolean exists(String relative) {
        return Files.exists(profileDir.resolve(relative));
    }

    /** Copies the profile folder onto a real disk (a Wine prefix's {@code drive_c/users/<user>}). */
    public void copyProfileTo(Path target) throws IOException {
        try (var walk = Files.walk(profileDir)) {
            for (Path p : walk.toList()) {
                Path to = target;
                for (Path part : profileDir.relativize(p)) to = to.resolve(part.toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.write(to, Files.readAllBytes(p));
            }
        }
    }

    @Override
    public void close() throws IOException {
        Processes.standIn(null);
        fs.close();
    }
}
