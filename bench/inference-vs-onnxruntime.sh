#!/usr/bin/env bash
# Side-by-side latency: Provenant's float reference engine vs onnxruntime-node 1.30.0 (CPU EP), same models,
# same inputs, one process each, p50 per inference over ITERATIONS runs after WARMUP runs, with 1 and 2
# threads (ORT: intraOpNumThreads, interOpNumThreads=1, sequential; Provenant: EngineOptions.MaxThreads).
# Models: an MLP (ezkl-accuracy: 3 Gemm), a small CNN (wonnx-opt-mnist: 2 Conv + 2 MaxPool + Gemm) and the
# largest model in ../shared/data/models (ezkl-nanoGPT, 0.9 MB). The int8 columns time the integer engine on the
# model quantized by `provenant quantize`'s library path, calibrated on the same input (docs/quantization.md);
# "n/q" = not quantizable (the reason is printed below the table).
# Provenant warms up for at least WARMUP runs and WARMUP_SECONDS (default 2 s) so that tiered JIT compilation has
# reached optimised code; onnxruntime gets WARMUP runs.
# Usage: bench/inference-vs-onnxruntime.sh   (env: WARMUP=50, ITERATIONS=500, WARMUP_SECONDS=2; needs node and
#        `npm ci --ignore-scripts` in tests/ort-reference)
set -euo pipefail
cd "$(dirname "$0")/.."
WARMUP=${WARMUP:-50}
ITERATIONS=${ITERATIONS:-500}
DATA=${PROVENANT_SHARED_DATA:-../shared/data}
[ -d tests/ort-reference/node_modules/onnxruntime-node ] || { echo "run: (cd tests/ort-reference && npm ci --ignore-scripts)" >&2; exit 1; }

dotnet build bench/InferenceBench -c Release -v quiet -nologo >/dev/null
BENCH="dotnet bench/InferenceBench/bin/Release/net10.0/InferenceBench.dll"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

p50() { python3 -c 'import json,sys; print("%.4f" % json.loads(sys.stdin.read().strip().splitlines()[-1])["p50_ms"])'; }

echo "$(nproc) cores; $(lscpu | sed -n 's/^Model name: *//p'); p50 of $ITERATIONS runs after $WARMUP warm-up runs (ms per inference)"
echo
echo "| model | Provenant 1 thread | Provenant 2 threads | ORT 1 thread | ORT 2 threads | Provenant / ORT (1 thread) | int8 1 thread | int8 2 threads | int8 / float (1 thread) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
NOTES=""
for spec in "MLP ezkl-accuracy network.onnx input.json" \
            "small CNN wonnx-opt-mnist opt-mnist.onnx tests/Provenant.Inference.Tests/ModelInputs/wonnx-opt-mnist/7.json" \
            "largest nanoGPT ezkl-nanoGPT network.onnx input.json"; do
  set -- $spec
  if [ "$1" = "small" ] || [ "$1" = "largest" ]; then label="$1 $2"; shift 2; else label=$1; shift; fi
  name=$1; model="$DATA/models/$1/$2"; input=$3
  [ -f "$input" ] || input="$DATA/models/$name/$input"
  ours1=$($BENCH "$model" "$input" 1 "$WARMUP" "$ITERATIONS" "$TMP/in.json" "$TMP/model.onnx" | p50)
  ours2=$($BENCH "$model" "$input" 2 "$WARMUP" "$ITERATIONS" | p50)
  ort1=$(node tests/ort-reference/run.mjs "$TMP/model.onnx" "$TMP/in.json" "$TMP/out.json" --threads 1 --warmup "$WARMUP" --iterations "$ITERATIONS" | p50)
  ort2=$(node tests/ort-reference/run.mjs "$TMP/model.onnx" "$TMP/in.json" "$TMP/out.json" --threads 2 --warmup "$WARMUP" --iterations "$ITERATIONS" | p50)
  ratio=$(python3 -c "print('%.2f' % ($ours1 / $ort1))")
  if int1=$($BENCH --integer "$model" "$input" 1 "$WARMUP" "$ITERATIONS" 2>"$TMP/err" | p50 2>/dev/null); then
    int2=$($BENCH --integer "$model" "$input" 2 "$WARMUP" "$ITERATIONS" | p50)
    iratio=$(python3 -c "print('%.2f×' % ($int1 / $ours1))")
  else
    int1="n/q"; int2="n/q"; iratio="—"
    NOTES="$NOTES\n- $name not quantizable: $(tail -1 "$TMP/err")"
  fi
  echo "| $label ($name) | $ours1 | $ours2 | $ort1 | $ort2 | ${ratio}× | $int1 | $int2 | $iratio |"
done
[ -z "$NOTES" ] || printf "%b\n" "$NOTES"
