#!/usr/bin/env bash
# Proof-of-learning log and sampled audit benchmark (docs/training.md, "Benchmark: training audit"):
# training throughput with and without the log, audit cost as a fraction of training time at 1/5/10 % sampling,
# detection probability vs forged fraction (real sampler over many random forgeries, and real forged runs audited
# end to end), and what a tolerance-based proof-of-learning check would accept on the same forged segments; then the
# Fashion-MNIST CNN end to end through the CLI: `train` without and with the log, `audit-training` at 1/5/10 % and
# at --detection 0.99, each a fresh process timed by /usr/bin/time (wall and user+system CPU, both sides in this run).
# Usage: bench/training-audit.sh
#   env: TRIALS=20000 random forgeries per cell, FORGED_RUNS=10 (digits), STEPS=200 CNN throughput steps,
#        CNN=short|full|none (short: one epoch, 938 steps, default; full: the sample config's two epochs, 1876 steps),
#        CNN_K="1 auto" checkpoint intervals to log and audit, FORGED_CNN_RUNS=0 forged CNN runs (each a whole training),
#        CLI=r2r|jit how the CLI under test is built (bench/cli.sh; r2r, the default, is the installed ReadyToRun form).
#        Training and audit always run the same binary.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/TrainingAuditBench -c Release -v quiet -nologo >/dev/null
echo "$(lscpu | sed -n 's/^Model name: *//p')"
dotnet bench/TrainingAuditBench/bin/Release/net10.0/TrainingAuditBench.dll "$PWD"

CNN=${CNN:-short}
if [ "$CNN" = none ] || [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then exit 0; fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
# shellcheck source=bench/cli.sh
. bench/cli.sh
bench_cli "$W/cli"
P=(dotnet "$CLI_DLL")
cfg=samples/models/fashion-cnn/train.json
if [ "$CNN" = short ]; then sed 's/"epochs": 2/"epochs": 1/' "$cfg" > "$W/train.json"; cfg="$W/train.json"; fi

# timed NAME CMD…: runs CMD (output in $W/NAME.out) and sets WALL and CPU (user + system seconds)
timed() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$W/$name.time" "$@" > "$W/$name.out" 2>&1 || { echo "FAILED: $*"; cat "$W/$name.out"; exit 1; }
  read -r WALL user sys < "$W/$name.time"
  CPU=$(echo "$user + $sys" | bc -l)
}
pct() { echo "scale=2; 100 * ($1) / ($2)" | bc -l; }

echo
echo "Fashion-MNIST CNN ($CNN: $(grep -o '"epochs": [0-9]*' "$cfg")), CLI ${CLI:-r2r}, 1 thread, every figure a fresh CLI process; load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo
timed plain "${P[@]}" train --config "$cfg"
PLAIN_WALL=$WALL PLAIN_CPU=$CPU
echo "train, no log: wall ${PLAIN_WALL} s, CPU ${PLAIN_CPU} s"
echo
echo "| K | steps | segments | train with log wall / CPU s | log overhead (CPU) | audit | segments re-executed | fraction of steps | audit wall / CPU s | audit / logged training (wall, CPU) | audit / unlogged training (CPU) | detection if 10 % of segments forged | verdict |"
echo "|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|"
for K in ${CNN_K:-1 auto}; do
  timed "train-$K" "${P[@]}" train --config "$cfg" --log "$W/log-$K" --checkpoint-every "$K" --nonce 01 --out "$W/m-$K.onnx"
  TW=$WALL TC=$CPU
  steps=$(sed -n 's/^trained \([0-9]*\) steps.*/\1/p' "$W/train-$K.out")
  segments=$(sed -n 's/.* leaves, \([0-9]*\) segments of ≤ \([0-9]*\) steps.*/\1/p' "$W/train-$K.out")
  k=$(sed -n 's/.* segments of ≤ \([0-9]*\) steps.*/\1/p' "$W/train-$K.out")
  for mode in "--sample-fraction 0.01" "--sample-fraction 0.05" "--sample-fraction 0.10" "--detection 0.99"; do
    # shellcheck disable=SC2086
    timed audit "${P[@]}" audit-training --log "$W/log-$K" --dataset "$W/log-$K/dataset.json" --model "$W/m-$K.onnx" $mode
    sampled=$(grep -c '^ok   segment' "$W/audit.out" || true)
    frac=$(sed -n 's/^re-executed [0-9]* of [0-9]* steps (\(.*\))$/\1/p' "$W/audit.out")
    det=$(sed -n 's/.*(detection ≥ \(.*\))$/\1/p' "$W/audit.out")
    verdict=$(sed -n 's/^verdict: //p' "$W/audit.out")
    echo "| $k | $steps | $segments | $TW / $TC | $(pct "$TC - $PLAIN_CPU" "$PLAIN_CPU") % | ${mode#--} (+ top-Q 2) | $sampled | $frac | $WALL / $CPU | $(pct "$WALL" "$TW") % / $(pct "$CPU" "$TC") % | $(pct "$CPU" "$PLAIN_CPU") % | $det | $verdict |"
    last_phases=$(grep '^phases' "$W/audit.out")
  done
  echo
  echo "K=$k, --detection 0.99 audit $last_phases"
  echo
done
echo "load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
