// gemm.h's product for level avx512: compiled with -mavx512f -mavx512vl -mavx512dq -mavx512bw
// -mavx2 -mfma (core/model/CMakeLists.txt).
#define SPATTEN_GEMM_LEVEL avx512
#define Eigen SpattenEigenAvx512
#include "core/model/gemm_kernel.inc"
