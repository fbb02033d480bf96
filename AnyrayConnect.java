///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS info.picocli:picocli:4.7.7
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
//DEPS org.tomlj:tomlj:2.2.0
//SOURCES core/AtomicWriter.java
//SOURCES core/AuthMode.java
//SOURCES core/ClientKey.java
//SOURCES core/ConfigFile.java
//SOURCES core/ConnectContext.java
//SOURCES core/ConnectException.java
//SOURCES core/ConnectState.java
//SOURCES core/Console.java
//SOURCES core/Diff.java
//SOURCES core/Environment.java
//SOURCES core/FileChange.java
//SOURCES core/FileSystemOps.java
//SOURCES core/FileTransaction.java
//SOURCES core/Gateway.java
//SOURCES core/Identity.java
//SOURCES core/JsonText.java
//SOURCES core/KeyFile.java
//SOURCES core/ManagedBlock.java
//SOURCES core/Ownership.java
//SOURCES core/Processes.java
//SOURCES core/RunLock.java
//SOURCES core/RunReport.java
//SOURCES core/StateStore.java
//SOURCES core/Text.java
//SOURCES core/ToolPlan.java
//SOURCES core/ToolStatus.java
//SOURCES core/UsageException.java
//SOURCES gateway/GatewayClient.java
//SOURCES adapters/ToolAdapter.java
//SOURCES adapters/ToolRegistry.java
//SOURCES adapters/Records.java
//SOURCES adapters/DesktopApp.java
//SOURCES adapters/ClaudeCodeAdapter.java
//SOURCES adapters/CodexAdapter.java
//SOURCES adapters/ShellEnvAdapter.java
//SOURCES adapters/CursorAdapter.java
//SOURCES adapters/WindsurfAdapter.java
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -Xshare:auto
package dev.anyray.connect;

import dev.anyray.connect.adapters.ToolAdapter;
import dev.anyray.connect.adapters.ToolRegistry;
import dev.anyray.connect.core.AuthMode;
import dev.anyray.connect.core.ClientKey;
import dev.anyray.connect.core.ConnectContext;
import dev.anyray.connect.core.ConnectException;
import dev.anyray.connect.core.ConnectState;
import dev.anyray.connect.core.Console;
import dev.anyray.connect.core.Diff;
import dev.anyray.connect.core.Environment;
import dev.anyray.connect.core.FileChange;
import dev.anyray.connect.core.FileTransaction;
import dev.anyray.connect.core.AtomicWriter;
import dev.anyray.connect.core.Gateway;
import dev.anyray.connect.core.Identity;
import dev.anyray.connect.core.KeyFile;
import dev.anyray.connect.core.Processes;
import dev.anyray.connect.core.RunLock;
import dev.anyray.connect.core.RunReport;
import dev.anyray.connect.core.StateStore;
import dev.anyray.connect.core.Text;
import dev.anyray.connect.core.ToolPlan;
import dev.anyray.connect.core.ToolStatus;
import dev.anyray.connect.core.UsageException;
import dev.anyray.connect.gateway.GatewayClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * anyray-connect points local AI coding tools at an Anyray gateway, and undoes it with --revert.
 * One run: build the context (gateway, identity, key, auth mode) → ask each selected adapter for a
 * plan → show it → confirm → apply every file change as one transaction → summarise per tool.
 * This class knows no tool; the adapters in {@link ToolRegistry} do.
 */
@Command(name = "anyray-connect", mixinStandardHelpOptions = true, versionProvider = AnyrayConnect.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Points your AI coding tools (Claude Code, Codex CLI, shell SDKs, Cursor, Windsurf) at your organisation's "
                + "Anyray gateway, with spend attributed to you. --revert undoes it."},
        subcommands = {AutoComplete.GenerateCompletion.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done, or nothing to do", "  1  failure, refusal, or \"no\" at the prompt", "  2  usage error",
                "%nExamples:",
                "  anyray-connect --dry-run",
                "  anyray-connect --gateway https://gw.example --user me@example.com --invite ari_... --yes",
                "  anyray-connect --status",
                "  anyray-connect --revert --yes"})
public class AnyrayConnect implements Callable<Integer> {

