#!/usr/bin/env bash
# Transparency-log load benchmark on loopback: appends/s and latency with SQLite and with PostgreSQL, tile-read rate
# and p99, and client-side verification of 1,000 inclusion proofs. Bounded: SECONDS per store (default 10) and at
# most MAX appends. Each store is run twice on a fresh log: one submission per request (CLIENTS concurrent clients),
# then BATCH submissions per request to /api/v1/log/entries/batch (8 clients).
# Usage: bench/tlog-load.sh [SECONDS] [CLIENTS] [BATCH]; RUNS="sqlite:1 postgres:100" (store:per-request) picks runs;
# BATCH_CLIENTS=8 concurrent clients in the batched runs; WARMUP=S sets the uncounted warm-up before each append phase (default 10 s: the figure is the sustained rate, after
# the server's hot paths are compiled at tier 1); CLI=r2r|jit how the server's CLI is built (bench/cli.sh, default r2r);
# SERVER_ENV="NAME=VALUE …" runtime settings for the server process only (e.g. DOTNET_TieredPGO=0; default none).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS="${1:-10}"; CLIENTS="${2:-64}"; BATCH="${3:-100}"
CLIDIR=$(mktemp -d)
trap 'rm -rf "$CLIDIR"' EXIT
# shellcheck source=bench/cli.sh
. bench/cli.sh
bench_cli "$CLIDIR"
dotnet build bench/LogLoad -c Release -v q -nologo >/dev/null
LOAD=bench/LogLoad/bin/Release/net10.0/LogLoad.dll
eval "$(.ci/start-postgres.sh)"
PGURI="postgres://postgres@127.0.0.1:${PROVENANT_PG_PORT:-54329}/postgres"
psql -h 127.0.0.1 -p "${PROVENANT_PG_PORT:-54329}" -U postgres -q -c "DROP SCHEMA IF EXISTS provenant_log CASCADE" postgres >/dev/null 2>&1 || true
echo "machine: $(nproc) cores, $(uname -m); clients $CLIENTS; ${SECS} s per store after ${WARMUP:-10} s warm-up; CLI ${CLI:-r2r}${SERVER_ENV:+; server env $SERVER_ENV}; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| store | measure | count | rate | p50 | p99 |"
echo "|---|---|---|---|---|---|"
for run in ${RUNS:-"sqlite:1" "sqlite:$BATCH" "postgres:1" "postgres:$BATCH"}; do
  run="${run/:/ }"
  set -- $run; store=$1; per=$2
  psql -h 127.0.0.1 -p "${PROVENANT_PG_PORT:-54329}" -U postgres -q -c "DROP SCHEMA IF EXISTS provenant_log CASCADE" postgres >/dev/null 2>&1 || true
  D=$(mktemp -d); PORT=$((20000 + RANDOM % 20000))
  # --write-rate 0: the server's per-client-address write limit (200 requests/s by default) would otherwise cap the
  # load generator, which is one address standing for many clients.
  ARGS=(log serve --data "$D" --urls "http://127.0.0.1:$PORT" --write-rate 0)
  [ "$store" = postgres ] && ARGS+=(--store "$PGURI")
  # shellcheck disable=SC2086
  env ${SERVER_ENV:-} dotnet "$CLI_DLL" "${ARGS[@]}" 2>"$D/serve.err" &
  PID=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/checkpoint" >/dev/null && break; sleep 0.2; done
  if [ "$per" = 1 ]; then LARGS=(--clients "$CLIENTS"); else LARGS=(--clients "${BATCH_CLIENTS:-8}" --batch "$per" --max 400000); fi
  dotnet "$LOAD" "http://127.0.0.1:$PORT" "$D/log.token" "$D/log.vkey" "${LARGS[@]}" --seconds "$SECS" --warmup "${WARMUP:-10}" --server-pid "$PID" | sed "s/^|/| $store |/"
  kill "$PID"; wait "$PID" 2>/dev/null || true
  rm -rf "$D"
done
psql -h 127.0.0.1 -p "${PROVENANT_PG_PORT:-54329}" -U postgres -q -c "DROP SCHEMA IF EXISTS provenant_log CASCADE" postgres >/dev/null 2>&1 || true
