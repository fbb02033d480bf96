package dev.anyray.connect.commands;

import dev.anyray.connect.adapters.ToolRegistry;
import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.io.StoredKey;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.engine.ToolPlan;
import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.io.Journal;
import dev.anyray.connect.io.KeyStore;
import dev.anyray.connect.io.RunLock;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Gateway;
import dev.anyray.connect.model.Text;
import dev.anyray.connect.model.UsageException;
import dev.anyray.connect.ui.Console;
import dev.anyray.connect.ui.Renderer;
import dev.anyray.connect.ui.RunReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What every command works with: the environment, the options, where output goes; and the steps they share. */
public final class Run {
    final Environment env;
    final Options options;
    final Console console;
    final Renderer renderer;
    final RunReport report;
    /** Tools left out because they were not detected (shown, never planned). */
    final List<ToolPlan> notDetected = new ArrayList<>();

    public Run(Environment env, Options options, Console console, RunReport report) {
        this.env = env;
        this.options = options;
        this.console = console;
        this.renderer = new Renderer(console);
        this.report = report;
    }

    /**
     * The key the tools use with {@code gateway}, decided in one place for connect and --check:
     * {@code $ANYRAY_CLIENT_KEY} (the user's choice, for any gateway), else the stored key, only for
     * the gateway that issued it, else the placeholder.
     *
     * @param key the key to send, or null when the stored key must not ({@code otherGateway}) or cannot ({@code stored} unreadable) be sent
     * @param otherGateway the gateway the stored key belongs to, when it is not this one
     */
    record KeyInUse(ClientKey key, StoredKey stored, String otherGateway) {}

    KeyInUse keyInUse(ConnectState state, Gateway gateway) {
        String value = env.get("ANYRAY_CLIENT_KEY");
        if (value != null) {
            try {
                return new KeyInUse(ClientKey.personal(value, ClientKey.Source.ENVIRONMENT, "ANYRAY_CLIENT_KEY"), null, null);
            } catch (ConnectException e) {
                throw new UsageException(e.getMessage());
            }
        }
        StoredKey stored = StoredKey.resolve(env, state.keyStore());
        if (!stored.exists()) return new KeyInUse(ClientKey.placeholder(), stored, null);
        if (stored.value() != null) console.secrets().add(stored.value());
        String issuedFor = state.keyIssuedFor();
        if (issuedFor != null && !issuedFor.equals(gateway.url())) return new KeyInUse(null, stored, issuedFor);
        return new KeyInUse(stored.key(), stored, null);
    }

    /** A value of the run and where it came from, as the plan names it ("from your last connect"). */
    record Chosen<T>(T value, String from) {}

    /**
     * The gateway, first found: {@code --gateway}, {@code $ANYRAY_GATEWAY_URL}, the gateway the tools
     * are connected to (the last connect's), the default. A bad value is named by where it came from.
     */
    Chosen<Gateway> gateway(ConnectState state) {
        String remembered = state == null ? null : state.connectedGateway();
        String raw;
        String from;
        if (options.gateway() != null) {
            raw = options.gateway();
            from = "--gateway";
        } else if (env.get("ANYRAY_GATEWAY_URL") != null) {
            raw = env.get("ANYRAY_GATEWAY_URL");
            from = "ANYRAY_GATEWAY_URL";
        } else if (remembered != null) {
            raw = remembered;
            from = "your last connect";
        } else {
            raw = Gateway.DEFAULT_URL;
            from = "the default";
        }
        Gateway gateway;
        try {
            gateway = Gateway.parse(raw);
        } catch (UsageException e) {
            if (from.equals("--gateway") || from.equals("ANYRAY_GATEWAY_URL")) throw named(e, from);
            throw new ConnectException("the gateway remembered from your last connect (" + Text.printable(raw) + ") is not a valid URL; pass --gateway URL");
        }
        if (gateway.notice() != null && !from.equals("your last connect")) console.notice(gateway.notice().replace("--gateway", from));
        if (gateway.isPlainHttpRemote()) {
            console.notice("the gateway " + gateway.url() + " uses plain http to another machine: keys and prompts travel unencrypted; use https");
        }
        report.put("gateway", gateway.url()).put("gatewayFrom", from.equals("the default") ? "default" : from.equals("your last connect") ? "remembered" : from);
        return new Chosen<>(gateway, from);
    }

    /**
     * How connect's own calls reach the gateway: the CA bundle, first found, {@code --ca-file},
     * {@code $ANYRAY_CA_FILE}, the last connect's, {@code $NODE_EXTRA_CA_CERTS} (organisations that
     * distribute a CA often set it already); and the proxy environment.
     */
    dev.anyray.connect.gateway.Network network(ConnectState state) {
        String remembered = state == null || state.connection() == null ? null : state.connection().caFile();
        String raw = options.caFile() != null ? options.caFile() : env.get("ANYRAY_CA_FILE") != null ? env.get("ANYRAY_CA_FILE")
                : remembered != null ? remembered : env.get("NODE_EXTRA_CA_CERTS");
        String where = options.caFile() != null ? "--ca-file" : env.get("ANYRAY_CA_FILE") != null ? "ANYRAY_CA_FILE"
                : remembered != null ? "the CA file of your last connect" : "NODE_EXTRA_CA_CERTS";
        if (raw == null) return masked(dev.anyray.connect.gateway.Network.of(env));
        java.nio.file.Path path = env.workingDir().resolve(raw).toAbsolutePath().normalize();
        dev.anyray.connect.gateway.Network network = dev.anyray.connect.gateway.Network.of(env, path, where);
        report.put("caFile", path.toString());
        return masked(network);
    }

