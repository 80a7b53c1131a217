#!/usr/bin/env bash
# Startup benchmark: time from `iotp up` to every component healthy, and the resident memory of all
# platform processes right after, on a fresh data directory each run (first start: Kafka storage is
# formatted, the directory seeded). Prints per-component start times, then the median of the runs.
#   bench/startup.sh [runs]          (default 3; ports shifted by 2000 so a running platform is not disturbed)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-3}"
OFFSET=2000
WORK="$(mktemp -d "${TMPDIR:-/tmp}/iotp-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

"$ROOT/iotp" --version >/dev/null  # builds on first use
totals=(); memories=()
for run in $(seq 1 "$RUNS"); do
  data="$WORK/run-$run"
  start=$(date +%s.%N)
  "$ROOT/iotp" up --data-dir "$data" --port-offset "$OFFSET" > "$WORK/up-$run.log"
  end=$(date +%s.%N)
  rss_kb=0
  for pidfile in "$data"/run/*.pid; do
    pid=$(cut -d' ' -f1 "$pidfile")
    kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    rss_kb=$((rss_kb + kb))
  done
  "$ROOT/iotp" down --data-dir "$data" --port-offset "$OFFSET" > /dev/null
  total=$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.1f", e - s}')
  totals+=("$total"); memories+=("$((rss_kb / 1024))")
  echo "run $run: all healthy after ${total} s, resident memory ${memories[-1]} MB"
  grep -E '^  [a-z-]+ +up in' "$WORK/up-$run.log" | sed 's/^/    /'
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "median of $RUNS: up ${totals[*]} -> $(median "${totals[@]}") s; memory ${memories[*]} -> $(median "${memories[@]}") MB"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, $(uname -sr), $(date -u +%F)"
