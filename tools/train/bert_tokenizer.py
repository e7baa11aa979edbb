"""BERT WordPiece (uncased): the BasicTokenizer of bert-base-uncased (clean text, CJK spacing,
lower case, strip accents, split punctuation) and greedy longest-match-first WordPiece.
Vocabulary training: frequency-driven pair merges over words whose non-initial characters carry
the '##' prefix (the scheme of Hugging Face's WordPieceTrainer)."""
import unicodedata

from bpe_merge import learn_merges

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def _is_whitespace(ch):
    if ch in " \t\n\r":
        return True
    return unicodedata.category(ch) == "Zs"


def _is_control(ch):
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch).startswith("C")


def _is_punctuation(ch):
    cp = ord(ch)
    if (33 <= cp <= 47) or (58 <= cp <= 64) or (91 <= cp <= 96) or (123 <= cp <= 126):
        return True
    return unicodedata.category(ch).startswith("P")


def _is_chinese(cp):
    return ((0x4E00 <= cp <= 0x9FFF) or (0x3400 <= cp <= 0x4DBF) or (0x20000 <= cp <= 0x2A6DF) or
            (0x2A700 <= cp <= 0x2B73F) or (0x2B740 <= cp <= 0x2B81F) or
            (0x2B820 <= cp <= 0x2CEAF) or (0xF900 <= cp <= 0xFAFF) or (0x2F800 <= cp <= 0x2FA1F))


def basic_tokenize(text):
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or _is_control(ch):
            continue
        if _is_whitespace(ch):
            out.append(" ")
        elif _is_chinese(cp):
            out.append(" " + ch + " ")
        else:
            out.append(ch)
    text = unicodedata.normalize("NFC", "".join(out))
    tokens = []
    for tok in text.strip().split():
        tok = tok.lower()
        tok = "".join(c for c in unicodedata.normalize("NFD", tok) if unicodedata.category(c) != "Mn")
        cur = ""
        for c in tok:
            if _is_punctuation(c):
                if cur:
                    tokens.append(cur)
                    cur = ""
                tokens.append(c)
            else:
                cur += c
        if cur:
            tokens.append(cur)
    return tokens


def _initial(word):
    return [word[0]] + ["##" + c for c in word[1:]]


def _join(a, b):
    return a + b[2:]


def train(docs, vocab_size):
    counts = {}
    for d in docs:
        for w in basic_tokenize(d):
            counts[w] = counts.get(w, 0) + 1
    alphabet = set(chr(c) for c in range(33, 127) if not chr(c).isupper())
    for w in counts:
        alphabet.update(w)
    alphabet = sorted(alphabet)
    vocab = list(SPECIALS) + alphabet + ["##" + c for c in alphabet]
    n_merges = vocab_size - len(vocab)
    merges = learn_merges(counts, _initial, _join, n_merges * 2)
    seen = set(vocab)
    for a, b in merges:
        t = _join(a, b)
        if t not in seen:
            seen.add(t)
            vocab.append(t)
            if len(vocab) == vocab_size:
                break
    return vocab


def save(vocab, out_dir):
    with open(f"{out_dir}/vocab.txt", "w", encoding="utf-8") as f:
        for t in vocab:
            f.write(t + "\n")


class Tokenizer:
    def __init__(self, model_dir):
        with open(f"{model_dir}/vocab.txt", encoding="utf-8") as f:
            toks = [l.rstrip("\n") for l in f]
        self.vocab = {t: i for i, t in enumerate(toks)}
        self.inv = toks
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]
        self.mask = self.vocab["[MASK]"]
        self.pad = self.vocab["[PAD]"]

    def wordpiece(self, word):
        if len(word) > 100:
            return [self.unk]
        out, start = [], 0
        while start < len(word):
            end = len(word)
            cur = None
            while start < end:
                s = word[start:end]
                if start > 0:
                    s = "##" + s
                if s in self.vocab:
                    cur = self.vocab[s]
                    break
                end -= 1
            if cur is None:
                return [self.unk]
            out.append(cur)
            start = end
        return out

    def encode_plain(self, text):
        """WordPiece ids of text; special-token strings ([MASK] etc.) are kept whole."""
        ids = []
        rest = text
        while rest:
            hits = [(rest.find(s), s) for s in SPECIALS if rest.find(s) >= 0]
            if not hits:
                piece, sp, rest = rest, None, ""
            else:
                pos, sp = min(hits)
                piece, rest = rest[:pos], rest[pos + len(sp):]
            for w in basic_tokenize(piece):
                ids.extend(self.wordpiece(w))
            if sp is not None:
                ids.append(self.vocab[sp])
        return ids

    def encode(self, text):
        """[CLS] text [SEP]."""
        return [self.cls] + self.encode_plain(text) + [self.sep]
