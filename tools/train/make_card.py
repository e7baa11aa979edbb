#!/usr/bin/python3
"""Writes the model card README.md of a trained model directory from its train_log.json.

  /usr/bin/python3 tools/train/make_card.py samples/models/tiny-gpt2 --wall "24 min"
"""
import argparse
import json
import os


def head_table(heads, family):
    keys = ["prev", "first", "self", "punct"] + (["next", "sep"] if family == "bert" else []) + ["entropy"]
    names = {"prev": "→ previous", "first": "→ first" + (" ([CLS])" if family == "bert" else ""),
             "self": "→ self", "punct": "→ punctuation", "next": "→ next", "sep": "→ [SEP]",
             "entropy": "entropy (nats)"}
    rows = ["| head | " + " | ".join(names[k] for k in keys) + " |",
            "|---|" + "---|" * len(keys)]
    for k in sorted(h for h in heads if not h.startswith("_")):
        rows.append(f"| {k} | " + " | ".join(f"{heads[k][a]:.3f}" for a in keys) + " |")
    return "\n".join(rows)


def structure_notes(heads, family):
    notes = []
    hs = {k: v for k, v in heads.items() if not k.startswith("_")}
    pf = heads["_punct_token_fraction"]
    for k in sorted(hs):
        v = hs[k]
        tags = []
        if v["prev"] >= 0.3:
            tags.append(f"previous-token head ({v['prev']:.2f} of its attention on token q-1)")
        if family == "bert" and v.get("next", 0) >= 0.3:
            tags.append(f"next-token head ({v['next']:.2f} on q+1)")
        if v["first"] >= 0.3:
            tags.append(f"first-token / sink head ({v['first']:.2f} on position 0)")
        if family == "bert" and v.get("sep", 0) >= 0.3:
            tags.append(f"[SEP] head ({v['sep']:.2f} on [SEP])")
        if v["self"] >= 0.3:
            tags.append(f"self head ({v['self']:.2f} on itself)")
        if v["punct"] >= 2.5 * pf and v["punct"] >= 0.3:
            tags.append(f"punctuation head ({v['punct']:.2f} on punctuation, which is {pf:.2f} of the tokens)")
        if tags:
            notes.append(f"- **{k}**: " + "; ".join(tags) + ".")
    if not notes:
        notes.append("- No head passes the thresholds below; see the table.")
    return "\n".join(notes)


