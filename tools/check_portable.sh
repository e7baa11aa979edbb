#!/usr/bin/env bash
# Usage: tools/check_portable.sh BINARY...
# Checks that a portable build (the `package` preset) runs on any x86-64: VEX/EVEX (AVX, AVX2,
# AVX-512) instructions may appear only in the forward pass's products compiled for those levels
# (core/model/gemm.h: namespaces gemm::avx2_fma / gemm::avx512 and their own Eigen copies
# SpattenEigenAvx2 / SpattenEigenAvx512), which run only when the CPU reports the features.
# Prints, per binary, how many functions hold such instructions; exits 1 if any lies elsewhere.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BINARY..." >&2; exit 2; }
status=0
for bin in "$@"; do
  objdump -d --no-show-raw-insn -C "$bin" | awk -v bin="$bin" '
    /^[0-9a-f]+ <.*>:$/ { fn = substr($0, index($0, "<") + 1); sub(/>:$/, "", fn); next }
    {
      n = split($0, f, "\t"); if (n < 2) next
      split(f[2], w, " "); m = w[1]
      if (m ~ /^v/ && m != "verr" && m != "verw" && f[2] ~ /%[xyz]mm|%k[0-7]/) {
        if (!(fn in seen)) { seen[fn] = 1; total++
          if (fn !~ /SpattenEigen(Avx2|Avx512)|gemm::(avx2_fma|avx512)::/) { bad++; print bin ": " fn } }
      }
    }
    END { printf "%s: %d functions with AVX/AVX-512 instructions, %d outside the gemm levels\n", bin, total, bad
          exit bad > 0 }' || status=1
done
exit $status
