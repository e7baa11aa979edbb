#!/usr/bin/env python3
"""Serial top-k work of a SpAtten workload CSV under the RTL's TopKLatencyModel rules.

For every request with value_fetch_num < key_fetch_num: quick-select the (value_fetch_num - 1)-th
smallest of key_fetch_num random values; each round costs ceil(size / P) + 3 cycles. Prints, for
each P, the sum over all requests, and the RTL harness's bound: TestSpAtten gives the second of
each fused 6-bit pair latency 0, and TopKDummy serves one request at a time (its latency, then one
8-element beat per cycle of the key count rounded up to 8), so the run takes at least the sum of
both. From that bound, the highest GOP/s the harness allows under two op counts: executed
(2 x D x (keys + values)) and kept tokens (2 x D x 2 x keys). Standard library only, independent
of the simulator; the numbers depend on the random data only through the round sizes (seed 1).
Usage: bench/sim/topk_latency.py WORKLOAD.csv [P ...]
"""
import csv
import math
import random
import sys


def latency(values, target, p, rng):
    cycles = 0
    seq = values
    while seq:
        cycles += math.ceil(len(seq) / p) + 3
        pivot = rng.choice(seq)
        left = [x for x in seq if x < pivot]
        right = [x for x in seq if x > pivot]
        eq = len(seq) - len(left) - len(right)
        if len(left) <= target:
            if len(left) + eq > target:
                break
            target -= len(left) + eq
            seq = right
        else:
            seq = left
    return cycles


def main():
    path = sys.argv[1]
    ps = [int(x) for x in sys.argv[2:]] or [1, 2, 4, 8, 16, 32]
    with open(path) as f:
        rows = [r for r in csv.DictReader(f) if r.get("layer_id")]
    reqs = [(int(float(r["key_fetch_num"])), int(float(r["value_fetch_num"])), int(float(r["quant_key_bit"])),
             int(float(r["embedding_length_D"]))) for r in rows]
    executed = sum(2 * d * (n + k) for n, k, _, d in reqs)
    kept = sum(2 * d * 2 * n for n, _, _, d in reqs)
    for p in ps:
        rng = random.Random(1)
        total = harness = 0
        part = 0  # TestSpAtten's batch_part_id: counts consecutive 6-bit rows
        for n, k, bits, _ in reqs:
            lat = latency([rng.random() for _ in range(n)], k - 1, p, rng) if k < n else 0
            total += lat
            lead = bits != 6 or part % 2 == 0
            part = part + 1 if bits == 6 else 0
            harness += (lat if lead else 0) + (n + 7) // 8
        print(f"P={p} requests={len(reqs)} serial_topk_cycles={total} harness_bound_cycles={harness} "
              f"max_gops_executed={executed / harness:.0f} max_gops_kept_tokens={kept / harness:.0f}")


if __name__ == "__main__":
    main()
