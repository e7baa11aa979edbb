#!/usr/bin/python3
"""Trains one of the two bundled tiny models (GPT-2 or BERT) on Jane Austen's novels, on ONE
CPU thread, seeded. With --minutes the training loop runs for that wall time (warmup by steps,
then cosine decay over the elapsed fraction of the budget, since the machine is shared and its
speed varies); the schedule actually used is recorded in train_log.json, and
--replay train_log.json repeats that run exactly. --steps N gives a step-based deterministic run.

  /usr/bin/python3 tools/train/train_tiny.py --model gpt2 --minutes 22 --out samples/models/tiny-gpt2
  /usr/bin/python3 tools/train/train_tiny.py --model bert --minutes 22 --out samples/models/tiny-bert

Writes into --out: tokenizer files, config.json, tokenizer_config.json, model.safetensors (F16),
train_log.json (loss curve, held-out metric, head statistics) and loss.png."""
import argparse
import json
import math
import os
import shutil
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
import models  # noqa: E402
import gpt2_tokenizer  # noqa: E402
import bert_tokenizer  # noqa: E402
import head_stats  # noqa: E402
import head_init  # noqa: E402

VOCAB = 4096
GPT2_CFG = {
    "activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.0,
    "bos_token_id": VOCAB - 1, "embd_pdrop": 0.0, "eos_token_id": VOCAB - 1, "initializer_range": 0.02,
    "layer_norm_epsilon": 1e-5, "model_type": "gpt2", "n_ctx": 256, "n_embd": 256, "n_head": 4,
    "n_inner": None, "n_layer": 4, "n_positions": 256, "resid_pdrop": 0.0, "scale_attn_weights": True,
    "tie_word_embeddings": True, "torch_dtype": "float16", "vocab_size": VOCAB}
BERT_CFG = {
    "architectures": ["BertForMaskedLM"], "attention_probs_dropout_prob": 0.0, "hidden_act": "gelu",
    "hidden_dropout_prob": 0.0, "hidden_size": 256, "initializer_range": 0.02, "intermediate_size": 1024,
    "layer_norm_eps": 1e-12, "max_position_embeddings": 256, "model_type": "bert",
    "num_attention_heads": 4, "num_hidden_layers": 4, "pad_token_id": 0,
    "position_embedding_type": "absolute", "tie_word_embeddings": True, "torch_dtype": "float16",
    "type_vocab_size": 2, "vocab_size": VOCAB}


def lr_at(step, total, warmup, peak):
    if step < warmup:
        return peak * (step + 1) / warmup
    frac = (step - warmup) / max(1, total - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1.0 + math.cos(math.pi * min(1.0, frac))))


def lr_time(step, frac, warmup, peak):
    if step < warmup:
        return peak * (step + 1) / warmup
    return peak * (0.1 + 0.9 * 0.5 * (1.0 + math.cos(math.pi * min(1.0, frac))))


def sinusoid_init(weight, amp):
    """--wpe-sin: overwrite a learned position-embedding table [n, e] with amp * (sin, cos) of
    the Transformer's frequencies; the table stays trainable. amp <= 0: keep the random init."""
    if amp <= 0:
        return
    with torch.no_grad():
        n, e = weight.shape
        pos = torch.arange(n, dtype=torch.float32)[:, None]
        div = torch.exp(torch.arange(0, e, 2, dtype=torch.float32) * (-math.log(10000.0) / e))
        weight[:, 0::2] = amp * torch.sin(pos * div)
        weight[:, 1::2] = amp * torch.cos(pos * div)


def mask_batch(x, gen, tok, special_ids):
    """BERT masking: 15% of non-special positions; 80% [MASK], 10% random, 10% unchanged.
    Returns (inputs, positions (flat index), targets)."""
    x = x.clone()
    r = torch.rand(x.shape, generator=gen)
    special = torch.zeros_like(x, dtype=torch.bool)
    for s in special_ids:
        special |= x == s
    sel = (r < 0.15) & ~special
    targets = x[sel].clone()
    r2 = torch.rand(x.shape, generator=gen)
    rnd = torch.randint(len(bert_tokenizer.SPECIALS), VOCAB, x.shape, generator=gen)
    x[sel & (r2 < 0.8)] = tok.mask
    rr = sel & (r2 >= 0.8) & (r2 < 0.9)
    x[rr] = rnd[rr]
    return x, sel, targets


