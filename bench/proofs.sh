#!/usr/bin/env bash
# Inference proofs (docs/proof-system.md): per model the parameters, layers, gates, advice size, plain integer
# inference time, prover time, prover/inference ratio, peak memory, proof size and verifier time (bench/ProofBench, one
# process per model so peak memory is per model). Models from small to larger to show how verification grows.
# Usage: bench/proofs.sh [MODEL...]   (env: RUNS=3; models: iris-mlp digits-mlp ezkl-3l_relu_conv_fc fashion-cnn, and ezkl-accuracy,
# which fails: its Requantize shifts (40..45) exceed what the requantize gadget keeps below p)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
MODELS=("$@")
[ ${#MODELS[@]} -gt 0 ] || MODELS=(iris-mlp digits-mlp ezkl-3l_relu_conv_fc fashion-cnn)
dotnet build bench/ProofBench -c Release -v quiet -nologo >/dev/null
BENCH=bench/ProofBench/bin/Release/net10.0/ProofBench.dll
echo "$(nproc) cores; best of $RUNS runs after one warm-up (inference: median of 200)"
echo
dotnet "$BENCH" --header
for m in "${MODELS[@]}"; do
  dotnet "$BENCH" "$m" "$RUNS" || echo "| $m | (failed: see above) |"
done
