#!/usr/bin/python3
"""Independent safetensors reader (Python standard library only).

Usage: safetensors_reader.py FILE
Checks the layout the way the safetensors format defines it (8-byte little-endian header length,
JSON header, data_offsets tiling the data section) and the FedBus payload digest, then prints one
JSON document: metadata, and for each tensor its dtype, shape, element count, SHA-256 of its bytes,
and its first and last values as float.hex / int strings (exact)."""
import hashlib, json, struct, sys
from array import array

SIZES = {"F32": 4, "I64": 8, "F16": 2, "BF16": 2, "F64": 8, "I32": 4, "I8": 1, "U8": 1, "BOOL": 1}

def main(path):
    blob = open(path, "rb").read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    meta = header.pop("__metadata__", {})
    spans = sorted((v["data_offsets"][0], v["data_offsets"][1], k) for k, v in header.items())
    pos = 0
    for b, e, k in spans:
        if b != pos:
            raise SystemExit(f"{k}: gap or overlap at {b}, expected {pos}")
        pos = e
    if pos != len(data):
        raise SystemExit(f"tensors cover {pos} bytes, data section has {len(data)}")
    digest = hashlib.sha256(data).hexdigest()
    if meta.get("payload_sha256") and meta["payload_sha256"] != digest:
        raise SystemExit("payload digest mismatch")
    out = {"metadata": meta, "payload_sha256": digest, "header_bytes": n, "tensors": {}}
    for name, v in header.items():
        b, e = v["data_offsets"]
        count = 1
        for d in v["shape"]:
            count *= d
        if e - b != count * SIZES[v["dtype"]]:
            raise SystemExit(f"{name}: size mismatch")
        raw = data[b:e]
        if v["dtype"] == "F32":
            vals = array("f"); vals.frombytes(raw)
            if sys.byteorder != "little":
                vals.byteswap()
            first, last = float(vals[0]).hex(), float(vals[-1]).hex()
        elif v["dtype"] == "I64":
            vals = array("q"); vals.frombytes(raw)
            first, last = str(vals[0]), str(vals[-1])
        else:
            raise SystemExit(f"{name}: unexpected dtype {v['dtype']}")
        out["tensors"][name] = {"dtype": v["dtype"], "shape": v["shape"], "count": count,
                                "sha256": hashlib.sha256(raw).hexdigest(), "first": first, "last": last}
    json.dump(out, sys.stdout, sort_keys=True)

if __name__ == "__main__":
    main(sys.argv[1])
