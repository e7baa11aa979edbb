// gemm.h's product for level avx2_fma: compiled with -mavx2 -mfma (core/model/CMakeLists.txt).
#define SPATTEN_GEMM_LEVEL avx2_fma
#define Eigen SpattenEigenAvx2
#include "core/model/gemm_kernel.inc"
