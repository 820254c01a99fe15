#!/usr/bin/python3
"""PyTorch twin of FedBus.Learning's unet2d-v1 (same layers, names, loss, optimiser) for the step-time
comparison. FedBus.Learning.Bench drives it with --serve, alternating blocks of its own steps with
blocks of these so both see the same machine load; it also runs alone:
    /usr/bin/python3 bench/learning/unet_bench.py --threads 2 --steps 30
Alone it prints one machine-readable line: RESULT step_ms=... mc8_ms=... (medians).
--serve reads commands from stdin ("train K", "mc K", "quit") and answers each with one line
"WALL t1 t2 ... CPU c1 c2 ..." in milliseconds."""
import argparse, statistics, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, dropout):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.norm1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.norm2 = nn.BatchNorm2d(cout)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        x = F.relu(self.norm1(self.conv1(x)), inplace=True)
        x = F.relu(self.norm2(self.conv2(x)), inplace=True)
        return self.drop(x)


class UNet2d(nn.Module):
    """unet2d-v1:in=1,classes=2,levels=3,width=16,dropout=0.1,norm=batch"""
    def __init__(self, cin=1, classes=2, levels=3, width=16, dropout=0.1):
        super().__init__()
        self.encoders = nn.ModuleList()
        ch = cin
        for level in range(levels):
            out = width << level
            self.encoders.append(ConvBlock(ch, out, dropout if level == levels - 1 else 0.0))
            ch = out
        self.ups = nn.ModuleList()
        self.decoders = nn.ModuleList()
        for level in range(levels - 2, -1, -1):
            out = width << level
            self.ups.append(nn.ConvTranspose2d(ch, out, 2, stride=2))
            self.decoders.append(ConvBlock(2 * out, out, dropout))
            ch = out
        self.head = nn.Conv2d(ch, classes, 1)

    def forward(self, x):
        skips = []
        for i, enc in enumerate(self.encoders):
            x = enc(x)
            if i < len(self.encoders) - 1:
                skips.append(x)
                x = F.max_pool2d(x, 2)
        for j, (up, dec) in enumerate(zip(self.ups, self.decoders)):
            x = dec(torch.cat([skips[-1 - j], up(x)], 1))
        return self.head(x)


def mc_dropout_mode(model):
    model.eval()
    for m in model.modules():
        if isinstance(m, nn.Dropout):
            m.train()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--size", type=int, default=128)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--serve", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = UNet2d()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    x = torch.rand(a.batch, 1, a.size, a.size)
    y = (x[:, 0] > 0.5).long()

    def step():
        model.train()
        t = time.perf_counter()
        c = time.process_time()
        opt.zero_grad()
        out = model(x)
        ce = F.cross_entropy(out, y)
        p = F.softmax(out, 1)[:, 1:2]
        g = y.unsqueeze(1).float()
        dice = (2 * (p * g).sum() + 1e-5) / (p.sum() + g.sum() + 1e-5)
        loss = ce + 1 - dice
        loss.backward()
        opt.step()
        loss.item()
        cpu.append((time.process_time() - c) * 1000)
        return (time.perf_counter() - t) * 1000

    cpu = []
    one = x[:1]
    def mc8():
        t = time.perf_counter()
        c = time.process_time()
        mc_dropout_mode(model)
        with torch.no_grad():
            xin = (one - one.mean()) / one.std().clamp_min(1e-6)
            probs = F.softmax(model(xin.repeat(8, 1, 1, 1)), 1)
            mean = probs.mean(0)
            ent = -(mean.clamp_min(1e-12).log() * mean).sum(0)
            exp_ent = -(probs.clamp_min(1e-12).log() * probs).sum(1).mean(0)
            mi = (ent - exp_ent).clamp_min(0)
            _ = (mean.argmax(0).numpy(), ent.numpy(), mi.numpy())
        model.eval()
        cpu.append((time.process_time() - c) * 1000)
        return (time.perf_counter() - t) * 1000

    if a.serve:
        print(f"READY PyTorch {torch.__version__} params={sum(p.numel() for p in model.parameters())}", flush=True)
        for line in sys.stdin:
            cmd, *rest = line.split()
            if cmd == "quit":
                break
            k = int(rest[0])
            cpu.clear()
            fn = step if cmd == "train" else mc8
            wall = [fn() for _ in range(k)]
            print("WALL " + " ".join(f"{v:.3f}" for v in wall) + " CPU " + " ".join(f"{v:.3f}" for v in cpu), flush=True)
        return

    for _ in range(a.warmup):
        step()
    cpu.clear()
    times = [step() for _ in range(a.steps)]
    srt = sorted(times)
    print(f"PyTorch {torch.__version__} train step median {statistics.median(times):7.1f} ms  p10 {srt[len(srt) // 10]:.1f}  (min {min(times):.1f}, max {max(times):.1f})")

    for _ in range(3):
        mc8()
    mc = [mc8() for _ in range(20)]
    print(f"PyTorch MC-dropout 8 passes median {statistics.median(mc):.1f} ms")
    print(f"PyTorch train step CPU time median {statistics.median(cpu):.1f} ms")
    print(f"RESULT step_cpu_ms={statistics.median(cpu):.3f} step_ms={statistics.median(times):.3f} step_p10_ms={srt[len(srt) // 10]:.3f} mc8_ms={statistics.median(mc):.3f} params={sum(p.numel() for p in model.parameters())}")


if __name__ == "__main__":
    main()
