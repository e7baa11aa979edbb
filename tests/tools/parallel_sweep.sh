#!/usr/bin/env bash
# tools/sweep/parallel.sh: a 4-shard sweep under GNU parallel on localhost, merged, equals the
# single-process file byte for byte. Skips (77) only when GNU parallel is not installed.
# Usage: parallel_sweep.sh SPATTEN_CLI SOURCE_DIR
set -uo pipefail
cli=$1 src=$2 samples=$2/samples
command -v parallel >/dev/null ||
  { echo "SKIP: GNU parallel is not installed (tools/deps.sh: spatten_install_deps slurm)"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/spatten-parallel.XXXXXX")
trap 'rm -rf "$work"' EXIT
source "$src/tests/tools/sweep_common.sh"
sweep_reference
bash "$src/tools/sweep/parallel.sh" -n 4 -o "$work/merged.jsonl" --csv "$work/merged.csv" \
  --cli "$cli" --jobs-per-host 2 -- "${sweep_args[@]}" ||
  { echo "FAIL: tools/sweep/parallel.sh failed"; exit 1; }
sweep_compare
