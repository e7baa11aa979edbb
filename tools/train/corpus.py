"""Training corpus: Jane Austen's six novels (public domain) from the Debian package
r-cran-janeaustenr, extracted with Rscript, joined into paragraphs, split into a training part
and a held-out part (the last three chapters of Persuasion, chapters 22-24)."""
import os
import re
import subprocess

HELD_OUT_BOOK = "Persuasion"
HELD_OUT_FROM_CHAPTER = "Chapter 22"


def extract(raw_dir):
    """Writes raw_dir/austen_text.txt and austen_book.txt (one line of the package per line)."""
    os.makedirs(raw_dir, exist_ok=True)
    text = os.path.join(raw_dir, "austen_text.txt")
    book = os.path.join(raw_dir, "austen_book.txt")
    if not (os.path.exists(text) and os.path.exists(book)):
        script = ('library(janeaustenr); b<-austen_books(); '
                  'writeLines(as.character(b$text), "%s"); writeLines(as.character(b$book), "%s")'
                  % (text, book))
        subprocess.run(["Rscript", "-e", script], check=True)
    with open(text, encoding="utf-8") as f:
        lines = f.read().split("\n")
    with open(book, encoding="utf-8") as f:
        books = f.read().split("\n")
    n = min(len(lines), len(books))
    return lines[:n], books[:n]


def _squash(s):
    """Collapses runs of spaces (the package keeps two after a full stop)."""
    return re.sub(" +", " ", s)


def paragraphs(lines):
    """Joins wrapped lines into paragraphs (blank line = paragraph break)."""
    out, cur = [], []
    for ln in lines:
        s = ln.strip()
        if s:
            cur.append(s)
        elif cur:
            out.append(_squash(" ".join(cur)))
            cur = []
    if cur:
        out.append(_squash(" ".join(cur)))
    return out


def load(raw_dir):
    """Returns (train_docs, heldout_text). train_docs: one string per novel (paragraphs joined by
    '\\n'); the held-out part is removed from Persuasion."""
    lines, books = extract(raw_dir)
    order, per_book = [], {}
    for ln, b in zip(lines, books):
        if b not in per_book:
            per_book[b] = []
            order.append(b)
        per_book[b].append(ln)
    train_docs, heldout = [], None
    for b in order:
        ls = per_book[b]
        if b == HELD_OUT_BOOK:
            cut = max(i for i, s in enumerate(ls) if s.strip() == HELD_OUT_FROM_CHAPTER)
            heldout = "\n".join(paragraphs(ls[cut:]))
            ls = ls[:cut]
        if any(s.strip() for s in ls):
            train_docs.append("\n".join(paragraphs(ls)))
    return train_docs, heldout
