package dev.anyray.connect.commands;

import dev.anyray.connect.gateway.GatewayClient;
import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.io.ConfigFile;
import dev.anyray.connect.io.FileChange;
import dev.anyray.connect.io.FileTransaction;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Gateway;
import dev.anyray.connect.model.Identity;
import dev.anyray.connect.model.Json;
import dev.anyray.connect.model.Text;
import dev.anyray.connect.model.UsageException;
import dev.anyray.connect.ui.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The admin's half of onboarding: one invite per user ({@code POST /admin/invites}) and, for each,
 * the exact command that connects them with the pinned release, the invite passed in
 * {@code ANYRAY_INVITE} (never as an argument, so it stays out of {@code ps}). The admin token comes
 * from {@code $ANYRAY_ADMIN_TOKEN} or stdin, never from argv, and is never printed.
 */
@Command(name = "invite", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create one single-use invite per user and print each user's onboarding command (admins).",
                "The admin token is read from $ANYRAY_ADMIN_TOKEN, else from the first line of stdin."},
        footerHeading = "%nExamples:%n",
        footer = {"  ANYRAY_ADMIN_TOKEN=... anyray-connect invite --gateway https://gw.example --team ml ada@example.com lin@example.com",
                "  anyray-connect invite --gateway https://gw.example --csv team.csv --notes onboarding/ < admin-token.txt"})
public final class InviteCommand implements Callable<Integer> {
    @Option(names = "--gateway", paramLabel = "URL", description = "Gateway base URL (default: $ANYRAY_GATEWAY_URL).")
    String gateway;

    @Option(names = "--team", paramLabel = "ID", description = "Team for users listed as arguments (a CSV row's team wins).")
    String team;

    @Option(names = "--csv", paramLabel = "FILE", description = "Users to invite, one per line: user,team (a header line user,team is skipped).")
    Path csv;

    @Option(names = "--notes", paramLabel = "DIR", description = "Write one Markdown onboarding note per user, DIR/<user>.md (owner-only: it holds the invite).")
    Path notes;

    @Option(names = "--ca-file", paramLabel = "PATH", description = "A PEM bundle of your organisation's CA, trusted besides Java's roots (default: $ANYRAY_CA_FILE, else $NODE_EXTRA_CA_CERTS).")
    Path caFile;

    @picocli.CommandLine.Mixin
    CallOptions call = new CallOptions();

    @Parameters(paramLabel = "USER", arity = "0..*", description = "Users to invite (e.g. e-mail addresses).")
    List<String> users = new ArrayList<>();

    private final Environment env;
    private final Console console;
    private final PrintStream out;
    private final String release;

    public InviteCommand(Environment env, Console console, PrintStream out, String release) {
        this.env = env;
        this.console = console;
        this.out = out;
        this.release = release;
    }

    /** {@code anyray-connect --json invite ...}: the --json given before the subcommand counts. */
    public void jsonRequested() {
        call.json = true;
    }

    /** One user to invite, and where it came from (for messages). */
    record Row(String user, String team, String where) {}

    /** One invite made. */
    record Made(String user, String team, String invite, String command, String note) {}

