#!/usr/bin/env bash
# Time to add and to verify C2PA content credentials on a 12-megapixel (4000x3000) JPEG and PNG, against reading
# the file once and hashing it with SHA-256, all in one process (bench/CredentialsBench). Target: under 2x.
# Also prints sha256sum's wall time on the same files for scale. The images (random RGB noise, so neither format
# compresses it away: the worst case for hashing) are written into DIR: the PNG by python3 (zlib), the JPEG by
# cjpeg from the same pixels.
# Usage: bench/credentials.sh [DIR]   (env: RUNS=5; needs cjpeg: apt-get install libjpeg-turbo-progs)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-${BENCH_DIR:-/tmp/provenant-bench-c2pa}}
RUNS=${RUNS:-5}
command -v cjpeg >/dev/null || { echo "cjpeg not found: apt-get install libjpeg-turbo-progs" >&2; exit 1; }
mkdir -p "$DIR"
if [ ! -f "$DIR/12mp.png" ] || [ ! -f "$DIR/12mp.jpg" ]; then
  python3 - "$DIR" <<'PY'
import os, random, struct, sys, zlib
w, h, d = 4000, 3000, sys.argv[1]
rng = random.Random(7)
pixels = rng.randbytes(w * h * 3)
with open(os.path.join(d, "12mp.ppm"), "wb") as f:
    f.write(b"P6\n%d %d\n255\n" % (w, h) + pixels)
raw = b"".join(b"\0" + pixels[y * w * 3:(y + 1) * w * 3] for y in range(h))
def chunk(t, data):
    return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")
open(os.path.join(d, "12mp.png"), "wb").write(png)
PY
  cjpeg -quality 92 -outfile "$DIR/12mp.jpg" "$DIR/12mp.ppm"
  rm -f "$DIR/12mp.ppm"
fi
dotnet build bench/CredentialsBench -c Release -v quiet -nologo >/dev/null
dotnet bench/CredentialsBench/bin/Release/net10.0/CredentialsBench.dll "$RUNS" "$DIR/12mp.jpg" "$DIR/12mp.png"
echo
for f in "$DIR/12mp.jpg" "$DIR/12mp.png"; do
  s=$(date +%s.%N); sha256sum "$f" >/dev/null; e=$(date +%s.%N)
  echo "sha256sum $(basename "$f"): $(python3 -c "print('%.1f ms' % (($e - $s) * 1000))")"
done
