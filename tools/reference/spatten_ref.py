#!/usr/bin/python3
"""Independent PyTorch reference of docs/semantics.md (the SpAtten functional model).

Written from the specification only (it shares no code with core/): loads a Hugging Face
GPT-2 / BERT directory by hand (config.json + model.safetensors), runs the pruned forward pass
(cascade token and head pruning, local value pruning, per-vector quantization, progressive
quantization with LSB refetch, generation with teacher forcing) and writes golden JSON files
that tests/core/functional/tst_spatten_reference.cpp compares against. Rerun it whenever a bundled
model changes:  /usr/bin/python3 tools/reference/spatten_ref.py [OUT_DIR [CASE ...]]  (torch 1.13)
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch

torch.set_num_threads(1)
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

DEFAULTS = dict(token_keep_start=0.7, token_keep_end=0.3, token_skip_frac=0.15, head_keep_start=1.0,
                head_keep_end=0.8, head_skip_frac=0.30, value_keep=0.2, protect_first=0,
                k_msb_bits=6, k_lsb_bits=4, pq_threshold=0.1, pq_enabled=True, v_bits=8, q_bits=12,
                seed=1, token_keep_per_layer=[], head_keep_per_layer=[], generate=0)
DENSE = dict(DEFAULTS, token_keep_start=1.0, token_keep_end=1.0, head_keep_start=1.0,
             head_keep_end=1.0, value_keep=1.0, k_msb_bits=0, k_lsb_bits=0, pq_enabled=False,
             v_bits=0, q_bits=0)


# ---------------------------------------------------------------- model loading (by hand)
def load_tensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    hlen = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + hlen])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        buf = raw[8 + hlen + a:8 + hlen + b]
        if info["dtype"] == "F16":
            arr = np.frombuffer(buf, dtype="<f2").astype(np.float32)
        elif info["dtype"] == "F32":
            arr = np.frombuffer(buf, dtype="<f4").astype(np.float32)
        elif info["dtype"] == "BF16":  # the high half of a float32
            arr = (np.frombuffer(buf, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            raise ValueError(info["dtype"])
        out[name] = torch.from_numpy(arr.reshape(info["shape"]).copy())
    return out


class Model:
    def __init__(self, d):
        with open(os.path.join(d, "config.json")) as f:
            c = json.load(f)
        self.t = load_tensors(os.path.join(d, "model.safetensors"))
        self.gpt2 = c["model_type"] == "gpt2"
        if self.gpt2:
            self.L, self.H, self.d = c["n_layer"], c["n_head"], c["n_embd"]
            self.eps = c.get("layer_norm_epsilon", 1e-5)
        else:
            self.L, self.H, self.d = c["num_hidden_layers"], c["num_attention_heads"], c["hidden_size"]
            self.eps = c.get("layer_norm_eps", 1e-12)
            self.act = c.get("hidden_act", "gelu")
        self.D = self.d // self.H

    def has(self, name):
        return any(p + name in self.t for p in ("", "transformer.", "bert."))

    def w(self, name):
        """Tensor by its Hugging Face name, with or without the transformer./bert. prefix."""
        for p in ("", "transformer.", "bert."):
            if p + name in self.t:
                return self.t[p + name]
        if name.startswith("bert."):
            return self.w(name[5:])
        raise KeyError(name)

    def ln(self, x, pre):
        return torch.nn.functional.layer_norm(x, (self.d,), self.w(pre + ".weight"), self.w(pre + ".bias"), self.eps)

    def embed(self, ids, pos):
        ids, pos = torch.tensor(ids), torch.tensor(pos)
        if self.gpt2:
            return self.w("wte.weight")[ids] + self.w("wpe.weight")[pos]
        e = "bert.embeddings."
        x = self.w(e + "word_embeddings.weight")[ids] + self.w(e + "position_embeddings.weight")[pos] \
            + self.w(e + "token_type_embeddings.weight")[0]
        return self.ln(x, e + "LayerNorm")

    def qkv(self, l, x):
        """Returns q, k, v as [H, rows, D]."""
        if self.gpt2:
            a = self.ln(x, f"h.{l}.ln_1")
            y = a @ self.w(f"h.{l}.attn.c_attn.weight") + self.w(f"h.{l}.attn.c_attn.bias")
            q, k, v = y.split(self.d, dim=1)
        else:
            s = f"bert.encoder.layer.{l}.attention.self."
            q, k, v = [x @ self.w(s + n + ".weight").t() + self.w(s + n + ".bias") for n in ("query", "key", "value")]
        return [t.reshape(-1, self.H, self.D).transpose(0, 1) for t in (q, k, v)]

    def finish(self, l, x, att):
        """att: [rows, d] concatenated head outputs (pruned heads zero)."""
        if self.gpt2:
            p = lambda s: f"h.{l}." + s
            h = x + att @ self.w(p("attn.c_proj.weight")) + self.w(p("attn.c_proj.bias"))
            f = self.ln(h, p("ln_2")) @ self.w(p("mlp.c_fc.weight")) + self.w(p("mlp.c_fc.bias"))
            f = 0.5 * f * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (f + 0.044715 * f ** 3)))
            return h + f @ self.w(p("mlp.c_proj.weight")) + self.w(p("mlp.c_proj.bias"))
        s = f"bert.encoder.layer.{l}."
        lin = lambda v, n: v @ self.w(s + n + ".weight").t() + self.w(s + n + ".bias")
        h = self.ln(lin(att, "attention.output.dense") + x, s + "attention.output.LayerNorm")
        f = self.gelu(lin(h, "intermediate.dense"))
        return self.ln(lin(f, "output.dense") + h, s + "output.LayerNorm")

    def gelu(self, x):
        if self.act == "relu":
            return torch.relu(x)
        if self.act == "gelu_new":
            return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
        return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))

    def logits(self, h):
        if self.gpt2:
            x = self.ln(h, "ln_f")
            table = self.w("lm_head.weight") if self.has("lm_head.weight") else self.w("wte.weight")
            return x @ table.t()
        c = "cls.predictions."
        if not self.has(c + "transform.dense.weight"):
            return None
        x = self.gelu(h @ self.w(c + "transform.dense.weight").t() + self.w(c + "transform.dense.bias"))
        x = self.ln(x, c + "transform.LayerNorm")
        table = self.w(c + "decoder.weight") if self.has(c + "decoder.weight") else \
            self.w("bert.embeddings.word_embeddings.weight")
        out = x @ table.t()
        return out + self.w(c + "bias") if self.has(c + "bias") else out


# ---------------------------------------------------------------- spec primitives
def ceil_eps(x):
    return math.ceil(x - 1e-9)


def schedule(L, skip_frac, start, end, per_layer):
    if per_layer:
        assert len(per_layer) == L
        return list(per_layer)
    skip = min(L, ceil_eps(skip_frac * L))
    r, pruned = [1.0] * L, L - skip
    for l in range(skip, L):
        r[l] = end if pruned == 1 else start + (end - start) * (l - skip) / (pruned - 1)
    return r


def top_stable(ids, score, k):
    """k ids with the highest score, ties to the lower id; returned ascending."""
    order = sorted(ids, key=lambda i: (-score[i], i))
    return sorted(order[:k])


def quant(x, bits):
    """Per-row symmetric quantization; returns (codes as float64 integers, scale float32 [rows, 1])."""
    mc = 2 ** (bits - 1) - 1
    amax = x.abs().max(dim=1, keepdim=True).values
    scale = torch.where(amax == 0, torch.ones_like(amax), amax / torch.tensor(mc, dtype=torch.float32))
    v = (x / scale).double()
    codes = torch.sign(v) * torch.floor(v.abs() + 0.5)  # round half away from zero (exact in double)
    return codes.clamp(-mc, mc), scale


def fake(x, bits):
    if bits == 0:
        return x
    c, s = quant(x, bits)
    return c.float() * s


def msb_keys(x, msb, lsb):
    c, s = quant(x, msb + lsb)
    full = c.float() * s
    m = torch.floor(c / (2 ** lsb)) * (2 ** lsb)  # arithmetic shift right then left
    return m.float() * s, full


def softmax_rows(s):
    return torch.softmax(s, dim=-1)

# ---------------------------------------------------------------- the SpAtten run
def run(model, ids, cfg, forced=None):
    m, L, H, D = model, model.L, model.H, model.D
    tk = schedule(L, cfg["token_skip_frac"], cfg["token_keep_start"], cfg["token_keep_end"], cfg["token_keep_per_layer"])
    hk = schedule(L, cfg["head_skip_frac"], cfg["head_keep_start"], cfg["head_keep_end"], cfg["head_keep_per_layer"])
    msb, lsb = cfg["k_msb_bits"], cfg["k_lsb_bits"]
    pq = cfg["pq_enabled"] and msb > 0
    seq = list(ids)
    n0 = len(ids)
    hidden = {i: row for i, row in enumerate(m.embed(ids, list(range(n0))))}
    alive = [list(range(n0)) for _ in range(L)]
    heads = [list(range(H)) for _ in range(L)]
    st, sh = [0.0] * n0, [0.0] * H
    kv = [[dict() for _ in range(H)] for _ in range(L)]  # token -> (k_first, k_full, v)
    out = dict(layers=[], requests=0, refetch=0, dram=dict(k_msb=0, k_lsb=0, v=0, q=0), logits=[],
               generated=[], argmax=[], dense_baseline=dict(k_msb=0, k_lsb=0, v=0, q=0))
    bits = dict(k_msb=32 if msb == 0 else (msb if cfg["pq_enabled"] else msb + lsb),
                k_lsb=0 if (msb == 0 or not cfg["pq_enabled"]) else lsb,
                v=cfg["v_bits"] or 32, q=cfg["q_bits"] or 32)
    base = dict(k_msb=12, k_lsb=0, v=12, q=12)

    def add_bytes(acc, b, nk, nv, nq, lsb_keys):
        acc["k_msb"] += (nk * D * b["k_msb"] + 7) // 8
        acc["k_lsb"] += (lsb_keys * D * b["k_lsb"] + 7) // 8
        acc["v"] += (nv * D * b["v"] + 7) // 8
        acc["q"] += nq * ((D * b["q"] + 7) // 8)

    def layer(it, l, rows):
        n = len(seq)
        x = torch.stack([hidden[r] for r in rows])
        q, k, v = m.qkv(l, x)
        keys = alive[l]
        att = torch.zeros(len(rows), m.d)
        for h in heads[l]:
            for i, r in enumerate(rows):
                kr = k[h][i:i + 1]
                if msb == 0:
                    kf = kfull = kr
                elif cfg["pq_enabled"]:
                    kf, kfull = msb_keys(kr, msb, lsb)
                else:
                    kfull = fake(kr, msb + lsb)
                    kf = kfull
                kv[l][h][r] = (kf[0], kfull[0], fake(v[h][i:i + 1], cfg["v_bits"])[0])
            Kf = torch.stack([kv[l][h][j][0] for j in keys])
            Kfull = torch.stack([kv[l][h][j][1] for j in keys])
            V = torch.stack([kv[l][h][j][2] for j in keys])
            Q = fake(q[h], cfg["q_bits"])
            any_refetch = False
            for i, r in enumerate(rows):
                att_keys = [j for j in keys if (not m.gpt2) or j <= r]
                mcount = len(att_keys)
                P = softmax_rows((Q[i:i + 1] @ Kf[:mcount].t()) / math.sqrt(D))[0]
                refetch = pq and float(P.max()) < cfg["pq_threshold"]
                if refetch:
                    P = softmax_rows((Q[i:i + 1] @ Kfull[:mcount].t()) / math.sqrt(D))[0]
                    out["refetch"] += 1
                    any_refetch = True
                out["requests"] += 1
                for jj, j in enumerate(att_keys):
                    st[j] += float(P[jj])
                kcount = min(max(1, ceil_eps(cfg["value_keep"] * mcount)), mcount)
                pl = P.tolist()
                kept = sorted(sorted(range(mcount), key=lambda a: (-pl[a], a))[:kcount])
                Pv = torch.zeros(mcount)
                Pv[kept] = P[kept]
                e = Pv @ V[:mcount]
                att[i, h * D:(h + 1) * D] = e
                sh[h] += float(e.double().abs().sum())
                if it > 0:
                    add_bytes(out["dram"], bits, mcount, kcount, 1, mcount if refetch else 0)
                    add_bytes(out["dense_baseline"], base, mcount, mcount, 1, 0)
            if it == 0:
                add_bytes(out["dram"], bits, len(keys), len(keys), len(rows), len(keys) if any_refetch else 0)
                add_bytes(out["dense_baseline"], base, len(keys), len(keys), len(rows), 0)
        y = m.finish(l, x, att)
        for i, r in enumerate(rows):
            hidden[r] = y[i]
        # pruning decision
        prot = sorted(set(range(min(n, cfg["protect_first"]))) | {0 if not m.gpt2 else n - 1})
        computed, computed_heads = list(alive[l]), list(heads[l])
        budget = min(len(alive[l]), max(len(prot), ceil_eps(tk[l] * n)))
        if budget < len(alive[l]):
            cand = [j for j in alive[l] if j not in prot]
            alive[l] = sorted(prot + top_stable(cand, st, budget - len(prot)))
            for mm in range(l + 1, L):
                alive[mm] = [j for j in alive[mm] if j in alive[l]]
        hb = min(len(heads[l]), max(1, ceil_eps(hk[l] * H)))
        if hb < len(heads[l]):
            heads[l] = top_stable(heads[l], sh, hb)
            for mm in range(l + 1, L):
                heads[mm] = [h for h in heads[mm] if h in heads[l]]
        out["layers"].append(dict(iteration=it, layer=l, computed_tokens=computed, computed_heads=computed_heads,
                                  alive_tokens=list(alive[l]), alive_heads=list(heads[l]),
                                  token_budget=budget, head_budget=hb))

    def step_logits():
        if m.gpt2:
            lg = m.logits(hidden[len(seq) - 1].unsqueeze(0))[0]
            out["logits"].append(lg)
            out["argmax"].append(int(torch.argmax(lg)))

    for l in range(L):
        layer(0, l, list(alive[l]))
    step_logits()
    for it in range(1, cfg["generate"] + 1):
        tok = forced[it - 1] if forced else out["argmax"][-1]
        pos = len(seq)
        seq.append(tok)
        out["generated"].append(tok)
        hidden[pos] = m.embed([tok], [pos])[0]
        st.append(0.0)
        for a in alive:  # the new token joins every A_l
            a.append(pos)
        for l in range(L):
            layer(it, l, [pos])
        step_logits()
    out["hidden"] = torch.stack([hidden[i] for i in range(len(seq))])
    return out


# ---------------------------------------------------------------- golden files
def r6(x):
    return float(f"{float(x):.7g}")


def fnv1a64(path):  # of the weights file: the C++ test refuses goldens of a different model
    h = 0xcbf29ce484222325
    for b in open(path, "rb").read():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def encode(model_dir, text):  # the training scripts' Python tokenizers (independent of core/)
    sys.path.insert(0, os.path.join(ROOT, "tools", "train"))
    import bert_tokenizer, gpt2_tokenizer
    bert = os.path.exists(os.path.join(model_dir, "vocab.txt"))
    return (bert_tokenizer if bert else gpt2_tokenizer).Tokenizer(model_dir).encode(text)


def golden_case(name, model_rel, cfg_over, text=None, ids=None, mask_id=None):
    model_dir = os.path.join(ROOT, model_rel)
    m = Model(model_dir)
    if ids is None:
        ids = encode(model_dir, text)
    cfg = dict(DEFAULTS, **cfg_over)
    dense = run(m, ids, dict(DENSE, generate=cfg["generate"]))
    res = run(m, ids, cfg, forced=dense["generated"] if m.gpt2 else None)
    g = dict(name=name, model=model_rel, model_fnv1a64=fnv1a64(os.path.join(model_dir, "model.safetensors")), text=text, ids=ids, config=cfg, forced_tokens=dense["generated"],
             layers=res["layers"], requests=res["requests"], refetch=res["refetch"], dram=res["dram"],
             dense_baseline=dense["dense_baseline"], step_argmax=res["argmax"])
    g["dram"]["total"], g["dense_baseline"]["total"] = sum(res["dram"].values()), sum(dense["dense_baseline"].values())
    nl = min(512, res["logits"][0].shape[0]) if res["logits"] else 0
    g["step_logits_head"] = [[r6(v) for v in lg[:nl]] for lg in res["logits"]]
    g["final_hidden"] = [[r6(v) for v in row] for row in res["hidden"]]
    if m.gpt2:  # KL(dense || pruned) per step, in float64
        kls = []
        for a, b in zip(dense["logits"], res["logits"]):
            la, lb = torch.log_softmax(a.double(), 0), torch.log_softmax(b.double(), 0)
            kls.append(float((la.exp() * (la - lb)).sum()))
        g["fidelity_kl"] = [r6(k) for k in kls]
        g["fidelity_top1"] = [int(a) == int(b) for a, b in zip(dense["argmax"], res["argmax"])]
    else:
        a, b = dense["hidden"][0].double(), res["hidden"][0].double()
        g["cls_cosine"] = r6(float(a @ b / (a.norm() * b.norm())))
    return g


CASES = [
    # Small hand-made fixtures of the model developer (2 layers, 2 heads, d 32, context 16).
    ("fixture-gpt2-prune", "tests/data/model/gpt2-f32", dict(token_keep_per_layer=[0.75, 0.5],
     head_keep_per_layer=[1.0, 0.5], value_keep=0.5, pq_threshold=0.5, generate=3), None, [3, 17, 5, 9, 22, 41, 8, 30, 11, 2]),
    ("fixture-bert-prune", "tests/data/model/bert-f32", dict(token_keep_per_layer=[0.6, 0.4], head_keep_per_layer=[0.5, 0.5],
     value_keep=0.4, protect_first=2, pq_threshold=0.3), None, [1, 7, 12, 33, 4, 19, 25, 6, 40, 2]),
    # Bundled tiny models (4 layers, 4 heads, d 256).
    ("tiny-gpt2-default-spatten", "samples/models/tiny-gpt2", dict(generate=4), "default.txt", None),
    ("tiny-gpt2-emma-aggressive", "samples/models/tiny-gpt2", dict(token_keep_start=0.5, token_keep_end=0.2,
     token_skip_frac=0.25, head_keep_end=0.5, head_skip_frac=0.25, value_keep=0.1, protect_first=1, k_msb_bits=4,
     pq_threshold=0.2, v_bits=6, q_bits=8, generate=3), "emma.txt", None),
    ("tiny-bert-default-spatten", "samples/models/tiny-bert", dict(token_keep_start=0.8, token_keep_end=0.4,
     head_keep_end=0.75, value_keep=0.5, k_msb_bits=8, k_lsb_bits=4, pq_enabled=False, v_bits=12, q_bits=12),
     "default-bert.txt", None),
    ("tiny-bert-masks-pq", "samples/models/tiny-bert", dict(token_keep_per_layer=[1.0, 0.8, 0.6, 0.5],
     value_keep=0.3, pq_threshold=0.3), "masks-bert.txt", None),
]


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "data", "spatten")
    only = sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    for name, model_rel, over, text_file, ids in CASES:
        if (only and name not in only) or not os.path.exists(os.path.join(ROOT, model_rel, "model.safetensors")):
            continue
        text = open(os.path.join(ROOT, "samples", "sentences", text_file), encoding="utf-8").read().strip("\n") \
            if text_file else None
        g = golden_case(name, model_rel, over, text=text, ids=ids)
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump(g, f, indent=None, separators=(",", ":"))
            f.write("\n")
        print(f"{name}: {len(g['ids'])} tokens, {g['requests']} requests, {g['refetch']} refetches, "
              f"dram {g['dram']['total']} vs dense {g['dense_baseline']['total']}")


if __name__ == "__main__":
    main()
