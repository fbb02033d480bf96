package dev.anyray.connect.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a small helper command (git, codex --version) with a deadline, so a hung tool cannot hang connect. */
public final class Processes {
    private Processes() {}

    /** The command's trimmed stdout when it exits 0 in time, else null. */
    public static String output(List<String> command, long timeoutMillis) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null")))
                    .start();
            byte[] out;
            var reader = new java.util.concurrent.CompletableFuture<byte[]>();
            Thread pump = new Thread(() -> {
                try {
                    reader.complete(process.getInputStream().readAllBytes());
                } catch (IOException e) {
                    reader.complete(new byte[0]);
                }
            });
            pump.setDaemon(true);
            pump.start();
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return null;
            }
            out = reader.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return process.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }
}
