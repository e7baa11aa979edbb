#!/usr/bin/python3
"""Tiny random GPT-2 / BERT fixtures with golden outputs, for tests/core/model.

Run from anywhere:  /usr/bin/python3 tests/data/model/make_fixtures.py
Writes <variant>/{config.json,model.safetensors,golden.json} next to this script.

The golden values come from an independent PyTorch (float32) implementation of the Hugging Face
GPT2LMHeadModel / BertForMaskedLM math written here; nothing is taken from the C++ code.
safetensors is written by hand (the python package is not installed on this machine).
F16 / BF16 variants: the golden is computed from the weights rounded to that dtype, in float32.
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
HERE = os.path.dirname(os.path.abspath(__file__))
L, H, D_MODEL, FFN, VOCAB, POS = 2, 2, 32, 32, 50, 16
DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def rnd(g, *shape, std=0.3):
    return torch.randn(*shape, generator=g) * std


def ln_params(g, d=D_MODEL):
    return 1.0 + rnd(g, d, std=0.1), rnd(g, d, std=0.1)


def gpt2_weights(g):
    w = {"wte.weight": rnd(g, VOCAB, D_MODEL), "wpe.weight": rnd(g, POS, D_MODEL, std=0.1)}
    for l in range(L):
        b = f"h.{l}."
        w[b + "ln_1.weight"], w[b + "ln_1.bias"] = ln_params(g)
        w[b + "attn.c_attn.weight"] = rnd(g, D_MODEL, 3 * D_MODEL)  # Conv1D: [in, out]
        w[b + "attn.c_attn.bias"] = rnd(g, 3 * D_MODEL, std=0.1)
        w[b + "attn.c_proj.weight"] = rnd(g, D_MODEL, D_MODEL)
        w[b + "attn.c_proj.bias"] = rnd(g, D_MODEL, std=0.1)
        w[b + "ln_2.weight"], w[b + "ln_2.bias"] = ln_params(g)
        w[b + "mlp.c_fc.weight"] = rnd(g, D_MODEL, FFN)
        w[b + "mlp.c_fc.bias"] = rnd(g, FFN, std=0.1)
        w[b + "mlp.c_proj.weight"] = rnd(g, FFN, D_MODEL)
        w[b + "mlp.c_proj.bias"] = rnd(g, D_MODEL, std=0.1)
    w["ln_f.weight"], w["ln_f.bias"] = ln_params(g)
    return w


def bert_weights(g, mlm=True, untied=False):
    w = {"embeddings.word_embeddings.weight": rnd(g, VOCAB, D_MODEL),
         "embeddings.position_embeddings.weight": rnd(g, POS, D_MODEL, std=0.1),
         "embeddings.token_type_embeddings.weight": rnd(g, 2, D_MODEL, std=0.1)}
    w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"] = ln_params(g)
    for l in range(L):
        b = f"encoder.layer.{l}."
        for name, i, o in [("attention.self.query", D_MODEL, D_MODEL),
                           ("attention.self.key", D_MODEL, D_MODEL),
                           ("attention.self.value", D_MODEL, D_MODEL),
                           ("attention.output.dense", D_MODEL, D_MODEL),
                           ("intermediate.dense", D_MODEL, FFN), ("output.dense", FFN, D_MODEL)]:
            w[b + name + ".weight"] = rnd(g, o, i)  # nn.Linear: [out, in]
            w[b + name + ".bias"] = rnd(g, o, std=0.1)
        w[b + "attention.output.LayerNorm.weight"], w[b + "attention.output.LayerNorm.bias"] = ln_params(g)
        w[b + "output.LayerNorm.weight"], w[b + "output.LayerNorm.bias"] = ln_params(g)
    if mlm:
        w["cls.predictions.transform.dense.weight"] = rnd(g, D_MODEL, D_MODEL)
        w["cls.predictions.transform.dense.bias"] = rnd(g, D_MODEL, std=0.1)
        w["cls.predictions.transform.LayerNorm.weight"], w["cls.predictions.transform.LayerNorm.bias"] = ln_params(g)
        w["cls.predictions.bias"] = rnd(g, VOCAB, std=0.1)
        if untied:
            w["cls.predictions.decoder.weight"] = rnd(g, VOCAB, D_MODEL)
    return w


def act(x, name):
    if name == "gelu_new":
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))
    if name == "gelu":
        return F.gelu(x)
    return F.relu(x)


def attention(q, k, v, causal):
    n, dh = q.shape[-2], q.shape[-1]
    # q, k, v: [H, n, D]
    s = q @ k.transpose(-1, -2) / math.sqrt(dh)
    if causal:
        mask = torch.tril(torch.ones(n, n, dtype=torch.bool))
        s = torch.where(mask, s, torch.tensor(torch.finfo(torch.float32).min))
    p = F.softmax(s, dim=-1)
    return p, p @ v


def split_heads(x):  # [n, d] -> [H, n, D]
    return x.view(x.shape[0], H, D_MODEL // H).transpose(0, 1)


def gpt2_forward(w, ids, act_name, eps=1e-5):
    n = len(ids)
    x = w["wte.weight"][ids] + w["wpe.weight"][:n]
    atts = []
    for l in range(L):
        b = f"h.{l}."
        a = F.layer_norm(x, (D_MODEL,), w[b + "ln_1.weight"], w[b + "ln_1.bias"], eps)
        qkv = a @ w[b + "attn.c_attn.weight"] + w[b + "attn.c_attn.bias"]
        q, k, v = (split_heads(t) for t in qkv.split(D_MODEL, dim=1))
        p, o = attention(q, k, v, True)
        atts.append(p)
        o = o.transpose(0, 1).reshape(n, D_MODEL)
        x = x + o @ w[b + "attn.c_proj.weight"] + w[b + "attn.c_proj.bias"]
        m = F.layer_norm(x, (D_MODEL,), w[b + "ln_2.weight"], w[b + "ln_2.bias"], eps)
        m = act(m @ w[b + "mlp.c_fc.weight"] + w[b + "mlp.c_fc.bias"], act_name)
        x = x + m @ w[b + "mlp.c_proj.weight"] + w[b + "mlp.c_proj.bias"]
    hidden = x
    f = F.layer_norm(x, (D_MODEL,), w["ln_f.weight"], w["ln_f.bias"], eps)
    head = w.get("lm_head.weight", w["wte.weight"])
    return atts, hidden, f @ head.T


def bert_forward(w, ids, act_name, eps=1e-12):
    n = len(ids)
    lin = lambda x, name: x @ w[name + ".weight"].T + w[name + ".bias"]
    lnorm = lambda x, name: F.layer_norm(x, (D_MODEL,), w[name + ".weight"], w[name + ".bias"], eps)
    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = lnorm(x, "embeddings.LayerNorm")
    atts = []
    for l in range(L):
        b = f"encoder.layer.{l}."
        q, k, v = (split_heads(lin(x, b + "attention.self." + t)) for t in ("query", "key", "value"))
        p, o = attention(q, k, v, False)
        atts.append(p)
        o = o.transpose(0, 1).reshape(n, D_MODEL)
        x = lnorm(lin(o, b + "attention.output.dense") + x, b + "attention.output.LayerNorm")
        m = act(lin(x, b + "intermediate.dense"), act_name)
        x = lnorm(lin(m, b + "output.dense") + x, b + "output.LayerNorm")
    if "cls.predictions.transform.dense.weight" not in w:
        return atts, x, None
    t = lnorm(act(lin(x, "cls.predictions.transform.dense"), act_name), "cls.predictions.transform.LayerNorm")
    dec = w.get("cls.predictions.decoder.weight", w["embeddings.word_embeddings.weight"])
    return atts, x, t @ dec.T + w["cls.predictions.bias"]


def to_bytes(t, dtype):
    t = t.to(DTYPES[dtype]).contiguous()
    if dtype == "BF16":
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def write_safetensors(path, tensors, dtype):
    header, blobs, off = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        data = to_bytes(tensors[name], dtype)
        header[name] = {"dtype": dtype, "shape": list(tensors[name].shape), "data_offsets": [off, off + len(data)]}
        blobs.append(data)
        off += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def r6(t):  # 6 significant digits keep files small; error << the 1e-4 tolerance
    if isinstance(t, torch.Tensor):
        t = t.tolist()
    if isinstance(t, list):
        return [r6(x) for x in t]
    return float("%.6g" % t)


def make(name, family, dtype, cfg, weights, file_names, act_name, cases):
    out = os.path.join(HERE, name)
    os.makedirs(out, exist_ok=True)
    rounded = {k: v.to(DTYPES[dtype]).float() for k, v in weights.items()}
    golden = {"model": name, "family": family, "atol": 1e-4, "cases": []}
    for ids, mlm_positions in cases:
        with torch.no_grad():
            if family == "gpt2":
                atts, hidden, logits = gpt2_forward(rounded, ids, act_name)
            else:
                atts, hidden, logits = bert_forward(rounded, ids, act_name)
        case = {"text": "", "ids": ids, "attention": r6([a for a in atts]), "hidden_last_layer": r6(hidden)}
        if family == "gpt2":
            case["logits_last"] = r6(logits[-1])
        elif logits is not None:
            case["mlm_positions"] = mlm_positions
            case["mlm_argmax"] = [int(logits[p].argmax()) for p in mlm_positions]
            case["logits_last"] = r6(logits[mlm_positions[-1]])
        golden["cases"].append(case)
    write_safetensors(os.path.join(out, "model.safetensors"), {file_names(k): v for k, v in weights.items()}, dtype)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=1)
    with open(os.path.join(out, "golden.json"), "w") as f:
        json.dump(golden, f, separators=(",", ":"))


def main():
    g = torch.Generator().manual_seed(1234)
    cases = [([1, 7, 3, 49, 0, 22, 15, 8, 31, 44], [3, 8]), ([5, 17, 3, 40, 12], [2])]
    def gpt2_cfg(act_name):
        return {"model_type": "gpt2", "n_layer": L, "n_head": H, "n_embd": D_MODEL, "n_positions": POS,
                "vocab_size": VOCAB, "n_inner": FFN, "activation_function": act_name, "layer_norm_epsilon": 1e-5}
    def bert_cfg(act_name):
        return {"model_type": "bert", "num_hidden_layers": L, "num_attention_heads": H, "hidden_size": D_MODEL,
                "intermediate_size": FFN, "max_position_embeddings": POS, "vocab_size": VOCAB,
                "type_vocab_size": 2, "hidden_act": act_name, "layer_norm_eps": 1e-12}
    # GPT-2: plain names + tied head; transformer. prefix + untied lm_head; relu.
    make("gpt2-f32", "gpt2", "F32", gpt2_cfg("gelu_new"), gpt2_weights(g), lambda k: k, "gelu_new", cases)
    w = gpt2_weights(g)
    w["lm_head.weight"] = rnd(g, VOCAB, D_MODEL)
    make("gpt2-f16", "gpt2", "F16", gpt2_cfg("gelu_new"), w,
         lambda k: k if k.startswith("lm_head") else "transformer." + k, "gelu_new", cases)
    make("gpt2-bf16", "gpt2", "BF16", gpt2_cfg("relu"), gpt2_weights(g), lambda k: k, "relu", cases)
    # BERT: bert. prefix + tied MLM head; no MLM head; old gamma/beta names + untied decoder.
    bert_prefix = lambda k: k if k.startswith("cls.") else "bert." + k
    make("bert-f32", "bert", "F32", bert_cfg("gelu"), bert_weights(g), bert_prefix, "gelu", cases)
    make("bert-f16", "bert", "F16", bert_cfg("gelu"), bert_weights(g, mlm=False), lambda k: k, "gelu", cases)
    old_ln = lambda k: bert_prefix(k.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta"))
    make("bert-bf16", "bert", "BF16", bert_cfg("gelu_new"), bert_weights(g, untied=True), old_ln, "gelu_new", cases)


if __name__ == "__main__":
    main()