    /** The one place the version lives. */
    public static final String VERSION = "0.1.0";

    @Option(names = "--gateway", paramLabel = "URL", description = "Gateway base URL (default: $ANYRAY_GATEWAY_URL, else " + Gateway.DEFAULT_URL + ").")
    String gatewayOption;

    @Option(names = "--user", paramLabel = "ID", description = "Who spend is attributed to (default: the invite's user, else git config --global user.email, else the OS user).")
    String userOption;

    @Option(names = "--team", paramLabel = "ID", description = "Team for spend attribution (default: the invite's team, else none).")
    String teamOption;

    @Option(names = "--tools", paramLabel = "LIST", description = "Comma-separated tools to configure (default: every detected tool): ${COMPLETION-CANDIDATES}.",
            completionCandidates = ToolIds.class)
    String toolsOption;

    @Option(names = "--invite", paramLabel = "TOKEN", description = "Redeem a single-use ari_... invite for a personal key (wins over $ANYRAY_CLIENT_KEY).")
    String inviteOption;

    @Option(names = "--subscription", description = "Keep each tool's own seat sign-in; the gateway passes its token through.")
    boolean subscription;

    @Option(names = "--dry-run", description = "Show exactly what would change; write nothing, redeem nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed without a terminal).")
    boolean yes;

    @Option(names = "--revert", description = "Undo what earlier runs changed, for the selected tools (default: all).")
    boolean revert;

    @Option(names = "--status", description = "Report each tool's connection (read-only).")
    boolean status;

    @Option(names = "--check", description = "Probe the gateway with the configured key: reachable, TLS, key accepted.")
    boolean check;

