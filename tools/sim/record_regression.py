#!/usr/bin/env python3
"""Records the simulator regression figures (tests/data/sim/regression.json).

Runs `spatten-cli simulate` for every case of the file and stores, per case, the integer figures
of its summary JSON (cycles, DRAM bytes by kind / layer / channel, DRAM transactions and row hits,
refetches, op counts, per-module busy/stall/idle) and the SHA-256 of its Chrome trace (which pins
every busy interval, top-k round and pruning event of the event log).

This is a regression pin, not a correctness golden: it records what the simulator computes today
so that a redesign can prove it changed nothing. Re-record only in a commit of its own that gives
the before/after figures and the reason (a bug fix, a model retrain).

Usage (from the repository root):
  tools/sim/record_regression.py build/ci/app/cli/spatten-cli [--shared ../shared] [--only NAME...]
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data", "sim", "regression.json")

# Summary-JSON fields pinned by the test (paths into the CLI's JSON, docs/cli.md).
FIGURES = [
    "cycles", "requests", "lsb_refetches", "fifo_overflows",
    "dram_bytes.total", "dram_bytes.by_kind", "dram_bytes.payload_by_kind",
    "dram_bytes.per_layer", "dram_bytes.per_channel",
    "dram.transactions", "dram.row_hits", "dram.row_misses", "dram.refreshes",
    "ops", "modules",
]


def pick(doc, path):
    for key in path.split("."):
        doc = doc[key]
    return doc


def case_args(case, shared):
    args = ["simulate"]
    if "workload" in case:
        args += ["--workload", os.path.join(shared, "workloads", case["workload"])]
    else:
        model = os.path.join(ROOT, "samples", "models", case["model"])
        with open(os.path.join(ROOT, "samples", "sentences", case["text_file"]), encoding="utf-8") as f:
            text = f.read().strip()
        args += ["--model", model, "--text", text, "--preset", case["preset"]]
        if "generate" in case:
            args += ["--generate", str(case["generate"])]
    args += ["--hw", case.get("hw", "spatten"), "--seed", str(case.get("seed", 1))]
    for s in case.get("set", []):
        args += ["--set", s]
    return args


def run_case(cli, case, shared):
    with tempfile.TemporaryDirectory() as d:
        out, trace = os.path.join(d, "sim.json"), os.path.join(d, "trace.json")
        cmd = [cli] + case_args(case, shared) + ["--json", out, "--trace", trace]
        subprocess.run(cmd, check=True)
        with open(out, encoding="utf-8") as f:
            doc = json.load(f)
        with open(trace, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
    return {p: pick(doc, p) for p in FIGURES}, digest


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cli")
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--only", nargs="*", help="re-record only these case names")
    ap.add_argument("--out", default=DATA, help="where to write (default: the file read)")
    a = ap.parse_args()
    with open(DATA, encoding="utf-8") as f:
        data = json.load(f)
    for case in data["cases"]:
        if a.only and case["name"] not in a.only:
            continue
        print(case["name"], file=sys.stderr, flush=True)
        try:
            case["expect"], case["trace_sha256"] = run_case(a.cli, case, a.shared)
            case.pop("error", None)
        except subprocess.CalledProcessError as e:  # recorded, so that a comparison shows it
            case["error"] = str(e)
            print("  failed:", e, file=sys.stderr)
    with open(a.out + ".tmp", "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=False)
        f.write("\n")
    os.replace(a.out + ".tmp", a.out)


if __name__ == "__main__":
    main()
