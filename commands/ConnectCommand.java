package dev.anyray.connect.commands;

import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.engine.Planner;
import dev.anyray.connect.engine.StateStore;
import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.gateway.GatewayClient;
import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.io.FileChange;
import dev.anyray.connect.io.FileTransaction;
import dev.anyray.connect.io.Journal;
import dev.anyray.connect.io.KeyFile;
import dev.anyray.connect.io.KeyStore;
import dev.anyray.connect.io.Processes;
import dev.anyray.connect.io.RunLock;
import dev.anyray.connect.io.StoredKey;
import dev.anyray.connect.model.AuthMode;
import dev.anyray.connect.model.ClientKey;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Gateway;
import dev.anyray.connect.model.Identity;
import dev.anyray.connect.model.Text;
import dev.anyray.connect.model.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Connect: context → plan every tool → show → confirm → (redeem the invite) → apply as one
 * transaction → summary. The key is, first found: the invite, {@code $ANYRAY_CLIENT_KEY}, the key an
 * earlier run stored, the shared placeholder.
 */
public final class ConnectCommand {
    private final Run run;

    public ConnectCommand(Run run) {
        this.run = run;
    }

    public int execute(String version) {
        run.checkGatewayOption();
        List<ToolAdapter> selected = run.tools(false);
        String invite = invite();
        try (RunLock lock = run.lockAndRecover(true)) {
            StateStore.Loaded loaded = StateStore.load(run.env);
            ConnectState state = loaded.state();
            Gateway gateway = (chosenGateway = run.gateway(state)).value();
            network = run.network(state);
            if (invite != null && state.hasStoredKey() && state.gaveStoredKey(invite)) invite = alreadyRedeemed(state, gateway);
            ClientKey key = invite != null ? ClientKey.pendingInvite() : keyInUse(state, gateway);
            store = key.isPersonal() ? KeyStore.choose(run.env, run.options.keyStore() == null ? "auto" : run.options.keyStore())
                    : KeyStore.file(run.env, null);
            if (key.source() == ClientKey.Source.ENVIRONMENT && !key.reveal().equals(StoredKey.resolve(run.env, state.keyStore()).value())) {
                // Another key replaces the stored one: it no longer comes from the invite on record.
                loaded = new StateStore.Loaded(loaded.file(), state.withKeyInvite(null));
                state = loaded.state();
            }
            // A new invite replaces the key everywhere: every connected tool gets it, not only those of this run.
            List<ToolAdapter> tools = invite != null && state.hasStoredKey() ? withConnectedTools(selected, state) : selected;
            ConnectContext ctx = context(gateway, key, state, null, null);
            Planner.Plan plan = Planner.connect(ctx, store, tools, loaded, !run.options.dryRun());
            // After planning (a file that does not parse stops the run before any call), before anything is shown or written.
            // The placeholder is checked only when a tool needed the models anyway: it is not a secret, a refusal is
            // only a warning, and the HTTP client costs a placeholder dry run most of its start-up time.
            GatewayClient.Probe asked = ((GatewayModels) ctx.models()).asked(); // context() always gives a GatewayModels
            GatewayClient.Probe probe = key.isPending() ? null : key.isPersonal() ? checkKey(gateway, key, probe(ctx), null) : asked == null ? null : checkKey(gateway, key, asked, null);
            describe(version, ctx, probe);
            run.renderer.plan(plan, run.notDetected);
            if (run.options.dryRun()) {
                finishDryRun(plan, invite != null ? "the invite was not redeemed (a dry run never redeems)" : null);
                return 0;
            }
            // A new key for the credential store changes no file (the tools read it through the helper), but it is a change.
            boolean newKeyForKeychain = store.isKeychain() && ctx.key().isPersonal() && !ctx.key().isPending() && !ctx.key().reveal().equals(store.read());
            if (!plan.changesAnything() && invite == null && !newKeyForKeychain) {
                summary(plan, false);
                return 0;
            }
            if (!run.confirm("Apply these changes?")) return 1;
            if (invite != null) {
                plan = redeemAndReplan(invite, gateway, tools, ctx.identity());
                if (plan == null) return 1;
            }
            apply(plan, ctx.key());
            summary(plan, true);
            return 0;
        }
    }

