package dev.anyray.connect.commands;

import dev.anyray.connect.model.UsageException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options connect and {@code invite} share (a picocli mixin): one JSON document on stdout, and the bound on each gateway call. */
public final class CallOptions {
    @Option(names = "--json", description = "Print one JSON document on stdout (human output goes to stderr).")
    public boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Bound on each whole gateway call, 0.1 to 600 seconds (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    /** The bound, checked: a usage error outside 0.1 to 600 seconds. */
    public Duration timeout() {
        if (!(timeoutSeconds >= 0.1 && timeoutSeconds <= 600)) throw new UsageException("--timeout must be between 0.1 and 600 seconds");
        return Duration.ofMillis(Math.round(timeoutSeconds * 1000));
    }
}
