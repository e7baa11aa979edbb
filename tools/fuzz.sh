#!/usr/bin/env bash
# Runs the libFuzzer harnesses (tests/fuzz/fuzz_*.cpp, preset "fuzz": clang-14, ASan + UBSan) for
# a given time each, one after the other on one core. Each starts from its corpus
# build/fuzz/corpus/<harness> (kept between runs, not checked in) plus the seeds
# (tests/fuzz/seeds/<harness>, tests/fuzz/seeds.txt) and the regression inputs
# (tests/fuzz/regressions/<harness>).
#
# Usage: tools/fuzz.sh [SECONDS_PER_HARNESS (default 60)] [HARNESS ...]
#
# Prints one line per harness and appends it to build/fuzz/stats.tsv (date, harness, seconds,
# executions, result, preset).
#
# Long runs: SPATTEN_FUZZ_PRESET=fuzz-ub (UBSan only: 1.7x the inputs per second of ASan + UBSan
# on tokenizer_bert; the corpus is shared), then SPATTEN_FUZZ_RUNS=0 with the default preset replays every corpus
# input the long run kept under ASan + UBSan (docs/reliability.md). Dictionaries: tests/fuzz/dicts/<harness>.dict. A finding in a harness
# listed in tests/fuzz/known_failing.txt is reported as KNOWN. Exit status 1 if any other harness
# found something: the input is in
# build/fuzz/artifacts/<harness>/ (crash-*, timeout-*, oom-*, leak-*). Fix the bug, then add the
# input (minimised with `fuzz_<harness> -minimize_crash=1 -runs=10000 INPUT`) to
# tests/fuzz/regressions/<harness>/ so that the replay test tst_fuzz_<harness> keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/deps.sh
spatten_install_deps sanitizers

secs=${1:-60}
if [ $# -gt 0 ]; then shift; fi
all=(safetensors model_config tokenizer_gpt2 tokenizer_bert tokenizer_json run_config hw_config
     workload_csv session)
if [ $# -gt 0 ]; then harnesses=("$@"); else harnesses=("${all[@]}"); fi

targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-$(command -v ccache || true)}
# SPATTEN_FUZZ_SEED=N fixes libFuzzer's random seed and SPATTEN_FUZZ_RUNS=N stops each harness
# after N inputs (CI: the same inputs on every run, whatever the machine's speed; the time limit
# still applies).
# SPATTEN_FUZZ_PRESET=asan uses the harnesses of the ASan build (.ci/run: one sanitized build for
# the test suite and the fuzz smoke run); SPATTEN_FUZZ_NO_BUILD=1 runs what is already built.
preset=${SPATTEN_FUZZ_PRESET:-fuzz}
if [ -z "${SPATTEN_FUZZ_NO_BUILD:-}" ]; then
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)" --target "${targets[@]}"
fi

# Largest input per harness (bytes): room for the seeds (tokenizer files, fixture models).
max_len() {
  case "$1" in
    safetensors|tokenizer_*|workload_csv) echo 131072 ;;
    run_config|hw_config|model_config) echo 4096 ;;  # the seeds are under 2 KB
    *) echo 16384 ;;
  esac
}

# No 0xbe fill of fresh allocations and a 16 MB quarantine (default 256 MB: every execution then
# touched fresh pages): tokenizer_bert ran 6,000 inputs in 6.9 s of CPU instead of 10.6 s.
# Use-after-free is still caught while the freed block is among the last 16 MB freed.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:max_malloc_fill_size=0:quarantine_size_mb=16:intercept_tls_get_addr=0}  # see tools/test.sh
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
stats=build/fuzz/stats.tsv
mkdir -p build/fuzz
[ -f "$stats" ] || printf 'date\tharness\tseconds\texecutions\tresult\tpreset\n' > "$stats"
failed=0
for h in "${harnesses[@]}"; do
  corpus=build/fuzz/corpus/$h
  artifacts=build/fuzz/artifacts/$h
  mkdir -p "$corpus" "$artifacts"
  seeds=(tests/fuzz/seeds/"$h"/*)
  [ -d tests/fuzz/regressions/"$h" ] && seeds+=(tests/fuzz/regressions/"$h"/*)
  while read -r name glob; do
    [ "$name" = "$h" ] && for f in $glob; do seeds+=("$f"); done
  done < <(grep -v '^#' tests/fuzz/seeds.txt)
  for f in "${seeds[@]}"; do
    [ -f "$f" ] && cp -f "$f" "$corpus/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
  done
  log=build/fuzz/$h.log
  dict=()
  [ -f tests/fuzz/dicts/"$h".dict ] && dict=(-dict=tests/fuzz/dicts/"$h".dict)
  set +e
  t_start=$SECONDS
  build/"$preset"/tests/fuzz/fuzz_"$h" -max_total_time="$secs" -max_len="$(max_len "$h")" \
    ${SPATTEN_FUZZ_SEED:+-seed="$SPATTEN_FUZZ_SEED"} ${SPATTEN_FUZZ_RUNS:+-runs="$SPATTEN_FUZZ_RUNS"} \
    -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=2048 -print_final_stats=1 "${dict[@]}" \
    -artifact_prefix="$artifacts/" "$corpus" > "$log" 2>&1
  rc=$?
  elapsed=$((SECONDS - t_start))
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  result=ok
  if [ $rc -eq 72 ]; then  # libFuzzer's exit code after SIGINT (Ctrl-C): counted, not a finding
    result=interrupted
  elif [ $rc -ne 0 ]; then
    known=$(awk -v h="$h" '$1 == h { $1 = ""; print substr($0, 2) }' tests/fuzz/known_failing.txt)
    if [ -n "$known" ]; then
      result="KNOWN (tests/fuzz/known_failing.txt: $known)"
    else
      result="FOUND (exit $rc, see $log and $artifacts)"
      failed=1
    fi
  fi
  printf '%-15s %4ss %12s executions %8s/s  corpus %5s  %s\n' "$h" "$elapsed" "$execs" "$rate" \
    "$(ls "$corpus" | wc -l)" "$result"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$h" "$elapsed" "$execs" "$result" \
    "$preset" >> "$stats"
  [ "$result" = interrupted ] && break  # Ctrl-C stops the whole run, its executions recorded
done
exit $failed
