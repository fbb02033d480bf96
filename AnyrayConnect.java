///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Points your AI coding tools at your organisation's Anyray gateway (base URL, key, spend attribution); --revert undoes it.
//DEPS info.picocli:picocli:4.7.7
//DEPS com.fasterxml.jackson.core:jackson-databind:2.23.0
//DEPS org.tomlj:tomlj:2.2.0
//DEPS org.yaml:snakeyaml:2.7
// The sources are UTF-8 (…, ✓): without -encoding, javac on JDK 17 reads them in the locale's charset (US-ASCII when
// LANG is unset). stringConcat=inline: plain StringBuilder code, not invokedynamic, which spins classes at start-up.
//COMPILE_OPTIONS -encoding UTF-8 -XDstringConcat=inline
// The list is explicit, not a glob: run from a URL, JBang fetches exactly these files (a glob cannot be listed over HTTP).
//SOURCES model/AuthMode.java
//SOURCES model/ClientKey.java
//SOURCES model/ConnectContext.java
//SOURCES model/ConnectException.java
//SOURCES model/Environment.java
//SOURCES model/Finding.java
//SOURCES model/Gateway.java
//SOURCES model/Identity.java
//SOURCES model/Json.java
//SOURCES model/KeyAccess.java
//SOURCES model/Models.java
//SOURCES model/Text.java
//SOURCES model/UsageException.java
//SOURCES edit/Document.java
//SOURCES edit/KeyPath.java
//SOURCES edit/Values.java
//SOURCES edit/JsonTree.java
//SOURCES edit/JsonEdits.java
//SOURCES edit/JsonDocument.java
//SOURCES edit/TomlDocument.java
//SOURCES edit/ManagedBlock.java
//SOURCES edit/BlockDocument.java
//SOURCES edit/YamlDocument.java
//SOURCES io/AtomicWriter.java
//SOURCES io/ConfigFile.java
//SOURCES io/FileChange.java
//SOURCES io/FaultPoint.java
//SOURCES io/FileSystemOps.java
//SOURCES io/FileTransaction.java
//SOURCES io/Journal.java
//SOURCES io/KeyFile.java
//SOURCES io/KeyStore.java
//SOURCES io/FileKeyStore.java
//SOURCES io/CredentialKeyStore.java
//SOURCES io/SecretServiceKeyStore.java
//SOURCES io/MacKeychainKeyStore.java
//SOURCES io/WindowsDpapiKeyStore.java
//SOURCES io/PowerShell.java
//SOURCES io/TextEncoding.java
//SOURCES io/StoredKey.java
//SOURCES io/Processes.java
//SOURCES io/RunLock.java
//SOURCES io/Workspace.java
//SOURCES engine/ConnectState.java
//SOURCES engine/StateStore.java
//SOURCES engine/OwnedSettings.java
//SOURCES engine/ToolAdapter.java
//SOURCES engine/FileToolAdapter.java
//SOURCES engine/ToolPlan.java
//SOURCES engine/ToolStatus.java
//SOURCES engine/ToolSpec.java
//SOURCES engine/Capabilities.java
//SOURCES engine/Planner.java
//SOURCES ui/Console.java
//SOURCES ui/Diff.java
//SOURCES ui/Renderer.java
//SOURCES ui/RunReport.java
//SOURCES ui/Secrets.java
//SOURCES gateway/Network.java
//SOURCES gateway/GatewayClient.java
//SOURCES adapters/ToolRegistry.java
//SOURCES adapters/ShellProfile.java
//SOURCES adapters/ProfileSyntax.java
//SOURCES adapters/PowerShellProfile.java
//SOURCES adapters/WindowsShells.java
//SOURCES adapters/ProfileBlockAdapter.java
//SOURCES adapters/DesktopApp.java
//SOURCES adapters/ClaudeCodeAdapter.java
//SOURCES adapters/CodexAdapter.java
//SOURCES adapters/ShellEnvAdapter.java
//SOURCES adapters/CursorAdapter.java
//SOURCES adapters/OpencodeAdapter.java
//SOURCES adapters/QwenCodeAdapter.java
//SOURCES adapters/CopilotCliAdapter.java
//SOURCES adapters/ExplainedToolAdapter.java
//SOURCES adapters/ClineAdapter.java
//SOURCES adapters/FactoryDroidAdapter.java
//SOURCES adapters/ContinueAdapter.java
//SOURCES adapters/PiAdapter.java
//SOURCES adapters/KimiCodeAdapter.java
//SOURCES adapters/OpenClawAdapter.java
//SOURCES adapters/CrushAdapter.java
//SOURCES adapters/MistralVibeAdapter.java
//SOURCES adapters/AiderAdapter.java
//SOURCES adapters/StepsOnlyAdapter.java
//SOURCES commands/Options.java
//SOURCES commands/CallOptions.java
//SOURCES commands/Run.java
//SOURCES commands/WritablePaths.java
//SOURCES commands/GatewayModels.java
//SOURCES commands/ConnectCommand.java
//SOURCES commands/RevertCommand.java
//SOURCES commands/StatusCommand.java
//SOURCES commands/CheckCommand.java
//SOURCES commands/InviteCsv.java
//SOURCES commands/InviteCommand.java
// Measured (README, Performance): the C1-only JIT starts this short run faster. No //CDS: JBang's class-data
// archive saves some 80 ms a run, but where its cache folder has no room for the 6 MB archive, every run ends
// with exit code 1 and a JVM error after doing its work.
//RUNTIME_OPTIONS -XX:TieredStopAtLevel=1
package dev.anyray.connect;

