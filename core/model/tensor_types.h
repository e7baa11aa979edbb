#pragma once
// Activation and weight types shared by the model code.
// Units: activations are row-major [tokens x features] float32.

#include <cstdint>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

namespace spatten::core {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::RowVectorXf;

// A read-only row-major [rows x cols] weight matrix used as an Eigen expression (x * w,
// w.row(i), w.middleCols(...)). Its floats are either a view into storage someone else owns (an
// F32 tensor of a memory-mapped checkpoint, kept alive by `keep`) or its own (a converted or
// transposed tensor). Copies share the floats; nothing is copied after construction.
class WeightMatrix : public Eigen::Map<const RowMatrix> {
  using Base = Eigen::Map<const RowMatrix>;

public:
  WeightMatrix() : Base(nullptr, 0, 0) {}
  // A view of `data`, valid while `keep` lives.
  WeightMatrix(const float* data, Eigen::Index rows, Eigen::Index cols,
               std::shared_ptr<const void> keep)
      : Base(data, rows, cols), m_keep(std::move(keep)) {}
  // Owns `m` (moved, not copied).
  explicit WeightMatrix(RowMatrix m)
      : WeightMatrix(std::make_shared<const RowMatrix>(std::move(m))) {}
  WeightMatrix(const WeightMatrix& o) : Base(o.data(), o.rows(), o.cols()), m_keep(o.m_keep) {}
  WeightMatrix& operator=(const WeightMatrix& o) {
    if (this != &o) {
      m_keep = o.m_keep;
      new (static_cast<Base*>(this)) Base(o.data(), o.rows(), o.cols());  // Eigen's Map rebinding
    }
    return *this;
  }
  ~WeightMatrix() = default;

private:
  explicit WeightMatrix(std::shared_ptr<const RowMatrix> m)
      : WeightMatrix(m->data(), m->rows(), m->cols(), m) {}

  std::shared_ptr<const void> m_keep;
};

// A float tensor held in memory (used to build models without a file: tests, benchmarks).
struct HostTensor {
  std::vector<std::int64_t> shape;
  std::vector<float> data;  // row-major, product(shape) values
};
using TensorMap = std::map<std::string, HostTensor>;

}  // namespace spatten::core
