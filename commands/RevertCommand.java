package dev.anyray.connect.commands;

import dev.anyray.connect.engine.Planner;
import dev.anyray.connect.engine.StateStore;
import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.io.FileTransaction;
import dev.anyray.connect.io.Journal;
import dev.anyray.connect.io.RunLock;

/** Revert: undo what earlier runs changed for the selected tools (default: all), as one transaction. */
public final class RevertCommand {
    private final Run run;

    public RevertCommand(Run run) {
        this.run = run;
    }

    public int execute() {
        try (RunLock lock = run.lockAndRecover(true)) {
            StateStore.Loaded loaded = StateStore.load(run.env);
            Planner.Plan plan = Planner.revert(run.env, run.tools(true), loaded, !run.options.dryRun());
            // A key can be stored with no tool connected (a redemption whose connect was cut short): it goes too.
            // The credential store is asked (a process) only when this revert leaves no tool connected.
            dev.anyray.connect.io.KeyStore keychain = plan.next().hasTools() ? null : dev.anyray.connect.io.KeyStore.keychain(run.env);
            boolean keyInKeychain = keychain != null && ("keychain".equals(loaded.state().keyStore()) || keychain.holdsKey());
            boolean keyOnly = loaded.exists() && !plan.next().hasTools() && (loaded.state().keyStore() != null || loaded.state().keyGateway() != null);
            if (plan.tools().isEmpty() && plan.shared().stream().allMatch(c -> c.isNoop()) && !keyInKeychain && !keyOnly) {
                run.console.line("Nothing to revert: anyray-connect has not changed " + (run.options.tools() == null ? "anything" : "these tools") + " on this machine.");
                return 0;
            }
            run.console.heading("Reverting what anyray-connect changed:");
            run.renderer.plan(plan, java.util.List.of());
            if (keyInKeychain) run.console.line("The personal key is also removed from the keychain.");
            if (run.options.dryRun()) {
                plan.tools().forEach(p -> run.report.plan(p, run.env, false));
                run.console.line("Dry run: nothing was written.");
                return 0;
            }
            if (!run.confirm("Revert these changes?")) return 1;
            // The key leaves the keychain as a step of the same transaction: a revert killed half way is finished by the next run.
            // Whatever the record says: a key of ours in the credential store goes with the last tool.
            FileTransaction.CredentialStep clearKey = keyInKeychain ? new FileTransaction.CredentialStep(Journal.Credential.clear(), keychain::clear, () -> {}) : null;
            FileTransaction.forgetting(AtomicWriter.INSTANCE, new Journal(run.env.anyrayDir())).apply(plan.all(), plan.emptiedFolders(), clearKey);
            plan.tools().forEach(p -> run.report.plan(p, run.env, true));
            run.report.files("sharedFiles", plan.shared());
            run.renderer.summary(plan.tools(), java.util.List.of());
            return 0;
        }
    }
}