    /** How this run's own calls reach the gateway (CA bundle, proxy). */
    private dev.anyray.connect.gateway.Network network;

    /** The gateway of this run and where it came from (the plan names it). */
    private Run.Chosen<Gateway> chosenGateway;

    /**
     * The onboarding line run again: the invite that gave the stored key is not sent a second time
     * (it is spent); the key it gave is used. For another gateway it is not sent at all.
     */
    private String alreadyRedeemed(ConnectState state, Gateway gateway) {
        if (state.keyGateway() != null && !state.keyGateway().equals(gateway.url())) {
            throw new ConnectException("this invite was already redeemed on this machine, for " + state.keyGateway() + "; it is not sent to " + gateway.url()
                    + ". Leave --gateway out to use the key it gave, or ask your admin for an invite for " + gateway.url());
        }
        run.console.ok("This invite was already redeemed on this machine: using the personal key it gave (an invite works only once)");
        run.report.put("inviteAlreadyRedeemed", true);
        return null;
    }

    /** The tools of this run, and every tool an earlier run connected (in registry order). */
    private static List<ToolAdapter> withConnectedTools(List<ToolAdapter> selected, ConnectState state) {
        return dev.anyray.connect.adapters.ToolRegistry.ALL.stream().filter(a -> selected.contains(a) || state.tool(a.id()) != null).toList();
    }

    /**
     * {@code GET /v1/models} with the key that will be written, before anything is: a personal key the
     * gateway rejects (or a gateway that redirects, which would carry the key elsewhere) stops the run
     * with nothing changed; an unreachable gateway is only a warning (an offline roll-out is legitimate).
     * The placeholder is not a secret and not personal: a gateway that refuses it gets a warning.
     * {@code whenRefused}: what to do about a refused personal key (null: ask for a new invite).
     */
    private GatewayClient.Probe checkKey(Gateway gateway, ClientKey key, GatewayClient.Probe probe, String whenRefused) {
        run.report.put("keyCheck", probe.verdict().name().toLowerCase(java.util.Locale.ROOT));
        switch (probe.verdict()) {
            case ACCEPTED -> { }
            case REJECTED -> {
                if (key.isPersonal()) {
                    throw new ConnectException("the gateway rejected your key " + key.masked() + " (" + probe.problem() + "); nothing was changed. "
                            + (whenRefused != null ? whenRefused : (key.source() == ClientKey.Source.ENVIRONMENT ? "Check ANYRAY_CLIENT_KEY, or ask" : "Ask") + " your admin for a new invite"));
                }
                run.console.notice("the gateway does not accept the shared placeholder key (" + probe.problem()
                        + "): the tools will be refused until you connect with a personal key (ask your admin for an invite)");
            }
            case REDIRECTED -> {
                if (key.isPersonal()) {
                    throw new ConnectException(probe.problem() + "; connect never sends your key on to another address, so nothing was changed. Pass the gateway's own URL as --gateway");
                }
                run.console.notice(probe.problem() + ": the tools would not follow it; pass the gateway's own URL as --gateway");
            }
            case UNREACHABLE -> run.console.notice("the key could not be checked: " + probe.problem() + "; connecting anyway (the tools use the gateway once it answers)");
            case UNEXPECTED -> run.console.notice("the key could not be checked: " + probe.problem() + "; is " + gateway.url() + " an Anyray gateway? Connecting anyway");
        }
        return probe;
    }

    /** The run's one GET /v1/models for {@code ctx}'s key (made now if planning did not need the models). */
    private static GatewayClient.Probe probe(ConnectContext ctx) {
        return ((GatewayModels) ctx.models()).probe(); // context() always gives a GatewayModels
    }

    /** Where this run keeps a personal key. */
    private KeyStore store;

