package dev.anyray.connect.model;

/**
 * The run could not be carried out (exit 1): a file that does not parse, a gateway that does not
 * answer, a refused confirmation. The message is one line and never holds a personal key.
 */
public class ConnectException extends RuntimeException {
    public ConnectException(String message) {
        super(message);
    }

    public ConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
