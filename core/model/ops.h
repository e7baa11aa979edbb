#pragma once
// Numerical kernels of the forward pass (row-wise over [tokens x features] matrices).
// Thread: pure functions.

#include "core/model/model_config.h"
#include "core/model/model_weights.h"
#include "core/model/tensor_types.h"

namespace spatten::core::ops {

// y = x * w + b.
RowMatrix linear(const RowMatrix& x, const LinearWeights& lw);
// Per row: (x - mean) / sqrt(var + eps) * gamma + beta (biased variance, as PyTorch).
RowMatrix layerNorm(const RowMatrix& x, const LayerNormWeights& ln, float eps);
// In place: gelu_new (tanh approximation), exact erf gelu, or relu.
void activate(RowMatrix& x, Activation act);
// In place, per row, numerically stable; entries equal to -inf get probability 0; a row that
// is entirely -inf becomes all zeros.
void softmaxRows(RowMatrix& scores);

}  // namespace spatten::core::ops
