package dev.anyray.connect.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where human output goes: stdout normally, stderr when {@code --json} owns stdout. Colour only on a
 * terminal and never with {@code NO_COLOR}; questions only when there is a terminal to answer them.
 * Every line passes through {@link Secrets}, so no output path can print a key.
 */
public final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean color;
    /** Colour on stderr: only when stderr itself is a terminal (2>file must get plain text). */
    private final boolean errColor;
    private final boolean terminal;
    private final InputStream in;
    private final Secrets secrets;
    private BufferedReader reader;

    public Console(PrintStream out, PrintStream err, InputStream in, boolean terminal, boolean color, Secrets secrets) {
        this(out, err, in, terminal, color, color, secrets);
    }

    public Console(PrintStream out, PrintStream err, InputStream in, boolean terminal, boolean color, boolean errColor, Secrets secrets) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.terminal = terminal;
        this.errColor = color && errColor;
        this.color = out == err ? this.errColor : color;
        this.secrets = secrets;
    }

    /** Whether this process's stdin and stdout are a terminal (Java 22+ returns a Console for pipes too, hence isTerminal). */
    public static boolean processIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 17-21: a non-null console is a terminal
        }
    }

    /**
     * Whether this process's stderr is a terminal. Java cannot ask isatty(2); on Linux the descriptor's
     * link names the terminal device. Elsewhere (no /proc) stderr is taken to be where stdout is.
     */
    public static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }

    /** Where errors go, for a stack trace asked for with ANYRAY_DEBUG. */
    public PrintStream errStream() {
        return err;
    }

    public boolean isTerminal() {
        return terminal;
    }

    public boolean colorEnabled() {
        return color;
    }

    public Secrets secrets() {
        return secrets;
    }

    public void line(String text) {
        out.println(secrets.mask(text));
    }

    public void blank() {
        out.println();
    }

    public void heading(String text) {
        out.println(paint("1", secrets.mask(text)));
    }

    public void ok(String text) {
        out.println(paint("32", secrets.mask(text)));
    }

    public void warn(String text) {
        out.println(paint("33", "  ! " + secrets.mask(text)));
    }

    public void dim(String text) {
        out.println(paint("2", secrets.mask(text)));
    }

    public void diff(String line) {
        String code = line.startsWith("+") ? "32" : line.startsWith("-") ? "31" : line.startsWith("@@") ? "36" : null;
        String text = "      " + secrets.mask(line);
        out.println(code == null ? text : paint(code, text));
    }

    /** Errors always go to stderr, one line. */
    public void error(String message) {
        err.println(paintErr("31", "anyray-connect: " + secrets.mask(message)));
    }

    /** Top-level warnings (before any tool), to stderr so that they never mix into piped output. */
    public void notice(String message) {
        err.println(paintErr("33", "warning: " + secrets.mask(message)));
    }

    /** Asks once; anything but y/yes (including end of input) is a no. */
    public boolean confirm(String question) {
        out.print(paint("1", question) + " [y/N] ");
        out.flush();
        String answer = readLine();
        return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
    }

    /**
     * A secret typed at the terminal, not echoed (the admin token): through the JVM's console when
     * there is one, else one line of stdin after the prompt. Null at the end of input.
     */
    public String readSecret(String prompt) {
        java.io.Console terminal = System.console();
        if (terminal != null && reader == null) {
            char[] typed = terminal.readPassword("%s", prompt);
            return typed == null ? null : new String(typed);
        }
        err.print(prompt);
        err.flush();
        return readLine();
    }

    /** One line of standard input (an invite passed as {@code --invite -}), or null at its end. */
    public String readLine() {
        try {
            if (reader == null) reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private String paintErr(String code, String text) {
        return errColor ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    private String paint(String code, String text) {
        return color ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
