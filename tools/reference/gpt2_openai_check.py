#!/usr/bin/env python3
"""Cross-checks tests/data/tokenizer/gpt2_golden.json against OpenAI's own GPT-2 encoder algorithm.

The encoder below is OpenAI's gpt-2/src/encoder.py (MIT), unchanged except that it takes the
vocabulary paths as arguments. It needs the `regex` module (pip install regex); the system
/usr/bin/python3 lacks it, the pyenv `python3` has it. For every case where the JS port
(gpt-3-encoder) gives different ids, the case gets "openai_ids" (the ground truth, which the C++
test compares against) and "js_ids" (what the JS port gave), and the file is rewritten.

usage: python3 tools/reference/gpt2_openai_check.py [golden.json] [vocab.json] [merges.txt]
"""
import json
import sys
from functools import lru_cache

import regex as re


@lru_cache()
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(2**8):
        if b not in bs:
            bs.append(b)
            cs.append(2**8 + n)
            n += 1
    cs = [chr(n) for n in cs]
    return dict(zip(bs, cs))


def get_pairs(word):
    pairs = set()
    prev_char = word[0]
    for char in word[1:]:
        pairs.add((prev_char, char))
        prev_char = char
    return pairs


class Encoder:
    def __init__(self, encoder, bpe_merges, errors='replace'):
        self.encoder = encoder
        self.decoder = {v: k for k, v in self.encoder.items()}
        self.errors = errors
        self.byte_encoder = bytes_to_unicode()
        self.byte_decoder = {v: k for k, v in self.byte_encoder.items()}
        self.bpe_ranks = dict(zip(bpe_merges, range(len(bpe_merges))))
        self.cache = {}
        self.pat = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")

    def bpe(self, token):
        if token in self.cache:
            return self.cache[token]
        word = tuple(token)
        pairs = get_pairs(word)
        if not pairs:
            return token
        while True:
            bigram = min(pairs, key=lambda pair: self.bpe_ranks.get(pair, float('inf')))
            if bigram not in self.bpe_ranks:
                break
            first, second = bigram
            new_word = []
            i = 0
            while i < len(word):
                try:
                    j = word.index(first, i)
                    new_word.extend(word[i:j])
                    i = j
                except ValueError:
                    new_word.extend(word[i:])
                    break
                if word[i] == first and i < len(word) - 1 and word[i + 1] == second:
                    new_word.append(first + second)
                    i += 2
                else:
                    new_word.append(word[i])
                    i += 1
            new_word = tuple(new_word)
            word = new_word
            if len(word) == 1:
                break
            else:
                pairs = get_pairs(word)
        word = ' '.join(word)
        self.cache[token] = word
        return word

    def encode(self, text):
        bpe_tokens = []
        for token in re.findall(self.pat, text):
            token = ''.join(self.byte_encoder[b] for b in token.encode('utf-8'))
            bpe_tokens.extend(self.encoder[bpe_token] for bpe_token in self.bpe(token).split(' '))
        return bpe_tokens


def main():
    golden = sys.argv[1] if len(sys.argv) > 1 else "tests/data/tokenizer/gpt2_golden.json"
    vocab = sys.argv[2] if len(sys.argv) > 2 else "tests/data/tokenizer/gpt2/vocab.json"
    merges = sys.argv[3] if len(sys.argv) > 3 else "tests/data/tokenizer/gpt2/merges.txt"
    encoder = json.load(open(vocab, encoding="utf-8"))
    bpe_data = open(merges, encoding="utf-8").read()
    bpe_merges = [tuple(merge_str.split()) for merge_str in bpe_data.split("\n")[1:-1]]
    enc = Encoder(encoder, bpe_merges)

    doc = json.load(open(golden, encoding="utf-8"))
    diverging = 0
    for case in doc["cases"]:
        js_ids = case.get("js_ids", case["ids"])
        ours = enc.encode(case["text"])
        case.pop("openai_ids", None)
        case.pop("js_ids", None)
        case["ids"] = js_ids
        if ours != js_ids:
            diverging += 1
            case["openai_ids"] = ours
            case["js_ids"] = js_ids
            print(f"divergence on {case['text']!r}:\n  js     {js_ids}\n  openai {ours}")
    doc["openai_check"] = (f"tools/reference/gpt2_openai_check.py (regex {re.__version__}): "
                           f"{diverging} of {len(doc['cases'])} cases diverge; "
                           "'openai_ids' is the ground truth where present")
    with open(golden, "w", encoding="utf-8") as f:
        f.write('{\n "source": ' + json.dumps(doc["source"], ensure_ascii=False) + ',\n')
        f.write(' "openai_check": ' + json.dumps(doc["openai_check"]) + ',\n "cases": [\n')
        f.write(',\n'.join('  ' + json.dumps(c, ensure_ascii=False) for c in doc["cases"]))
        f.write('\n ]\n}\n')
    print(f"{len(doc['cases'])} cases, {diverging} diverging")


if __name__ == "__main__":
    main()
