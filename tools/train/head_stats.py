"""Per-head attention statistics on held-out text, and the loss-curve figure."""
import torch

WIN = 128
N_WIN = 24


def _is_punct_str(s):
    s = s.strip()
    return len(s) > 0 and not any(c.isalnum() for c in s)


def gpt2_punct_mask(tok):
    """Bool tensor [vocab]: the GPT-2 tokens that are punctuation (no letter or digit)."""
    return torch.tensor([_is_punct_str(tok.token_str(i)) for i in range(len(tok.inv))])


def compute(family, model, tok, held, n_win=N_WIN):
    """Average over held-out windows and over queries q >= 1 of: attention to the previous token
    (q-1), to the first token (position 0), to itself, to punctuation tokens (sum), and (BERT)
    to the next token and to [SEP]. Returns {"L{l}H{h}": {...}}."""
    if family == "gpt2":
        punct = gpt2_punct_mask(tok)
    else:
        punct = torch.tensor([_is_punct_str(t) and not t.startswith("[") for t in tok.inv])
    acc = {}
    count = 0
    for w in range(n_win):
        s = w * WIN
        if family == "gpt2":
            ids = held[s:s + WIN]
        else:
            ids = [tok.cls] + held[s:s + WIN - 2] + [tok.sep]
        if len(ids) < WIN:
            break
        x = torch.tensor(ids)[None]
        if family == "gpt2":
            _, _, attns = model(x, want_attn=True)
        else:
            _, attns = model.encode(x, want_attn=True)
        pm = punct[x[0]].float()
        t = len(ids)
        for l, p in enumerate(attns):
            p = p[0]  # [H, T, T]
            for h in range(p.shape[0]):
                ph = p[h]
                q = torch.arange(1, t)
                st = {"prev": float(ph[q, q - 1].mean()), "first": float(ph[1:, 0].mean()),
                      "self": float(ph.diagonal()[1:].mean()), "punct": float((ph[1:] @ pm).mean())}
                if family == "bert":
                    q2 = torch.arange(1, t - 2)
                    st["next"] = float(ph[q2, q2 + 1].mean())
                    st["sep"] = float(ph[1:, t - 1].mean())
                ent = -(ph[1:].clamp_min(1e-12).log() * ph[1:]).sum(-1).mean()
                st["entropy"] = float(ent)
                k = f"L{l}H{h}"
                if k not in acc:
                    acc[k] = {a: 0.0 for a in st}
                for a, v in st.items():
                    acc[k][a] += v
        count += 1
    pf = float(torch.tensor([punct[i] for i in held]).float().mean())
    out = {k: {a: round(v / count, 4) for a, v in d.items()} for k, d in acc.items()}
    out["_punct_token_fraction"] = round(pf, 4)
    out["_windows"] = count
    out["_window_tokens"] = WIN
    return out


def gpt2_nll(model, held, seq):
    """Summed next-token cross-entropy (nats) of a GPT-2 over the held-out ids in
    non-overlapping windows of seq + 1 tokens (every token but the first is predicted once).
    Returns (nll, predicted tokens)."""
    nll, n = 0.0, 0
    with torch.no_grad():
        for s in range(0, len(held) - 1, seq):
            w = torch.tensor(held[s:s + seq + 1])[None]
            if w.shape[1] < 2:
                break
            lg, _, _ = model(w[:, :-1])
            nll += float(torch.nn.functional.cross_entropy(lg[0], w[0, 1:], reduction="sum"))
            n += w.shape[1] - 1
    return nll, n


def plot_loss(metrics, path, before=None):
    """The loss curve of a run; before: the [step, loss] curve of the run it continued
    (train_tiny.py --init-from), drawn first, this run's steps following it."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    before = before or []
    off = before[-1][0] if before else 0
    steps = [a for a, _ in before] + [a + off for a, _ in metrics["loss_curve"]]
    loss = [b for _, b in before] + [b for _, b in metrics["loss_curve"]]
    k = 25
    smooth = [sum(loss[max(0, i - k + 1):i + 1]) / len(loss[max(0, i - k + 1):i + 1]) for i in range(len(loss))]
    fig, ax = plt.subplots(figsize=(6, 3.5), dpi=100)
    ax.plot(steps, loss, color="#bbbbbb", lw=0.8, label="batch loss")
    ax.plot(steps, smooth, color="#1f5fa8", lw=1.5, label="moving average (25)")
    if "heldout_loss" in metrics:
        ax.axhline(metrics["heldout_loss"], color="#c03020", ls="--", lw=1,
                   label=f"held-out {metrics['heldout_loss']:.3f} (ppl {metrics['heldout_ppl']:.1f})")
    if "heldout_mlm_loss" in metrics:
        ax.axhline(metrics["heldout_mlm_loss"], color="#c03020", ls="--", lw=1,
                   label=f"held-out MLM {metrics['heldout_mlm_loss']:.3f} (acc {metrics['heldout_mlm_accuracy']:.3f})")
    if before:
        ax.axvline(off, color="#444444", ls=":", lw=1, label=f"stage 2 from step {off}")
    ax.set_xlabel("step (batch %d x %d tokens)" % (metrics["batch"], metrics["seq"]))
    ax.set_ylabel("cross-entropy (nats)")
    ax.set_title("tiny-%s training loss" % metrics["model"])
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
