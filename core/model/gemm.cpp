#include "core/model/gemm.h"

#include <cstdlib>
#include <exception>
#include <initializer_list>
#include <string>

#include "core/util/error.h"

namespace spatten::core::gemm {

// Each defined in its gemm_<level>.cpp (gemm_kernel.inc).
namespace baseline {
void product(View dst, ConstView x, ConstView w, bool transposed, bool add);
void softmaxRows(View scores);
}  // namespace baseline
#ifdef SPATTEN_GEMM_LEVELS  // x86-64 with GCC or Clang: core/model/CMakeLists.txt
namespace avx2_fma {
void product(View dst, ConstView x, ConstView w, bool transposed, bool add);
void softmaxRows(View scores);
}  // namespace avx2_fma
namespace avx512 {
void product(View dst, ConstView x, ConstView w, bool transposed, bool add);
void softmaxRows(View scores);
}  // namespace avx512
#endif

namespace {

struct LevelKernels {
  ProductFn product = nullptr;
  SoftmaxFn softmax = nullptr;
};

LevelKernels kernelsAt(Level level) {
  switch (level) {
    case Level::Baseline:
      return {&baseline::product, &baseline::softmaxRows};
#ifdef SPATTEN_GEMM_LEVELS
    case Level::Avx2Fma:
      return {&avx2_fma::product, &avx2_fma::softmaxRows};
    case Level::Avx512:
      return {&avx512::product, &avx512::softmaxRows};
#endif
    default:
      return {};
  }
}

}  // namespace

ProductFn productAt(Level level) {
  return kernelsAt(level).product;
}

SoftmaxFn softmaxAt(Level level) {
  return kernelsAt(level).softmax;
}

bool cpuRuns(Level level) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  // libgcc's feature bits include the OS's support (XCR0) for the AVX and AVX-512 registers.
  switch (level) {
    case Level::Baseline:
      return true;
    case Level::Avx2Fma:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case Level::Avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
             __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }
  return false;
#else
  return level == Level::Baseline;
#endif
}

Level bestLevel() {
  if (const char* forced = std::getenv("SPATTEN_GEMM"); forced != nullptr && *forced != '\0') {
    const std::string name = forced;
    for (Level l : {Level::Baseline, Level::Avx2Fma, Level::Avx512}) {
      if (name != levelName(l)) continue;
      if (productAt(l) == nullptr || !cpuRuns(l))
        throw Error("SPATTEN_GEMM", name,
                    productAt(l) == nullptr ? "this build has no products for this level"
                                            : "this CPU does not run this level's instructions");
      return l;
    }
    throw Error("SPATTEN_GEMM", name, "unknown level: use baseline, avx2+fma or avx512");
  }
#ifdef SPATTEN_GEMM_DISPATCH  // a portable build (SPATTEN_NATIVE OFF)
  for (Level l : {Level::Avx512, Level::Avx2Fma})
    if (productAt(l) != nullptr && cpuRuns(l)) return l;
#endif
  return Level::Baseline;
}

const char* levelName(Level level) {
  switch (level) {
    case Level::Baseline:
      return "baseline";
    case Level::Avx2Fma:
      return "avx2+fma";
    case Level::Avx512:
      return "avx512";
  }
  return "?";
}

std::string describeLevel() {
  try {
    const char* forced = std::getenv("SPATTEN_GEMM");
    const bool isForced = forced != nullptr && *forced != '\0';
    return std::string(levelName(bestLevel())) + (isForced ? " (SPATTEN_GEMM)" : "");
  } catch (const std::exception& e) {
    return e.what();
  }
}

void product(View dst, ConstView x, ConstView w, bool transposed, bool add) {
  productAt(bestLevel())(dst, x, w, transposed, add);
}

}  // namespace spatten::core::gemm
