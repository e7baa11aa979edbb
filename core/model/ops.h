#pragma once
// Numerical kernels of the forward pass (row-wise over [tokens x features] matrices).
// Thread: pure functions.

#include "core/model/gemm.h"
#include "core/model/model_config.h"
#include "core/model/model_weights.h"
#include "core/model/tensor_types.h"

namespace spatten::core::ops {

// y = x * w + b. With threads > 1 (at most 2 are used) the output columns are split in two at a
// multiple of 48 and the halves computed concurrently: every output element is computed by the
// same kernel path with the same summation order as the single-threaded product (Eigen blocks
// the depth by k alone and the rows of its packed panels in multiples of 48), so the result is
// bit-identical whatever `threads` (tst_parallel_linear checks this).
RowMatrix linear(const RowMatrix& x, const LinearWeights& lw, int threads = 1);
// dst = x * w for a [k x m] weight expression (a WeightMatrix or its transpose), split as above.
// dst must be [x.rows() x m].
void product(RowMatrix& dst, const RowMatrix& x, const WeightMatrix& w, int threads);
void productAdd(RowMatrix& dst, const RowMatrix& x, const WeightMatrix& w, int threads);  // +=
void productTransposed(RowMatrix& dst, const RowMatrix& x, const WeightMatrix& w, int threads);
// A row-major matrix (or a block of one) as a gemm view.
template <typename M>
gemm::ConstView viewOf(const M& m) {
  return {m.data(), m.rows(), m.cols(), m.outerStride()};
}
// dst = x * w, or x * w^T with `transposed` (w then [dst.cols x x.cols]), on this thread, by the
// product of gemm::bestLevel(): the attention's products (Q K^T, P V) and a head's projection.
// dst must have its shape already and not overlap x or w.
void matmul(RowMatrix& dst, const RowMatrix& x, const gemm::ConstView& w, bool transposed);
// Whether every element is finite: x * 0 is 0 for a finite x and NaN for NaN or +-Inf, so one
// vectorised sum answers (about twice as fast as Eigen's allFinite(), which tests element by
// element). True for an empty matrix.
template <typename Derived>
bool allFinite(const Eigen::DenseBase<Derived>& m) {
  return (m.derived().array() * 0.0f).sum() == 0.0f;
}
// Per row: (x - mean) / sqrt(var + eps) * gamma + beta (biased variance, as PyTorch).
RowMatrix layerNorm(const RowMatrix& x, const LayerNormWeights& ln, float eps);
// In place: gelu_new (tanh approximation), exact erf gelu, or relu.
void activate(RowMatrix& x, Activation act);
// In place, per row, numerically stable; entries equal to -inf get probability 0; a row that
// is entirely -inf becomes all zeros. At gemm::bestLevel() (gemm.h).
void softmaxRows(RowMatrix& scores);

}  // namespace spatten::core::ops
