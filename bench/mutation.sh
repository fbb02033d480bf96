#!/usr/bin/env bash
# Mutation testing of the core with PIT (not part of the test command: it checks the tests, not the app).
#   bench/mutation.sh [report-dir]        (ANYRAY_MUTATE=core: io/ and engine/ only; =edit: edit/ only)
# Mutates every class of io/, engine/ and edit/ (PIT's default mutators) and runs the in-process tests
# that cover each mutant; a mutant no test kills is a change to the code the suite would not notice.
# Prints the mutation score per package and writes PIT's HTML and CSV reports to report-dir (default:
# a new temporary folder). Tests that start real tools, a keychain daemon, strace or another JVM are
# left out: a mutant lives only inside PIT's own JVM, so they could not kill it anyway.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
report="${1:-$(mktemp -d)}"
mkdir -p "$report"

./jbang build tests/RunTests.java >/dev/null
./jbang build bench/Mutation.java >/dev/null
tests_cp=$(./jbang info classpath tests/RunTests.java 2>/dev/null)
app_jar=${tests_cp%%:*}
pit_cp=$(./jbang info classpath bench/Mutation.java 2>/dev/null)

# PIT finds test classes in folders only (not in JBang's jar), and a class's source by its package
# path (the sources live in folders by role).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
classes="$work/classes" src="$work/src"
mkdir -p "$classes" "$src/dev/anyray/connect"
(cd "$classes" && unzip -q "$app_jar")
for pkg in io engine edit; do ln -s "$PWD/$pkg" "$src/dev/anyray/connect/$pkg"; done

# Each package with the tests that prove it (PIT runs every covering test of a mutant that survives,
# so a test that covers much and proves little of a package only makes the run slow).
edit_tests=(JsonTreeTest EditorsAndDiffTest EditorRegressionsTest GeneratedDocumentsTest EngineTest NewToolsTest ShellEnvTest CodexTest ClaudeCodeTest ToolContractTest TrustModelTest)
core_tests=(FileTransactionTest JournalTest EngineTest PlannerTest CoreTest TrustTest TrustBugsTest TrustModelTest ToolContractTest InviteAndKeysTest
  FaultsAndHostileInputTest StatusCheckJsonTest ClaudeCodeTest ShellEnvTest IoTest StateTest EngineAnswersTest WindowsTest WindowsDiskTest PlatformRulesTest DayTwoTest EditorRegressionsTest)

# Fewer generated documents and property sequences per test run: PIT runs the covering tests once per mutant.
export ANYRAY_DOCS_COUNT="${ANYRAY_DOCS_COUNT:-8}" ANYRAY_PROPERTY_SEED="${ANYRAY_PROPERTY_SEED:-1,2}"

pit() { # report-subdir target-classes test-class...
  local out="$report/$1" targets="$2"
  shift 2
  local target_tests
  target_tests=$(printf 'dev.anyray.connect.tests.%s,' "$@")
  java -cp "$pit_cp" Mutation \
    --classPath "$classes,$(tr ':' ',' <<<"${tests_cp#*:}")" \
    --mutableCodePaths "$classes" \
    --targetClasses "$targets" \
    --targetTests "${target_tests%,}" \
    --sourceDirs "$src" \
    --reportDir "$out" --timestampedReports=false \
    --outputFormats CSV,HTML \
    --threads "$(nproc)" \
    --timeoutConst 8000 \
    --verbosity QUIET
}
# ANYRAY_MUTATE=core (or edit) runs one half only.
parts="${ANYRAY_MUTATE:-edit core}"
[[ " $parts " == *" edit "* ]] && pit edit 'dev.anyray.connect.edit.*' "${edit_tests[@]}"
# ANYRAY_MUTATE_CLASSES narrows the core half to some classes (after a change to them), e.g. dev.anyray.connect.io.RunLock.
[[ " $parts " == *" core "* ]] && pit core "${ANYRAY_MUTATE_CLASSES:-dev.anyray.connect.io.*,dev.anyray.connect.engine.*}" "${core_tests[@]}"

# Per package: killed (or timed out) over all mutants, as PIT counts its score.
awk -F, '{ split($2, c, "."); pkg = c[4]; total[pkg]++; if ($6 == "KILLED" || $6 == "TIMED_OUT" || $6 == "MEMORY_ERROR") killed[pkg]++ }
  END { for (p in total) printf "%-7s %4d of %4d mutants killed (%d %%)\n", p, killed[p], total[p], 100 * killed[p] / total[p] }' \
  $(ls "$report"/edit/mutations.csv "$report"/core/mutations.csv 2>/dev/null) | sort
echo "reports: $report/edit/index.html, $report/core/index.html; survivors: grep SURVIVED $report/*/mutations.csv"
