package dev.anyray.connect.io;

import dev.anyray.connect.model.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a small helper command (git, codex --version) with a deadline, so a hung tool cannot hang connect. */
public final class Processes {
    private Processes() {}

    /**
     * The command's trimmed stdout when it exits 0 in time, else null. It runs with {@code env}'s
     * variables (its HOME, its PATH), not this process's.
     */
    public static String output(Environment env, List<String> command, long timeoutMillis) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(env.workingDir().toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(env.isWindows() ? "NUL" : "/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env.vars());
            Process process = builder.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return null;
            }
            byte[] bytes = out.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return process.exitValue() == 0 ? new String(bytes, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }
}
