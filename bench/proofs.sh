#!/usr/bin/env bash
# Inference proofs (docs/proof-system.md): per model the parameters, layers, gates, advice size, plain integer
# inference time, prover time, prover/inference ratio, peak memory, proof size and verifier time (bench/ProofBench, one
# process per model so peak memory is per model). Models from small to large to show how verification grows.
#
# The three larger Fashion-MNIST models (fashion-mlp-1m: 1.19M parameters, fashion-cnn-264k: 263,766, fashion-dense-4m:
# 3,885,322) are trained here, briefly and deterministically, with `provenant train` from bench/proof-models/*.train.json
# into $PROOF_MODELS (default: a temporary folder, removed at the end); their files never go in the repository.
# ProofBench quantizes every model in-process (calibrated on 256 dataset samples) and commits its weights under the
# default PCS profile (conjectured, docs/proof-system-pcs.md) before timing.
#
# Usage: bench/proofs.sh [MODEL...]   (env: RUNS=3; PROOF_MODELS=DIR to keep/reuse the trained models;
#        PROOF_PROFILE=1 prints the prover's per-step times and the verifier's phases on stderr)
# Models: iris-mlp digits-mlp digits-mlp-softmax digits-mlp-layernorm ezkl-3l_relu_conv_fc fashion-cnn fashion-mlp-1m fashion-cnn-264k fashion-dense-4m, and
# ezkl-accuracy, which fails: its Requantize shifts (40..45) exceed what the requantize gadget keeps below p.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
MODELS=("$@")
[ ${#MODELS[@]} -gt 0 ] || MODELS=(iris-mlp digits-mlp ezkl-3l_relu_conv_fc fashion-cnn fashion-mlp-1m fashion-cnn-264k fashion-dense-4m)
if [ -z "${PROOF_MODELS:-}" ]; then
  PROOF_MODELS=$(mktemp -d)
  trap 'rm -rf "$PROOF_MODELS"' EXIT
fi
export PROOF_MODELS
dotnet build bench/ProofBench -c Release -v quiet -nologo >/dev/null
for m in "${MODELS[@]}"; do
  config=bench/proof-models/$m.train.json
  if [ -f "$config" ] && [ ! -f "$PROOF_MODELS/$m.onnx" ]; then
    [ -f src/Provenant.Cli/bin/Release/net10.0/provenant.dll ] || dotnet build src/Provenant.Cli -c Release -v quiet -nologo >/dev/null
    echo "training $m ($config) into $PROOF_MODELS" >&2
    dotnet src/Provenant.Cli/bin/Release/net10.0/provenant.dll train --config "$config" --out "$PROOF_MODELS/$m.onnx" --threads "$(nproc)" >&2
  fi
done
BENCH=bench/ProofBench/bin/Release/net10.0/ProofBench.dll
echo "$(nproc) cores; best of $RUNS runs after one warm-up (inference: median of 200); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
dotnet "$BENCH" --header
for m in "${MODELS[@]}"; do
  dotnet "$BENCH" "$m" "$RUNS" || echo "| $m | (failed: see above) |"
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
