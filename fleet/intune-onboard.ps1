# anyray-connect for Intune (Devices > Scripts and remediations > Platform scripts, Windows), and any tool
# that runs a PowerShell script for the signed-in user.
#
# Assign it with "Run this script using the logged on credentials: Yes": connect writes into the user's
# own profile, and only the user can protect the key with DPAPI (a script run as SYSTEM cannot). Intune
# passes no parameters, so set the values below (or the ANYRAY_* variables of the same names).
#
# It runs the pinned release through JBang with --yes --json; the JSON result goes to stdout for the
# Intune log (it never holds a key or the invite). The user is the signed-in account's UPN.
# The invite goes to anyray-connect on stdin (--invite -): never on a command line that other processes
# can read. Idempotent: once a personal key is stored, the invite is not sent again and the run reports
# every tool up to date. Exit code: anyray-connect's (0 done, 1 failed, 2 usage).
$ErrorActionPreference = 'Stop'

$Release = if ($env:ANYRAY_RELEASE) { $env:ANYRAY_RELEASE } else { '0.2.0' }
$Gateway = if ($env:ANYRAY_GATEWAY_URL) { $env:ANYRAY_GATEWAY_URL } else { 'https://gw.example' }
$Invite = $env:ANYRAY_INVITE
Remove-Item Env:\ANYRAY_INVITE -ErrorAction SilentlyContinue
$Command = if ($env:ANYRAY_CONNECT_COMMAND) { $env:ANYRAY_CONNECT_COMMAND } else { "jbang anyray-connect-$Release@anyray" }
$Program, $Arguments = $Command -split ' '

# The user's UPN (me@example.com) as the spend-attribution user; empty on a machine with no work account.
$User = (& whoami.exe /upn 2>$null)
if ($LASTEXITCODE -ne 0 -or -not $User) { $User = $null }

# Its stdout is the function's output; its exit code is in $LASTEXITCODE afterwards.
function Invoke-Connect([string[]] $More, [string] $Stdin) {
    $all = @($Arguments | Where-Object { $_ }) + $More
    if ($Stdin) { $Stdin | & $Program @all } else { & $Program @all }
}

# Whether a key is stored is read from the record: the single-use invite is sent only the first time.
$status = Invoke-Connect @('--status', '--json') $null | Out-String
if ($status -match '"keyUnreadable"') {
    [Console]::Error.WriteLine("anyray-connect: the stored key cannot be read in this session; nothing to do here")
    Write-Output $status
    exit 0
}
if ($status -match '"keyStored" : true') { $Invite = $null }

$connect = @('--gateway', $Gateway, '--yes', '--json')
if ($User) { $connect += @('--user', $User) }
if ($Invite) {
    Invoke-Connect ($connect + @('--invite', '-')) $Invite
} else {
    Invoke-Connect $connect $null
}
exit $LASTEXITCODE
