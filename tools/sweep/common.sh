# Shared by parallel.sh and slurm.sh (sourced): their common options and checks.

# sweep_option "$@": takes -n SHARDS, -o OUT.jsonl, --csv OUT.csv, --cli PATH; sets shift_by
# to the words used (0: not a common option).
sweep_option() {
  shift_by=2
  case "$1" in
    -n) shards=${2:-} ;;
    -o) out=${2:-} ;;
    --csv) csv=${2:-} ;;
    --cli) cli=${2:-} ;;
    *) shift_by=0 ;;
  esac
}

# sweep_check NAME TOOL HINT: exits 2 with a message naming the script unless SHARDS is a
# positive integer, OUT is given, TOOL is installed (HINT says how) and spatten-cli is found;
# then makes cli, out and csv absolute (the shards may run on other hosts).
sweep_check() {
  local name=$1 tool=$2 hint=$3
  fail() { echo "$name: $*" >&2; exit 2; }
  [[ "$shards" =~ ^[1-9][0-9]*$ ]] || fail "-n SHARDS: a positive integer"
  [ -n "$out" ] || fail "-o OUT.jsonl is required"
  command -v "$tool" >/dev/null || fail "$tool not found ($hint)"
  cli=${cli:-$(command -v spatten-cli || true)}
  [ -n "$cli" ] || fail "spatten-cli not found: give --cli PATH"
  cli=$(readlink -f "$cli")
  out=$(readlink -f "$out")
  if [ -n "$csv" ]; then csv=$(readlink -f "$csv"); fi
}