    @Override
    public Integer call() {
        List<Made> made = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            Gateway gw = Gateway.parse(gateway != null ? gateway : env.get("ANYRAY_GATEWAY_URL") != null ? env.get("ANYRAY_GATEWAY_URL") : "");
            java.time.Duration timeout = call.timeout();
            List<Row> rows = rows(skipped);
            if (rows.isEmpty() && !skipped.isEmpty()) {
                // Every row was bad: say which and why, as for any bad row, then the usage error.
                skipped.forEach(line -> console.error("skipped " + line));
                skipped.clear();
                throw new UsageException("no valid user to invite (every row was skipped, see above); fix the rows and run again");
            }
            if (rows.isEmpty()) throw new UsageException("no user to invite; pass users as arguments or --csv FILE");
            // Before any invite exists: a notes folder that cannot be written would leave invites printed nowhere.
            if (notes != null) requireWritableFolder(notes);
            Map<Row, String> noteNames = noteNames(rows);
            dev.anyray.connect.gateway.Network network = network(); // a bad --ca-file is a usage error before the token is asked
            String token = adminToken();
            console.secrets().add(token);
            GatewayClient client = new GatewayClient(gw, timeout, network);
            for (Row row : rows) {
                String invite;
                try {
                    invite = client.createInvite(token, row.user(), row.team());
                } catch (ConnectException e) {
                    report(made, skipped, e.getMessage() + " (at " + row.user() + ")");
                    return 1;
                }
                String command = command(gw, row);
                // Recorded before its note is written: an invite that exists at the gateway is always reported.
                made.add(new Made(row.user(), row.team(), invite, "ANYRAY_INVITE=" + invite + " " + command, null));
                if (notes != null) {
                    String note = writeNote(gw, row, invite, command, noteNames.get(row));
                    made.set(made.size() - 1, new Made(row.user(), row.team(), invite, "ANYRAY_INVITE=" + invite + " " + command, note));
                }
            }
            report(made, skipped, null);
            return skipped.isEmpty() ? 0 : 1;
        } catch (UsageException e) {
            console.error(e.getMessage());
            if (call.json) out.println("{\"ok\":false,\"exitCode\":2,\"error\":" + Text.jsonString(console.secrets().mask(e.getMessage()), false) + "}");
            return 2;
        } catch (ConnectException e) {
            report(made, skipped, e.getMessage());
            return 1;
        }
    }

    /** The onboarding command, with the pinned release: what every user runs, the invite in the environment. */
    private String command(Gateway gw, Row row) {
        return "jbang anyray-connect-" + release + "@anyray --gateway " + shellQuote(gw.url()) + " --user " + shellQuote(row.user())
                + (row.team() == null ? "" : " --team " + shellQuote(row.team()));
    }

    static String shellQuote(String value) {
        return value.matches("[A-Za-z0-9@._:/+=-]+") ? value : Text.shellQuote(value);
    }

    /** The users to invite, in order; a bad row is reported (by its line) and skipped. */
    private List<Row> rows(List<String> skipped) {
        List<Row> rows = new ArrayList<>();
        for (String user : users) add(rows, skipped, new Row(user.strip(), team, "argument '" + Text.printable(user) + "'"));
        if (csv != null) {
            List<InviteCsv.Row> table;
            try {
                table = InviteCsv.parse(Text.decodeUtf8(Files.readAllBytes(csv)));
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new UsageException("--csv " + csv.getFileName() + " is not UTF-8 text; save it as \"CSV UTF-8\" and run again");
            } catch (IOException e) {
                throw new UsageException("cannot read --csv " + csv + ": " + FileTransaction.reason(e));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--csv " + csv.getFileName() + " " + e.getMessage() + "; fix it and run again (no invite was created)");
            }
            for (InviteCsv.Row row : table) {
                List<String> cells = row.cells();
                String first = cells.get(0);
                if (cells.stream().allMatch(String::isBlank) || first.startsWith("#")) continue;
                if (row == table.get(0) && first.equalsIgnoreCase("user") && (cells.size() == 1 || cells.get(1).equalsIgnoreCase("team"))) continue;
                String where = csv.getFileName() + " line " + row.line();
                if (cells.size() > 2 && !cells.subList(2, cells.size()).stream().allMatch(String::isBlank)) {
                    skipped.add(where + ": more than two columns (user,team)");
                } else {
                    String rowTeam = cells.size() > 1 && !cells.get(1).isBlank() ? cells.get(1).strip() : team;
                    add(rows, skipped, new Row(first.strip(), rowTeam, where));
                }
            }
        }
        return rows;
    }

    private static void add(List<Row> rows, List<String> skipped, Row row) {
        try {
            new Identity(row.user(), row.team());
            rows.add(row);
        } catch (UsageException e) {
            skipped.add(row.where() + ": " + e.getMessage().replace("--user", "user").replace("--team", "team"));
        }
    }

    /** Trust and proxy for the admin's calls: --ca-file, else $ANYRAY_CA_FILE, else $NODE_EXTRA_CA_CERTS; the proxy environment. */
    private dev.anyray.connect.gateway.Network network() {
        if (caFile != null) return dev.anyray.connect.gateway.Network.of(env, env.workingDir().resolve(caFile).toAbsolutePath(), "--ca-file");
        for (String name : List.of("ANYRAY_CA_FILE", "NODE_EXTRA_CA_CERTS")) {
            if (env.get(name) != null) return dev.anyray.connect.gateway.Network.of(env, env.workingDir().resolve(env.get(name)).toAbsolutePath(), name);
        }
        return dev.anyray.connect.gateway.Network.of(env);
    }

    /** The notes folder (or the folder it will be created in) must be a writable folder. */
    private void requireWritableFolder(Path folder) {
        Path existing = folder.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null || !Files.isDirectory(existing)) {
            throw new UsageException("--notes " + folder + ": " + (existing == null ? "no such folder" : existing + " is a file, not a folder") + "; no invite was created");
        }
        if (!Files.isWritable(existing)) throw new UsageException("--notes " + folder + ": the folder " + existing + " is read-only; no invite was created");
    }

    /**
     * One note file per user, and no two alike, also on a file system that ignores case: a name that
     * had to be changed to be safe (zoë@, ada+ml@) gets a short fingerprint of the real user, so that
     * zoë@/zoé@ or ada+ml@/ada_ml@ never share (and overwrite) one note.
     */
    static Map<Row, String> noteNames(List<Row> rows) {
        Map<Row, String> names = new java.util.LinkedHashMap<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (Row row : rows) {
            String safe = row.user().replaceAll("[^A-Za-z0-9@._-]", "_");
            if (safe.startsWith(".")) safe = "_" + safe.substring(1);
            String name = safe.equals(row.user()) && !taken.contains(safe.toLowerCase(java.util.Locale.ROOT)) ? safe : safe + "-" + shortHash(row.user());
            taken.add(name.toLowerCase(java.util.Locale.ROOT));
            names.put(row, name + ".md");
        }
        return names;
    }

    private static String shortHash(String user) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(user.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** $ANYRAY_ADMIN_TOKEN, else asked at a terminal without echo, else the first line of stdin. */
    private String adminToken() {
        String token = env.get("ANYRAY_ADMIN_TOKEN");
        if (token == null) token = console.isTerminal() ? console.readSecret("Admin token for the gateway (not shown): ") : console.readLine();
        if (token == null || token.isBlank()) throw new UsageException("no admin token: set ANYRAY_ADMIN_TOKEN or pipe it on stdin (never as an argument)");
        token = token.strip();
        if (Text.hasControlOrSpace(token)) throw new UsageException("the admin token has spaces or control characters; check it");
        return token;
    }

    private String writeNote(Gateway gw, Row row, String invite, String command, String name) {
        Path file = notes.resolve(name);
        String text = "# Connect your AI coding tools to " + gw.url() + "\n\n"
                + "Hi " + row.user() + ",\n\n"
                + "Run this once in a terminal on your machine (it needs [JBang](https://www.jbang.dev) and Java 17+). "
                + "It points your AI coding tools at the gateway and stores your personal key; the invite works once.\n\n"
                + "```\n" + "ANYRAY_INVITE=" + invite + " " + command + "\n```\n\n"
                + "Add `--dry-run` first to see every change without making it; `--revert` undoes it all.\n";
        FileChange change = ConfigFile.read(file, env).change(text, AtomicWriter.OWNER_ONLY, List.of("onboarding note"));
        new FileTransaction(AtomicWriter.INSTANCE).apply(List.of(change));
        return file.toString();
    }

    private void report(List<Made> made, List<String> skipped, String error) {
        if (call.json) {
            var root = Json.mapper().createObjectNode();
            root.put("ok", error == null && skipped.isEmpty());
            var invites = root.putArray("invites");
            for (Made m : made) {
                var node = invites.addObject().put("user", m.user()).put("invite", m.invite()).put("command", m.command());
                if (m.team() != null) node.put("team", m.team());
                if (m.note() != null) node.put("note", m.note());
            }
            var skippedNode = root.putArray("skipped");
            skipped.forEach(skippedNode::add);
            if (error != null) root.put("error", console.secrets().mask(error));
            try {
                out.println(Json.mapper().writeValueAsString(root));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            for (Made m : made) {
                console.heading(m.user() + (m.team() == null ? "" : " (team " + m.team() + ")"));
                // The invite is what this command makes for the admin to hand on: it is shown, in the command.
                out.println("  " + m.command());
                if (m.note() != null) console.line("  note: " + env.display(env.path(m.note())));
            }
        }
        skipped.forEach(s -> console.error("skipped " + s));
        if (error != null) {
            console.error(error + (made.isEmpty() ? "; no invite was created" : "; created before that: "
                    + String.join(", ", made.stream().map(Made::user).toList())));
        }
    }
}
