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
while [ $# -gt 0 ]; do
  case "$1" in
    -n) shards=$2; shift 2 ;;
    -o) out=$2; shift 2 ;;
    --csv) csv=$2; shift 2 ;;
    --cli) cli=$2; shift 2 ;;
    --sshlogin|-S) sshlogins+=(--sshlogin "$2"); shift 2 ;;
    --jobs-per-host) jobs=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "parallel.sh: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "parallel.sh: -n SHARDS: a positive integer" >&2; exit 2; }
[ -n "$out" ] || { echo "parallel.sh: -o OUT.jsonl is required" >&2; exit 2; }
command -v parallel >/dev/null || { echo "parallel.sh: GNU parallel is not installed (apt-get install parallel)" >&2; exit 2; }
cli=${cli:-$(command -v spatten-cli || true)}
[ -n "$cli" ] || { echo "parallel.sh: spatten-cli not found: give --cli PATH" >&2; exit 2; }
cli=$(readlink -f "$cli")
out=$(readlink -f "$out")

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
