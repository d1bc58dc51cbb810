# Independent reference for DeterminismTests: Ligero commitment root of f[i] = i - 512, i < 1024 (n = 10).
# Usage: python3 ligero_root.py [C RATE]  (default 7 2: provable profile, rho = 1/4; 6 3: conjectured profile, rho = 1/8)
import hashlib, sys
p = 2**64 - 2**32 + 1
n = 10
c, rate = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (7, 2)
k, ncode, rows = 1 << c, 1 << (c + rate), 1 << (n - c)
f = [(i - 512) % p for i in range(1 << n)]
w = pow(7, (p - 1) >> (c + rate), p)
logn = c + rate
def bitrev(j): return int(format(j, f'0{logn}b')[::-1], 2)
enc = []
for r in range(rows):
    coeffs = f[r * k:(r + 1) * k]
    row = []
    for j in range(ncode):
        x = pow(w, bitrev(j), p)
        acc = 0
        for a in reversed(coeffs): acc = (acc * x + a) % p
        row.append(acc)
    enc.append(row)
level = [hashlib.sha256(b'\x00' + b''.join(enc[r][j].to_bytes(8, 'little') for r in range(rows))).digest() for j in range(ncode)]
while len(level) > 1:
    level = [hashlib.sha256(b'\x01' + level[i] + level[i + 1]).digest() for i in range(0, len(level), 2)]
print(level[0].hex())
