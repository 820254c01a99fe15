#!/usr/bin/env python3
"""The numpy reference of bench/aggregation: server-side aggregation as Flower does it.

Written after the structure of Flower's flwr/server/strategy/aggregate.py (Apache-2.0): a model is a list of
per-layer ndarrays (NDArrays); FedAvg multiplies every layer by its sample count and adds the layers up with
reduce(np.add); Flower's default since 1.x, the "in-place" FedAvg, deserialises each update (a copy, as
parameters_to_ndarrays does) and scales/adds it into the first one; the median is np.median over the stacked layer;
Krum flattens every model into one vector and fills the full K×K matrix of squared distances.

Only the float32 tensors are handed to numpy (Flower would cast BatchNorm's int64 counters to float64 and, for Krum,
flatten everything as float64 — a cost we do not charge it).

  flower_numpy.py --serve DIR K     reads commands ("fedavg", "fedavg-inplace", "median", "krum F", "sum", "quit")
                                    on stdin, answers "OK <wall s> <CPU s> <checksum>" per command
  flower_numpy.py --rss OP DIR K    one operation in this fresh process: "RSS <bytes before> <peak bytes> <checksum>"
"""
import functools
import json
import struct
import sys
import time

import numpy as np


def read_update(path):
    """Raw bytes and zero-copy float32 layers (name order) of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    layers = []
    for name in sorted(header):
        e = header[name]
        if e["dtype"] != "F32":
            continue
        begin, end = e["data_offsets"]
        layers.append(np.frombuffer(data, dtype=np.float32, count=(end - begin) // 4, offset=8 + n + begin).reshape(e["shape"]))
    return data, layers


def fedavg(results):
    """Sample-weighted mean, layer by layer: scaled copies, summed with reduce(np.add), divided by the total."""
    total = sum(count for _, count in results)
    scaled = [[layer * count for layer in layers] for layers, count in results]
    return [functools.reduce(np.add, per_layer) / total for per_layer in zip(*scaled)]


def fedavg_inplace(results):
    """Flower's in-place FedAvg: each update deserialised (copied), scaled and added into the first, in place."""
    total = sum(count for _, count in results)
    factors = [count / total for _, count in results]

    def deserialise(layers):
        return [np.array(layer, copy=True) for layer in layers]

    acc = [np.multiply(x, factors[0], out=x) for x in deserialise(results[0][0])]
    for i in range(1, len(results)):
        update = (np.multiply(x, factors[i], out=x) for x in deserialise(results[i][0]))
        acc = [np.add(a, u, out=a) for a, u in zip(acc, update)]
    return acc


def median(results):
    models = [layers for layers, _ in results]
    return [np.median(np.asarray(per_layer), axis=0) for per_layer in zip(*models)]


def squared_distances(models):
    flat = np.array([np.concatenate(layers, axis=None).ravel() for layers in models])
    k = len(models)
    d = np.zeros((k, k))
    for i in range(k):
        for j in range(k):
            d[i, j] = np.linalg.norm(flat[i] - flat[j]) ** 2
    return d


def krum(results, f):
    models = [layers for layers, _ in results]
    d = squared_distances(models)
    closest = max(1, len(models) - f - 2)
    scores = [np.sum(d[i, np.argsort(d[i])[1:closest + 1]]) for i in range(len(models))]
    return models[int(np.argmin(scores))]


def total(layers):
    return float(sum(np.sum(layer, dtype=np.float64) for layer in layers))


def load(directory, k):
    data = [read_update(f"{directory}/site-{i:02d}.safetensors") for i in range(k)]
    counts = json.load(open(f"{directory}/samples.json"))
    return data, [(layers, counts[i]) for i, (_, layers) in enumerate(data)]


def run(op, results):
    """(wall seconds, CPU seconds, checksum): the times cover the aggregation, not the checksum taken afterwards."""
    name, *args = op.split()
    start, cpu = time.perf_counter(), time.process_time()
    if name == "fedavg":
        out = fedavg(results)
    elif name == "fedavg-inplace":
        out = fedavg_inplace(results)
    elif name == "median":
        out = median(results)
    elif name == "krum":
        out = krum(results, int(args[0]))
    elif name == "sum":
        out = sum(float(np.sum(layer)) for layers, _ in results for layer in layers)
    else:
        raise ValueError(f"unknown operation {op!r}")
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return wall, cpu, out if isinstance(out, float) else total(out)


def memory(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(field)


def main():
    if sys.argv[1] == "--serve":
        _, results = load(sys.argv[2], int(sys.argv[3]))
        print(f"READY numpy {np.__version__}", flush=True)
        for line in sys.stdin:
            op = line.strip()
            if op == "quit":
                break
            wall, cpu, checksum = run(op, results)
            print(f"OK {wall:.6f} {cpu:.6f} {checksum!r}", flush=True)
    elif sys.argv[1] == "--rss":
        op = sys.argv[2].replace("_", " ")
        _, results = load(sys.argv[3], int(sys.argv[4]))
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the peak (VmHWM) to the current RSS
        before = memory("VmRSS")
        _, _, checksum = run(op, results)
        print(f"RSS {before} {memory('VmHWM')} {checksum!r}", flush=True)


if __name__ == "__main__":
    main()