def cmd(log):
    """The log's command line, relative to the repository root."""
    return log["command"].replace(os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")) + "/", "")


def stage2_text(m, name):
    """The Training section's paragraph on a continued run (train_tiny.py --init-from)."""
    hi = m.get("head_init", {})
    at = ", ".join(f"{k} first {v['first']:.2f}" for k, v in hi.get("at_init", {}).items())
    return (f"\n**Stage 2** (continued from the stage-1 weights above, `--init-from`): {m['steps']} "
            f"steps of batch {m['batch']} x {m['seq']}, peak learning rate {m['peak_lr']}, linear "
            f"warmup {m['warmup']} steps then cosine decay to 10%, seed {m['seed']}, "
            f"{m['train_seconds'] / 60:.1f} min. "
            + (f"Heads `{hi['spec']}` re-started at {hi['target_attn']:.2f} of their attention on "
               f"their target ({at} on held-out text at the start) and held for the whole stage "
               "(query/key weights and marker entries, rescaled every "
               f"{hi.get('recalibrate_every')} steps)"
               + (", and with them the whole marker dimension: the token embeddings 0 there, the "
                  "sink layer's `ln_1` gain 1 and bias 0 on it (`--head-hold-sink-dim`)"
                  if hi.get("hold_sink_dim") else "")
               + "; every other weight was trained. " if hi else "")
            + f"Held-out perplexity before stage 2: {m['init_from']['heldout_ppl']:.2f}. Command:\n\n"
            f"    {cmd(m)}\n\n"
            f"`--replay samples/models/{name}/train_log.json` (with the same other options, "
            "`--init-from` the stage-1 output) repeats it exactly.\n\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("--wall", required=True, help="wall time of the training command, e.g. '24 min'")
    ap.add_argument("--note", default="", help="free text appended to the Training section")
    ap.add_argument("--heads-note", default="", help="markdown file: hand-written notes on the heads")
    args = ap.parse_args()
    with open(os.path.join(args.model_dir, "train_log.json")) as f:
        m = json.load(f)
    with open(os.path.join(args.model_dir, "config.json")) as f:
        cfg = json.load(f)
    fam = m["model"]
    # A continued run (train_tiny.py --init-from): the first run's log sits beside this one; the
    # card describes the first run as the training and this one as a second stage.
    m1 = m
    if "init_from" in m:
        with open(os.path.join(args.model_dir, m["init_from"]["log"])) as f:
            m1 = json.load(f)
    size = os.path.getsize(os.path.join(args.model_dir, "model.safetensors"))
    heads = m["heads"]
    if fam == "gpt2":
        n_params = (cfg["vocab_size"] + cfg["n_positions"]) * cfg["n_embd"] + cfg["n_layer"] * (
            12 * cfg["n_embd"] ** 2 + 13 * cfg["n_embd"]) + 2 * cfg["n_embd"]
        V = cfg["vocab_size"]
        wpe_init = ""
        if "--wpe-sin" in m1["command"]:
            amp = m1["command"].split("--wpe-sin")[1].split()[0]
            wpe_init = f" (initialised with sinusoids of amplitude {amp}, then trained)"
        if "head_init" in m1:
            hi = m1["head_init"]
            at = ", ".join(f"{k} prev {v['prev']:.2f} / first {v['first']:.2f} / punct {v['punct']:.2f}"
                           for k, v in hi["at_init"].items())
            wpe_init += (f". Heads `{hi['spec']}` were given a structured START (`--head-init`, "
                         f"tools/train/head_init.py: {hi['target_attn']:.2f} of their attention on "
                         f"their target at init, measured on held-out text: {at}), held for the "
                         f"first {hi['freeze_steps']} steps"
                         + (f" (rescaled to that attention every {hi['recalibrate_every']} steps)"
                            if hi.get("recalibrate_every") else "")
                         + (", then trained like every other weight; " if not hi.get("held_whole_run") else
                            f". The {' and '.join(hi['held_whole_run'])} heads' query/key weights and "
                            "marker entries stayed held (and rescaled) for the WHOLE run "
                            "(`--head-hold`): their value and output projections and every other "
                            "weight were trained; ")
                         + "the head statistics below are those of the trained model"
                         + (" (and of stage 2, see Training)" if m1 is not m else ""))
        arch = (f"GPT-2 (`GPT2LMHeadModel`): pre-LayerNorm, causal self-attention, learned absolute "
                f"positions{wpe_init}, `gelu_new` (tanh) MLP, LM head tied to `wte`. n_layer {cfg['n_layer']}, "
                f"n_head {cfg['n_head']}, n_embd {cfg['n_embd']} (head dimension "
                f"{cfg['n_embd'] // cfg['n_head']}), n_inner {4 * cfg['n_embd']}, n_positions "
                f"{cfg['n_positions']}, vocab {cfg['vocab_size']}, layer_norm_epsilon "
                f"{cfg['layer_norm_epsilon']}.")
        tokdoc = (
            "Byte-level BPE trained on the training split with GPT-2's algorithm: GPT-2's "
            "`bytes_to_unicode` map, GPT-2's pre-tokenization regex "
            "(`'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+`, "
            f"python3-regex), then {V - 257} merges, each of the adjacent pair with the highest count "
            "over the pre-token table (ties: the lexicographically smallest pair by code point). "
            f"Ids: 0-255 the byte symbols in `bytes_to_unicode` order, 256-{V - 2} the merges in "
            f"order, {V - 1} `<|endoftext|>` (bos = eos = {V - 1}; it separates the novels in training). "
            "Files: `vocab.json`, `merges.txt` (`#version: 0.2`), `tokenizer_config.json`. "
            "Encoding is GPT-2's rank-based merge loop; no special tokens are added.")
        tensors = ("`model.safetensors`: F16, Hugging Face GPT-2 names without prefix (`wte.weight`, "
                   "`wpe.weight`, `h.{i}.*` with Conv1D weights stored in x out, `ln_f.*`); the LM "
                   "head is tied to `wte.weight` and not stored.")
        metric = (f"**Held-out perplexity: {m['heldout_ppl']:.2f}** (cross-entropy "
                  f"{m['heldout_loss']:.4f} nats/token over {m['heldout_tokens']} tokens, "
                  f"non-overlapping 256-token windows, F16-rounded weights computed in float32).")
        if "heldout_bits_per_byte" in m:  # tools/train/heldout_bpb.py --write
            metric += (f" **{m['heldout_bits_per_byte']:.3f} bits per byte** of the held-out text "
                       f"({m['heldout_bytes']} UTF-8 bytes predicted; comparable across "
                       "vocabularies, unlike a perplexity per token).")
        task = "next-token prediction (causal LM)"
    else:
        e, L = cfg["hidden_size"], cfg["num_hidden_layers"]
        n_params = (cfg["vocab_size"] + cfg["max_position_embeddings"] + cfg["type_vocab_size"]) * e + 2 * e \
            + L * (4 * e * e + 4 * e + 2 * e * cfg["intermediate_size"] + cfg["intermediate_size"] + e + 4 * e) \
            + e * e + e + 2 * e + cfg["vocab_size"]
        arch = (f"BERT (`BertForMaskedLM`): post-LayerNorm, bidirectional self-attention, learned "
                f"absolute positions, token-type embeddings (type_vocab_size 2; always type 0 in "
                f"training), erf `gelu`, layer_norm_eps 1e-12, MLM head (dense + gelu + LayerNorm, "
                f"decoder tied to the word embeddings, own bias). {L} layers, "
                f"{cfg['num_attention_heads']} heads, hidden {e} (head dimension "
                f"{e // cfg['num_attention_heads']}), intermediate {cfg['intermediate_size']}, "
                f"max_position_embeddings {cfg['max_position_embeddings']}, vocab {cfg['vocab_size']}. "
                f"No pooler.")
        tokdoc = (
            "Uncased WordPiece trained on the training split. Pre-tokenization is "
            "bert-base-uncased's BasicTokenizer (drop control characters, whitespace → space, "
            "space around CJK characters, NFC, lower case, strip accents (NFD, drop Mn), split "
            "punctuation). Vocabulary: `[PAD]`=0, `[UNK]`=1, `[CLS]`=2, `[SEP]`=3, `[MASK]`=4 "
            "(same tokens as bert-base-uncased, compact ids: no `[unused*]` slots, so look them up "
            "by string), then every character seen (plus printable ASCII) and its `##` form, then "
            "pieces from frequency-ordered pair merges over words split into `c ##c ##c ...` "
            f"(ties: lexicographically smallest pair), until {cfg['vocab_size']} entries. Encoding: greedy "
            "longest-match-first WordPiece, words over 100 characters → `[UNK]`; "
            "`[CLS] ... [SEP]` added. `tokenizer_config.json`: do_lower_case true, strip_accents "
            "null, tokenize_chinese_chars true.")
        tensors = ("`model.safetensors`: F16, Hugging Face names with the `bert.` prefix "
                   "(`bert.embeddings.*`, `bert.encoder.layer.{i}.*`, nn.Linear weights out x in) "
                   "plus `cls.predictions.transform.*` and `cls.predictions.bias`. "
                   "`cls.predictions.decoder.weight` is NOT stored: the decoder is tied to "
                   "`bert.embeddings.word_embeddings.weight`.")
        metric = (f"**Held-out masked-token accuracy: {100 * m['heldout_mlm_accuracy']:.2f}%** "
                  f"(top-1 over {m['heldout_mlm_positions']} masked positions; MLM cross-entropy "
                  f"{m['heldout_mlm_loss']:.4f}; held-out text in 256-token windows "
                  f"`[CLS] ... [SEP]`, 15% masked with 80/10/10 and a fixed seed, F16-rounded weights "
                  f"computed in float32).")
        task = "masked-language modelling (15% of the tokens; 80% [MASK], 10% random, 10% kept)"
    name = os.path.basename(os.path.normpath(args.model_dir))
    heads_note = ""
    if args.heads_note:
        with open(args.heads_note, encoding="utf-8") as f:
            heads_note = "\n" + f.read()
    stage2 = stage2_text(m, name) if m1 is not m else ""
    text = f"""# {name}

A tiny {'GPT-2' if fam == 'gpt2' else 'BERT'} trained from scratch for SpAtten Studio's demos and tests
(head dimension 64, like the SpAtten hardware's D). It is small and weak as a language model; its
attention maps nevertheless show real structure (below).

## Corpus and licence
Jane Austen's six novels (Sense and Sensibility, Pride and Prejudice, Mansfield Park, Emma,
Northanger Abbey, Persuasion), public domain, from the Debian package **r-cran-janeaustenr**
(`austen_books()`, ~4 MB). Lines are joined into paragraphs (one per line), runs of spaces
collapsed. **Held out** for evaluation: Persuasion, chapters 22-24 (the last three chapters),
{m['heldout_tokens']} tokens; training split {m['train_tokens']} tokens. The weights are ours and
are released with the project; the text they were trained on is public domain.

## Architecture
{arch} {n_params:,} parameters. {tensors} File size {size / 1e6:.2f} MB.

## Tokenizer
{tokdoc}

## Training
Objective: {task}. {m1['steps']} steps of batch {m1['batch']} x {m1['seq']} tokens (random windows
of the token stream), AdamW (betas 0.9/0.98, weight decay 0.01 on matrices), peak learning rate
{m1['peak_lr']}, linear warmup {m1['warmup']} steps then cosine decay to 10%, gradient clipping 1.0,
no dropout, float32, one CPU thread (`torch.set_num_threads(1)`), seed {m1['seed']}.
Weights were then rounded to F16; every number below and the goldens use the rounded weights.

Command (from the repository root):

    {cmd(m1)}

Wall time {args.wall} (training loop {m1['train_seconds'] / 60:.1f} min; Debian python3-torch 1.13,
one thread, on a 2-core machine shared with other builds, so the process got well under a full
core most of the time). `--minutes` bounds the wall time of the training loop (warmup by steps,
then cosine decay over the elapsed fraction of the budget); the learning rate actually used at
each of the {m1['steps']} steps is stored in `train_log.json` (`lr_schedule`), and
`--replay samples/models/{name}/{'train_log.json' if m1 is m else m['init_from']['log']}`
(with the same other options) repeats this run exactly.
{stage2}{args.note}

![loss curve](loss.png)

## Evaluation
{metric}

## Attention structure
Averages over {heads['_windows']} held-out windows of {heads['_window_tokens']} tokens and over the
queries q ≥ 1: attention mass on the previous token, on the first position, on the query itself,
on punctuation tokens (summed; punctuation is {heads['_punct_token_fraction']:.3f} of the tokens)
{', on the next token and on [SEP]' if fam == 'bert' else ''} and the mean row entropy
(`tools/train/head_stats.py`, stored in `train_log.json`). L = layer, H = head, from 0.

{structure_notes(heads, fam)}
{heads_note}

(Thresholds: ≥ 0.30 of the attention on one position class, punctuation ≥ 2.5x its share.)

{head_table(heads, fam)}

## Files
`config.json`, `model.safetensors`, {'`vocab.json`, `merges.txt`' if fam == 'gpt2' else '`vocab.txt`'},
`tokenizer_config.json`, `train_log.json` (metrics, loss curve, head statistics){", `train_log.stage1.json` (the same for stage 1)" if m1 is not m else ""}, `loss.png`{" (both stages)" if m1 is not m else ""},
this card. Golden outputs of the forward pass: `tests/data/golden/{name}.json`
(`tools/train/make_golden.py`).
"""
    with open(os.path.join(args.model_dir, "README.md"), "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
