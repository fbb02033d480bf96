package dev.anyray.connect.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where human output goes: stdout normally, stderr when {@code --json} owns stdout. Colour only on a
 * terminal and never with {@code NO_COLOR}; questions only when there is a terminal to answer them.
 */
public final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean color;

    public Console(PrintStream out, PrintStream err, boolean color) {
        this.out = out;
        this.err = err;
        this.color = color;
    }

    public static Console create(boolean json, Environment env) {
        PrintStream stdout = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        boolean color = env.get("NO_COLOR") == null && !"dumb".equals(env.get("TERM")) && isTerminal() && !json;
        return new Console(json ? stderr : stdout, stderr, color);
    }

    /** Whether stdin and stdout are a terminal (Java 22+ returns a Console for pipes too, hence isTerminal). */
    public static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 17-21: a non-null console is a terminal
        }
    }

    public boolean colorEnabled() {
        return color;
    }

    public void line(String text) {
        out.println(text);
    }

    public void blank() {
        out.println();
    }

    public void heading(String text) {
        out.println(paint("1", text));
    }

    public void ok(String text) {
        out.println(paint("32", text));
    }

    public void warn(String text) {
        out.println(paint("33", "  ! " + text));
    }

    public void dim(String text) {
        out.println(paint("2", text));
    }

    public void diff(String line) {
        String code = line.startsWith("+") ? "32" : line.startsWith("-") ? "31" : line.startsWith("@@") ? "36" : null;
        out.println(code == null ? "      " + line : paint(code, "      " + line));
    }

    /** Errors always go to stderr, one line. */
    public void error(String message) {
        err.println(paint("31", "anyray-connect: " + message));
    }

    /** Top-level warnings (before any tool), to stderr so that they never mix into piped output. */
    public void notice(String message) {
        err.println(paint("33", "warning: " + message));
    }

    /** Asks once; anything but y/yes (including end of input) is a no. */
    public boolean confirm(String question) {
        out.print(paint("1", question) + " [y/N] ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }

    private String paint(String code, String text) {
        return color ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
