#!/usr/bin/python3
"""How readable a GPT-2 tokenizer is on the bundled sample sentences: for every GPT-2 sample
(samples/sentences/index.json, plus default.txt) the fraction of its words (letter runs, with
their leading space, as GPT-2's pre-tokenizer splits them) that are ONE token. Issue 13's bar:
>= 85 % for every sample.

  /usr/bin/python3 tools/train/word_stats.py samples/models/tiny-gpt2 [--min 0.85]

Exit status 1 if a sample is below --min."""
import argparse
import json
import os
import sys

import regex

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gpt2_tokenizer  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
WORD = regex.compile(r"^ ?\p{L}+$")


def sample_files():
    d = os.path.join(ROOT, "samples", "sentences")
    with open(os.path.join(d, "index.json")) as f:
        index = json.load(f)
    files = ["default.txt"] + [s["file"] for s in index["samples"] if s.get("model") == "gpt2"]
    # and every other text of the folder that is not a BERT sentence ([MASK], *-bert.txt)
    files += sorted(f for f in os.listdir(d) if f.endswith(".txt") and not f.endswith("-bert.txt"))
    return [os.path.join(d, f) for f in dict.fromkeys(files)]


def stats(tok, text):
    words = [t for t in gpt2_tokenizer.PAT.findall(text) if WORD.match(t)]
    # pretokenize() of one word is that word, byte-mapped: then count its BPE pieces.
    split = [w.strip() for w in words if len(tok.bpe(gpt2_tokenizer.pretokenize(w)[0])) > 1]
    return len(words), len(words) - len(split), split


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("--min", type=float, default=0.85)
    args = ap.parse_args()
    tok = gpt2_tokenizer.Tokenizer(args.model_dir)
    worst = 1.0
    for path in sample_files():
        with open(path, encoding="utf-8") as f:
            text = f.read()
        n, one, split = stats(tok, text)
        frac = one / n if n else 1.0
        worst = min(worst, frac)
        print(f"{os.path.basename(path):24s} {one:4d}/{n:<4d} words one token: {100 * frac:5.1f} %"
              + (f"   split: {', '.join(split[:8])}" if split else ""))
    print(f"worst sample: {100 * worst:.1f} % (bar {100 * args.min:.0f} %)")
    return 0 if worst >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
