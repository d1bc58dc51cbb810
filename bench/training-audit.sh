#!/usr/bin/env bash
# Proof-of-learning log and sampled audit benchmark (docs/training.md, "Benchmark: training audit"):
# training throughput with and without the log, audit cost as a fraction of training time at 1/5/10 % sampling,
# detection probability vs forged fraction (real sampler over many random forgeries, and real forged runs audited
# end to end), and what a tolerance-based proof-of-learning check would accept on the same forged segments.
# Usage: bench/training-audit.sh   (env: TRIALS=20000 random forgeries per cell, FORGED_RUNS=10, STEPS=200 CNN steps)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/TrainingAuditBench -c Release -v quiet -nologo >/dev/null
echo "$(lscpu | sed -n 's/^Model name: *//p')"
dotnet bench/TrainingAuditBench/bin/Release/net10.0/TrainingAuditBench.dll "$PWD"