import dev.anyray.connect.adapters.ToolRegistry;
import dev.anyray.connect.commands.CallOptions;
import dev.anyray.connect.commands.CheckCommand;
import dev.anyray.connect.commands.ConnectCommand;
import dev.anyray.connect.commands.InviteCommand;
import dev.anyray.connect.commands.Options;
import dev.anyray.connect.commands.RevertCommand;
import dev.anyray.connect.commands.Run;
import dev.anyray.connect.commands.StatusCommand;
import dev.anyray.connect.io.KeyFile;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Gateway;
import dev.anyray.connect.model.Identity;
import dev.anyray.connect.model.Text;
import dev.anyray.connect.model.UsageException;
import dev.anyray.connect.ui.Console;
import dev.anyray.connect.ui.RunReport;
import dev.anyray.connect.ui.Secrets;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * anyray-connect points local AI coding tools at an Anyray gateway, and undoes it with --revert.
 * This class is the command line: its options, which of them go with which mode, and the dispatch to
 * the command that tells the story of the run (connect: context → plans → confirm → apply → summary;
 * revert; status; check). It knows no tool: {@link ToolRegistry} does.
 */
@Command(name = "anyray-connect", mixinStandardHelpOptions = true, versionProvider = AnyrayConnect.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        // The tool list is filled in from the registry when the command line is built (see run).
        description = {"Points your AI coding tools at your organisation's Anyray gateway, with spend attributed to you. --revert undoes it."},
        subcommands = {AutoComplete.GenerateCompletion.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done, or nothing to do", "  1  failure, refusal, or \"no\" at the prompt", "  2  usage error",
                "%nExamples:",
                "  anyray-connect --dry-run",
                "  ANYRAY_INVITE=ari_... anyray-connect --gateway https://gw.example --user me@example.com --yes",
                "  anyray-connect --status",
                "  anyray-connect --revert --yes",
                "  ANYRAY_ADMIN_TOKEN=... anyray-connect invite --gateway https://gw.example alice@example.com   (admins)"})
public class AnyrayConnect implements Callable<Integer> {

    /** The one place the version lives. */
    public static final String VERSION = "0.2.0";

    @Option(names = "--gateway", paramLabel = "URL", description = "Gateway base URL (default: $ANYRAY_GATEWAY_URL, else the gateway your last connect used, else "
            + Gateway.DEFAULT_URL + ").")
    String gateway;

    @Option(names = "--user", paramLabel = "ID", description = "Who spend is attributed to (default: the invite's user, else git config --global user.email, else the OS user).")
    String user;

    @Option(names = "--team", paramLabel = "ID", description = "Team for spend attribution (default: the invite's team, else none).")
    String team;

    @Option(names = "--tools", paramLabel = "LIST", description = "Comma-separated tools to configure (default: every detected tool): ${COMPLETION-CANDIDATES}.",
            completionCandidates = ToolIds.class)
    String tools;

    @Option(names = "--invite", paramLabel = "TOKEN", description = "Redeem a single-use ari_... invite for a personal key; '-' reads it from stdin, "
            + "and $ANYRAY_INVITE is read when this is not given (both keep it out of ps).")
    String invite;

    @Option(names = "--model", paramLabel = "ID", description = "Model id for tools that need one (${sys:anyray.modelTools}; default: the tool's current "
            + "model when the gateway lists it, else the first model GET /v1/models lists).")
    String model;

    @Option(names = "--key-store", paramLabel = "STORE", description = "Where a personal key lives: auto (the OS credential store when it answers: "
            + "Secret Service, macOS keychain, Windows DPAPI; else an owner-only file), keychain or file (default: auto).")
    String keyStore;

