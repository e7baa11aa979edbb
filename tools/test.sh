#!/usr/bin/env bash
# Builds everything and runs the whole test suite.
# Usage: tools/test.sh [--asan] [extra ctest args]
#   (default)  preset "ci": release, warnings as errors
#   --asan     preset "asan": AddressSanitizer + UndefinedBehaviorSanitizer (any report fails the
#              test: UB aborts, leaks are errors; tools/lsan.supp lists leaks inside system
#              libraries)
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/deps.sh
preset=ci
if [ "${1:-}" = "--asan" ]; then
  preset=asan
  shift
  spatten_install_deps sanitizers
  # intercept_tls_get_addr=0: clang-14's __tls_get_addr interceptor takes a malloc'd dynamic-TLS
  # block that happens to sit at offset 16 of a page for a pre-2.25 glibc header and reads a
  # bogus range from it; LeakSanitizer's tracer then dies at exit ("Tracer caught signal 11",
  # exit 134) with no leak found. Dynamic TLS is still scanned: glibc mallocs it and the dtv
  # that points at it hangs off the static TLS, which LSan scans. docs/reliability.md.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:intercept_tls_get_addr=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
  export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tools/lsan.supp:print_suppressions=0}
fi
if [ "$preset" != asan ]; then
  # As root (the CI machine): also slurm-wlm, munge and GNU parallel, so that the sweep
  # scale-out tests (label slurm) run instead of skipping.
  if [ "$(id -u)" -eq 0 ]; then spatten_install_deps slurm; else spatten_install_deps; fi
fi
cmake --preset "$preset"
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset" -j "$(nproc)" "$@"
