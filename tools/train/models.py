"""Minimal PyTorch GPT-2 and BERT that compute exactly what Hugging Face's GPT2LMHeadModel and
BertForMaskedLM compute (no dropout), plus a hand-written safetensors reader/writer."""
import json
import math
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class Conv1D(nn.Module):
    """HF GPT-2 Conv1D: weight [in, out], y = x @ W + b."""

    def __init__(self, nin, nout):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(nin, nout).normal_(0.0, 0.02))
        self.bias = nn.Parameter(torch.zeros(nout))

    def forward(self, x):
        return x @ self.weight + self.bias


class GPT2Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        e, self.nh = cfg["n_embd"], cfg["n_head"]
        eps = cfg["layer_norm_epsilon"]
        self.ln_1 = nn.LayerNorm(e, eps=eps)
        self.attn = nn.Module()
        self.attn.c_attn = Conv1D(e, 3 * e)
        self.attn.c_proj = Conv1D(e, e)
        self.ln_2 = nn.LayerNorm(e, eps=eps)
        self.mlp = nn.Module()
        inner = cfg.get("n_inner") or 4 * e
        self.mlp.c_fc = Conv1D(e, inner)
        self.mlp.c_proj = Conv1D(inner, e)

    def forward(self, x, want_attn=False):
        b, t, e = x.shape
        d = e // self.nh
        q, k, v = self.attn.c_attn(self.ln_1(x)).split(e, dim=2)
        q = q.view(b, t, self.nh, d).transpose(1, 2)
        k = k.view(b, t, self.nh, d).transpose(1, 2)
        v = v.view(b, t, self.nh, d).transpose(1, 2)
        s = (q @ k.transpose(-1, -2)) / math.sqrt(d)
        mask = torch.ones(t, t, dtype=torch.bool).tril()
        s = s.masked_fill(~mask, torch.finfo(s.dtype).min)
        p = torch.softmax(s, dim=-1)
        a = (p @ v).transpose(1, 2).reshape(b, t, e)
        x = x + self.attn.c_proj(a)
        x = x + self.mlp.c_proj(gelu_new(self.mlp.c_fc(self.ln_2(x))))
        return x, (p if want_attn else None)


class GPT2(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg["vocab_size"], cfg["n_embd"])
        self.wpe = nn.Embedding(cfg["n_positions"], cfg["n_embd"])
        nn.init.normal_(self.wte.weight, 0.0, 0.02)
        nn.init.normal_(self.wpe.weight, 0.0, 0.01)
        self.h = nn.ModuleList([GPT2Block(cfg) for _ in range(cfg["n_layer"])])
        self.ln_f = nn.LayerNorm(cfg["n_embd"], eps=cfg["layer_norm_epsilon"])
        for blk in self.h:  # GPT-2's scaled init of residual projections
            for w in (blk.attn.c_proj.weight, blk.mlp.c_proj.weight):
                nn.init.normal_(w, 0.0, 0.02 / math.sqrt(2 * cfg["n_layer"]))

    def forward(self, ids, want_attn=False):
        t = ids.shape[1]
        x = self.wte(ids) + self.wpe(torch.arange(t))
        attns = []
        for blk in self.h:
            x, p = blk(x, want_attn)
            attns.append(p)
        last_hidden = x
        logits = self.ln_f(x) @ self.wte.weight.t()
        return logits, last_hidden, attns


class BertLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        e, eps = cfg["hidden_size"], cfg["layer_norm_eps"]
        self.nh = cfg["num_attention_heads"]
        self.attention = nn.Module()
        self.attention.self = nn.Module()
        self.attention.self.query = nn.Linear(e, e)
        self.attention.self.key = nn.Linear(e, e)
        self.attention.self.value = nn.Linear(e, e)
        self.attention.output = nn.Module()
        self.attention.output.dense = nn.Linear(e, e)
        self.attention.output.LayerNorm = nn.LayerNorm(e, eps=eps)
        self.intermediate = nn.Module()
        self.intermediate.dense = nn.Linear(e, cfg["intermediate_size"])
        self.output = nn.Module()
        self.output.dense = nn.Linear(cfg["intermediate_size"], e)
        self.output.LayerNorm = nn.LayerNorm(e, eps=eps)

    def forward(self, x, want_attn=False):
        b, t, e = x.shape
        d = e // self.nh
        sa = self.attention.self
        q = sa.query(x).view(b, t, self.nh, d).transpose(1, 2)
        k = sa.key(x).view(b, t, self.nh, d).transpose(1, 2)
        v = sa.value(x).view(b, t, self.nh, d).transpose(1, 2)
        p = torch.softmax((q @ k.transpose(-1, -2)) / math.sqrt(d), dim=-1)
        a = (p @ v).transpose(1, 2).reshape(b, t, e)
        x = self.attention.output.LayerNorm(self.attention.output.dense(a) + x)
        h = F.gelu(self.intermediate.dense(x))
        x = self.output.LayerNorm(self.output.dense(h) + x)
        return x, (p if want_attn else None)


