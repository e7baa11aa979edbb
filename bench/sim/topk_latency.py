#!/usr/bin/env python3
"""Serial top-k work of a SpAtten workload CSV under the RTL's TopKLatencyModel rules.

For every request with value_fetch_num < key_fetch_num: quick-select the (value_fetch_num - 1)-th
smallest of key_fetch_num random values; each round costs ceil(size / P) + 3 cycles. Prints the
sum over requests for each P. Standard library only; the numbers depend on the random data only
through the round sizes (seed 1).
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
    reqs = [(int(float(r["key_fetch_num"])), int(float(r["value_fetch_num"]))) for r in rows]
    for p in ps:
        rng = random.Random(1)
        total = 0
        for n, k in reqs:
            if k >= n:
                continue
            total += latency([rng.random() for _ in range(n)], k - 1, p, rng)
        print(f"P={p} requests={len(reqs)} serial_topk_cycles={total}")


if __name__ == "__main__":
    main()
