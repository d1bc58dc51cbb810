#!/usr/bin/env bash
# Training throughput of the deterministic trainer (samples/s, forward + backward + optimizer step) for the
# shipped digits MLP and Fashion-MNIST CNN configurations at 1 and 2 threads, plus the checkpoint hash of each
# run (identical across thread counts, which is the point). The CNN runs the first STEPS steps of its schedule
# (batch 64); the MLP its full 30 epochs.
# Usage: bench/training-throughput.sh   (env: STEPS=300; needs /usr/share/datasets/fashion-mnist)
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${STEPS:-300}
dotnet build src/Provenant.Cli -c Release -v quiet -nologo >/dev/null
CLI="dotnet $PWD/src/Provenant.Cli/bin/Release/net10.0/provenant.dll"

echo "$(nproc) cores; $(lscpu | sed -n 's/^Model name: *//p'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| model | threads | samples | seconds | samples/s | GFLOP/s | checkpoint sha256 (first 16) |"
echo "|---|---:|---:|---:|---:|---:|---|"
for spec in "digits-mlp" "fashion-cnn --steps $STEPS"; do
  set -- $spec
  name=$1; shift
  for threads in 1 2; do
    out=$(cd samples/models && $CLI train --config "$name/train.json" --threads "$threads" "$@")
    python3 - "$name" "$threads" <<PY
import re, sys
out = """$out"""
m = re.search(r"trained (\d+) samples in ([\d.]+) s \((\d+) samples/s\), ([\d.E+-]+) FLOPs", out)
h = re.search(r"checkpoint sha256 \(step \d+\): ([0-9a-f]{64})", out)
samples, secs, rate, flops = int(m.group(1)), float(m.group(2)), int(m.group(3)), float(m.group(4))
print(f"| {sys.argv[1]} | {sys.argv[2]} | {samples} | {secs:.1f} | {rate} | {flops / max(secs, 1e-9) / 1e9:.2f} | {h.group(1)[:16]} |")
PY
  done
done
