#!/usr/bin/env bash
# Ligero multilinear PCS (src/Provenant.Proofs/Commitment, docs/proof-system-pcs.md): commit / open / verify time and
# serialized opening-proof size for 2^16, 2^20 and 2^22 evaluations, in one process (bench/PcsBench).
# Usage: bench/pcs.sh [LOG2SIZE...]   (env: RUNS=3, POINTS=1)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
POINTS=${POINTS:-1}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(16 20 22)
dotnet build bench/PcsBench -c Release -v quiet -nologo >/dev/null
dotnet bench/PcsBench/bin/Release/net10.0/PcsBench.dll "$RUNS" "$POINTS" "${SIZES[@]}"