    /**
     * Redeems the invite only once everything that can be checked beforehand passed, stores the key at
     * once (so nothing that fails later can waste it), then plans with the real key and identity and,
     * when they differ from what was confirmed, shows the final change before writing it.
     */
    private Planner.Plan redeemAndReplan(String invite, Gateway gateway, List<ToolAdapter> tools, Identity shownIdentity) {
        StateStore.Loaded before = StateStore.load(run.env);
        Planner.Plan pending = Planner.connect(context(gateway, ClientKey.pendingInvite(), before.state(), null, null), store, tools, before, true);
        for (FileChange change : pending.all()) requireWritable(change);
        GatewayClient.Redemption redemption = new GatewayClient(gateway, run.options.timeout(), network).redeem(invite);
        storeKey(redemption, gateway, invite);
        run.console.ok("Redeemed the invite: personal key " + redemption.key().masked() + " stored in " + store.describe());
        GatewayClient.Probe probe = null;
        try {
            StateStore.Loaded loaded = StateStore.load(run.env);
            ConnectContext ctx = context(gateway, redemption.key(), loaded.state(), redemption.user(), redemption.team());
            Planner.Plan plan = Planner.connect(ctx, store, tools, loaded, true);
            probe = probe(ctx);
            checkKey(gateway, redemption.key(), probe, "It is stored in " + store.describe()
                    + ": a re-run (without --invite) tries it again, and if the gateway still refuses it, ask your admin for a new invite");
            if (!ctx.identity().equals(shownIdentity)) {
                run.console.heading("The invite attributes spend to " + ctx.identity().user()
                        + (ctx.identity().team() == null ? "" : " (team " + ctx.identity().team() + ")") + "; the final changes are:");
                run.renderer.plan(plan, List.of());
                if (!run.confirm("Apply these changes?")) {
                    run.console.line("Your personal key is stored; run anyray-connect again (without --invite) to connect with it.");
                    return null;
                }
            }
            return plan;
        } catch (UsageException | ConnectException e) {
            if (probe != null && probe.verdict() == GatewayClient.Verdict.REJECTED) throw e; // it says where the key is itself
            throw new ConnectException(e.getMessage() + "; your personal key " + redemption.key().masked() + " is stored in "
                    + store.describe() + " and a re-run (without --invite) will use it");
        }
    }

    /**
     * The key and its origin, stored at once and on their own, right after redemption. The key is the
     * only copy of what the single-use invite gave: a crash in between is finished by the next run,
     * never undone (see {@link FileTransaction}).
     */
    private void storeKey(GatewayClient.Redemption redemption, Gateway gateway, String invite) {
        StateStore.Loaded loaded = StateStore.load(run.env);
        ConnectState state = loaded.state().withKeyOrigin(gateway.url(), redemption.user(), redemption.team()).withKeyStore(store.name())
                .withKeyInvite(loaded.state().inviteFingerprint(invite));
        // The new key replaces the old one in every store at once: no plain copy of the old key is left behind.
        List<FileChange> changes = new java.util.ArrayList<>();
        if (!store.isKeychain()) changes.add(KeyFile.write(run.env, redemption.key()));
        else if (KeyFile.read(run.env) != null) changes.add(KeyFile.delete(run.env));
        changes.add(StateStore.change(loaded, state));
        FileTransaction.CredentialStep credential = store.isKeychain() ? storing(redemption.key().reveal())
                : "keychain".equals(loaded.state().keyStore()) ? leavingKeychain() : null;
        FileTransaction.keeping(AtomicWriter.INSTANCE, new Journal(run.env.anyrayDir())).apply(changes, List.of(), credential);
    }

    /** Putting {@code key} into the credential store, as a step of the run's transaction. */
    private FileTransaction.CredentialStep storing(String key) {
        boolean had = store.read() != null;
        return new FileTransaction.CredentialStep(Journal.Credential.store(had), () -> store.store(key), store::clear);
    }

    /** The key leaving the credential store (it moves to the owner-only file), after the files. */
    private FileTransaction.CredentialStep leavingKeychain() {
        KeyStore keychain = KeyStore.keychain(run.env);
        return new FileTransaction.CredentialStep(Journal.Credential.clear(), keychain::clear, () -> {});
    }

