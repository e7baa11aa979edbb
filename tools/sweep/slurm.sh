#!/usr/bin/env bash
# A sharded `spatten-cli sweep` as a Slurm job array: one array task per shard, then a merge job
# (`spatten-cli sweep-merge`) with --dependency=afterok on the whole array, so it runs only when
# every shard succeeded (docs/sweeps.md, "Scale-out").
#
# Usage: tools/sweep/slurm.sh -n SHARDS -o OUT.jsonl [--csv OUT.csv] [--cli PATH] [--wait]
#            [--sbatch ARG]... -- SWEEP-ARGS...
#   SWEEP-ARGS: as for `spatten-cli sweep`, without --shard, --jsonl, --csv. Every node must see
#   OUT's directory and --cli PATH (a shared file system). --sbatch ARG is passed to both sbatch
#   calls (e.g. --sbatch --partition=long --sbatch --time=2:00:00). Prints the two job ids.
#   --wait: block until the merge job ended; exit 0 only if OUT was written (sbatch --wait alone
#   can return 0 for a merge job that Slurm cancelled because a shard failed).
set -euo pipefail
shards="" out="" csv="" cli="" wait=0 sbatch_args=()
source "$(dirname "$0")/common.sh"
while [ $# -gt 0 ]; do
  sweep_option "$@"
  if [ "$shift_by" -gt 0 ]; then shift "$shift_by"; continue; fi
  case "$1" in
    --wait) wait=1; shift ;;
    --sbatch) sbatch_args+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "slurm.sh: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
sweep_check slurm.sh sbatch "the Slurm client, Debian slurm-client"
rm -f "$out"  # --wait decides success by its presence

# bash job scripts (sbatch --wrap would run /bin/sh); arguments quoted once, here.
task="$out.slurm-task.sh"
{
  echo '#!/bin/bash'
  echo 'set -euo pipefail'
  printf 'exec %q sweep ' "$cli"
  printf '%q ' "$@"
  printf -- '--quiet --shard "$SLURM_ARRAY_TASK_ID/%s" --jsonl %q.shard-"$SLURM_ARRAY_TASK_ID"-of-%s.jsonl\n' \
    "$shards" "$out" "$shards"
} > "$task"
merge="$out.slurm-merge.sh"
{
  echo '#!/bin/bash'
  echo 'set -euo pipefail'
  printf 'exec %q sweep-merge ' "$cli"
  for i in $(seq 1 "$shards"); do printf '%q ' "$out.shard-$i-of-$shards.jsonl"; done
  printf -- '--jsonl %q' "$out"
  [ -n "$csv" ] && printf -- ' --csv %q' "$csv"
  echo
} > "$merge"
chmod +x "$task" "$merge"

array=$(sbatch --parsable "${sbatch_args[@]}" --job-name=spatten-sweep --array="1-$shards" \
  --output="$out.slurm-%A_%a.log" "$task")
array=${array%%;*}
mopts=(--parsable "${sbatch_args[@]}" --job-name=spatten-sweep-merge
       --dependency="afterok:$array" --kill-on-invalid-dep=yes --output="$out.slurm-merge-%j.log")
[ "$wait" = 1 ] && mopts+=(--wait)
set +e
mergejob=$(sbatch "${mopts[@]}" "$merge")
rc=$?
set -e
echo "slurm.sh: array job ${array} ($shards shards), merge job ${mergejob%%;*}"
if [ "$wait" = 1 ]; then
  if [ "$rc" -ne 0 ] || [ ! -s "$out" ]; then
    echo "slurm.sh: the merge did not produce $out (a shard failed?); logs: $out.slurm-*.log" >&2
    exit 1
  fi
  echo "slurm.sh: merged into $out"
fi