    /** A proxy password from the environment is a secret like any other: masked in every line. */
    private dev.anyray.connect.gateway.Network masked(dev.anyray.connect.gateway.Network network) {
        console.secrets().add(network.proxyPassword());
        return network;
    }

    /** Checks --gateway / $ANYRAY_GATEWAY_URL before anything else happens (a usage error changes nothing, takes no lock). */
    void checkGatewayOption() {
        String raw = options.gateway() != null ? options.gateway() : env.get("ANYRAY_GATEWAY_URL");
        if (raw == null) return;
        try {
            Gateway.parse(raw);
        } catch (UsageException e) {
            throw named(e, options.gateway() != null ? "--gateway" : "ANYRAY_GATEWAY_URL");
        }
    }

    /** A bad gateway value, named by where it came from (Gateway.parse says --gateway). */
    private static UsageException named(UsageException e, String from) {
        return from.equals("--gateway") ? e : new UsageException(e.getMessage().replace("--gateway", from));
    }

    /** The adapters to run: those named in --tools, else every detected one (or, with {@code all}, every one). */
    List<ToolAdapter> tools(boolean all) {
        if (options.tools() == null) {
            if (all) return ToolRegistry.ALL;
            List<ToolAdapter> detected = new ArrayList<>();
            for (ToolAdapter adapter : ToolRegistry.ALL) {
                if (adapter.detect(env)) {
                    detected.add(adapter);
                } else {
                    ToolPlan skipped = ToolPlan.notDetected(adapter);
                    report.plan(skipped, env, false);
                    notDetected.add(skipped);
                }
            }
            return detected;
        }
        Set<ToolAdapter> chosen = new LinkedHashSet<>();
        for (String raw : options.tools().split(",", -1)) {
            String id = raw.strip();
            if (id.isEmpty()) throw new UsageException("--tools has an empty entry; use a comma-separated list of: " + String.join(", ", ToolRegistry.ids()));
            chosen.add(ToolRegistry.byId(id).orElseThrow(() -> new UsageException(
                    "--tools: unknown tool '" + Text.printable(id) + "'; valid tools are: " + String.join(", ", ToolRegistry.ids()))));
        }
        // Always in registry order, so output and the record read the same whatever order --tools gave.
        return ToolRegistry.ALL.stream().filter(chosen::contains).toList();
    }

    /**
     * Takes the run lock and first settles a run that was interrupted (its journal is there): every mode
     * starts from a consistent machine. A dry run, which writes nothing, only says so. A read-only mode
     * ({@code needLock} false) takes the lock only to settle a journal, and leaves a journal alone while
     * the run that wrote it is still going.
     */
    RunLock lockAndRecover(boolean needLock) {
        Journal journal = new Journal(env.anyrayDir());
        if (options.dryRun()) {
            if (journal.pending()) console.notice("an earlier run was interrupted; the next run that is not a dry run settles it first");
            return null;
        }
        if (!needLock && !journal.pending()) return null;
        RunLock lock = needLock ? RunLock.acquire(env) : RunLock.tryAcquire(env);
        if (lock == null) {
            console.notice("another anyray-connect run is changing this machine right now; what follows is how things stand before it finishes");
            return null;
        }
        try {
            Journal.Recovery recovery = journal.recover(AtomicWriter.INSTANCE, WritablePaths.of(env), () -> KeyStore.keychain(env));
            if (recovery != null) console.notice(describe(recovery));
            return lock;
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    private String describe(Journal.Recovery recovery) {
        java.util.function.Function<List<String>, String> shown = paths -> String.join(", ", paths.stream().map(p -> env.display(env.path(p))).toList());
        String text = "an earlier run was interrupted; ";
        if (recovery.forward()) {
            text += "it had staged all of its changes, so they were completed" + (recovery.completed().isEmpty() ? "" : " (" + shown.apply(recovery.completed()) + ")");
        } else {
            text += recovery.completed().isEmpty() ? "it had changed no file yet (its temp files were removed)"
                    : "put " + recovery.completed().size() + " file(s) back as they were before it: " + shown.apply(recovery.completed());
        }
        if (!recovery.kept().isEmpty()) text += "; " + shown.apply(recovery.kept()) + " changed since and stayed as it is";
        if (recovery.credentialWarning() != null) text += "; " + recovery.credentialWarning();
        return text;
    }

    /** Asks once at a terminal; --yes answers for the user; without either, nothing changes (exit 1). */
    boolean confirm(String question) {
        if (options.yes()) return true;
        if (options.json() || !console.isTerminal()) {
            throw new ConnectException("no terminal to confirm the changes; nothing was changed. Re-run with --yes to apply (or --dry-run to preview)");
        }
        if (console.confirm(question)) return true;
        console.line("Nothing was changed.");
        return false;
    }
}
