#include "core/model/ops.h"

#include <cmath>
#include <limits>

namespace spatten::core::ops {

RowMatrix linear(const RowMatrix& x, const LinearWeights& lw) {
  RowMatrix y(x.rows(), lw.w.cols());
  y.noalias() = x * lw.w;
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
      for (Eigen::Index i = 0; i < x.size(); ++i) p[i] = 0.5f * p[i] * (1.0f + std::erf(p[i] * kInvSqrt2));
      break;
    }
    case Activation::Relu:
      a = a.max(0.0f);
      break;
  }
}

void softmaxRows(RowMatrix& s) {
  if (s.cols() == 0) return;
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  for (Eigen::Index r = 0; r < s.rows(); ++r) {
    auto row = s.row(r).array();
    const float m = row.maxCoeff();
    if (m == kNegInf) {
      row.setZero();
      continue;
    }
    row = (row - m).exp();  // exp(-inf) == 0
    row /= row.sum();
  }
}

}  // namespace spatten::core::ops