    private FileTransaction transaction() {
        return new FileTransaction(AtomicWriter.INSTANCE, new Journal(run.env.anyrayDir()));
    }

    /** A target that cannot be written fails here, before an invite is spent on it. */
    private void requireWritable(FileChange change) {
        if (change.isNoop()) return;
        Path existing = change.target();
        if (Files.exists(existing) && !Files.isWritable(existing)) throw notWritable(change, "it is read-only");
        existing = existing.getParent();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return;
        if (!Files.isDirectory(existing)) throw notWritable(change, run.env.display(existing) + " is a file where a folder is expected");
        if (!Files.isWritable(existing)) throw notWritable(change, "the folder " + run.env.display(existing) + " is read-only");
    }

    private ConnectException notWritable(FileChange change, String why) {
        return new ConnectException("cannot write " + change.shown() + ": " + why + "; fix it and run again. The invite was not redeemed and nothing was changed");
    }

    /**
     * One transaction: the credential store first (the tools' helper reads it), then the files; a key
     * moved to the file store leaves the credential store after them.
     */
    private void apply(Planner.Plan plan, ClientKey key) {
        FileTransaction.CredentialStep credential = null;
        if (store.isKeychain() && key.isPersonal() && !key.isPending()) {
            credential = storing(key.reveal());
        } else if (!store.isKeychain() && key.isPersonal() && "keychain".equals(movedFrom)) {
            credential = leavingKeychain();
        }
        transaction().apply(plan.all(), plan.emptiedFolders(), credential);
    }

    /** The store an earlier run kept the key in, when this run moves it. */
    private String movedFrom;

    /** Where this run's user and team came from, for the plan. */
    private String userFrom;
    private String teamFrom;

    /**
     * Who spend is attributed to, first found: the flags, the invite being redeemed, the
     * last connect (the connection keeps its choices), the invite that gave the stored key, git/the OS.
     */
    private ConnectContext context(Gateway gateway, ClientKey key, ConnectState state, String invitedUser, String invitedTeam) {
        ConnectState.Connection last = state.connection();
        String user;
        if (run.options.user() != null) { user = run.options.user(); userFrom = "--user"; }
        else if (invitedUser != null) { user = invitedUser; userFrom = "the invite"; }
        else if (last != null && last.user() != null) { user = last.user(); userFrom = "your last connect"; }
        else if (state.keyUser() != null) { user = state.keyUser(); userFrom = "the invite"; }
        else { user = defaultUser(); }
        String team;
        if (run.options.team() != null) { team = run.options.team(); teamFrom = "--team"; }
        else if (invitedTeam != null) { team = invitedTeam; teamFrom = "the invite"; }
        else if (last != null) { team = last.team(); teamFrom = "your last connect"; }
        else { team = state.keyTeam(); teamFrom = "the invite"; }
        return new ConnectContext(gateway, new Identity(user, team), key, run.options.subscription() ? AuthMode.SUBSCRIPTION : AuthMode.GATEWAY_KEY, run.env,
                new GatewayModels(run.options.model(), gateway, key, run.options.timeout(), network), store.access(),
                network.caFile() == null ? null : network.caFile().toString());
    }

    private String defaultUser() {
        java.nio.file.Path git = run.env.which("git");
        String email = git == null ? null : Processes.output(run.env, List.of(git.toString(), "config", "--global", "user.email"), 5000);
        if (email != null && !email.isBlank() && !Text.hasControl(email)) {
            userFrom = "git config user.email";
            return email.strip();
        }
        userFrom = "the OS user";
        String user = run.env.get("USER") != null ? run.env.get("USER") : run.env.get("USERNAME") != null ? run.env.get("USERNAME") : System.getProperty("user.name");
        if (user == null || user.isBlank()) throw new UsageException("cannot tell who you are (no git user.email, no OS user); pass --user you@example.com");
        return user;
    }

