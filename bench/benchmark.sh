#!/usr/bin/env bash
# Start-up and large-file benchmark (not a test: it only reports). Run from the project root:
#   bench/benchmark.sh [runs]
# Reports, on this machine in this one run (median wall time of [runs], default 7), each against the
# smallest picocli script (bench/MinimalPicocli.java) measured the same way:
#   1. a warm `--dry-run` through JBang                           (goal: at most 1.10x the minimal script)
#   2. the app's own JVM (java -cp ... AnyrayConnect --dry-run), without JBang's launcher   (goal: at most 1.3x)
#      2b. the same with an application class-data archive as JBang's //CDS would make it (not used: README)
#      2c. the minimal script with as many empty //SOURCES as the app has: what JBang's reading of them costs
#   3. the first run once dependencies are cached: JBang compiles the script (empty JBang cache)
#   4. a dry run on a 5 MB settings.json and on a 100,000-line ~/.bashrc
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-7}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median_ms() { # command... ; prints the median of $runs wall times in ms
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

./jbang build AnyrayConnect.java >/dev/null 2>&1
./jbang build bench/MinimalPicocli.java >/dev/null 2>&1
cp=$(./jbang info classpath AnyrayConnect.java 2>/dev/null)
mincp=$(./jbang info classpath bench/MinimalPicocli.java 2>/dev/null)
mkdir -p "$work/home/.claude" "$work/home/.codex"
run_app() { HOME="$work/home" SHELL=/bin/bash "$@"; }

# Warm-up so that JBang's cache and the OS file cache are hot.
run_app ./jbang AnyrayConnect.java --dry-run --user bench@example.com >/dev/null 2>&1
./jbang bench/MinimalPicocli.java --dry-run >/dev/null 2>&1

jbang_app=$(median_ms run_app ./jbang AnyrayConnect.java --dry-run --user bench@example.com)
jbang_min=$(median_ms ./jbang bench/MinimalPicocli.java --dry-run)
jvm_app=$(median_ms run_app java -XX:TieredStopAtLevel=1 -cp "$cp" dev.anyray.connect.AnyrayConnect --dry-run --user bench@example.com)
jvm_min=$(median_ms java -XX:TieredStopAtLevel=1 -cp "$mincp" bench.MinimalPicocli --dry-run)
# The archive as JBang makes it (-XX:ArchiveClassesAtExit on a first run), here from one dry run.
run_app java -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit="$work/app.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$cp" dev.anyray.connect.AnyrayConnect --dry-run --user bench@example.com >/dev/null 2>&1
jvm_cds=$(median_ms run_app java -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile="$work/app.jsa" -Xlog:cds=off -cp "$cp" dev.anyray.connect.AnyrayConnect --dry-run --user bench@example.com)
# The minimal script with as many //SOURCES as the app, each an empty class: JBang reads every source on every run.
sources=$(grep -c '^//SOURCES' AnyrayConnect.java)
mkdir -p "$work/many/p"
{ sed -n '1,3p' bench/MinimalPicocli.java
  for i in $(seq "$sources"); do echo "//SOURCES p/C$i.java"; printf 'package bench.p;\nclass C%d {}\n' "$i" > "$work/many/p/C$i.java"; done
  sed -n '4,$p' bench/MinimalPicocli.java; } > "$work/many/MinimalPicocli.java"
./jbang build "$work/many/MinimalPicocli.java" >/dev/null 2>&1
./jbang "$work/many/MinimalPicocli.java" --dry-run >/dev/null 2>&1
jbang_many=$(median_ms ./jbang "$work/many/MinimalPicocli.java" --dry-run)

# First run after the dependencies are cached: an empty JBang cache, so JBang compiles (dependencies come from ~/.m2).
first_run() { JBANG_CACHE_DIR="$work/cache-$RANDOM$RANDOM" run_app ./jbang "$@"; }
first_app=$(median_ms first_run AnyrayConnect.java --dry-run --user bench@example.com)
first_min=$(median_ms first_run bench/MinimalPicocli.java --dry-run)

python3 - "$work/home/.claude/settings.json" <<'PY'
import json, sys
data = {"model": "opus", "env": {"FOO": "bar"}, "history": [{"i": i, "text": "x" * 40} for i in range(80000)]}
open(sys.argv[1], "w").write(json.dumps(data, indent=2) + "\n")
PY
big_json=$(median_ms run_app java -XX:TieredStopAtLevel=1 -cp "$cp" dev.anyray.connect.AnyrayConnect --dry-run --tools claude-code --user bench@example.com)
json_size=$(du -h "$work/home/.claude/settings.json" | cut -f1)
seq 1 100000 | sed 's/^/export VAR_/; s/$/=1/' > "$work/home/.bashrc"
big_profile=$(median_ms run_app java -XX:TieredStopAtLevel=1 -cp "$cp" dev.anyray.connect.AnyrayConnect --dry-run --tools shell-env --user bench@example.com)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
echo "median of $runs runs, $(nproc) cores, $(java -version 2>&1 | head -1)"
printf '%-58s %6s ms  (minimal %6s ms, %s)\n' "jbang AnyrayConnect.java --dry-run, warm" "$jbang_app" "$jbang_min" "$(ratio "$jbang_app" "$jbang_min")"
printf '%-58s %6s ms  (minimal %6s ms, %s)\n' "the app's own JVM: java -cp ... --dry-run" "$jvm_app" "$jvm_min" "$(ratio "$jvm_app" "$jvm_min")"
printf '%-58s %6s ms  (minimal %6s ms, %s)\n' "the app's own JVM with a class-data archive (not used)" "$jvm_cds" "$jvm_min" "$(ratio "$jvm_cds" "$jvm_min")"
printf '%-58s %6s ms  (minimal %6s ms, %s)\n' "minimal script with $sources empty //SOURCES, through JBang" "$jbang_many" "$jbang_min" "$(ratio "$jbang_many" "$jbang_min")"
printf '%-58s %6s ms  (minimal %6s ms, %s)\n' "first run, dependencies cached (JBang compiles)" "$first_app" "$first_min" "$(ratio "$first_app" "$first_min")"
printf '%-58s %6s ms\n' "--dry-run --tools claude-code, $json_size settings.json" "$big_json"
printf '%-58s %6s ms\n' "--dry-run --tools shell-env, 100,000-line .bashrc" "$big_profile"
