package dev.anyray.connect.commands;

import dev.anyray.connect.engine.ConnectState;
import dev.anyray.connect.engine.Planner;
import dev.anyray.connect.engine.StateStore;
import dev.anyray.connect.io.AtomicWriter;
import dev.anyray.connect.io.FileTransaction;
import dev.anyray.connect.io.Journal;
import dev.anyray.connect.io.KeyStore;
import dev.anyray.connect.io.RunLock;
import java.util.List;

/**
 * Revert: undo what earlier runs changed for the selected tools (default: all), as one transaction.
 * The personal key goes with the last tool. A key in a credential store that this session cannot
 * reach (SSH, cron, an MDM agent: no session bus) stays there and stays in the record, and the run
 * says so: a revert from a session that can reach it removes it.
 */
public final class RevertCommand {
    private final Run run;

    public RevertCommand(Run run) {
        this.run = run;
    }

    public int execute() {
        try (RunLock lock = run.lockAndRecover(true)) {
            StateStore.Loaded loaded = StateStore.load(run.env);
            ConnectState state = loaded.state();
            List<dev.anyray.connect.engine.ToolAdapter> tools = run.tools(true);
            List<String> reverting = tools.stream().map(dev.anyray.connect.engine.ToolAdapter::id).toList();
            boolean leavesNoTool = state.tools() == null || reverting.containsAll(state.tools().keySet());
            // The credential store is asked (a process) only when this revert leaves no tool connected.
            KeyStore keychain = leavesNoTool ? KeyStore.keychain(run.env) : null;
            boolean recordedInKeychain = "keychain".equals(state.keyStore());
            boolean keyInKeychain = keychain != null && keychain.isKeychain() && (recordedInKeychain || keychain.holdsKey());
            boolean keyLeftBehind = keychain != null && !keychain.isKeychain() && recordedInKeychain;
            Planner.Plan plan = Planner.revert(run.env, tools, loaded, !run.options.dryRun(), keyLeftBehind);
            boolean keyOnly = loaded.exists() && !plan.next().hasTools() && !keyLeftBehind && (state.keyStore() != null || state.keyGateway() != null);
            if (plan.tools().isEmpty() && plan.shared().stream().allMatch(c -> c.isNoop()) && !keyInKeychain && !keyOnly) {
                if (keyLeftBehind) {
                    run.console.line("Nothing else to revert, but your personal key is still in the keychain, which cannot be reached here (" + keychain.why()
                            + "); run anyray-connect --revert from your desktop session to remove it.");
                    return 1;
                }
                run.console.line("Nothing to revert: anyray-connect has not changed " + (run.options.tools() == null ? "anything" : "these tools") + " on this machine.");
                return 0;
            }
            run.console.heading("Reverting what anyray-connect changed:");
            run.renderer.plan(plan, List.of(), true);
            if (keyInKeychain) run.console.line("The personal key is also removed from " + keychain.describe() + ".");
            if (keyLeftBehind) {
                run.console.warn("your personal key stays in the keychain: it cannot be reached here (" + keychain.why()
                        + "); run anyray-connect --revert again from your desktop session to remove it");
            }
            if (run.options.dryRun()) {
                plan.tools().forEach(p -> run.report.plan(p, run.env, false));
                run.console.line("Dry run: nothing was written.");
                return 0;
            }
            if (!run.confirm("Revert these changes?")) return 1;
            // The key leaves the keychain as a step of the same transaction: a revert killed half way is finished by the next run.
            FileTransaction.CredentialStep clearKey = keyInKeychain ? new FileTransaction.CredentialStep(Journal.Credential.clear(), keychain::clear, () -> {}) : null;
            FileTransaction.forgetting(AtomicWriter.INSTANCE, new Journal(run.env.anyrayDir())).apply(plan.all(), plan.emptiedFolders(), clearKey);
            plan.tools().forEach(p -> run.report.plan(p, run.env, true));
            run.report.files("sharedFiles", plan.shared());
            if (keyLeftBehind) run.report.put("keyLeftInKeychain", true);
            run.renderer.summary(plan.tools(), List.of(), true);
            return 0;
        }
    }
}
