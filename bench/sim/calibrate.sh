#!/usr/bin/env bash
# Calibration of the cycle-level simulator against the SpAtten paper (Fig. 19) and DRAM-traffic
# comparisons of the official traces. Runs spatten-cli simulate and writes docs/validation.md.
# Usage: bench/sim/calibrate.sh [path/to/spatten-cli] [output.md]
# Needs: bash, python3 (standard library only). Reads the official workloads in place.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CLI="${1:-$ROOT/build-sim/app/cli/spatten-cli}"
OUT="${2:-$ROOT/docs/validation.md}"
WL="${SPATTEN_SHARED_DIR:-$ROOT/../shared}/workloads"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

SMALL="$WL/summary-gpt2-small-wikitext2-per8.csv"
SMALL_DENSE="$WL/summary-gpt2-small-wikitext2-per8-step1+dedic.csv"
MED="$WL/summary-gpt2-medium-wikitext2-per0-hp-step5+dedic+glob_p+local_p+hp+topk+quant.csv"
MED_DENSE="$WL/summary-gpt2-medium-ptb-per0.csv"

for p in 1 2 4 8 16 32; do
  "$CLI" simulate --workload "$SMALL" --hw spatten --set "hw.topk.parallelism=$p" --seed 1 --json "$TMP/p$p.json"
  "$CLI" simulate --workload "$SMALL" --hw spatten --set "hw.topk.parallelism=$p" --set hw.topk.model=1 \
    --seed 1 --json "$TMP/d$p.json"
  # ... and with the RTL's pass-through softmax (Softmax.scala), i.e. the RTL as measured.
  "$CLI" simulate --workload "$SMALL" --hw spatten --set "hw.topk.parallelism=$p" --set hw.topk.model=1 \
    --set hw.softmax.passthrough=1 --seed 1 --json "$TMP/r$p.json"
  # The RTL harness's top-k, but the second head of a fused pair waits its own latency.
  "$CLI" simulate --workload "$SMALL" --hw spatten --set "hw.topk.parallelism=$p" --set hw.topk.model=1 \
    --set hw.topk.dummy_partner_latency=1 --seed 1 --json "$TMP/o$p.json"
  # The RTL run script's buffer (num_bufline 2048 lines of 512 x 12 bit = 1.5 MB each).
  for m in 0 1; do
    "$CLI" simulate --workload "$SMALL" --hw spatten --set "hw.topk.parallelism=$p" --set hw.topk.model=$m \
      --set hw.sram.key_buffer_bytes=1572864 --set hw.sram.value_buffer_bytes=1572864 --seed 1 \
      --json "$TMP/big$m-$p.json"
  done
done
for b in 196608 393216 786432 1572864; do
  for m in 0 1; do
    "$CLI" simulate --workload "$SMALL" --hw spatten --set "sram.key_buffer_bytes=$b" --set hw.topk.model=$m \
      --set "sram.value_buffer_bytes=$b" --seed 1 --json "$TMP/sram$m-$b.json"
  done
done
"$CLI" simulate --workload "$SMALL" --hw spatten --set hw.hbm.nBL=4 --seed 1 --json "$TMP/nbl4.json"
"$CLI" simulate --workload "$SMALL" --hw spatten --set hw.fetcher.fuse_heads=0 --seed 1 --json "$TMP/nofuse.json"
"$CLI" simulate --workload "$SMALL" --hw spatten-1of8 --seed 1 --json "$TMP/small_1of8.json"
"$CLI" simulate --workload "$SMALL_DENSE" --hw spatten --seed 1 --json "$TMP/small_dense.json"
"$CLI" simulate --workload "$MED" --hw spatten --seed 1 --json "$TMP/med.json"
"$CLI" simulate --workload "$MED_DENSE" --hw spatten --seed 1 --json "$TMP/med_dense.json"
for s in 2 3; do
  "$CLI" simulate --workload "$SMALL" --hw spatten --seed "$s" --json "$TMP/seed$s.json"
done

python3 "$ROOT/bench/sim/write_validation.py" "$TMP" "$OUT"
echo "wrote $OUT"
