#!/usr/bin/python3
"""Independent PyTorch reference of the KV-cache policies of docs/semantics.md ("KV-cache
policies"): StreamingLLM, H2O, TOVA, Quest, SnapKV and the static top-k oracle.

Written from the specification only; it shares no code with core/ (it reuses the model loader,
quantizers and dense run of tools/reference/spatten_ref.py, the SpAtten reference). It runs the
dense prefill, then every teacher-forced generation step with each policy's keys per layer and
head, the orthogonal switches (head pruning, local value pruning, quantization, progressive
quantization) applied as semantics.md says, and writes golden JSON files that
tests/core/functional/tst_policy_reference.cpp compares against: every kept key set, Quest's pages
and metadata reads, DRAM bytes by kind, argmax, logits and KL.
Rerun whenever a bundled model changes:
    /usr/bin/python3 tools/reference/policy_ref.py [OUT_DIR [CASE ...]]   (torch 1.13, 1 thread)
"""
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spatten_ref as sr  # noqa: E402  (Model, quantizers, dense run, tokenizer, hashes)

torch.set_num_threads(1)
ROOT = sr.ROOT
POLICY_DEFAULTS = dict(policy="spatten", kv_budget=0.2, sink=4, recent_frac=0.5, window=8,
                       pool_kernel=5, page=16)
# Dense numerics (float Q/K/V, no pruning) plus the policy fields: the base of most cases.
DENSE = dict(sr.DENSE, **POLICY_DEFAULTS)


def budget_keys(b, n):
    """k(n) = min(n, max(1, ceil(b * n)))."""
    return min(n, max(1, sr.ceil_eps(b * n)))


def ranked(ids, score, k):
    """The k ids of highest score, ties to the lower id, ascending (score: dict or list)."""
    return sorted(sorted(ids, key=lambda t: (-score[t], t))[:max(0, k)])


# ---------------------------------------------------------------- the policies
class Streaming:
    def __init__(self, cfg, L, H, n0, dense_probs):
        self.sink = cfg["sink"]

    def select(self, l, h, n, k, q, keys_full):
        s = min(self.sink, k - 1)
        return list(range(s)) + list(range(n - (k - s), n)), {}


class H2O:
    def __init__(self, cfg, L, H, n0, dense_probs):
        self.f = cfg["recent_frac"]
        self.cache = {(l, h): set(range(n0)) for l in range(L) for h in range(H)}
        self.acc = {(l, h): {} for l in range(L) for h in range(H)}

    def prefill(self, l, h, rows, P):  # P: [rows, n] attention of the dense prefill
        acc = self.acc[(l, h)]
        for i, qp in enumerate(rows):
            for j in range(qp + 1):
                acc[j] = acc.get(j, 0.0) + float(P[i, j])

    def select(self, l, h, n, k, q, keys_full):
        r = min(k, max(1, sr.ceil_eps(self.f * k)))
        older = [t for t in self.cache[(l, h)] if t < n - r]
        acc = self.acc[(l, h)]
        keep = ranked(older, {t: acc.get(t, 0.0) for t in older}, k - r) + list(range(n - r, n))
        self.cache[(l, h)] = set(keep)
        return keep, dict(candidates=len(older))

    def step(self, l, h, keys, p):
        acc = self.acc[(l, h)]
        for t, v in zip(keys, p.tolist()):
            acc[t] = acc.get(t, 0.0) + v


class TOVA:
    def __init__(self, cfg, L, H, n0, dense_probs):
        self.cache = [set(range(n0)) for _ in range(L)]
        self.prev = [dict() for _ in range(L)]  # attention of the previous query, summed over heads
        self.cur = [dict() for _ in range(L)]
        self.chosen = {}

    def prefill(self, l, h, rows, P):
        last = len(rows) - 1  # only the last prompt query
        for j in range(rows[-1] + 1):
            self.cur[l][j] = self.cur[l].get(j, 0.0) + float(P[last, j])

    def select(self, l, h, n, k, q, keys_full):
        if (l, n) not in self.chosen:
            older = [t for t in self.cache[l] if t < n - 1]
            keep = ranked(older, {t: self.prev[l].get(t, 0.0) for t in older}, k - 1) + [n - 1]
            self.cache[l] = set(keep)
            self.chosen[(l, n)] = (keep, dict(candidates=len(older)))
        return self.chosen[(l, n)]

    def step(self, l, h, keys, p):
        for t, v in zip(keys, p.tolist()):
            self.cur[l][t] = self.cur[l].get(t, 0.0) + v

    def end_layer(self, l):
        self.prev[l], self.cur[l] = self.cur[l], {}


