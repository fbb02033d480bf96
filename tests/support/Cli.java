package dev.anyray.connect.tests.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts the real CLI as its own process, the way a user's shell does: a fresh JVM with the
 * compiled entry script, a temporary HOME, a controlled PATH and environment, and stdin that is
 * not a terminal (or fed with an answer).
 */
public final class Cli {
    private Cli() {}

    public record Result(int exit, String out, String err) {
        public String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static Result run(TempHome home, String... args) {
        return runWithInput(home, Map.of(), null, args);
    }

    public static Result run(TempHome home, Map<String, String> extraEnv, String... args) {
        return runWithInput(home, extraEnv, null, args);
    }

    /** Runs with {@code stdin} fed to the process (still not a terminal). */
    public static Result runWithInput(TempHome home, Map<String, String> extraEnv, String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.anyray.connect.AnyrayConnect");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.root().toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("HOME", home.root().toString());
        env.put("PATH", home.bin() + ":/usr/local/bin:/usr/bin:/bin");
        env.put("SHELL", "/bin/bash");
        env.put("LANG", "C.UTF-8");
        env.put("USER", "tester");
        extraEnv.forEach((k, v) -> {
            if (v == null) env.remove(k);
            else env.put(k, v);
        });
        try {
            Process process = builder.start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the CLI did not finish within 90 s: " + String.join(" ", args));
            }
            return new Result(process.exitValue(), out.get(), err.get());
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("could not run the CLI: " + e, e);
        }
    }

    private static CompletableFuture<String> drain(java.io.InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
