#!/usr/bin/python3
"""Independent reference for FedBus.Learning.Metrics (Python standard library only).

Reads JSON from stdin: {"segmentation": [{"h","w","pred","ref","cls"}...],
"auc": [{"scores","labels"}...], "detection": [{"images": [{"dets": [[x0,y0,x1,y1,cls,score]...],
"refs": [[x0,y0,x1,y1,cls]...]}...]}...]} and writes the same structure of results to stdout.
Algorithms deliberately differ from the C# ones where they can: AUC by counting all
positive/negative pairs, percentiles by statistics.quantiles, boundaries by neighbour sets."""
import json, math, statistics, sys


def dice_iou(pred, ref, c):
    p = {i for i, v in enumerate(pred) if v == c}
    r = {i for i, v in enumerate(ref) if v == c}
    if not p and not r:
        return 1.0, 1.0
    inter = len(p & r)
    return 2 * inter / (len(p) + len(r)), inter / len(p | r)


def boundary(mask, h, w, c):
    inside = {(i // w, i % w) for i, v in enumerate(mask) if v == c}
    out = []
    for (y, x) in inside:
        neighbours = [(y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)]
        if any(not (0 <= ny < h and 0 <= nx < w) or (ny, nx) not in inside for ny, nx in neighbours):
            out.append((y, x))
    return out


def hd95(pred, ref, h, w, c):
    a, b = boundary(pred, h, w, c), boundary(ref, h, w, c)
    if not a and not b:
        return 0.0
    if not a or not b:
        return "inf"

    def directed(src, dst):
        d = [min(math.hypot(y - ty, x - tx) for ty, tx in dst) for y, x in src]
        if len(d) == 1:
            return d[0]
        return statistics.quantiles(d, n=100, method="inclusive")[94]
    return max(directed(a, b), directed(b, a))


def auc(scores, labels):
    pos = [s for s, l in zip(scores, labels) if l]
    neg = [s for s, l in zip(scores, labels) if not l]
    total = 0.0
    for p in pos:
        for n in neg:
            total += 1.0 if p > n else 0.5 if p == n else 0.0
    return total / (len(pos) * len(neg))


def iou(a, b):
    ix = min(a[2], b[2]) - max(a[0], b[0])
    iy = min(a[3], b[3]) - max(a[1], b[1])
    if ix <= 0 or iy <= 0:
        return 0.0
    inter = ix * iy
    area = lambda r: (r[2] - r[0]) * (r[3] - r[1])
    return inter / (area(a) + area(b) - inter)


def average_precision(images, c, thr):
    total = sum(1 for im in images for r in im["refs"] if r[4] == c)
    dets = []
    for k, im in enumerate(images):
        for d in im["dets"]:
            if d[4] == c:
                dets.append((-d[5], len(dets), k, d))
    dets.sort()
    taken = [[False] * len(im["refs"]) for im in images]
    hits = []
    for _, _, k, d in dets:
        best, best_iou = None, thr
        for j, r in enumerate(images[k]["refs"]):
            if r[4] != c or taken[k][j]:
                continue
            v = iou(d, r)
            if v >= best_iou:
                best, best_iou = j, v
        if best is not None:
            taken[k][best] = True
        hits.append(best is not None)
    # Precision at each recall level, made monotone from the right, summed over recall steps.
    tp = 0
    points = []
    for i, hit in enumerate(hits):
        tp += hit
        points.append((tp / total, tp / (i + 1)))
    ap, last_recall = 0.0, 0.0
    for i, (rec, _) in enumerate(points):
        envelope = max(p for _, p in points[i:])
        ap += (rec - last_recall) * envelope
        last_recall = rec
    return ap


def mean_ap(images, thr=0.5):
    classes = sorted({r[4] for im in images for r in im["refs"]})
    return sum(average_precision(images, c, thr) for c in classes) / len(classes)


def main():
    data = json.load(sys.stdin)
    out = {"segmentation": [], "auc": [], "detection": []}
    for s in data["segmentation"]:
        d, j = dice_iou(s["pred"], s["ref"], s["cls"])
        out["segmentation"].append({"dice": d, "iou": j, "hd95": hd95(s["pred"], s["ref"], s["h"], s["w"], s["cls"])})
    for a in data["auc"]:
        out["auc"].append(auc(a["scores"], a["labels"]))
    for det in data["detection"]:
        out["detection"].append(mean_ap(det["images"]))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
