#!/usr/bin/python3
"""Held-out bits per byte of a GPT-2 model folder, comparable across vocabularies (a perplexity
per token is not: an 8,192-token model's tokens are longer than a 512-token model's).

  /usr/bin/python3 tools/train/heldout_bpb.py MODEL_DIR [--work /tmp/spatten-train] [--write]

Same evaluation as train_tiny.py's held-out perplexity (non-overlapping 256-token windows over the
held-out split, F16 weights computed in float32; every token but the first is predicted once),
divided by ln 2 and by the UTF-8 bytes of the predicted tokens. --write stores it in the folder's
train_log.json ("heldout_bits_per_byte", "heldout_bytes") for make_card.py."""
import argparse
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
import gpt2_tokenizer  # noqa: E402
import head_stats  # noqa: E402
import models  # noqa: E402

SEQ = 256


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("--work", default="/tmp/spatten-train")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(1)
    _, heldout = corpus.load(os.path.join(args.work, "raw"))
    tok = gpt2_tokenizer.Tokenizer(args.model_dir)
    held = tok.encode(heldout)
    _, model = models.load_model(args.model_dir)
    model.eval()
    nll, n = head_stats.gpt2_nll(model, held, SEQ)
    nbytes = sum(len(bytes(gpt2_tokenizer.BYTE_DEC[c] for c in tok.inv[i])) for i in held[1:])
    bpb = nll / math.log(2) / nbytes
    print(f"{args.model_dir}: {n} tokens, {nbytes} bytes, perplexity "
          f"{math.exp(nll / n):.2f}, {bpb:.4f} bits per byte")
    if args.write:
        p = os.path.join(args.model_dir, "train_log.json")
        with open(p) as f:
            m = json.load(f)
        m["heldout_bits_per_byte"] = round(bpb, 4)
        m["heldout_bytes"] = nbytes
        with open(p, "w") as f:
            json.dump(m, f, indent=1)


if __name__ == "__main__":
    main()
