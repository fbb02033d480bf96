/*
 * Test double for powershell.exe under Wine (Wine's own is a stub that prints nothing). It appends its
 * command line to %USERPROFILE%\fake-powershell-argv.txt and prints the key from
 * %USERPROFILE%\.anyray\client-key.dpapi in the tests' stand-in format ("fake-dpapi:" then the key
 * reversed; the suite's in-memory Windows runs store it so), as the real helper would decrypt it.
 * Test-only; built by .ci/run with mingw-w64.
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>
int wmain(void) {
    wchar_t path[MAX_PATH];
    DWORD n = GetEnvironmentVariableW(L"USERPROFILE", path, MAX_PATH);
    if (!n || n > MAX_PATH - 64) return 2;
    wchar_t log[MAX_PATH];
    wcscpy(log, path);
    wcscat(log, L"\\fake-powershell-argv.txt");
    FILE *f = _wfopen(log, L"a, ccs=UTF-8");
    if (f) { fwprintf(f, L"%ls\n", GetCommandLineW()); fclose(f); }
    wcscat(path, L"\\.anyray\\client-key.dpapi");
    FILE *blob = _wfopen(path, L"rb");
    if (!blob) { fprintf(stderr, "anyray-key: no readable Anyray key\n"); return 1; }
    char buf[512];
    size_t len = fread(buf, 1, sizeof buf - 1, blob);
    fclose(blob);
    buf[len] = 0;
    const char *prefix = "fake-dpapi:";
    if (strncmp(buf, prefix, strlen(prefix)) != 0) { fprintf(stderr, "anyray-key: not a stand-in blob\n"); return 1; }
    char *key = buf + strlen(prefix);
    size_t k = strlen(key);
    for (size_t i = 0; i < k / 2; i++) { char t = key[i]; key[i] = key[k - 1 - i]; key[k - 1 - i] = t; }
    printf("%s\n", key);
    return 0;
}
