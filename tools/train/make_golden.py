#!/usr/bin/python3
"""Writes tests/data/golden/tiny-gpt2.json and tiny-bert.json from the COMMITTED model
directories (F16 weights, computed in float32), with ids from the Python tokenizers in this
directory (independent of the C++ code under test).

  /usr/bin/python3 tools/train/make_golden.py            # both models, default paths

Fields per case: text, ids, tokens (for reading), attention[layer][head][query][key],
hidden_last_layer[token][d] (GPT-2: output of the last block BEFORE ln_f; BERT: after the last
block's output LayerNorm), logits_last (GPT-2: LM logits at the last position; BERT: MLM logits
at the last [MASK] position), and for BERT with [MASK]: mlm_positions, mlm_argmax.
Floats are rounded to 7 significant digits. Also prints max |float32 - float64| to show the
goldens are far more precise than atol."""
import argparse
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import models  # noqa: E402
import gpt2_tokenizer  # noqa: E402
import bert_tokenizer  # noqa: E402


def _s(name):
    with open(os.path.join(ROOT, "samples", "sentences", name), encoding="utf-8") as f:
        return f.read()


# Short, medium, punctuation/digits, long (100+ tokens). Few cases keep each file under ~3 MB.
GPT2_TEXTS = [
    "Dear Jane,",
    _s("default.txt"),
    _s("punctuation.txt"),
    _s("persuasion.txt") + " " + _s("letter.txt") + " " + _s("emma.txt"),
]
# Two with [MASK] (one with two masks), punctuation/digits, long (~95 tokens, one [MASK]).
BERT_TEXTS = [
    _s("default-bert.txt"),
    _s("masks-bert.txt"),
    _s("punctuation.txt"),
    _s("persuasion.txt").replace("the courage", "the [MASK]") + " " + _s("letter.txt") +
    " She was very glad of it, and wrote to Jane that evening.",
]


def r7(x):
    if isinstance(x, list):
        return [r7(v) for v in x]
    return float(f"{x:.7g}")


def run(model, family, ids):
    x = torch.tensor(ids)[None]
    with torch.no_grad():
        if family == "gpt2":
            logits, hidden, attns = model(x, want_attn=True)
            return logits[0], hidden[0], [a[0] for a in attns]
        hidden, attns = model.encode(x, want_attn=True)
        return model.mlm_logits(hidden[0]), hidden[0], [a[0] for a in attns]


def golden(model_dir, name, out_path):
    cfg, model = models.load_model(model_dir)
    family = cfg["model_type"]
    model64 = models.load_model(model_dir)[1].double()
    if family == "gpt2":
        tok = gpt2_tokenizer.Tokenizer(model_dir)
        texts = GPT2_TEXTS
    else:
        tok = bert_tokenizer.Tokenizer(model_dir)
        texts = BERT_TEXTS
    cases = []
    worst = 0.0
    dev = {"attention": 0.0, "hidden_last_layer": 0.0, "logits_last": 0.0}
    max_hidden = 0.0
    for text in texts:
        ids = tok.encode(text)
        logits, hidden, attns = run(model, family, ids)
        l64, h64, a64 = run(model64, family, ids)
        case = {"text": text, "ids": ids,
                "tokens": [tok.token_str(i) if family == "gpt2" else tok.inv[i] for i in ids],
                "attention": r7(torch.stack(attns).tolist()),
                "hidden_last_layer": r7(hidden.tolist())}
        worst = max(worst, float((hidden.double() - h64).abs().max()),
                    float((torch.stack(attns).double() - torch.stack(a64)).abs().max()))
        dev["hidden_last_layer"] = max(dev["hidden_last_layer"], float((hidden.double() - h64).abs().max()))
        dev["attention"] = max(dev["attention"], float((torch.stack(attns).double() - torch.stack(a64)).abs().max()))
        max_hidden = max(max_hidden, float(hidden.abs().max()))
        if family == "gpt2":
            case["logits_last"] = r7(logits[-1].tolist())
            worst = max(worst, float((logits[-1].double() - l64[-1]).abs().max()))
            dev["logits_last"] = max(dev["logits_last"], float((logits[-1].double() - l64[-1]).abs().max()))
        else:
            pos = [i for i, t in enumerate(ids) if t == tok.mask]
            if pos:
                case["logits_last"] = r7(logits[pos[-1]].tolist())
                case["mlm_positions"] = pos
                case["mlm_argmax"] = [int(logits[p].argmax()) for p in pos]
                case["mlm_argmax_tokens"] = [tok.inv[int(logits[p].argmax())] for p in pos]
                worst = max(worst, float((logits[pos[-1]].double() - l64[pos[-1]]).abs().max()))
                dev["logits_last"] = max(dev["logits_last"], float((logits[pos[-1]].double() - l64[pos[-1]]).abs().max()))
        print(f"{name}: {len(ids)} tokens: {text[:60]!r}", flush=True)
        cases.append(case)
    # hidden_last_layer can hold large values (GPT-2's residual stream reaches |x| ~ 400, where one
    # float32 ulp is 3e-5), so compare with |a - b| <= atol + rtol * |golden|.
    doc = {"model": name, "family": family, "atol": 1e-4, "rtol": 1e-5,
           "note": "compare |cpp - golden| <= atol + rtol*|golden|; f32_vs_f64 is the deviation of "
                   "this float32 computation from float64 on the same F16 weights",
           "max_abs_hidden_last_layer": float(f"{max_hidden:.7g}"),
           "f32_vs_f64_max_abs_diff": {k: float(f"{v:.3g}") for k, v in dev.items()},
           "model_dir": os.path.relpath(model_dir, ROOT), "cases": cases}
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    os.replace(out_path + ".tmp", out_path)
    print(f"{out_path}: {os.path.getsize(out_path)} bytes; max |f32 - f64| = {worst:.2e}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default=os.path.join(ROOT, "samples", "models"))
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "data", "golden"))
    ap.add_argument("--only", choices=["gpt2", "bert"])
    args = ap.parse_args()
    torch.set_num_threads(1)
    for fam in ("gpt2", "bert"):
        if args.only and args.only != fam:
            continue
        name = "tiny-" + fam
        golden(os.path.join(args.models, name), name, os.path.join(args.out, name + ".json"))


if __name__ == "__main__":
    main()
