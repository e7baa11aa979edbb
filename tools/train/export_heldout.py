#!/usr/bin/python3
"""Writes the held-out text of the bundled models (Persuasion, chapters 22-24: the part
tools/train/corpus.py keeps out of training; public domain, from r-cran-janeaustenr) to
samples/heldout/persuasion-ch22-24.txt, one paragraph per line. `spatten-cli compare` measures
fidelity on it (docs/policies.md).
    /usr/bin/python3 tools/train/export_heldout.py [--work /tmp/spatten-train]"""
import argparse
import os

import corpus

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="/tmp/spatten-train")
    args = ap.parse_args()
    _, heldout = corpus.load(os.path.join(args.work, "raw"))
    out = os.path.join(ROOT, "samples", "heldout", "persuasion-ch22-24.txt")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(heldout.rstrip("\n") + "\n")
    print(f"{out}: {len(heldout)} characters, {heldout.count(chr(10)) + 1} paragraphs")


if __name__ == "__main__":
    main()
