#!/usr/bin/env python3
"""Independent computation of the expected values in TensorCommitmentTests (standard library only).

Leaf (docs/tensor-commitments.md): "provenant-tensor-leaf-v1" | u32be len(name) | name | u32be len(dtype) | dtype
| u32be rank | rank x u64be dim | u64be byte_length | SHA-256(data); leaf hash SHA-256(0x00 | leaf); RFC 9162 tree
over tensors sorted by UTF-8 name bytes. Run from ../shared/data/weights.
"""
import hashlib, json, struct

H = lambda b: hashlib.sha256(b).digest()

def leaf(name, dtype, shape, data):
    n = name.encode()
    return (b"provenant-tensor-leaf-v1" + struct.pack(">I", len(n)) + n + struct.pack(">I", len(dtype)) + dtype.encode()
            + struct.pack(">I", len(shape)) + b"".join(struct.pack(">Q", d) for d in shape)
            + struct.pack(">Q", len(data)) + H(data))

def mth(leaves):
    if not leaves: return H(b"")
    if len(leaves) == 1: return leaves[0]
    k = 1
    while k * 2 < len(leaves): k *= 2
    return H(b"\x01" + mth(leaves[:k]) + mth(leaves[k:]))

e = leaf("fc.weight", "F32", [2, 3], bytes(range(24)))
print("encoding", e.hex())
print("leaf", H(b"\0" + e).hex())
for f in ["safetensors/hf-samples/overall.safetensors", "safetensors/burn-mnist.safetensors"]:
    b = open(f, "rb").read()
    n = struct.unpack("<Q", b[:8])[0]
    header, buf = json.loads(b[8:8 + n]), b[8 + n:]
    items = sorted(((k, v) for k, v in header.items() if k != "__metadata__"), key=lambda kv: kv[0].encode())
    leaves = [H(b"\0" + leaf(k, v["dtype"], v["shape"], buf[v["data_offsets"][0]:v["data_offsets"][1]])) for k, v in items]
    print(f, len(leaves), mth(leaves).hex())
