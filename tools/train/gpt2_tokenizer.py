"""GPT-2 byte-level BPE: training (GPT-2's byte-to-unicode map and pre-tokenization regex) and
encoding (GPT-2's rank-based merge loop, as in openai/gpt-2 encoder.py)."""
import json
import regex

from bpe_merge import learn_merges

PAT = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")
EOT = "<|endoftext|>"


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_ENC = bytes_to_unicode()
BYTE_DEC = {v: k for k, v in BYTE_ENC.items()}


def pretokenize(text):
    return ["".join(BYTE_ENC[b] for b in t.encode("utf-8")) for t in PAT.findall(text)]


def train(docs, vocab_size):
    """Returns (vocab dict token->id, merges list). Ids: the 256 byte symbols in GPT-2's
    bytes_to_unicode order, then one per merge, then <|endoftext|> last."""
    counts = {}
    for d in docs:
        for t in pretokenize(d):
            counts[t] = counts.get(t, 0) + 1
    n_merges = vocab_size - 256 - 1
    merges = learn_merges(counts, lambda w: list(w), lambda a, b: a + b, n_merges)
    vocab = {}
    for b, ch in BYTE_ENC.items():
        vocab[ch] = len(vocab)
    for a, b in merges:
        vocab[a + b] = len(vocab)
    vocab[EOT] = len(vocab)
    return vocab, merges


def save(vocab, merges, out_dir):
    with open(f"{out_dir}/vocab.json", "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(f"{out_dir}/merges.txt", "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
        for a, b in merges:
            f.write(f"{a} {b}\n")


class Tokenizer:
    def __init__(self, model_dir):
        with open(f"{model_dir}/vocab.json", encoding="utf-8") as f:
            self.vocab = json.load(f)
        self.inv = {v: k for k, v in self.vocab.items()}
        with open(f"{model_dir}/merges.txt", encoding="utf-8") as f:
            lines = f.read().split("\n")
        assert lines[0].startswith("#version")
        pairs = [tuple(l.split(" ")) for l in lines[1:] if l]
        self.ranks = {p: i for i, p in enumerate(pairs)}
        self.cache = {}
        self.eot_id = self.vocab[EOT]

    def bpe(self, token):
        if token in self.cache:
            return self.cache[token]
        word = list(token)
        while len(word) > 1:
            pairs = set(zip(word, word[1:]))
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            a, b = best
            out, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and word[i] == a and word[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            word = out
        self.cache[token] = word
        return word

    def encode(self, text):
        """No special tokens are added; '<|endoftext|>' in text is not treated specially."""
        ids = []
        for t in pretokenize(text):
            ids.extend(self.vocab[s] for s in self.bpe(t))
        return ids

    def decode(self, ids):
        return bytes(BYTE_DEC[c] for i in ids for c in self.inv[i]).decode("utf-8", "replace")

    def token_str(self, i):
        return bytes(BYTE_DEC[c] for c in self.inv[i]).decode("utf-8", "replace") \
            if self.inv[i] != EOT else EOT
