#!/usr/bin/python3
"""PyTorch reference timing for bench_forward (same shapes, one thread, float32).

Usage: /usr/bin/python3 bench/model/torch_forward.py [--repeats N]
Run with OPENBLAS_NUM_THREADS=1 (torch.set_num_threads does not reach Debian's OpenBLAS).
Prints the median CPU and wall time of a GPT-2 forward on 128 tokens (all layers, logits of the last
position) for the tiny shape (4 layers, 4 heads, d=256, vocab 4096) and the GPT-2-small shape
(12 layers, 12 heads, d=768, vocab 50257), random weights. Exits 0 with a note if torch is
missing.
"""
import argparse
import math
import statistics
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    print("torch is not installed: nothing to compare")
    sys.exit(0)


def make(layers, heads, d, vocab, positions, seed=42):
    g = torch.Generator().manual_seed(seed)
    r = lambda *s, std=0.02: torch.randn(*s, generator=g) * std
    w = {"wte": r(vocab, d), "wpe": r(positions, d, std=0.01), "lnf": (1 + r(d, std=0.1), r(d, std=0.1))}
    w["h"] = [dict(ln1=(1 + r(d, std=0.1), r(d, std=0.1)), ln2=(1 + r(d, std=0.1), r(d, std=0.1)),
                   attn_w=r(d, 3 * d), attn_b=r(3 * d), proj_w=r(d, d), proj_b=r(d),
                   fc_w=r(d, 4 * d), fc_b=r(4 * d), out_w=r(4 * d, d), out_b=r(d)) for _ in range(layers)]
    return w, heads


def forward(w, heads, ids):
    n, d = len(ids), w["wte"].shape[1]
    hd = d // heads
    x = w["wte"][ids] + w["wpe"][:n]
    mask = torch.tril(torch.ones(n, n, dtype=torch.bool))
    for b in w["h"]:
        a = F.layer_norm(x, (d,), *b["ln1"], 1e-5)
        q, k, v = torch.addmm(b["attn_b"], a, b["attn_w"]).split(d, dim=1)
        q, k, v = (t.view(n, heads, hd).transpose(0, 1) for t in (q, k, v))
        s = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        p = F.softmax(s.masked_fill(~mask, torch.finfo(s.dtype).min), dim=-1)
        o = (p @ v).transpose(0, 1).reshape(n, d)
        x = x + torch.addmm(b["proj_b"], o, b["proj_w"])
        m = F.gelu(torch.addmm(b["fc_b"], F.layer_norm(x, (d,), *b["ln2"], 1e-5), b["fc_w"]), approximate="tanh")
        x = x + torch.addmm(b["out_b"], m, b["out_w"])
    last = F.layer_norm(x[-1:], (d,), *w["lnf"], 1e-5)
    return last @ w["wte"].T


def bench(name, shape, repeats):
    w, heads = make(*shape)
    ids = torch.tensor([(i * 7919 + 13) % shape[3] for i in range(128)])
    with torch.no_grad():
        for _ in range(3):
            forward(w, heads, ids)
        wall, cpu = [], []
        for _ in range(repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            forward(w, heads, ids)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    # CPU time is the figure to compare on a shared machine (Google Benchmark's "CPU" column).
    print(f"{name:<24} CPU median {statistics.median(cpu) * 1e3:8.2f} ms   wall median "
          f"{statistics.median(wall) * 1e3:8.2f} ms   ({repeats} runs, torch {torch.__version__}, "
          f"threads {torch.get_num_threads()})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=30)
    args = ap.parse_args()
    torch.set_num_threads(1)
    bench("torch tiny-gpt2 x128", (4, 4, 256, 4096, 256), args.repeats * 5)
    bench("torch gpt2-small x128", (12, 12, 768, 50257, 1024), args.repeats)


if __name__ == "__main__":
    main()
