package dev.anyray.connect.model;

/** The user asked for something that cannot work as written (exit 2). The message is one line: what was wrong and what to do. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
