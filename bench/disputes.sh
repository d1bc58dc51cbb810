#!/usr/bin/env bash
# Optimistic verification costs (docs/disputes.md): per model, the claim's overhead over plain integer inference
# (trace hashing; and keeping every tensor, which the claimant needs to defend the claim), the dispute's rounds
# against ⌈log2 nodes⌉, the bytes the two parties exchange, and the referee's work as a fraction of one full
# inference (re-executing the disputed node alone; and all of its checks: signatures, openings, re-execution),
# over one game per node in which the claimant lies about that node. Medians of RUNS interleaved runs, 1 engine thread.
# A second table puts trace format 3 (segmented commitments, default g) beside format 2: claim overhead, rounds, bytes,
# and the referee's work (a) one node against an inference with prebuilt kernels and (b) from scratch (read the model,
# build its skeleton, authenticate the claims, replay every move, re-execute) against a full re-execution from scratch
# (read the model, hash the file, build the engine, run), with the signature checks timed apart and (b') the referee
# given only the model's skeleton bytes instead of the model file. A third gives the format-3 claim overhead for g = 0…9.
# Models: the shipped digits MLP, MNIST CNN and Fashion-MNIST CNN (quantized in process), ezkl-nanoGPT from ../shared
# (123 quantized nodes, calibrated and run on its token-id input) when present, and a synthetic 128-layer MLP.
# A fourth table plays the same games under claims whose disputes cut node outputs into 2^h row chunks (CHUNK_BITS=h, default 6, the most `provenant claim` chooses).
# Usage: bench/disputes.sh   (env: RUNS=200, CHUNK_BITS=6, PER_OP=1)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-200}
# The largest shared model (ezkl-nanoGPT, 123 quantized nodes), calibrated and run on its token-id input, when ../shared is there.
G=../shared/data/models/ezkl-nanoGPT
NANOGPT=()
[ -f "$G/network.onnx" ] && NANOGPT=("$G/network.onnx=$G/input.json")
dotnet build bench/DisputesBench -c Release -v quiet -nologo >/dev/null
# Tier methods up after 30 calls without the default 100 ms wait for JIT activity to stop: the bench JITs new code all
# along, so without this a referee step reached by few games (nanoGPT's 4 QSoftmax nodes) would be timed in tier-0 code.
# The shipped CLI is ReadyToRun (optimized code from the first call); a long-running referee reaches tier 1 anyway.
export DOTNET_TC_CallCountingDelayMs=0
echo "$(nproc) cores; $(lscpu | sed -n 's/^Model name: *//p'); load average $(cut -d' ' -f1-3 /proc/loadavg); medians of $RUNS runs"
echo
dotnet bench/DisputesBench/bin/Release/net10.0/DisputesBench.dll "$RUNS" \
  samples/models/digits-mlp/digits-mlp.onnx samples/models/mnist-cnn/opt-mnist.onnx samples/models/fashion-cnn/fashion-cnn.onnx \
  ${NANOGPT[@]+"${NANOGPT[@]}"}