def bert_window(tok, stream, start, seq):
    body = stream[start:start + seq - 2]
    return [tok.cls] + body + [tok.sep]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=["gpt2", "bert"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=22.0)
    ap.add_argument("--steps", type=int, default=0, help="fixed step count (overrides --minutes)")
    ap.add_argument("--replay", default="", help="train_log.json of a run: repeat its exact LR schedule")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--lr", type=float, default=0.0)
    ap.add_argument("--warmup", type=int, default=40)
    ap.add_argument("--work", default="/tmp/spatten-train", help="corpus cache directory")
    ap.add_argument("--vocab", type=int, default=4096, help="tokenizer vocabulary size")
    ap.add_argument("--wpe-sin", type=float, default=0.0,
                    help="GPT-2: initialise the (learned) position embeddings with sinusoids of this amplitude")
    ap.add_argument("--probe-every", type=int, default=0,
                    help="every N steps print the strongest previous-token / first-token heads")
    ap.add_argument("--tokenizer-from", default="",
                    help="GPT-2: copy vocab.json/merges.txt from this model folder instead of training a BPE")
    ap.add_argument("--init-from", default="",
                    help="GPT-2: start from this model folder's weights and tokenizer (continue a run)")
    ap.add_argument("--head-init", default="",
                    help="GPT-2: structured start of chosen heads, e.g. prev:L0H0,sink:L0H3,punct:L1H2 (head_init.py)")
    ap.add_argument("--head-init-attn", type=float, default=0.6,
                    help="--head-init: attention the initialised heads put on their target at init")
    ap.add_argument("--head-freeze", type=int, default=0,
                    help="--head-init: keep the initialised entries fixed for the first N steps")
    ap.add_argument("--head-recalibrate", type=int, default=0,
                    help="--head-freeze: every N steps rescale the held heads back to --head-init-attn")
    ap.add_argument("--head-hold", default="",
                    help="--head-init kinds (e.g. sink,punct) whose query/key and markers stay held "
                         "(and rescaled) for the WHOLE run, not just --head-freeze steps")
    ap.add_argument("--head-hold-sink-dim", action="store_true",
                    help="--head-hold sink: hold the whole marker dim: token embeddings 0 there, the "
                         "sink layer's ln_1 gain 1 and bias 0 on it (head_init.apply hold_sink_dim)")
    args = ap.parse_args()
    if args.model != "gpt2" and (args.tokenizer_from or args.init_from or args.head_init):
        ap.error("--tokenizer-from, --init-from and --head-init are for --model gpt2")
    if args.init_from:
        args.tokenizer_from = args.init_from
    hold_kinds = {k for k in args.head_hold.split(",") if k}
    if hold_kinds - {"prev", "sink", "punct"} or (hold_kinds and not args.head_init):
        ap.error("--head-hold: comma-separated kinds among prev, sink, punct, with --head-init")
    global VOCAB
    VOCAB = args.vocab
    for cfg_ in (GPT2_CFG, BERT_CFG):
        cfg_["vocab_size"] = VOCAB
    GPT2_CFG["bos_token_id"] = GPT2_CFG["eos_token_id"] = VOCAB - 1
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    docs, heldout = corpus.load(os.path.join(args.work, "raw"))

    # ---- tokenizer ----
    keep = []  # --head-init entries held fixed for --head-freeze steps
    head_init_log = None
    if args.model == "gpt2":
        if args.tokenizer_from:
            src = gpt2_tokenizer.Tokenizer(args.tokenizer_from)
            if len(src.vocab) != VOCAB:
                sys.exit(f"--tokenizer-from {args.tokenizer_from}: {len(src.vocab)} tokens, --vocab is {VOCAB}")
            if os.path.abspath(args.tokenizer_from) != os.path.abspath(args.out):
                for name in ("vocab.json", "merges.txt"):
                    shutil.copyfile(os.path.join(args.tokenizer_from, name), os.path.join(args.out, name))
        else:
            vocab, merges = gpt2_tokenizer.train(docs, VOCAB)
            gpt2_tokenizer.save(vocab, merges, args.out)
        tok = gpt2_tokenizer.Tokenizer(args.out)
        stream = []
        for d in docs:
            stream += tok.encode(d) + [tok.eot_id]
        held = tok.encode(heldout)
        cfg = dict(GPT2_CFG)
        tcfg = {"tokenizer_class": "GPT2Tokenizer", "add_prefix_space": False,
                "bos_token": gpt2_tokenizer.EOT, "eos_token": gpt2_tokenizer.EOT,
                "unk_token": gpt2_tokenizer.EOT, "model_max_length": 256}
        model = models.GPT2(cfg)
        sinusoid_init(model.wpe.weight, args.wpe_sin)
        if args.init_from:
            _, src_model = models.load_model(args.init_from)
            model.load_state_dict(src_model.state_dict())
        if args.head_init:
            specs = head_init.parse(args.head_init)
            if any(k == "prev" for k, _, _ in specs) and args.wpe_sin <= 0 and not args.init_from:
                sys.exit("--head-init prev needs --wpe-sin > 0 (sinusoidal position code)")
            punct_ids = head_stats.gpt2_punct_mask(tok)
            calib = torch.tensor(stream[:256])[None]
            keep = head_init.apply(model, specs, punct_ids, calib, args.head_init_attn,
                                   hold_sink_dim=args.head_hold_sink_dim)
            with torch.no_grad():
                hs0 = head_stats.compute("gpt2", model, tok, held, n_win=6)
            head_init_log = {"spec": args.head_init, "target_attn": args.head_init_attn,
                             "freeze_steps": args.head_freeze,
                             "recalibrate_every": args.head_recalibrate,
                             "held_whole_run": sorted(hold_kinds),
                             "hold_sink_dim": args.head_hold_sink_dim,
                             "at_init": {f"L{l}H{h}": hs0[f"L{l}H{h}"] for _, l, h in specs}}
            print("heads after --head-init: " + ", ".join(
                f"L{l}H{h} {k} {hs0[f'L{l}H{h}'][k if k != 'sink' else 'first']:.3f}" for k, l, h in specs),
                flush=True)
        lr = args.lr or 1e-3
    else:
        vocab = bert_tokenizer.train(docs, VOCAB)
        bert_tokenizer.save(vocab, args.out)
        tok = bert_tokenizer.Tokenizer(args.out)
        stream = []
        for d in docs:
            stream += tok.encode_plain(d)
        held = tok.encode_plain(heldout)
        cfg = dict(BERT_CFG)
        tcfg = {"tokenizer_class": "BertTokenizer", "do_lower_case": True, "strip_accents": None,
                "tokenize_chinese_chars": True, "do_basic_tokenize": True, "model_max_length": 256,
                "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]",
                "cls_token": "[CLS]", "mask_token": "[MASK]"}
        model = models.Bert(cfg)
        sinusoid_init(model.bert.embeddings.position_embeddings.weight, args.wpe_sin)
        lr = args.lr or 1e-3
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)
        f.write("\n")
    with open(os.path.join(args.out, "tokenizer_config.json"), "w") as f:
        json.dump(tcfg, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"tokenizer done in {time.time() - t0:.1f}s: train {len(stream)} tokens, "
          f"held-out {len(held)} tokens", flush=True)

    # ---- training ----
    decay = [p for n, p in model.named_parameters() if p.dim() == 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() != 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=lr, betas=(0.9, 0.98), eps=1e-8)
    gen = torch.Generator().manual_seed(args.seed)
    data = torch.tensor(stream, dtype=torch.long)
    seq = args.seq
    budget = args.minutes * 60.0
    replay = None
    if args.replay:
        with open(args.replay) as f:
            replay = json.load(f)["lr_schedule"]
    log = []
    lrs = []
    t_train = time.time()
    step = 0
    while True:
        el = time.time() - t_train
        if replay is not None:
            if step >= len(replay):
                break
            cur_lr = replay[step]
        elif args.steps > 0:
            if step >= args.steps:
                break
            cur_lr = lr_at(step, args.steps, args.warmup, lr)
        else:
            # time-budgeted: warmup by steps, then cosine over the elapsed fraction of the budget
            # (the machine is shared, so the speed varies); the schedule actually used is stored
            # in train_log.json ("lr_schedule") and --replay repeats the run exactly.
            if el >= budget and step >= args.warmup:
                break
            cur_lr = lr_time(step, el / budget, args.warmup, lr)
        starts = torch.randint(0, len(stream) - seq - 1, (args.batch,), generator=gen)
        model.train()
        if args.model == "gpt2":
            x = torch.stack([data[s:s + seq + 1] for s in starts])
            logits, _, _ = model(x[:, :-1])
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, VOCAB), x[:, 1:].reshape(-1))
        else:
            x = torch.stack([torch.tensor(bert_window(tok, stream, int(s), seq)) for s in starts])
            inp, sel, targets = mask_batch(x, gen, tok, [tok.cls, tok.sep, tok.pad])
            h, _ = model.encode(inp)
            logits = model.mlm_logits(h[sel])
            loss = torch.nn.functional.cross_entropy(logits, targets)
        for g in opt.param_groups:
            g["lr"] = cur_lr
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if keep and step == args.head_freeze and hold_kinds:
            # Release: from here on only the --head-hold kinds stay held (and rescaled).
            specs = [s for s in specs if s[0] in hold_kinds]
            model.eval()
            keep = head_init.apply(model, specs, punct_ids, calib, args.head_init_attn, fresh=False,
                                       hold_sink_dim=args.head_hold_sink_dim)
        if keep and (step < args.head_freeze or hold_kinds):
            head_init.restore(keep)
            if args.head_recalibrate and (step + 1) % args.head_recalibrate == 0:
                model.eval()
                keep = head_init.apply(model, specs, punct_ids, calib, args.head_init_attn, fresh=False,
                                       hold_sink_dim=args.head_hold_sink_dim)
        step += 1
        lrs.append(cur_lr)
        el = time.time() - t_train
        log.append({"step": step, "loss": float(loss), "lr": cur_lr, "seconds": round(el, 2)})
        if step % 10 == 0 or step == 1:
            print(f"step {step} loss {float(loss):.4f} lr {cur_lr:.2e} {el:.0f}s", flush=True)
        if args.probe_every and step % args.probe_every == 0:
            # Read-only probe (no RNG use), so it does not change the run.
            model.eval()
            with torch.no_grad():
                hs = head_stats.compute(args.model, model, tok, held, n_win=6)
            best = {a: max((v[a], k) for k, v in hs.items() if k.startswith("L")) for a in ("prev", "first", "self")}
            ent = min((v["entropy"], k) for k, v in hs.items() if k.startswith("L"))
            print(f"probe step {step}: " + ", ".join(f"{a} {v:.3f} ({k})" for a, (v, k) in best.items()) +
                  f", min entropy {ent[0]:.2f} ({ent[1]})", flush=True)
    train_seconds = time.time() - t_train

    # ---- round to F16, save, evaluate the rounded weights ----
    sd = {k: v for k, v in model.state_dict().items()}
    models.save_safetensors(sd, os.path.join(args.out, "model.safetensors"), "F16")
    cfg2, model = models.load_model(args.out)
    metrics = {"model": args.model, "steps": step, "batch": args.batch, "seq": seq, "peak_lr": lr,
               "warmup": args.warmup, "seed": args.seed, "train_seconds": round(train_seconds, 1),
               "total_seconds_before_eval": round(time.time() - t0, 1),
               "train_tokens": len(stream), "heldout_tokens": len(held),
               "command": " ".join(["/usr/bin/python3"] + sys.argv)}
    with torch.no_grad():
        if args.model == "gpt2":
            nll, n = head_stats.gpt2_nll(model, held, seq)
            metrics["heldout_loss"] = nll / n
            metrics["heldout_ppl"] = math.exp(nll / n)
            print(f"held-out perplexity {math.exp(nll / n):.2f}", flush=True)
        else:
            egen = torch.Generator().manual_seed(4321)
            correct, n, nll = 0, 0, 0.0
            for s in range(0, len(held) - (seq - 2), seq - 2):
                x = torch.tensor(bert_window(tok, held, s, seq))[None]
                inp, sel, targets = mask_batch(x, egen, tok, [tok.cls, tok.sep, tok.pad])
                h, _ = model.encode(inp)
                lg = model.mlm_logits(h[sel])
                correct += int((lg.argmax(-1) == targets).sum())
                nll += float(torch.nn.functional.cross_entropy(lg, targets, reduction="sum"))
                n += len(targets)
            metrics["heldout_mlm_accuracy"] = correct / n
            metrics["heldout_mlm_loss"] = nll / n
            metrics["heldout_mlm_positions"] = n
            print(f"held-out MLM accuracy {correct / n:.4f} ({n} positions)", flush=True)
        metrics["heads"] = head_stats.compute(args.model, model, tok, held)
    if head_init_log:
        metrics["head_init"] = head_init_log
    if args.init_from:
        # A continued run: keep the first run's log beside this one (its lr_schedule replays it).
        with open(os.path.join(args.init_from, "train_log.json")) as f:
            src_log = json.load(f)
        with open(os.path.join(args.out, "train_log.stage1.json"), "w") as f:
            json.dump(src_log, f, indent=1)
            f.write("\n")
        metrics["init_from"] = {k: src_log.get(k) for k in ("command", "steps", "train_seconds",
                                                             "heldout_ppl", "heldout_bits_per_byte")}
        metrics["init_from"]["log"] = "train_log.stage1.json"
    metrics["loss_curve"] = [[e["step"], round(e["loss"], 4)] for e in log]
    metrics["lr_schedule"] = lrs
    with open(os.path.join(args.out, "train_log.json"), "w") as f:
        json.dump(metrics, f, indent=1)
        f.write("\n")
    head_stats.plot_loss(metrics, os.path.join(args.out, "loss.png"),
                         src_log["loss_curve"] if args.init_from else None)
    print(f"done in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