class Bert(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        e, eps = cfg["hidden_size"], cfg["layer_norm_eps"]
        self.bert = nn.Module()
        emb = self.bert.embeddings = nn.Module()
        emb.word_embeddings = nn.Embedding(cfg["vocab_size"], e)
        emb.position_embeddings = nn.Embedding(cfg["max_position_embeddings"], e)
        emb.token_type_embeddings = nn.Embedding(cfg["type_vocab_size"], e)
        emb.LayerNorm = nn.LayerNorm(e, eps=eps)
        self.bert.encoder = nn.Module()
        self.bert.encoder.layer = nn.ModuleList([BertLayer(cfg) for _ in range(cfg["num_hidden_layers"])])
        self.cls = nn.Module()
        self.cls.predictions = nn.Module()
        self.cls.predictions.transform = nn.Module()
        self.cls.predictions.transform.dense = nn.Linear(e, e)
        self.cls.predictions.transform.LayerNorm = nn.LayerNorm(e, eps=eps)
        self.cls.predictions.bias = nn.Parameter(torch.zeros(cfg["vocab_size"]))
        for m in self.modules():  # BERT init: N(0, 0.02), zero biases
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, 0.0, 0.02)
            if isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)

    def encode(self, ids, want_attn=False):
        emb = self.bert.embeddings
        t = ids.shape[1]
        x = emb.word_embeddings(ids) + emb.position_embeddings(torch.arange(t)) + \
            emb.token_type_embeddings(torch.zeros_like(ids))
        x = emb.LayerNorm(x)
        attns = []
        for layer in self.bert.encoder.layer:
            x, p = layer(x, want_attn)
            attns.append(p)
        return x, attns

    def mlm_logits(self, h):
        tr = self.cls.predictions.transform
        h = tr.LayerNorm(F.gelu(tr.dense(h)))
        return h @ self.bert.embeddings.word_embeddings.weight.t() + self.cls.predictions.bias


# ---- safetensors (hand-written; python3-safetensors is not packaged) ----

_NP = {"F16": np.float16, "F32": np.float32}


def save_safetensors(tensors, path, dtype="F16"):
    """tensors: dict name -> torch tensor. Names sorted; header padded with spaces to 8 bytes."""
    header, blobs, off = {}, [], 0
    for name in sorted(tensors):
        a = tensors[name].detach().cpu().numpy().astype(_NP[dtype]).astype("<" + _NP[dtype]().dtype.str[1:])
        raw = np.ascontiguousarray(a).tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    import os
    os.replace(path + ".tmp", path)


def load_safetensors(path):
    """Returns dict name -> float32 torch tensor."""
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        b, e = info["data_offsets"]
        a = np.frombuffer(data[base + b:base + e], dtype="<" + np.dtype(_NP[info["dtype"]]).str[1:])
        out[name] = torch.from_numpy(a.astype(np.float32).reshape(info["shape"]))
    return out


def export_state(model, family):
    """HF tensor names. GPT-2: no prefix, tied LM head omitted. BERT: tied decoder omitted."""
    sd = {k: v for k, v in model.state_dict().items()}
    return sd


def load_model(model_dir):
    with open(f"{model_dir}/config.json") as f:
        cfg = json.load(f)
    sd = load_safetensors(f"{model_dir}/model.safetensors")
    model = GPT2(cfg) if cfg["model_type"] == "gpt2" else Bert(cfg)
    missing, unexpected = model.load_state_dict(sd, strict=False)
    assert not missing and not unexpected, (missing, unexpected)
    model.eval()
    return cfg, model