    @Option(names = "--json", description = "Print one JSON document on stdout (human output goes to stderr).")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Connect and read timeout for gateway calls (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    private Environment env;
    private Console console;
    private RunReport report;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (tests call this too). */
    public static int execute(String... args) {
        Environment env = Environment.current();
        boolean jsonRequested = List.of(args).contains("--json");
        Console early = Console.create(jsonRequested, env);
        CommandLine cli = new CommandLine(new AnyrayConnect());
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(early.colorEnabled() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cli.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setParameterExceptionHandler((e, a) -> {
            early.error(Text.printable(e.getMessage()) + " (see --help)");
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            early.error("unexpected " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Text.printable(e.getMessage()))
                    + "; please report it (run with ANYRAY_DEBUG=1 for details)");
            if (env.get("ANYRAY_DEBUG") != null) e.printStackTrace();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        env = Environment.current();
        console = Console.create(json, env);
        String action = status ? "status" : check ? "check" : revert ? (dryRun ? "revert-dry-run" : "revert") : dryRun ? "dry-run" : "apply";
        report = new RunReport(action, json);
        int code;
        String error = null;
        try {
            validateCombination();
            code = status ? runStatus() : check ? runCheck() : revert ? runRevert() : runConnect();
        } catch (UsageException e) {
            error = e.getMessage();
            console.error(error);
            code = CommandLine.ExitCode.USAGE;
        } catch (ConnectException e) {
            error = e.getMessage();
            console.error(error);
            code = 1;
        }
        if (json) System.out.println(report.finish(code, error));
        return code;
    }

    // ------------------------------------------------------------------ connect

    private int runConnect() {
        Gateway gateway = resolveGateway();
        List<ToolAdapter> selected = selectTools(false);
        String invite = validatedInvite();
        ClientKey key = invite != null ? ClientKey.pendingInvite() : keyFromEnvironment();
        ConnectContext ctx = context(gateway, key, null, null);

        try (RunLock lock = dryRun ? null : RunLock.acquire(env)) {
            StateStore.Loaded loaded = StateStore.load(env);
            Run run = plan(ctx, selected, loaded);
            describe(ctx);
            show(run, ctx.key());
            if (dryRun) {
                finishDryRun(run, invite != null ? "the invite was not redeemed (a dry run never redeems)" : null);
                return 0;
            }
            if (!run.changesAnything() && invite == null) {
                summary(run, false);
                return 0;
            }
            if (!confirm("Apply these changes?")) return 1;
            if (invite != null) {
                GatewayClient.Redemption redemption = new GatewayClient(gateway, timeout()).redeem(invite);
                ctx = context(gateway, redemption.key(), redemption.user(), redemption.team());
                console.ok("Redeemed the invite: personal key " + ctx.key().masked() + " for " + ctx.identity().user()
                        + (ctx.identity().team() == null ? "" : " (team " + ctx.identity().team() + ")"));
                run = plan(ctx, selected, StateStore.load(env));
            }
            apply(run);
            summary(run, true);
            return 0;
        }
    }

    /** The plans of one run, plus the shared files they imply: the key file and the revert record. */
    private record Run(List<ToolPlan> plans, List<FileChange> sharedChanges, List<FileChange> allChanges) {
        boolean changesAnything() {
            return allChanges.stream().anyMatch(c -> !c.isNoop());
        }
    }

    private Run plan(ConnectContext ctx, List<ToolAdapter> selected, StateStore.Loaded loaded) {
        ConnectState next = loaded.state();
        List<ToolPlan> plans = new ArrayList<>();
        for (ToolAdapter adapter : ToolRegistry.ALL) {
            if (!selected.contains(adapter)) continue;
            ToolPlan plan = adapter.plan(ctx, loaded.state());
            plans.add(plan);
            next = next.with(adapter.id(), plan.record());
        }
        List<FileChange> shared = new ArrayList<>();
        boolean keyNeeded = ctx.key().isPersonal() && plans.stream().anyMatch(p -> p.record() != null && p.record().usesKeyFile());
        if (keyNeeded && !ctx.key().isPending()) {
            shared.add(KeyFile.write(env, ctx.key()));
        } else if (!keyNeeded && !next.anyUsesKeyFile() && KeyFile.read(env) != null) {
            shared.add(KeyFile.delete(env));
        }
        return assemble(plans, shared, loaded, next);
    }

    private Run assemble(List<ToolPlan> plans, List<FileChange> shared, StateStore.Loaded loaded, ConnectState next) {
        List<FileChange> all = new ArrayList<>();
        plans.forEach(p -> all.addAll(p.changes));
        all.addAll(shared);
        // A dry run never writes the record, so it is not serialised (that alone would load Jackson).
        // Otherwise the record is the last change: it only ever describes files that were really written.
        boolean toolFilesChange = all.stream().anyMatch(c -> !c.isNoop());
        if (!dryRun && (toolFilesChange || loaded.exists() || !next.isEmpty())) all.add(StateStore.change(loaded, next));
        return new Run(plans, shared, all);
    }

    private ConnectContext context(Gateway gateway, ClientKey key, String invitedUser, String invitedTeam) {
        String user = userOption != null ? userOption : invitedUser != null ? invitedUser : defaultUser();
        String team = teamOption != null ? teamOption : invitedTeam;
        return new ConnectContext(gateway, new Identity(user, team), key, subscription ? AuthMode.SUBSCRIPTION : AuthMode.GATEWAY_KEY, env);
    }

    private String defaultUser() {
        String email = Processes.output(List.of("git", "config", "--global", "user.email"), 5000);
        if (email != null && !email.isBlank() && !Text.hasControl(email)) return email.strip();
        String user = env.get("USER") != null ? env.get("USER") : env.get("USERNAME") != null ? env.get("USERNAME") : System.getProperty("user.name");
        if (user == null || user.isBlank()) throw new UsageException("cannot tell who you are (no git user.email, no OS user); pass --user you@example.com");
        return user;
    }

    private ClientKey keyFromEnvironment() {
        String value = env.get("ANYRAY_CLIENT_KEY");
        if (value == null) return ClientKey.placeholder();
        try {
            return ClientKey.personal(value, ClientKey.Source.ENVIRONMENT, "ANYRAY_CLIENT_KEY");
        } catch (ConnectException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private String validatedInvite() {
        if (inviteOption == null) return null;
        String invite = inviteOption.strip();
        if (invite.isEmpty()) throw new UsageException("--invite is empty; pass the ari_... token your admin sent");
        if (Text.hasControlOrSpace(invite) || !invite.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new UsageException("--invite does not look like an invite (spaces, control or non-ASCII characters); paste the ari_... token exactly");
        }
        return invite;
    }

    private Gateway resolveGateway() {
        return resolveGateway(Gateway.DEFAULT_URL);
    }

    /** --gateway, else $ANYRAY_GATEWAY_URL, else {@code fallback}; a bad env value is named as such. */
    private Gateway resolveGateway(String fallback) {
        String raw = gatewayOption != null ? gatewayOption : env.get("ANYRAY_GATEWAY_URL") != null ? env.get("ANYRAY_GATEWAY_URL") : fallback;
        Gateway gateway;
        try {
            gateway = Gateway.parse(raw);
        } catch (UsageException e) {
            throw gatewayOption == null && env.get("ANYRAY_GATEWAY_URL") != null
                    ? new UsageException(e.getMessage().replace("--gateway", "ANYRAY_GATEWAY_URL"))
                    : e;
        }
        if (gateway.isPlainHttpRemote()) {
            console.notice("the gateway " + gateway.url() + " uses plain http to another machine: keys and prompts travel unencrypted; use https");
        }
        report.put("gateway", gateway.url());
        return gateway;
    }

    private Duration timeout() {
        return Duration.ofMillis(Math.round(timeoutSeconds * 1000));
    }

    // ------------------------------------------------------------------ revert

    private int runRevert() {
        try (RunLock lock = dryRun ? null : RunLock.acquire(env)) {
            StateStore.Loaded loaded = StateStore.load(env);
            List<ToolAdapter> selected = selectTools(true);
            ConnectState next = loaded.state();
            List<ToolPlan> plans = new ArrayList<>();
            for (ToolAdapter adapter : selected) {
                if (loaded.state().tool(adapter.id()) == null) continue;
                plans.add(adapter.planRevert(env, loaded.state()));
                next = next.with(adapter.id(), null);
            }
            if (plans.isEmpty()) {
                console.line("Nothing to revert: anyray-connect has not changed " + (toolsOption == null ? "anything" : "these tools") + " on this machine.");
                return 0;
            }
            List<FileChange> shared = new ArrayList<>();
            if (!next.anyUsesKeyFile() && KeyFile.read(env) != null) shared.add(KeyFile.delete(env));
            Run run = assemble(plans, shared, loaded, next);
            console.heading("Reverting what anyray-connect changed:");
            show(run, null);
            if (dryRun) {
                finishDryRun(run, null);
                return 0;
            }
            if (!confirm("Revert these changes?")) return 1;
            apply(run);
            plans.forEach(p -> p.removeIfEmpty.forEach(FileTransaction::deleteIfEmpty));
            summary(run, true);
            return 0;
        }
    }

    // ------------------------------------------------------------------ status and check

    private int runStatus() {
        ConnectState state = StateStore.load(env).state();
        for (ToolAdapter adapter : selectTools(true)) {
            ToolStatus s = adapter.status(env, state);
            report.status(s);
            console.heading(s.name + ": " + (s.connected ? "connected" : "not connected") + (s.detected ? "" : " (not detected)"));
            if (s.gateway != null) console.line("    gateway:   " + s.gateway);
            if (s.authMode != null) console.line("    auth mode: " + s.authMode);
            if (s.key != null) console.line("    key:       " + s.key);
            s.files.forEach(f -> console.line("    file:      " + f));
            s.drift.forEach(d -> console.warn("drift: " + d));
            s.notes.forEach(n -> console.dim("    " + n));
        }
        return 0;
    }

    private int runCheck() {
        ConnectState state = StateStore.load(env).state();
        String recorded = state.tools() == null ? null
                : state.tools().values().stream().map(ConnectState.ToolRecord::gateway).filter(g -> g != null).findFirst().orElse(null);
        Gateway gateway = resolveGateway(recorded != null ? recorded : Gateway.DEFAULT_URL);
        ClientKey key = keyFromEnvironment();
        if (!key.isPersonal()) {
            String stored = KeyFile.read(env);
            if (stored != null) key = ClientKey.personal(stored, ClientKey.Source.KEY_FILE, env.display(KeyFile.path(env)));
        }
        console.heading("Checking " + gateway.url() + " with " + key.describe());
        List<GatewayClient.Finding> findings = new GatewayClient(gateway, timeout()).check(key);
        report.findings(findings);
        boolean allOk = true;
        for (GatewayClient.Finding finding : findings) {
            if (finding.ok()) console.ok("  ok    " + finding.message());
            else console.line("  FAIL  " + finding.message());
            allOk &= finding.ok();
        }
        return allOk ? 0 : 1;
    }

    // ------------------------------------------------------------------ options

    private void validateCombination() {
        int modes = (revert ? 1 : 0) + (status ? 1 : 0) + (check ? 1 : 0);
        if (modes > 1) throw new UsageException("use only one of --revert, --status and --check");
        String mode = revert ? "--revert" : status ? "--status" : check ? "--check" : null;
        if (mode != null) {
            List<String> connectOnly = new ArrayList<>();
            if (userOption != null) connectOnly.add("--user");
            if (teamOption != null) connectOnly.add("--team");
            if (inviteOption != null) connectOnly.add("--invite");
            if (subscription) connectOnly.add("--subscription");
            if (gatewayOption != null && !check) connectOnly.add("--gateway");
            if (dryRun && !revert) connectOnly.add("--dry-run");
            if (yes && !revert) connectOnly.add("--yes");
            if (toolsOption != null && check) connectOnly.add("--tools");
            if (!connectOnly.isEmpty()) throw new UsageException(String.join(", ", connectOnly) + " cannot be used with " + mode + "; leave " + (connectOnly.size() == 1 ? "it" : "them") + " out");
        }
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 600)) throw new UsageException("--timeout must be between 0 and 600 seconds");
        if (userOption != null) new Identity(userOption, teamOption);
        else if (teamOption != null) new Identity("placeholder", teamOption);
    }

    /** The adapters to run: those named in --tools, else every detected one (for revert/status: every one). */
    private List<ToolAdapter> selectTools(boolean allWhenUnset) {
        if (toolsOption == null) {
            if (allWhenUnset) return ToolRegistry.ALL;
            List<ToolAdapter> detected = new ArrayList<>();
            for (ToolAdapter adapter : ToolRegistry.ALL) {
                if (adapter.detect(env)) {
                    detected.add(adapter);
                } else {
                    ToolPlan skipped = ToolPlan.notDetected(adapter.id(), adapter.displayName());
                    report.plan(skipped, env, false);
                    notDetected.add(skipped);
                }
            }
            return detected;
        }
        Set<ToolAdapter> chosen = new LinkedHashSet<>();
        for (String raw : toolsOption.split(",", -1)) {
            String id = raw.strip();
            if (id.isEmpty()) throw new UsageException("--tools has an empty entry; use a comma-separated list of: " + String.join(", ", ToolRegistry.ids()));
            ToolAdapter adapter = ToolRegistry.byId(id).orElseThrow(() -> new UsageException(
                    "--tools: unknown tool '" + Text.printable(id) + "'; valid tools are: " + String.join(", ", ToolRegistry.ids())));
            chosen.add(adapter);
        }
        return List.copyOf(chosen);
    }

    private final List<ToolPlan> notDetected = new ArrayList<>();

    // ------------------------------------------------------------------ output

    private void describe(ConnectContext ctx) {
        report.put("user", ctx.identity().user()).put("team", ctx.identity().team())
                .put("authMode", ctx.authMode().label()).put("key", ctx.key().masked());
        console.heading("anyray-connect " + VERSION + (dryRun ? " (dry run: nothing will be written)" : ""));
        console.line("  gateway:   " + ctx.gateway().url());
        console.line("  user:      " + ctx.identity().user() + (ctx.identity().team() == null ? "" : "   team: " + ctx.identity().team()));
        console.line("  auth mode: " + (ctx.subscription() ? "subscription (each tool keeps its own sign-in; the gateway passes it through)" : "gateway key"));
        console.line("  key:       " + ctx.key().describe());
        console.blank();
    }

    private void show(Run run, ClientKey key) {
        List<String> secrets = new ArrayList<>();
        if (key != null && key.isPersonal()) secrets.add(key.reveal());
        String stored = KeyFile.read(env);
        if (stored != null) secrets.add(stored);
        for (ToolPlan plan : run.plans()) {
            console.heading(plan.name + " (" + plan.toolId + "): " + plan.outcome().label);
            for (FileChange change : plan.changes) {
                if (change.isNoop()) continue;
                console.line("    " + change.shown() + (change.creates() ? " (new file)" : change.deletes() ? " (delete)" : "")
                        + (change.mode() != null && AtomicWriter.isOwnerOnly(change.mode()) && change.after() != null ? " [owner-only, mode 600]" : ""));
                change.summary().forEach(s -> console.line("      - " + s));
                diff(change, secrets);
            }
            plan.warnings.forEach(console::warn);
            for (int i = 0; i < plan.manualSteps.size(); i++) console.line("    " + (i + 1) + ". " + plan.manualSteps.get(i));
            plan.notes.forEach(n -> console.dim("    " + n));
        }
        for (ToolPlan plan : notDetected) console.dim(plan.name + " (" + plan.toolId + "): " + plan.outcome().label);
        for (FileChange change : run.sharedChanges()) {
            if (change.isNoop()) continue;
            console.heading("anyray-connect");
            console.line("    " + change.shown() + ": " + String.join("; ", change.summary()));
        }
        console.blank();
    }

    /** A personal key never reaches the screen, not even inside a diff line (revert diffs show removed ones). */
    private void diff(FileChange change, List<String> secrets) {
        String before = change.before() == null ? "" : new String(change.before(), StandardCharsets.UTF_8);
        String after = change.after() == null ? "" : new String(change.after(), StandardCharsets.UTF_8);
        for (String line : Diff.unified(mask(before, secrets), mask(after, secrets))) console.diff(line);
    }

    private static final java.util.regex.Pattern PERSONAL_KEY = java.util.regex.Pattern.compile("ark_[A-Za-z0-9._~+/=-]{4,}");

    /** Each known key (this run's, the stored one) and anything shaped like an ark_ key, shown masked. */
    private static String mask(String text, List<String> secrets) {
        String masked = text;
        for (String secret : secrets) masked = masked.replace(secret, ClientKey.mask(secret, ClientKey.Source.KEY_FILE));
        return PERSONAL_KEY.matcher(masked).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(ClientKey.mask(m.group(), ClientKey.Source.KEY_FILE)));
    }

    private void finishDryRun(Run run, String extra) {
        run.plans().forEach(p -> report.plan(p, env, false));
        report.files("sharedFiles", run.sharedChanges());
        if (run.changesAnything()) {
            console.line("Applying would also update " + env.display(StateStore.path(env)) + " (owner-only), the record --revert uses.");
        }
        console.line("Dry run: nothing was written" + (extra == null ? "." : "; " + extra + "."));
    }

    private boolean confirm(String question) {
        if (yes) return true;
        if (json || !Console.isTerminal()) {
            throw new ConnectException("no terminal to confirm the changes; nothing was changed. Re-run with --yes to apply (or --dry-run to preview)");
        }
        if (console.confirm(question)) return true;
        console.line("Nothing was changed.");
        return false;
    }

    private void apply(Run run) {
        new FileTransaction(AtomicWriter.INSTANCE).apply(run.allChanges());
    }

    private void summary(Run run, boolean applied) {
        run.plans().forEach(p -> report.plan(p, env, applied));
        report.files("sharedFiles", run.sharedChanges());
        console.heading("Summary:");
        for (ToolPlan plan : run.plans()) {
            String mark = switch (plan.outcome()) {
                case CHANGES -> "✓";
                case UP_TO_DATE -> "=";
                case MANUAL -> "!";
                default -> "-";
            };
            console.line("  " + mark + " " + plan.name + ": " + plan.outcome().label + (plan.outcome() == ToolPlan.Outcome.MANUAL ? " (see the steps above)" : ""));
        }
        for (ToolPlan plan : notDetected) console.line("  - " + plan.name + ": " + plan.outcome().label);
        run.plans().stream().flatMap(p -> p.notes.stream().filter(n -> n.startsWith("start ") || n.startsWith("open a new")))
                .forEach(n -> console.line("  → " + n));
    }

    /** picocli completion candidates for --tools. */
    static final class ToolIds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ToolRegistry.ids().iterator();
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"anyray-connect " + VERSION};
        }
    }
}