    @Option(names = "--ca-file", paramLabel = "PATH", description = "A PEM bundle of your organisation's CA, trusted besides Java's roots by connect's own "
            + "calls (default: $ANYRAY_CA_FILE, else the last connect's, else $NODE_EXTRA_CA_CERTS).")
    String caFile;

    @Option(names = "--subscription", description = "Keep each tool's own seat sign-in; the gateway passes its token through (for this run: "
            + "a run without it connects with the gateway key).")
    boolean subscription;

    @Option(names = "--dry-run", description = "Show exactly what would change; write nothing, redeem nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed without a terminal).")
    boolean yes;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Mode mode = new Mode();

    /** Connect is the default; the other modes exclude each other. */
    static final class Mode {
        @Option(names = "--revert", description = "Undo what earlier runs changed, for the selected tools (default: all).")
        boolean revert;

        @Option(names = "--status", description = "Report each tool's connection (read-only).")
        boolean status;

        @Option(names = "--check", description = "Probe the gateway with the configured key: reachable, TLS, key accepted.")
        boolean check;
    }

    @CommandLine.Mixin
    CallOptions call = new CallOptions();

    /**
     * The modes, in one table: the flag that selects each, the options it takes besides its flag
     * (connect takes them all), and the action its --json report names.
     */
    enum RunMode {
        CONNECT(null, null, "apply", "dry-run"),
        REVERT("--revert", Set.of("--tools", "--dry-run", "--yes", "--json", "--timeout"), "revert", "revert-dry-run"),
        STATUS("--status", Set.of("--tools", "--json"), "status", "status"),
        CHECK("--check", Set.of("--gateway", "--json", "--timeout", "--ca-file"), "check", "check");

        final String flag;
        final Set<String> takes;
        final String action;
        final String dryRunAction;

        RunMode(String flag, Set<String> takes, String action, String dryRunAction) {
            this.flag = flag;
            this.takes = takes;
            this.action = action;
            this.dryRunAction = dryRunAction;
        }
    }

    private RunMode runMode() {
        return mode.revert ? RunMode.REVERT : mode.status ? RunMode.STATUS : mode.check ? RunMode.CHECK : RunMode.CONNECT;
    }

    @Spec
    CommandSpec spec;

    private final Environment env;
    private final Console console;
    private final Secrets secrets;

    AnyrayConnect(Environment env, Console console, Secrets secrets) {
        this.env = env;
        this.console = console;
        this.secrets = secrets;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        boolean terminal = Console.processIsTerminal();
        System.exit(run(Environment.current(), System.in, out, err, terminal, terminal && Console.stderrIsTerminal(), args));
    }

    /** Runs the CLI in this process and returns its exit code: what {@link #main} does, and what tests call. */
    public static int run(Environment env, InputStream in, PrintStream out, PrintStream err, boolean terminal, String... args) {
        return run(env, in, out, err, terminal, terminal, args);
    }

