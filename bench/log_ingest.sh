#!/usr/bin/env bash
# Log ingestion rate: lines/s from app-logs to stored and queryable in the logger (see
# logger/src/test/java/io/iotp/logger/bench/LogIngestBenchIT.java for what is measured and how).
# Loopback only; bounded by LINES (default 200000) and TIMEOUT seconds (default 300).
#   bench/log_ingest.sh                 # 200,000 lines
#   LINES=500000 bench/log_ingest.sh
# The result is printed and written to logger/target/log-ingest-bench.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f logger/target/log-ingest-bench.txt
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# -am builds what the logger needs (contracts, the starter, test support) from this checkout, so the
# bench runs on a fresh clone; Maven's own output is shown whole when it fails.
if ! flock /tmp/iotp-mvn.lock ./mvnw -B -q -pl logger -am verify \
	-Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
	-Dit.test=LogIngestBenchIT ${STORE:+-Dbench.store=$STORE} -Dbench.lines="${LINES:-200000}" -Dbench.timeout-seconds="${TIMEOUT:-300}" \
	${CONCURRENCY:+-Diotp.logger.ingest.concurrency=$CONCURRENCY} >"$log" 2>&1; then
	cat "$log" >&2
	echo "log_ingest: the benchmark's build or run failed (Maven's output above)" >&2
	exit 1
fi
grep -E '^(log ingestion|  )' "$log" || true
cat logger/target/log-ingest-bench.txt