    /**
     * $ANYRAY_CLIENT_KEY (the user's choice, for any gateway), else the key an earlier run stored (only
     * for the gateway that issued it: it is sent to no other), else the placeholder.
     */
    private ClientKey keyInUse(ConnectState state, Gateway gateway) {
        movedFrom = state.keyStore();
        Run.KeyInUse inUse = run.keyInUse(state, gateway);
        StoredKey stored = inUse.stored();
        if (inUse.otherGateway() != null) {
            throw new ConnectException("your personal key" + (stored.value() == null ? "" : " " + ClientKey.mask(stored.value())) + " was issued for " + inUse.otherGateway()
                    + ", so it is not sent to or written for " + gateway.url() + "; nothing was changed. To connect there, run with an invite for it (ANYRAY_INVITE=ari_...), "
                    + "pass a key for it in ANYRAY_CLIENT_KEY, or run anyray-connect --revert first");
        }
        if (inUse.key() == null) {
            throw new ConnectException("your personal key is stored in " + stored.where() + ", which cannot be read now (" + stored.unreadable()
                    + "); run where it can be read, or pass the key in ANYRAY_CLIENT_KEY");
        }
        return inUse.key();
    }

    /** --invite TOKEN, --invite - (one line of stdin), else $ANYRAY_INVITE; checked before anything else happens. */
    private String invite() {
        String raw = run.options.invite();
        String where = "--invite";
        if ("-".equals(raw)) {
            raw = run.console.readLine();
            where = "the invite read from stdin";
            if (raw == null) throw new UsageException("--invite - reads the invite from stdin, but stdin was empty; pipe the ari_... token in");
        } else if (raw == null && run.env.get("ANYRAY_INVITE") != null) {
            raw = run.env.get("ANYRAY_INVITE");
            where = "ANYRAY_INVITE";
        }
        if (raw == null) return null;
        String invite = raw.strip();
        if (invite.isEmpty()) throw new UsageException(where + " is empty; pass the ari_... token your admin sent");
        if (Text.hasControlOrSpace(invite) || !invite.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new UsageException(where + " does not look like an invite (spaces, control or non-ASCII characters); paste the ari_... token exactly");
        }
        run.console.secrets().add(invite);
        return invite;
    }

    private void describe(String version, ConnectContext ctx, GatewayClient.Probe probe) {
        run.report.put("user", ctx.identity().user()).put("team", ctx.identity().team())
                .put("authMode", ctx.authMode().label()).put("key", ctx.key().masked());
        if (ctx.key().isPersonal()) run.report.put("keyStore", store.name());
        String gatewayFrom = chosenGateway.from().equals("the default")
                ? "the default: pass --gateway URL for your organisation's gateway" : "from " + chosenGateway.from();
        String keyCheck = probe == null ? (ctx.key().isPending() ? "checked once the invite is redeemed" : null)
                : switch (probe.verdict()) {
                    case ACCEPTED -> "accepted by the gateway (GET /v1/models)";
                    case REJECTED -> "refused by the gateway";
                    case REDIRECTED -> "not sent on (the gateway redirects)";
                    default -> "not checked (the gateway did not answer as expected)";
                };
        run.renderer.context(version, ctx, run.options.dryRun(), new dev.anyray.connect.ui.Renderer.Sources(gatewayFrom,
                userFrom == null ? null : "from " + userFrom, teamFrom == null || ctx.identity().team() == null ? null : "from " + teamFrom,
                keyCheck));
    }

    private void finishDryRun(Planner.Plan plan, String extra) {
        plan.tools().forEach(p -> run.report.plan(p, run.env, false));
        run.report.files("sharedFiles", plan.shared());
        if (plan.changesAnything()) {
            run.console.line("Applying would also update " + run.env.display(StateStore.path(run.env)) + " (owner-only), the record --revert uses.");
        }
        run.console.line("Dry run: nothing was written" + (extra == null ? "." : "; " + extra + "."));
    }

    private void summary(Planner.Plan plan, boolean applied) {
        plan.tools().forEach(p -> run.report.plan(p, run.env, applied));
        run.report.files("sharedFiles", plan.shared());
        run.renderer.summary(plan.tools(), run.notDetected);
    }
}
