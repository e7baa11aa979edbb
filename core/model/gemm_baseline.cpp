// gemm.h's product for level baseline: compiled with the build's own flags.
#define SPATTEN_GEMM_LEVEL baseline
#define Eigen SpattenEigenBaseline
#include "core/model/gemm_kernel.inc"
