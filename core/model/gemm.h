#pragma once
// The forward pass's matrix products (and the attention's row softmax), compiled for several
// x86-64 levels and chosen at run time (issue 17). The portable package is built for baseline
// x86-64 (SSE2), where Eigen's GEMM runs at about a quarter of the speed it reaches with AVX2 + FMA
// or AVX-512 (docs/performance.md, "Build flags"); the same Eigen product compiled for those levels
// is used when the CPU has them. Each level's translation unit has its own copy of Eigen
// (gemm_kernel.inc renames its namespace), so no inline function compiled for a newer level can
// stand in for the baseline's. A -march=native build uses its Baseline (the build machine's own
// instructions) and has the other levels for tests (tst_gemm_levels) only. Thread: pure functions.

#include <cstddef>
#include <string>

namespace spatten::core::gemm {

// A row-major float matrix: element (r, c) at data[r * stride + c].
struct ConstView {
  const float* data = nullptr;
  std::ptrdiff_t rows = 0, cols = 0, stride = 0;
};
struct View {
  float* data = nullptr;
  std::ptrdiff_t rows = 0, cols = 0, stride = 0;
};

enum class Level {
  Baseline,  // the build's own flags
  Avx2Fma,   // AVX2 + FMA (x86-64-v3's vector part)
  Avx512,    // AVX-512 F/VL/DQ/BW + FMA (x86-64-v4's)
};

// dst = x * w, or dst += x * w with `add`: w is [x.cols x dst.cols], given as itself or, with
// `transposed`, as its transpose [dst.cols x x.cols] (an embedding table read as the LM head).
// dst must not overlap x or w.
using ProductFn = void (*)(View dst, ConstView x, ConstView w, bool transposed, bool add);

// In place, per row: ops::softmaxRows (its contract there).
// At every level the product and the softmax give the same bits wherever their data lie in memory
// (no step depends on an address's alignment: a run's heap layout varies with its threads' timing).
using SoftmaxFn = void (*)(View scores);

// The level's product / softmax, or null when this build has none for it (not x86-64 with GCC
// or Clang).
ProductFn productAt(Level level);
SoftmaxFn softmaxAt(Level level);
// Whether this CPU (and its OS) can run the level's instructions.
bool cpuRuns(Level level);
// The level product() uses: in a portable build the highest one this CPU runs, in a native
// build Baseline; or the one the environment variable SPATTEN_GEMM names (baseline, avx2+fma,
// avx512). Products of different levels differ in their last bits, and so may every figure that
// depends on them (a local value top-k's rounds): SPATTEN_GEMM=baseline gives a portable build the
// same figures on every x86-64 machine. Throws Error("SPATTEN_GEMM", value, ...) for an unknown
// level or one this build or CPU cannot run.
// Thread: reads the environment (as std::getenv: no concurrent setenv).
Level bestLevel();
const char* levelName(Level level);
// For --version and About: "avx512", "avx512 (SPATTEN_GEMM)" when forced, or the error's text.
std::string describeLevel();

// The product at bestLevel().
void product(View dst, ConstView x, ConstView w, bool transposed, bool add);

}  // namespace spatten::core::gemm
