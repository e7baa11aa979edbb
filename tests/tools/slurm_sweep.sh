#!/usr/bin/env bash
# tools/sweep/slurm.sh for real: starts a one-node Slurm cluster on localhost (slurmctld +
# slurmd as root, munge, no cgroups; the settings of docs/sweeps.md, "Testing the Slurm script"),
# submits a 4-shard sweep as a job array with a dependent merge job, waits, and compares the
# merged file with the single-process one byte for byte. Everything it starts is stopped by PID.
# Skips (77) only where Slurm cannot start, saying why: not root, packages not installable,
# munge or the daemons not coming up (their log is shown).
# Usage: slurm_sweep.sh SPATTEN_CLI SOURCE_DIR
set -uo pipefail
cli=$1 src=$2 samples=$2/samples
skip() { echo "SKIP: slurm cannot start here: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "slurmctld/slurmd must run as root (this test is run as $(id -un))"
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  source "$src/tools/deps.sh"
  log=$(spatten_install_deps slurm 2>&1) ||
    skip "slurm-wlm and munge are not installed and could not be (${log##*$'\n'})"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/spatten-slurm.XXXXXX")
chmod 755 "$work"
started_munge=""
cleanup() {
  if [ -s "$work/slurmctld.pid" ] || [ -s "$work/slurmd.pid" ]; then
    scontrol shutdown >/dev/null 2>&1
    for _ in $(seq 50); do
      alive=""
      for f in "$work/slurmctld.pid" "$work/slurmd.pid"; do
        [ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && alive=1
      done
      [ -z "$alive" ] && break
      sleep 0.2
    done
    for f in "$work/slurmctld.pid" "$work/slurmd.pid"; do
      [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
    done
  fi
  [ -n "$started_munge" ] && kill "$started_munge" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# munge: reuse a running munged, else start one as the munge user.
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  mkdir -p /run/munge && chown munge:munge /run/munge && chmod 755 /run/munge
  [ -s /etc/munge/munge.key ] || runuser -u munge -- mungekey --create >/dev/null 2>&1 ||
    skip "no /etc/munge/munge.key and mungekey --create failed"
  runuser -u munge -- /usr/sbin/munged 2>"$work/munged.err" ||
    skip "munged did not start: $(cat "$work/munged.err")"
  started_munge=$(cat /run/munge/munged.pid 2>/dev/null)
  munge -n | unmunge >/dev/null 2>&1 || skip "munge -n | unmunge fails after starting munged"
fi

host=$(hostname -s)
mem=$(( $(free -m | awk '/^Mem:/ {print $2}') - 512 ))
[ "$mem" -gt 256 ] || mem=256
port=$(( 20000 + RANDOM % 20000 ))  # not the default 6817/6818: never meets a real cluster
mkdir -p "$work/state" "$work/spool"
export SLURM_CONF=$work/slurm.conf
cat > "$SLURM_CONF" <<CONF
ClusterName=spattentest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
DependencyParameters=kill_invalid_depend
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF" 2>"$work/ctld.err" || skip "slurmctld: $(cat "$work/ctld.err")"
slurmd -f "$SLURM_CONF" 2>"$work/d.err" || skip "slurmd: $(cat "$work/d.err")"
state=""
for _ in $(seq 150); do
  state=$(sinfo -h -o %T 2>/dev/null | head -1)
  [ "$state" = idle ] && break
  sleep 0.2
done
[ "$state" = idle ] || skip "the node is '${state:-no answer}' after 30 s, not idle; slurmctld.log: $(tail -5 "$work/slurmctld.log" 2>/dev/null) slurmd.log: $(tail -5 "$work/slurmd.log" 2>/dev/null)"
echo "slurm: one-node cluster up on $host (ports $port, $((port + 1)))"

source "$src/tests/tools/sweep_common.sh"
sweep_reference
out=$(bash "$src/tools/sweep/slurm.sh" -n 4 -o "$work/merged.jsonl" --csv "$work/merged.csv" \
  --cli "$cli" --wait -- "${sweep_args[@]}" 2>&1)
rc=$?
echo "$out"
[ "$rc" -eq 0 ] || { echo "FAIL: tools/sweep/slurm.sh failed"; tail -5 "$work"/merged.jsonl.slurm-*.log; exit 1; }
# Every array task and the merge job COMPLETED (sbatch --wait's status alone is not proof).
for job in $(echo "$out" | sed -n 's/.*array job \([0-9]*\).*merge job \([0-9]*\).*/\1 \2/p'); do
  states=$(scontrol show job "$job" | grep -o "JobState=[A-Z_]*")
  if [ -z "$states" ] || echo "$states" | grep -vq "JobState=COMPLETED"; then
    echo "FAIL: job $job did not complete: $states"; exit 1
  fi
done
sweep_compare
