#!/usr/bin/env bash
# Side-by-side benchmark: `provenant digest` (sha256, blake3) against sha256sum and b3sum on the same files.
# Generates a model folder of FILES x SIZE_MIB random files (default 8 x 512 MiB), warms the page cache,
# runs each tool RUNS times (default 3) and prints a table of best wall time, GB/s and peak RSS.
# Usage: bench/digest-vs-coreutils.sh [DIR]   (env: FILES, SIZE_MIB, RUNS; needs b3sum: apt-get install b3sum)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-${BENCH_DIR:-/tmp/provenant-bench-model}}
FILES=${FILES:-8}
SIZE_MIB=${SIZE_MIB:-512}
RUNS=${RUNS:-3}
command -v b3sum >/dev/null || { echo "b3sum not found: apt-get install b3sum" >&2; exit 1; }

dotnet build src/Provenant.Cli -c Release -v quiet -nologo >/dev/null
CLI="dotnet src/Provenant.Cli/bin/Release/net10.0/provenant.dll"

mkdir -p "$DIR"
for i in $(seq 0 $((FILES - 1))); do
  f="$DIR/shard-$i.bin"
  if [ ! -f "$f" ] || [ "$(stat -c %s "$f")" -ne $((SIZE_MIB * 1048576)) ]; then
    head -c $((SIZE_MIB * 1048576)) /dev/urandom > "$f"
  fi
done
total=$((FILES * SIZE_MIB * 1048576))
cat "$DIR"/*.bin > /dev/null   # warm the page cache

# measure NAME CMD...: best wall seconds over RUNS and peak RSS (MiB), via python's rusage of the child.
measure() {
  local name=$1; shift
  python3 - "$RUNS" "$total" "$name" "$@" <<'PY'
import os, resource, subprocess, sys, time
runs, total, name, cmd = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
best, peak = None, 0
for _ in range(runs):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, err = p.communicate()
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"{name} failed: {err.decode()[:300]}")
    best = dt if best is None else min(best, dt)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"| {name:<40} | {best:8.2f} | {total / best / 1e9:6.2f} | {peak:8.0f} |")
PY
}

echo "Model: $FILES files x $SIZE_MIB MiB = $((total / 1048576)) MiB in $DIR; $(nproc) cores; best of $RUNS runs, page cache warm"
echo
echo "| tool                                     | wall (s) |   GB/s | peak RSS (MiB) |"
echo "|------------------------------------------|----------|--------|----------------|"
measure "sha256sum (1 process, all files)" sha256sum "$DIR"/*.bin
measure "provenant digest --hash-type sha256" $CLI digest "$DIR" --hash-type sha256
measure "provenant digest --shards (sha256)" $CLI digest "$DIR" --hash-type sha256 --shards
measure "b3sum (default: multi-threaded)" b3sum "$DIR"/*.bin
measure "b3sum --num-threads 1" b3sum --num-threads 1 "$DIR"/*.bin
measure "provenant digest --hash-type blake3" $CLI digest "$DIR" --hash-type blake3
