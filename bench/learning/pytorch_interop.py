#!/usr/bin/python3
"""Loads a FedBus safetensors weight file into the PyTorch twin of unet2d-v1 with
load_state_dict(strict=True) and compares its eval-mode output with TorchSharp's on the same input.
Usage: pytorch_interop.py WEIGHTS INPUT.f32 OUTPUT.f32 N H W"""
import json, struct, sys
import torch
from unet_bench import UNet2d

DTYPES = {"F32": torch.float32, "I64": torch.int64}

def read_safetensors(path):
    blob = open(path, "rb").read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = bytearray(blob[8 + n:])
    tensors = {}
    for name, v in header.items():
        b, e = v["data_offsets"]
        t = torch.frombuffer(data[b:e], dtype=DTYPES[v["dtype"]]).reshape(v["shape"]) if e > b else torch.zeros(v["shape"], dtype=DTYPES[v["dtype"]])
        tensors[name] = t.clone()
    return tensors, meta

def main(weights, inp, out, n, h, w):
    n, h, w = int(n), int(h), int(w)
    state, meta = read_safetensors(weights)
    model = UNet2d()
    result = model.load_state_dict(state, strict=True)
    model.eval()
    x = torch.frombuffer(bytearray(open(inp, "rb").read()), dtype=torch.float32).reshape(n, 1, h, w)
    ours = torch.frombuffer(bytearray(open(out, "rb").read()), dtype=torch.float32).reshape(n, 2, h, w)
    with torch.no_grad():
        theirs = model(x)
    diff = (theirs - ours).abs().max().item()
    agree = (theirs.argmax(1) == ours.argmax(1)).float().mean().item()
    print(f"PyTorch load_state_dict(strict=True): {result}; architecture {meta.get('architecture_id')}")
    print(f"max |PyTorch − TorchSharp| logit difference {diff:.3g}; argmax agreement {agree:.6f}")
    print(f"INTEROP max_abs_diff={diff:.6g} argmax_agreement={agree:.6f}")

if __name__ == "__main__":
    main(*sys.argv[1:])
