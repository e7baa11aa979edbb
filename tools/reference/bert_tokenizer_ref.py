#!/usr/bin/env python3
"""Independent reference for the BERT WordPiece tokenizer; writes tests/data/tokenizer/bert_golden.json.

BasicTokenizer and WordpieceTokenizer below are a faithful port of Google Research's
bert/tokenization.py (Apache-2.0), using Python's unicodedata. As in HF's BertTokenizer, the
special tokens ([CLS], [SEP], [MASK], [PAD], [UNK]) are first cut out of the text verbatim
(exact, case-sensitive match) and never split; every other chunk goes through the published
algorithm; the sequence is wrapped in [CLS] ... [SEP].

usage: /usr/bin/python3 tools/reference/bert_tokenizer_ref.py [vocab.txt] [out.json]
"""
import json
import sys
import unicodedata


def load_vocab(path):
    vocab = {}
    with open(path, encoding="utf-8") as f:
        for index, line in enumerate(f):
            token = line.rstrip("\n")  # tokenization.py: convert_to_unicode(line).strip()
            vocab[token.strip()] = index
    return vocab


def whitespace_tokenize(text):
    text = text.strip()
    if not text:
        return []
    return text.split()


def _is_whitespace(char):
    if char == " " or char == "\t" or char == "\n" or char == "\r":
        return True
    return unicodedata.category(char) == "Zs"


def _is_control(char):
    if char == "\t" or char == "\n" or char == "\r":
        return False
    return unicodedata.category(char).startswith("C")


def _is_punctuation(char):
    cp = ord(char)
    if (33 <= cp <= 47) or (58 <= cp <= 64) or (91 <= cp <= 96) or (123 <= cp <= 126):
        return True
    return unicodedata.category(char).startswith("P")


class BasicTokenizer:
    def __init__(self, do_lower_case=True):
        self.do_lower_case = do_lower_case

    def tokenize(self, text):
        text = self._clean_text(text)
        text = self._tokenize_chinese_chars(text)
        orig_tokens = whitespace_tokenize(text)
        split_tokens = []
        for token in orig_tokens:
            if self.do_lower_case:
                token = token.lower()
                token = self._run_strip_accents(token)
            split_tokens.extend(self._run_split_on_punc(token))
        return whitespace_tokenize(" ".join(split_tokens))

    def _run_strip_accents(self, text):
        text = unicodedata.normalize("NFD", text)
        return "".join(c for c in text if unicodedata.category(c) != "Mn")

    def _run_split_on_punc(self, text):
        chars = list(text)
        i = 0
        start_new_word = True
        output = []
        while i < len(chars):
            char = chars[i]
            if _is_punctuation(char):
                output.append([char])
                start_new_word = True
            else:
                if start_new_word:
                    output.append([])
                start_new_word = False
                output[-1].append(char)
            i += 1
        return ["".join(x) for x in output]

    def _tokenize_chinese_chars(self, text):
        output = []
        for char in text:
            if self._is_chinese_char(ord(char)):
                output += [" ", char, " "]
            else:
                output.append(char)
        return "".join(output)

    def _is_chinese_char(self, cp):
        return ((0x4E00 <= cp <= 0x9FFF) or (0x3400 <= cp <= 0x4DBF) or
                (0x20000 <= cp <= 0x2A6DF) or (0x2A700 <= cp <= 0x2B73F) or
                (0x2B740 <= cp <= 0x2B81F) or (0x2B820 <= cp <= 0x2CEAF) or
                (0xF900 <= cp <= 0xFAFF) or (0x2F800 <= cp <= 0x2FA1F))

    def _clean_text(self, text):
        output = []
        for char in text:
            cp = ord(char)
            if cp == 0 or cp == 0xFFFD or _is_control(char):
                continue
            output.append(" " if _is_whitespace(char) else char)
        return "".join(output)


class WordpieceTokenizer:
    def __init__(self, vocab, unk_token="[UNK]", max_input_chars_per_word=100):
        self.vocab = vocab
        self.unk_token = unk_token
        self.max_input_chars_per_word = max_input_chars_per_word

    def tokenize(self, text):
        output_tokens = []
        for token in whitespace_tokenize(text):
            chars = list(token)
            if len(chars) > self.max_input_chars_per_word:
                output_tokens.append(self.unk_token)
                continue
            is_bad = False
            start = 0
            sub_tokens = []
            while start < len(chars):
                end = len(chars)
                cur_substr = None
                while start < end:
                    substr = "".join(chars[start:end])
                    if start > 0:
                        substr = "##" + substr
                    if substr in self.vocab:
                        cur_substr = substr
                        break
                    end -= 1
                if cur_substr is None:
                    is_bad = True
                    break
                sub_tokens.append(cur_substr)
                start = end
            if is_bad:
                output_tokens.append(self.unk_token)
            else:
                output_tokens.extend(sub_tokens)
        return output_tokens


