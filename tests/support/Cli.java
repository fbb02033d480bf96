package dev.anyray.connect.tests.support;

import dev.anyray.connect.AnyrayConnect;
import dev.anyray.connect.model.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI the way a user's shell does, with a temporary HOME, a controlled PATH and environment,
 * and stdin that is not a terminal (or fed with an answer). {@link #run} runs it in this JVM through
 * the same entry {@code main} uses (fast: most tests); {@link #process} starts a real JVM, for what
 * only a process shows (exit codes, stdout/stderr separation, locks between processes).
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

    /**
     * Where {@code command} is on this JVM's PATH (null: not installed), found as {@code command -v}
     * finds it, which is how .ci/run installs things: wherever apt or npm put them.
     */
    public static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, command))) return Path.of(dir, command);
        }
        return null;
    }

    /** This JVM's PATH, for a helper that must find what the test found with {@link #onPath}. */
    public static String systemPath() {
        return System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    }

    /** {@code result}, once it is known to have succeeded: a setup run that failed would make the rest of a test prove nothing. */
    public static Result ok(Result result) {
        if (result.exit() != 0) throw new AssertionError("a run the test builds on failed:\n" + result);
        return result;
    }

    /** The environment a test run sees: nothing of the developer's own. */
    public static Map<String, String> environment(TempHome home, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.root().toString());
        env.put("PATH", home.bin() + ":/usr/local/bin:/usr/bin:/bin");
        env.put("SHELL", "/bin/bash");
        env.put("LANG", "C.UTF-8");
        env.put("USER", "tester");
        env.put("TMPDIR", home.tmp().toString());
        extraEnv.forEach((k, v) -> {
            if (v == null) env.remove(k);
            else env.put(k, v);
        });
        return env;
    }

    public static Result run(TempHome home, String... args) {
        return runWithInput(home, Map.of(), null, args);
    }

    public static Result run(TempHome home, Map<String, String> extraEnv, String... args) {
        return runWithInput(home, extraEnv, null, args);
    }

    /** Runs in this JVM with {@code stdin} fed to it (not a terminal). */
    public static Result runWithInput(TempHome home, Map<String, String> extraEnv, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Environment env = Environment.of(environment(home, extraEnv), home.root());
        int exit = AnyrayConnect.run(env, new ByteArrayInputStream(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false, args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs in this JVM with the environment {@code vars} as Windows would give it (Windows' rules; paths here are this machine's). */
    public static Result onWindows(Map<String, String> vars, Path workingDir, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Environment env = Environment.of(vars, workingDir, "Windows 11");
        int exit = AnyrayConnect.run(env, new ByteArrayInputStream(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false, args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs in this JVM as if at a terminal, reading answers from {@code in} (which may act when the prompt reads it). */
    public static Result atTerminal(TempHome home, Map<String, String> extraEnv, java.io.InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Environment env = Environment.of(environment(home, extraEnv), home.root());
        int exit = AnyrayConnect.run(env, in, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), true, args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static Result process(TempHome home, String... args) {
        return process(home, Map.of(), null, args);
    }

    /** Starts the real CLI as its own JVM (the compiled entry script), with {@code stdin} fed to it. */
    public static Result process(TempHome home, Map<String, String> extraEnv, String stdin, String... args) {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.root().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(home, extraEnv));
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

    /** {@code java … dev.anyray.connect.AnyrayConnect}, as the entry script runs. */
    public static List<String> javaCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "dev.anyray.connect.AnyrayConnect");
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
