#!/usr/bin/env bash
# Provenance API load benchmark on loopback: p50/p99 of the model page API (a real model's chain, every link verified
# by the server), a subject lookup among ENTRIES indexed entries, and POST /api/v1/verify, each under CLIENTS
# concurrent clients for SECONDS. The log (ENTRIES synthetic entries, built directly through the SQLite store, plus
# the demo's real chain) is built in a temporary directory first; `provenant demo` provides the chain's files.
# Usage: bench/explorer-load.sh [ENTRIES] [CLIENTS] [SECONDS]     (defaults 1000000 200 30)
set -euo pipefail
cd "$(dirname "$0")/.."
ENTRIES="${1:-1000000}"; CLIENTS="${2:-200}"; SECS="${3:-30}"
dotnet build bench/ExplorerLoad -c Release -v q -nologo >/dev/null
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
dotnet src/Provenant.Cli/bin/Release/net10.0/provenant.dll demo --work "$W/demo" --samples samples >"$W/demo.log" 2>&1 || { cat "$W/demo.log"; exit 1; }
dotnet bench/ExplorerLoad/bin/Release/net10.0/ExplorerLoad.dll samples "$W/demo" "$W/data" --entries "$ENTRIES" --clients "$CLIENTS" --seconds "$SECS"