SPECIALS = ["[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]"]


def split_specials(text):
    """Cuts special-token strings out of the text (leftmost, longest match), like HF's trie."""
    out, buf, i = [], "", 0
    while i < len(text):
        hit = max((s for s in SPECIALS if text.startswith(s, i)), key=len, default=None)
        if hit:
            out.append(buf)
            out.append(hit)
            buf = ""
            i += len(hit)
        else:
            buf += text[i]
            i += 1
    out.append(buf)
    return out


def encode(text, vocab, basic, wordpiece):
    tokens = ["[CLS]"]
    for chunk in split_specials(text):
        if chunk in SPECIALS:
            tokens.append(chunk)
            continue
        for token in basic.tokenize(chunk):
            tokens.extend(wordpiece.tokenize(token))
    tokens.append("[SEP]")
    return [vocab[t] for t in tokens], tokens


TEXTS = [
    "Hello world", "Hello, world!", "The quick brown fox jumps over the lazy dog.",
    "i like strawberries", "I LIKE STRAWBERRIES!!!", "a  b   c", "  leading and trailing  ",
    "tab\tseparated\nnew line\r\nwindows", "don't stop, I'LL go; you'd've", "12345 3.14 1,000,000",
    "x=42;y=-7.5e10 (a+b)*[c/d]{e}", "!!! ??? ... --- ~~~", "#hashtag @mention $100 100% a^b `code`",
    "email: someone@example.com url: https://example.org/a?b=c&d=e",
    "café naïve résumé", "ÀÉÎÕÜ ÇÑ Ångström", "Größe Straße über ÄÖÜ",
    "L'été à Paris, c'est très agréable", "Привет, как дела? ПРИВЕТ", "Ελληνικά γράμματα ΟΔΟΣ",
    "ΣΊΣΥΦΟΣ σοφός", "你好，世界！", "日本語のテキストです。", "中文和English混合123",
    "한국어 텍스트", "مرحبا بالعالم", "नमस्ते दुनिया", "ไทย ภาษา",
    "😀 😃 😄", "👨\u200d👩\u200d👧\u200d👦 family", "🇫🇷🇩🇪 flags", "thumbs 👍🏽",
    "The [MASK] sat on the mat.", "[CLS] already [SEP] there", "[mask] lower-case is not special",
    "x[MASK]y and [MASK][MASK]", "[UNK] [PAD] tokens",
    "pneumonoultramicroscopicsilicovolcanoconiosis", "a" * 100, "b" * 101,
    "supercalifragilisticexpialidocious " * 3,
    "control\x00chars\x01and\x07bell\x1f\ufffdreplacement", "zero\u200bwidth\u200cjoiner\u200d\ufeffbom",
    "soft\u00adhyphen", "nbsp\u00a0and\u3000ideographic\u2003em space",
    "combining e\u0301 and a\u0308", "İstanbul ǅ ﬁ ligature", "½ ⅓ Ⅻ x² ４５６",
    "fullwidth ＡＢＣ ｄｅｆ", "unassigned \U000E0001 tag and private \ue000 use",
    "under_score hyphen-ated CamelCase", "«guillemets» „quotes“ ‘single’ — dash … ellipsis",
    "",
]


def main():
    vocab_path = sys.argv[1] if len(sys.argv) > 1 else "tests/data/tokenizer/bert-base-uncased/vocab.txt"
    out_path = sys.argv[2] if len(sys.argv) > 2 else "tests/data/tokenizer/bert_golden.json"
    vocab = load_vocab(vocab_path)
    basic = BasicTokenizer(do_lower_case=True)
    wordpiece = WordpieceTokenizer(vocab)
    cases = []
    for text in TEXTS:
        ids, tokens = encode(text, vocab, basic, wordpiece)
        cases.append({"text": text, "ids": ids, "tokens": tokens})
    with open(out_path, "w", encoding="utf-8") as f:
        f.write('{\n "source": "tools/reference/bert_tokenizer_ref.py (port of Google bert/tokenization.py), '
                f'bert-base-uncased, do_lower_case=true, Unicode {unicodedata.unidata_version}",\n "cases": [\n')
        f.write(",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in cases))
        f.write("\n ]\n}\n")
    print(f"wrote {out_path}: {len(cases)} cases")


if __name__ == "__main__":
    main()
