package dev.anyray.connect.io;

import dev.anyray.connect.model.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a small helper command (git, codex --version, secret-tool) with a deadline, so a hung tool
 * cannot hang connect. It runs with {@code env}'s variables (its HOME, its PATH), not this process's;
 * what it needs on stdin (a key, for a credential store) goes there, never into its arguments.
 */
public final class Processes {
    private Processes() {}

    /** The variables that carry a secret to connect; no helper command gets them. */
    static final List<String> SECRET_VARIABLES = List.of("ANYRAY_CLIENT_KEY", "ANYRAY_INVITE", "ANYRAY_ADMIN_TOKEN");

    /** What a command did. */
    public record Result(int exit, String out, String err) {}

    /**
     * What answers for programs of another OS when an environment lives on a file system that is not this
     * machine's (tests give Windows' rules to an in-memory Windows file system, where no program can
     * start). Never consulted for an environment on the machine's own file system, so a real run always
     * starts the real program.
     */
    public interface StandIn {
        Result run(List<String> command, String stdin);
    }

    private static volatile StandIn standIn;

    /** Sets (null: removes) the stand-in for programs of environments on other file systems. */
    public static void standIn(StandIn programs) {
        standIn = programs;
    }

    /** Runs {@code command}, feeding {@code stdin} (null: none); null when it cannot start or does not finish in time. */
    public static Result run(Environment env, List<String> command, String stdin, long timeoutMillis) {
        if (env.workingDir().getFileSystem() != java.nio.file.FileSystems.getDefault()) {
            StandIn programs = standIn;
            return programs == null ? null : programs.run(command, stdin);
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(env.workingDir().toFile());
            builder.environment().clear();
            builder.environment().putAll(env.vars());
            // git, codex --version and secret-tool need none of connect's secrets: they could log or pass them on.
            SECRET_VARIABLES.forEach(builder.environment()::remove);
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException exitedEarly) {
                // it stopped before reading its input (a refusal, say): what it said and its exit code still count
            }
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return new Result(process.exitValue(), out.get(timeoutMillis, TimeUnit.MILLISECONDS), err.get(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    /** The command's trimmed stdout when it exits 0 in time, else null. */
    public static String output(Environment env, List<String> command, long timeoutMillis) {
        Result result = run(env, command, null, timeoutMillis);
        return result == null || result.exit() != 0 ? null : result.out().trim();
    }

    private static String drain(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
