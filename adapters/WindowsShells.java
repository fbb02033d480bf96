package dev.anyray.connect.adapters;

import dev.anyray.connect.io.KeyStore;
import dev.anyray.connect.io.PowerShell;
import dev.anyray.connect.model.ConnectContext;
import dev.anyray.connect.model.Environment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the plan says about Windows shells: PowerShells that will not load their profile, and the line for cmd.exe. */
final class WindowsShells {
    private WindowsShells() {}

    /**
     * One warning per PowerShell whose execution policy means it never runs the profile we write
     * (Windows PowerShell 5.1 on a Windows client with no policy set is {@code Restricted}). Connect never
     * changes the policy: that is the user's or the organisation's decision.
     */
    static List<String> policyWarnings(Environment env, List<Path> profiles) {
        List<String> warnings = new ArrayList<>();
        for (PowerShell.Host host : PowerShell.hosts(env)) {
            if (!profiles.contains(host.profile()) || !host.skipsProfile()) continue;
            warnings.add(host.name() + " will not load " + env.display(host.profile()) + ": its execution policy is " + host.policy()
                    + ". Run  Set-ExecutionPolicy -Scope CurrentUser RemoteSigned  in it (unless your organisation sets the policy)"
                    + (host.isWindowsPowerShell() ? ", or use PowerShell 7" : ""));
        }
        return warnings;
    }

    /**
     * cmd.exe reads no profile (its AutoRun is global and {@code cmd /d} skips it), so nothing is written
     * for it: the plan prints a line that sets the variables in one window. The key is read by the helper
     * or from the key file, never printed.
     */
    static String cmdLine(ConnectContext ctx, List<String> keyVariables) {
        Environment env = ctx.env();
        List<String> parts = new ArrayList<>();
        parts.add("set \"OPENAI_BASE_URL=" + ctx.gateway().openAiBaseUrl() + "\"");
        parts.add("set \"ANTHROPIC_BASE_URL=" + ctx.gateway().anthropicBaseUrl() + "\"");
        List<String> sets = keyVariables.stream().map(n -> "set \"" + n + "=%k\"").toList();
        if (!ctx.key().isPersonal()) {
            keyVariables.forEach(n -> parts.add("set \"" + n + "=" + ctx.key().reveal() + "\""));
        } else if (ctx.keyViaHelper()) {
            parts.add("for /f \"delims=\" %k in ('\"" + fromProfile(env, KeyStore.helperPath(env)) + "\"') do @(" + String.join(" & ", sets) + ")");
        } else {
            parts.add("for /f \"usebackq delims=\" %k in (\"" + fromProfile(env, ctx.keyAccess().keyFile()) + "\") do @(" + String.join(" & ", sets) + ")");
        }
        return "cmd.exe reads no profile; to set the variables in one cmd window, run: " + String.join(" & ", parts);
    }

    /** {@code %USERPROFILE%\rel\path} for a file under home, else the path. */
    private static String fromProfile(Environment env, Path file) {
        String relative = underHome(env, file);
        return relative == null ? file.toAbsolutePath().normalize().toString() : "%USERPROFILE%\\" + relative;
    }

    /**
     * {@code file}'s path below home in Windows' form ({@code .anyray\client-key}), or null when it is not
     * below home: the profile folder is named by its variable ({@code %USERPROFILE%}, {@code $HOME}), never
     * spelled out, since a profile may sync to other machines and cmd.exe reads in the OEM code page.
     */
    static String underHome(Environment env, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!abs.startsWith(env.home()) || abs.equals(env.home())) return null;
        return env.home().relativize(abs).toString().replace('/', '\\');
    }
}
