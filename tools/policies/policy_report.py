#!/usr/bin/python3
"""Makes the policy comparison of docs/policies.md: runs `spatten-cli compare` on the bundled
GPT-2 and its held-out text (unless --from-json), writes the JSON to docs/data/, the chart to
docs/images/policies-tiny-gpt2.png and the table between the markers of docs/policies.md.
Rerun after any change of the model, the policies or the simulator:

    /usr/bin/python3 tools/policies/policy_report.py --cli build/release/app/cli/spatten-cli

Options: --from-json FILE (only render), --json/--png/--doc (outputs).
"""
import argparse
import json
import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
POLICIES = "spatten,h2o,streaming,tova,quest,snapkv,oracle"
BUDGETS = "0.2,0.3,0.5"
COMMAND = ("spatten-cli compare --model samples/models/tiny-gpt2 "
           "--text-file samples/heldout/persuasion-ch22-24.txt "
           f"--policies {POLICIES} --budget {BUDGETS} --json docs/data/compare-tiny-gpt2.json")
COLORS = dict(spatten="#d62728", h2o="#1f77b4", streaming="#7f7f7f", tova="#2ca02c",
              quest="#9467bd", snapkv="#ff7f0e", oracle="#000000")
BEGIN, END = "<!-- compare-table:begin -->", "<!-- compare-table:end -->"


def run_compare(cli, out):
    args = [cli] + COMMAND.split()[1:]
    args[args.index("--json") + 1] = out
    subprocess.run(args, cwd=ROOT, check=True)


def per_step(row, key, stage="generation"):
    steps = row["fidelity"]["steps"]
    return row[stage][key] / steps


def table(doc):
    d = doc["dense"]
    steps = d["fidelity"]["steps"]
    lines = [
        "| policy | budget | keys fetched | top-1 agreement | mean KL (nats) | K bytes/step | "
        "V bytes/step | Q bytes/step | meta bytes/step | DRAM vs dense | cycles/step | "
        "energy/step (µJ) | prefill cycles/window |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    dense_bytes = d["generation"]["dram_bytes"]["total"]

    def line(r, name):
        g = r["generation"]
        b = g["dram_bytes"]
        k = (b["k_msb"] + b["k_lsb"]) / steps
        lines.append(
            f"| {name} | {r['budget']:.2g} | {r['key_fraction']:.3f} | "
            f"{r['fidelity']['top1_agreement']:.3f} | {r['fidelity']['mean_kl']:.4f} | "
            f"{k:,.0f} | {b['v'] / steps:,.0f} | {b['q'] / steps:,.0f} | {b['meta'] / steps:,.0f} | "
            f"{b['total'] / dense_bytes:.3f} | {g['cycles'] / steps:,.0f} | "
            f"{g['energy_uj'] / steps:.2f} | "
            f"{r['summarization']['cycles'] / doc['text']['windows']:,.0f} |")

    line(d, "dense (12-bit)")
    for r in sorted(doc["rows"], key=lambda r: (r["budget"], r["policy"])):
        line(r, r["policy"])
    return "\n".join(lines)


def chart(doc, png):
    rows = doc["rows"]
    steps = doc["dense"]["fidelity"]["steps"]
    fig, ax = plt.subplots(2, 2, figsize=(11, 8))
    for p in dict.fromkeys(r["policy"] for r in rows):
        rs = sorted((r for r in rows if r["policy"] == p), key=lambda r: r["budget"])
        x = [r["key_fraction"] for r in rs]
        kw = dict(color=COLORS.get(p), marker="o", label=p)
        ax[0][0].plot(x, [r["fidelity"]["mean_kl"] for r in rs], **kw)
        ax[0][1].plot(x, [r["fidelity"]["top1_agreement"] for r in rs], **kw)
        ax[1][0].plot(x, [r["generation"]["dram_bytes"]["total"] / steps / 1e3 for r in rs], **kw)
        ax[1][1].plot(x, [r["generation"]["cycles"] / steps for r in rs], **kw)
    d = doc["dense"]
    ax[1][0].axhline(d["generation"]["dram_bytes"]["total"] / steps / 1e3, color="k", ls=":",
                     label="dense")
    ax[1][1].axhline(d["generation"]["cycles"] / steps, color="k", ls=":", label="dense")
    ax[0][0].set_yscale("log")
    ax[1][0].set_ylim(bottom=0)
    ax[1][1].set_ylim(bottom=0)
    titles = ["mean KL(dense || policy), nats (log)", "top-1 agreement with dense",
              "DRAM kB per generation step (K+V+Q+meta)",
              "simulated cycles per generation step\n(Quest metadata and estimate, score updates included)"]
    for a, t in zip(ax.flat, titles):
        a.set_title(t, fontsize=10)
        a.set_xlabel("fraction of the tokens so far whose keys are fetched")
        a.grid(alpha=0.3)
    ax[0][1].legend(fontsize=8)
    ax[1][0].legend(fontsize=8)
    t = doc["text"]
    fig.suptitle(f"tiny-gpt2 on {t['file']}: {t['windows']} windows of {t['window_tokens']} tokens "
                 f"({t['prompt_tokens']} prompt + {steps // t['windows']} teacher-forced steps), "
                 f"{steps} steps", fontsize=10)
    fig.tight_layout()
    fig.savefig(png, dpi=110)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(ROOT, "build/release/app/cli/spatten-cli"))
    ap.add_argument("--from-json")
    ap.add_argument("--json", default=os.path.join(ROOT, "docs/data/compare-tiny-gpt2.json"))
    ap.add_argument("--png", default=os.path.join(ROOT, "docs/images/policies-tiny-gpt2.png"))
    ap.add_argument("--doc", default=os.path.join(ROOT, "docs/policies.md"))
    a = ap.parse_args()
    src = a.from_json or a.json
    if not a.from_json:
        run_compare(a.cli, a.json)
    with open(src) as f:
        doc = json.load(f)
    chart(doc, a.png)
    with open(a.doc, encoding="utf-8") as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        sys.exit(f"{a.doc}: markers {BEGIN} / {END} missing")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(a.doc, "w", encoding="utf-8") as f:
        f.write(head + BEGIN + "\n" + table(doc) + "\n" + END + tail)
    print(f"wrote {a.png} and the table of {a.doc}")


if __name__ == "__main__":
    main()