    /** As above; {@code errTerminal}: stderr is a terminal too (colour there only then: {@code 2>file} gets plain text). */
    public static int run(Environment env, InputStream in, PrintStream out, PrintStream err, boolean terminal, boolean errTerminal, String... args) {
        boolean jsonRequested = List.of(args).contains("--json");
        // Known secrets are masked in every line, usage errors included (a key pasted in the wrong place).
        Secrets secrets = new Secrets().add(env.get("ANYRAY_CLIENT_KEY")).add(env.get("ANYRAY_INVITE")).add(KeyFile.read(env));
        boolean color = env.get("NO_COLOR") == null && !"dumb".equals(env.get("TERM")) && terminal && !jsonRequested;
        boolean errColor = color && errTerminal;
        Console console = new Console(jsonRequested ? err : out, err, in, terminal, color, errColor, secrets);
        CommandLine cli = new CommandLine(new AnyrayConnect(env, console, secrets));
        InviteCommand invite = new InviteCommand(env, new Console(err, err, in, terminal, color, errColor, secrets), out, VERSION);
        cli.addSubcommand("invite", invite);
        // Options before "invite" belong to connect: --json there means what it says; any other is a usage error, not silently dropped.
        cli.setExecutionStrategy(parsed -> {
            if (parsed.subcommand() != null && parsed.subcommand().commandSpec().name().equals("invite")) {
                List<String> before = parsed.matchedOptions().stream().map(o -> o.longestName()).filter(n -> !n.equals("--json")).distinct().toList();
                if (!before.isEmpty()) {
                    return usageError(console, out, jsonRequested, secrets, String.join(", ", before) + " must come after 'invite' (anyray-connect invite "
                            + String.join(" ", before) + " ...)");
                }
                if (parsed.hasMatchedOption("--json")) invite.jsonRequested();
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        // --model's help names the tools that need a model, from their declarations.
        System.setProperty("anyray.modelTools", String.join(", ", ToolRegistry.needingModel()));
        cli.getCommandSpec().usageMessage().description("Points your AI coding tools at your organisation's Anyray gateway, with spend attributed to you. "
                + "--revert undoes it. Tools it knows (configured, or given exact steps where connect cannot write their settings): "
                + String.join(", ", ToolRegistry.ALL.stream().map(t -> t.displayName()).toList()) + ".");
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(color ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        // UTF-8 whatever the locale: a PrintWriter over a stream would encode in the platform charset,
        // which is ASCII under LANG=C (cron, Ansible), and print "ark_?" for "ark_…" in --json.
        cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cli.setParameterExceptionHandler((e, a) -> usageError(console, out, jsonRequested, secrets, Text.printable(e.getMessage()) + didYouMean(e) + " (see --help)"));
        cli.setExecutionExceptionHandler((e, c, p) -> {
            console.error(unexpected(e, env, err));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli.execute(args);
    }

    /** "; did you mean --gateway?" for a mistyped option (picocli's suggestions: the closest names). */
    static String didYouMean(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException unmatched)) return "";
        List<String> close = unmatched.getSuggestions().stream().filter(s -> s.startsWith("-")).limit(2).toList();
        return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
    }

    /** The one line a bug gets (masked like every line); the stack trace only with ANYRAY_DEBUG. */
    static String unexpected(Exception e, Environment env, PrintStream err) {
        if (env.get("ANYRAY_DEBUG") != null) e.printStackTrace(err);
        return "unexpected " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Text.printable(e.getMessage()))
                + "; please report it (run with ANYRAY_DEBUG=1 for details)";
    }

    private static int usageError(Console console, PrintStream out, boolean json, Secrets secrets, String message) {
        console.error(message);
        if (json) out.println(new RunReport("usage", true, secrets).finish(CommandLine.ExitCode.USAGE, message));
        return CommandLine.ExitCode.USAGE;
    }

    @Override
    public Integer call() {
        RunMode runMode = runMode();
        RunReport report = new RunReport(dryRun ? runMode.dryRunAction : runMode.action, call.json, secrets);
        int code;
        String error = null;
        try {
            Options options = validated();
            Run run = new Run(env, options, console, report);
            code = switch (runMode) {
                case STATUS -> new StatusCommand(run).execute();
                case CHECK -> new CheckCommand(run).execute();
                case REVERT -> new RevertCommand(run).execute();
                case CONNECT -> new ConnectCommand(run).execute(VERSION);
            };
        } catch (UsageException e) {
            error = e.getMessage();
            console.error(error);
            code = CommandLine.ExitCode.USAGE;
        } catch (ConnectException e) {
            error = e.getMessage();
            console.error(error);
            code = 1;
        } catch (RuntimeException e) {
            // A bug: still one line, and still one JSON document for a machine reading stdout.
            error = unexpected(e, env, console.errStream());
            console.error(error);
            code = CommandLine.ExitCode.SOFTWARE;
        }
        if (call.json) spec.commandLine().getOut().println(report.finish(code, error));
        return code;
    }

    /** The options as one value, once each is known to make sense for the mode. */
    private Options validated() {
        RunMode runMode = runMode();
        if (runMode.takes != null) {
            List<String> misplaced = spec.commandLine().getParseResult().matchedOptions().stream()
                    .map(o -> o.longestName())
                    .filter(name -> !name.equals(runMode.flag) && !runMode.takes.contains(name))
                    .distinct().toList();
            if (!misplaced.isEmpty()) {
                throw new UsageException(String.join(", ", misplaced) + " cannot be used with " + runMode.flag + "; leave " + (misplaced.size() == 1 ? "it" : "them") + " out");
            }
        }
        if (user != null) new Identity(user, team);
        else if (team != null) new Identity("placeholder", team);
        if (model != null && (model.isBlank() || Text.hasControlOrSpace(model) || model.length() > 200)) {
            throw new UsageException("--model '" + Text.printable(model) + "' is not a model id (empty, spaces or control characters); pass e.g. --model gpt-5");
        }
        if (keyStore != null && !Set.of("auto", "keychain", "file").contains(keyStore)) {
            throw new UsageException("--key-store '" + Text.printable(keyStore) + "' is not one of auto, keychain, file");
        }
        return new Options(gateway, user, team, tools, invite, model, keyStore, subscription, dryRun, yes, call.json, call.timeout(), caFile);
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
