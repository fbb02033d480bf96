package dev.anyray.connect.io;

import dev.anyray.connect.model.ConnectException;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.model.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Windows: the key in {@code ~/.anyray/client-key.dpapi}, encrypted with DPAPI for the current user by
 * Windows PowerShell's {@code ConvertFrom-SecureString} (built in, no new dependency; the same protection
 * as Credential Manager, which also uses DPAPI per user: against other users and offline or backup
 * copies). The key goes to PowerShell on stdin, never in argv; the scripts hold no secret. Tools read it
 * through {@code anyray-key.cmd} (what Claude Code's {@code apiKeyHelper} runs through cmd.exe), which
 * runs {@code anyray-key.ps1} beside it; the PowerShell profile block decrypts it in process.
 */
public final class WindowsDpapiKeyStore extends CredentialKeyStore {
    public static final String BLOB_NAME = "client-key.dpapi";
    /** The PowerShell script of the helper pair, beside {@code anyray-key.cmd}. */
    public static final String HELPER_SCRIPT = "anyray-key.ps1";

    private WindowsDpapiKeyStore(Environment env, String why) {
        super(env, PowerShell.windowsPowerShellExe(env).toString(), why);
    }

    /** The store when Windows PowerShell answers and runs the helper's kind of script; else one whose {@link #why} says what stops it. */
    static WindowsDpapiKeyStore probe(Environment env) {
        if (PowerShell.windowsPowerShell(env) == null) {
            return new WindowsDpapiKeyStore(env, "Windows PowerShell (" + PowerShell.windowsPowerShellExe(env) + ") did not answer within 10 s, so DPAPI cannot protect the key");
        }
        if (!PowerShell.runsScripts(env)) {
            return new WindowsDpapiKeyStore(env, "Windows PowerShell runs no script file here, even with -ExecutionPolicy Bypass (a Group Policy or an endpoint tool blocks it), "
                    + "so the tools could not run the key helper");
        }
        return new WindowsDpapiKeyStore(env, null);
    }

    public static Path blobPath(Environment env) {
        return env.anyrayDir().resolve(BLOB_NAME);
    }

    @Override
    public String describe() {
        return "a file only this Windows user can decrypt (DPAPI), " + env.display(blobPath(env));
    }

    private List<String> powerShell(String script) {
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(PowerShell.QUIET);
        command.addAll(List.of("-Command", script));
        return command;
    }

    @Override
    public List<String> storeCommand() {
        String file = Text.powerShellQuote(blobPath(env).toString());
        // Written beside, then moved over: a crash leaves the old blob or the new one, never half of one, and the
        // temp file has the name every run's recovery removes when no journal names it (AtomicWriter.tempFor).
        String temp = Text.powerShellQuote(AtomicWriter.tempFor(blobPath(env)).toString());
        return powerShell("$ErrorActionPreference = 'Stop'; $key = [Console]::In.ReadLine(); "
                + "$blob = ConvertTo-SecureString -String $key -AsPlainText -Force | ConvertFrom-SecureString; "
                + "[System.IO.File]::WriteAllText(" + temp + ", $blob); "
                + "Move-Item -LiteralPath " + temp + " -Destination " + file + " -Force");
    }

    @Override
    public String storeInput(String key) {
        return key + "\n";
    }

    @Override
    public List<String> lookupCommand() {
        return powerShell("$ErrorActionPreference = 'Stop'; "
                + "$secure = (Get-Content -LiteralPath " + Text.powerShellQuote(blobPath(env).toString()) + " -Raw).Trim() | ConvertTo-SecureString; "
                + "[Console]::Out.Write([System.Net.NetworkCredential]::new('', $secure).Password)");
    }

    @Override
    public List<String> clearCommand() {
        return List.of(); // a file: deleted here, see clear()
    }

    @Override
    public String read() {
        return isKeychain() && Files.exists(blobPath(env)) ? super.read() : null;
    }

    @Override
    public void store(String key) {
        try {
            Files.createDirectories(env.anyrayDir());
        } catch (IOException e) {
            throw new ConnectException("cannot create " + env.display(env.anyrayDir()) + ": " + e.getMessage());
        }
        super.store(key);
    }

    @Override
    public void clear() {
        if (!isKeychain()) return;
        FaultPoint.reached("clear the key from " + describe());
        try {
            Files.deleteIfExists(blobPath(env));
        } catch (IOException e) {
            throw new ConnectException("cannot delete " + env.display(blobPath(env)) + ": " + e.getMessage() + "; delete it by hand");
        }
    }

    /** The helper pair: what the tools run ({@code .cmd}), and the script it runs. ASCII and CRLF: cmd.exe reads the OEM code page. */
    @Override
    public Map<Path, String> helperFiles() {
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(KeyStore.helperPath(env), crlf("@echo off\n"
                + "rem anyray-key.cmd: prints the Anyray personal key (runs anyray-key.ps1 beside it). Written by anyray-connect; --revert removes it.\n"
                + "\"%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" " + String.join(" ", PowerShell.QUIET)
                + " -ExecutionPolicy Bypass -File \"%~dp0" + HELPER_SCRIPT + "\"\n"));
        files.put(helperScriptPath(env), crlf("# anyray-key: prints the Anyray personal key from " + BLOB_NAME + " (DPAPI, this Windows user only).\n"
                + "# Written by anyray-connect for the tools it configured; anyray-connect --revert removes it.\n"
                + "$ErrorActionPreference = 'Stop'\n"
                + "$file = Join-Path (Split-Path -Parent $PSScriptRoot) '" + BLOB_NAME + "'\n"
                + "try {\n"
                + "  $secure = (Get-Content -LiteralPath $file -Raw).Trim() | ConvertTo-SecureString\n"
                + "  [Console]::Out.Write([System.Net.NetworkCredential]::new('', $secure).Password + \"`n\")\n"
                + "  exit 0\n"
                + "} catch {\n"
                + "  [Console]::Error.WriteLine(\"anyray-key: no readable Anyray key in $file ($($_.Exception.Message)): run anyray-connect again\")\n"
                + "  exit 1\n"
                + "}\n"));
        return files;
    }

    /** The PowerShell script the {@code .cmd} helper runs (Codex runs it directly, through powershell.exe). */
    public static Path helperScriptPath(Environment env) {
        return KeyStore.helperPath(env).resolveSibling(HELPER_SCRIPT);
    }

    private static String crlf(String text) {
        return text.replace("\n", "\r\n");
    }
}
