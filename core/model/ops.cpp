#include "core/model/ops.h"

#include <cmath>
#include <thread>

#include "core/model/gemm.h"

namespace spatten::core::ops {

namespace {

// The column at which x [rows x depth] * w [depth x cols] is split for two threads (0: not
// split). Multiples of 48 keep Eigen's register blocking (GEMM: mr = 48/24/12 floats for
// AVX-512/AVX/SSE; row-major GEMV: row groups of 8) aligned with the unsplit product's. A
// single row is split only over a row-major (transposed) weight, whose GEMV computes each
// output as its own dot product; products under ~4 M multiply-adds are not worth a thread.
Eigen::Index splitColumn(Eigen::Index rows, Eigen::Index depth, Eigen::Index cols, int threads,
                         bool dotProducts) {
  constexpr Eigen::Index kAlign = 48;
  if (threads < 2 || cols < 4 * kAlign || rows * depth * cols < (Eigen::Index{1} << 22) ||
      (rows == 1 && !dotProducts))
    return 0;
  return (cols / 2) / kAlign * kAlign;
}

gemm::View outputView(RowMatrix& m) {
  return {m.data(), m.rows(), m.cols(), m.cols()};
}

// The columns [c0, c0 + n) of dst and of the weight: w's own columns, or with `transposed` (w is
// given as the transpose of the [k x m] operand) its rows.
gemm::View columns(const gemm::View& v, Eigen::Index c0, Eigen::Index n) {
  return {v.data + c0, v.rows, n, v.stride};
}
gemm::ConstView weightColumns(const gemm::ConstView& w, bool transposed, Eigen::Index c0,
                              Eigen::Index n) {
  if (transposed) return {w.data + c0 * w.stride, n, w.cols, w.stride};
  return {w.data + c0, w.rows, n, w.stride};
}

// dst = x * w (add: dst += x * w), the weight given as itself or as its transpose; the product of
// gemm::bestLevel().
void splitProduct(RowMatrix& dst, const RowMatrix& x, const WeightMatrix& w, bool transposed,
                  bool add, int threads) {
  const gemm::View d = outputView(dst);
  const gemm::ConstView xv = viewOf(x);
  const gemm::ConstView wv = viewOf(w);
  const gemm::ProductFn run = gemm::productAt(gemm::bestLevel());
  const Eigen::Index cols = transposed ? w.rows() : w.cols();
  const Eigen::Index s = splitColumn(x.rows(), x.cols(), cols, threads, transposed);
  if (s == 0) return run(d, xv, wv, transposed, add);
  const Eigen::Index rest = cols - s;
  std::thread second([&] {
    run(columns(d, s, rest), xv, weightColumns(wv, transposed, s, rest), transposed, add);
  });
  run(columns(d, 0, s), xv, weightColumns(wv, transposed, 0, s), transposed, add);
  second.join();
}

}  // namespace

void matmul(RowMatrix& dst, const RowMatrix& x, const gemm::ConstView& w, bool transposed) {
  gemm::product(outputView(dst), viewOf(x), w, transposed, false);
}

void product(RowMatrix& dst, const RowMatrix& x, const WeightMatrix& w, int threads) {
  splitProduct(dst, x, w, false, false, threads);
}

void productAdd(RowMatrix& dst, const RowMatrix& x, const WeightMatrix& w, int threads) {
  splitProduct(dst, x, w, false, true, threads);
}

void productTransposed(RowMatrix& dst, const RowMatrix& x, const WeightMatrix& w, int threads) {
  splitProduct(dst, x, w, true, false, threads);
}

RowMatrix linear(const RowMatrix& x, const LinearWeights& lw, int threads) {
  RowMatrix y(x.rows(), lw.w.cols());
  product(y, x, lw.w, threads);
  y.rowwise() += lw.b;
  return y;
}

RowMatrix layerNorm(const RowMatrix& x, const LayerNormWeights& ln, float eps) {
  RowMatrix y(x.rows(), x.cols());
  const float inv = 1.0f / static_cast<float>(x.cols());
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    const auto row = x.row(r).array();
    const float mean = row.sum() * inv;
    const float var = (row - mean).square().sum() * inv;
    const float scale = 1.0f / std::sqrt(var + eps);
    y.row(r).array() = (row - mean) * scale * ln.gamma.array() + ln.beta.array();
  }
  return y;
}

void activate(RowMatrix& x, Activation act) {
  auto a = x.array();
  switch (act) {
    case Activation::GeluNew: {
      constexpr float kC = 0.7978845608028654f;  // sqrt(2 / pi)
      a = 0.5f * a * (1.0f + (kC * (a + 0.044715f * a.cube())).tanh());
      break;
    }
    case Activation::Gelu: {
      constexpr float kInvSqrt2 = 0.7071067811865476f;
      float* p = x.data();
      for (Eigen::Index i = 0; i < x.size(); ++i)
        p[i] = 0.5f * p[i] * (1.0f + std::erf(p[i] * kInvSqrt2));
      break;
    }
    case Activation::Relu:
      a = a.max(0.0f);
      break;
  }
}

void softmaxRows(RowMatrix& s) {
  gemm::softmaxAt(gemm::bestLevel())(outputView(s));
}

}  // namespace spatten::core::ops
