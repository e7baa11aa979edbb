#!/usr/bin/env bash
# A sharded `spatten-cli sweep` with GNU parallel (Debian `parallel`), on this host or on many
# (--sshlogin, passed through to parallel), then `spatten-cli sweep-merge` into the file one
# process would have written (docs/sweeps.md, "Scale-out").
#
# Usage: tools/sweep/parallel.sh -n SHARDS -o OUT.jsonl [--csv OUT.csv] [--cli PATH]
#            [--sshlogin LOGIN]... [--jobs-per-host J] -- SWEEP-ARGS...
#   SWEEP-ARGS: everything of `spatten-cli sweep` but --shard, --jsonl, --csv (e.g. --model DIR
#   --text-file F --grid token_keep_end=0.1:0.9:0.1 --grid hw.topk.parallelism=1,4,16).
#   Shard I is written to OUT.shard-I-of-N.jsonl (kept; a failed shard can be rerun alone with
#   its own command, printed on failure), then merged. With --sshlogin, every host must see the
#   same paths (a shared file system) and have spatten-cli at --cli PATH.
set -euo pipefail
shards="" out="" csv="" cli="" jobs="" sshlogins=()
source "$(dirname "$0")/common.sh"
while [ $# -gt 0 ]; do
  sweep_option "$@"
  if [ "$shift_by" -gt 0 ]; then shift "$shift_by"; continue; fi
  case "$1" in
    --sshlogin|-S) sshlogins+=(--sshlogin "$2"); shift 2 ;;
    --jobs-per-host) jobs=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "parallel.sh: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
sweep_check parallel.sh parallel "apt-get install parallel"

# One shell-quoted command per shard; {} is the shard number.
cmd=$(printf '%q ' "$cli" sweep "$@" --quiet)
cmd+="--shard {}/$shards --jsonl $(printf '%q' "$out").shard-{}-of-$shards.jsonl"
popts=(--will-cite --halt now,fail=1 --line-buffer)
[ -n "$jobs" ] && popts+=(--jobs "$jobs")
parallel "${popts[@]}" "${sshlogins[@]}" "$cmd" ::: $(seq 1 "$shards")

files=()
for i in $(seq 1 "$shards"); do files+=("$out.shard-$i-of-$shards.jsonl"); done
merge=("$cli" sweep-merge "${files[@]}" --jsonl "$out")
[ -n "$csv" ] && merge+=(--csv "$csv")
"${merge[@]}"
echo "parallel.sh: $shards shards merged into $out"