class Quest:
    def __init__(self, cfg, L, H, n0, dense_probs):
        self.p = cfg["page"]

    def select(self, l, h, n, k, q, keys_full):
        p = self.p
        npages = -(-n // p)
        last_len = n - (npages - 1) * p
        fit = (k - last_len) // p if k >= last_len else 0
        if fit >= npages - 1:
            return list(range(n)), dict(pages=list(range(npages)), meta=0, candidates=0)
        K = keys_full[:(npages - 1) * p].double().reshape(npages - 1, p, -1)
        hi, lo = K.max(dim=1).values, K.min(dim=1).values  # per-channel max / min of each page
        qd = q.double()
        bound = torch.maximum(qd * hi, qd * lo).sum(dim=1).tolist()  # upper bound of q.k per page
        pages = ranked(list(range(npages - 1)), bound, fit) + [npages - 1]
        keys = [t for g in pages for t in range(g * p, min(n, (g + 1) * p))]
        return keys, dict(pages=pages, meta=npages - 1, candidates=npages - 1)


class SnapKV:
    def __init__(self, cfg, L, H, n0, dense_probs):
        self.prefix = max(0, n0 - cfg["window"])
        self.kernel = cfg["pool_kernel"]
        self.pooled = {}

    def prefill(self, l, h, rows, P):
        window_rows = [i for i, qp in enumerate(rows) if qp >= self.prefix]
        vote = P[window_rows, :self.prefix].double().sum(dim=0)
        pooled = torch.nn.functional.avg_pool1d(vote.view(1, 1, -1), self.kernel, stride=1,
                                                padding=self.kernel // 2) if self.prefix else vote
        self.pooled[(l, h)] = pooled.flatten().tolist()

    def select(self, l, h, n, k, q, keys_full):
        recent = list(range(self.prefix, n))
        if len(recent) >= k:
            return list(range(n - k, n)), {}
        return ranked(list(range(self.prefix)), self.pooled[(l, h)], k - len(recent)) + recent, \
            dict(candidates=self.prefix)


class Oracle:
    def __init__(self, cfg, L, H, n0, dense_probs):
        self.f = cfg["recent_frac"]
        # Future-inclusive attention each token receives in the dense float model: column sums.
        self.score = {(l, h): dense_probs[l][h].double().sum(dim=0).tolist()
                      for l in range(L) for h in range(H)}

    def select(self, l, h, n, k, q, keys_full):
        r = min(k, max(1, sr.ceil_eps(self.f * k)))
        older = list(range(n - r))
        return ranked(older, self.score[(l, h)], k - r) + list(range(n - r, n)), \
            dict(candidates=len(older))


POLICIES = dict(streaming=Streaming, h2o=H2O, tova=TOVA, quest=Quest, snapkv=SnapKV, oracle=Oracle)


def dense_attention(m, seq):
    """probs[l][h] [n, n] of the dense float forward over seq (causal), for the oracle."""
    n = len(seq)
    x = m.embed(seq, list(range(n)))
    out = []
    mask = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)
    for l in range(m.L):
        q, k, v = m.qkv(l, x)
        s = (q @ k.transpose(1, 2)) / math.sqrt(m.D)
        P = torch.softmax(s.masked_fill(mask, float("-inf")), dim=-1)
        out.append([P[h] for h in range(m.H)])
        att = (P @ v).transpose(0, 1).reshape(n, m.d)
        x = m.finish(l, x, att)
    return out


# ---------------------------------------------------------------- the run under a policy
def run(m, ids, cfg, forced):
    L, H, D = m.L, m.H, m.D
    msb, lsb = cfg["k_msb_bits"], cfg["k_lsb_bits"]
    pq = cfg["pq_enabled"] and msb > 0
    hk = sr.schedule(L, cfg["head_skip_frac"], cfg["head_keep_start"], cfg["head_keep_end"],
                     cfg["head_keep_per_layer"])
    n0, gen = len(ids), cfg["generate"]
    seq = list(ids)
    dense_probs = dense_attention(m, ids + forced[:gen]) if cfg["policy"] == "oracle" else None
    pol = POLICIES[cfg["policy"]](cfg, L, H, n0, dense_probs)
    hidden = {i: row for i, row in enumerate(m.embed(ids, list(range(n0))))}
    heads = [list(range(H)) for _ in range(L)]
    sh = [0.0] * H
    kv = [[dict() for _ in range(H)] for _ in range(L)]
    bits = dict(k_msb=32 if msb == 0 else (msb if cfg["pq_enabled"] else msb + lsb),
                k_lsb=0 if (msb == 0 or not cfg["pq_enabled"]) else lsb,
                v=cfg["v_bits"] or 32, q=cfg["q_bits"] or 32, meta=32 if msb == 0 else msb + lsb)
    out = dict(steps=[], dram=dict(k_msb=0, k_lsb=0, v=0, q=0, meta=0), logits=[], argmax=[],
               requests=0, refetch=0)

    def nbytes(vectors, b):
        return (vectors * D * b + 7) // 8

    def layer(it, l, rows):
        n = len(seq)
        x = torch.stack([hidden[r] for r in rows])
        q, k, v = m.qkv(l, x)
        att = torch.zeros(len(rows), m.d)
        record = dict(iteration=it, layer=l, heads={})
        for h in heads[l]:
            for i, r in enumerate(rows):
                kr = k[h][i:i + 1]
                if msb == 0:
                    kf = kfull = kr
                elif cfg["pq_enabled"]:
                    kf, kfull = sr.msb_keys(kr, msb, lsb)
                else:
                    kfull = kf = sr.fake(kr, msb + lsb)
                kv[l][h][r] = (kf[0], kfull[0], sr.fake(v[h][i:i + 1], cfg["v_bits"])[0])
            Q = sr.fake(q[h], cfg["q_bits"])
            if it == 0:
                keys, info = list(range(n)), {}
            else:
                full = torch.stack([kv[l][h][t][1] for t in range(n)])
                keys, info = pol.select(l, h, n, budget_keys(cfg["kv_budget"], n), Q[0], full)
                assert keys == sorted(set(keys)) and keys[-1] == n - 1
            Kf = torch.stack([kv[l][h][t][0] for t in keys])
            Kfull = torch.stack([kv[l][h][t][1] for t in keys])
            V = torch.stack([kv[l][h][t][2] for t in keys])
            Pall = torch.zeros(len(rows), n)
            any_refetch = False
            for i, r in enumerate(rows):
                mc = sum(1 for t in keys if t <= r)  # causal: keys at or before the query
                P = torch.softmax((Q[i:i + 1] @ Kf[:mc].t()) / math.sqrt(D), dim=-1)[0]
                refetch = pq and float(P.max()) < cfg["pq_threshold"]
                if refetch:
                    P = torch.softmax((Q[i:i + 1] @ Kfull[:mc].t()) / math.sqrt(D), dim=-1)[0]
                    out["refetch"] += 1
                    any_refetch = True
                out["requests"] += 1
                kc = min(max(1, sr.ceil_eps(cfg["value_keep"] * mc)), mc)
                pl = P.tolist()
                kept = sorted(sorted(range(mc), key=lambda a: (-pl[a], a))[:kc])
                Pv = torch.zeros(mc)
                Pv[kept] = P[kept]
                e = Pv @ V[:mc]
                att[i, h * D:(h + 1) * D] = e
                sh[h] += float(e.double().abs().sum())
                Pall[i, keys[:mc]] = P
                if it > 0:
                    dr = out["dram"]
                    dr["k_msb"] += nbytes(mc, bits["k_msb"])
                    dr["k_lsb"] += nbytes(mc, bits["k_lsb"]) if refetch else 0
                    dr["v"] += nbytes(kc, bits["v"])
                    dr["q"] += nbytes(1, bits["q"])
                    dr["meta"] += nbytes(2 * info.get("meta", 0), bits["meta"])
                    pol_step = getattr(pol, "step", None)
                    if pol_step:
                        pol_step(l, h, keys, P)
            if it == 0:
                dr = out["dram"]
                dr["k_msb"] += nbytes(n, bits["k_msb"])
                dr["k_lsb"] += nbytes(n, bits["k_lsb"]) if any_refetch else 0
                dr["v"] += nbytes(n, bits["v"])
                dr["q"] += len(rows) * nbytes(1, bits["q"])
                if hasattr(pol, "prefill"):
                    pol.prefill(l, h, rows, Pall)
            else:
                record["heads"][h] = dict(keys=keys, pages=info.get("pages", []),
                                          meta=info.get("meta", 0),
                                          candidates=info.get("candidates", 0))
        if hasattr(pol, "end_layer"):
            pol.end_layer(l)
        y = m.finish(l, x, att)
        for i, r in enumerate(rows):
            hidden[r] = y[i]
        hb = min(len(heads[l]), max(1, sr.ceil_eps(hk[l] * H)))  # head pruning (orthogonal)
        if hb < len(heads[l]):
            heads[l] = sr.top_stable(heads[l], sh, hb)
            for mm in range(l + 1, L):
                heads[mm] = [h for h in heads[mm] if h in heads[l]]
        if it > 0:
            record["kv_budget"] = budget_keys(cfg["kv_budget"], n)
            out["steps"].append(record)

    def logits():
        lg = m.logits(hidden[len(seq) - 1].unsqueeze(0))[0]
        out["logits"].append(lg)
        out["argmax"].append(int(torch.argmax(lg)))

    for l in range(L):
        layer(0, l, list(range(n0)))
    logits()
    for it in range(1, gen + 1):
        pos = len(seq)
        seq.append(forced[it - 1])
        hidden[pos] = m.embed([forced[it - 1]], [pos])[0]
        for l in range(L):
            layer(it, l, [pos])
        logits()
    return out


# ---------------------------------------------------------------- golden files
def golden_case(name, text_file, over):
    model_rel = "samples/models/tiny-gpt2"
    model_dir = os.path.join(ROOT, model_rel)
    m = sr.Model(model_dir)
    text = open(os.path.join(ROOT, "samples", "sentences", text_file), encoding="utf-8").read()
    text = text.strip("\n")
    ids = sr.encode(model_dir, text)
    cfg = dict(DENSE, **over)
    dense = sr.run(m, ids, dict(sr.DENSE, generate=cfg["generate"]))
    res = run(m, ids, cfg, dense["generated"])
    kls, top1 = [], []
    for a, b in zip(dense["logits"], res["logits"]):
        la, lb = torch.log_softmax(a.double(), 0), torch.log_softmax(b.double(), 0)
        kls.append(sr.r6(float((la.exp() * (la - lb)).sum())))
        top1.append(int(torch.argmax(a)) == int(torch.argmax(b)))
    steps = [dict(iteration=s["iteration"], layer=s["layer"], kv_budget=s["kv_budget"],
                  heads=[dict(head=h, **v) for h, v in sorted(s["heads"].items())])
             for s in res["steps"]]
    return dict(name=name, model=model_rel,
                model_fnv1a64=sr.fnv1a64(os.path.join(model_dir, "model.safetensors")),
                text_file=text_file, ids=ids, config=cfg, forced_tokens=dense["generated"],
                steps=steps, requests=res["requests"], refetch=res["refetch"],
                dram=dict(res["dram"], total=sum(res["dram"].values())),
                step_argmax=res["argmax"],
                step_logits_head=[[sr.r6(v) for v in lg[:64]] for lg in res["logits"]],
                fidelity_kl=kls, fidelity_top1=top1)


# The spatten-gpt2 preset with head_keep_end 0.5 (0.8 of 4 heads would keep all 4).
SPATTEN_GPT2 = dict(head_keep_start=1.0, head_keep_end=0.5, value_keep=0.2, k_msb_bits=6,
                    k_lsb_bits=4, pq_threshold=0.1, pq_enabled=True, v_bits=8, q_bits=12)
G = 16  # generation steps per case
CASES = [
    ("streaming-default-b20", "default.txt", dict(policy="streaming", kv_budget=0.2)),
    ("streaming-persuasion-b50-sink2", "persuasion.txt", dict(policy="streaming", kv_budget=0.5, sink=2)),
    ("h2o-persuasion-b20", "persuasion.txt", dict(policy="h2o", kv_budget=0.2)),
    ("h2o-emma-b30-recent25", "emma.txt", dict(policy="h2o", kv_budget=0.3, recent_frac=0.25)),
    ("tova-persuasion-b30", "persuasion.txt", dict(policy="tova", kv_budget=0.3)),
    ("tova-letter-b20", "letter.txt", dict(policy="tova", kv_budget=0.2)),
    ("quest-persuasion-b30-page8", "persuasion.txt", dict(policy="quest", kv_budget=0.3, page=8)),
    ("quest-emma-b50", "emma.txt", dict(policy="quest", kv_budget=0.5)),
    ("quest-default-b20-page4", "default.txt", dict(policy="quest", kv_budget=0.2, page=4)),
    ("snapkv-persuasion-b20", "persuasion.txt", dict(policy="snapkv", kv_budget=0.2)),
    ("snapkv-letter-b50-w4-k3", "letter.txt", dict(policy="snapkv", kv_budget=0.5, window=4, pool_kernel=3)),
    ("oracle-persuasion-b20", "persuasion.txt", dict(policy="oracle", kv_budget=0.2)),
    ("oracle-emma-b50", "emma.txt", dict(policy="oracle", kv_budget=0.5)),
    # Orthogonal switches: head pruning, local value pruning, 6+4-bit keys with LSB refetch.
    ("h2o-default-b30-spatten-numerics", "default.txt", dict(SPATTEN_GPT2, policy="h2o", kv_budget=0.3)),
    ("quest-persuasion-b20-spatten-numerics", "persuasion.txt",
     dict(SPATTEN_GPT2, policy="quest", kv_budget=0.2, page=8)),
]


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "data", "policies")
    only = sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    for name, text_file, over in CASES:
        if only and name not in only:
            continue
        g = golden_case(name, text_file, dict(over, generate=G))
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump(g, f, indent=None, separators=(",", ":"))
            f.write("\n")
        print(f"{name}: {len(g['ids'])} tokens, top-1 {sum(g['fidelity_top1'])}/{len(g['fidelity_top1'])}, "
              f"mean KL {sum(g['fidelity_kl']) / len(g['fidelity_kl']):.4f}, dram {g['dram']}")


if __name__ == "__main__":
    main()
