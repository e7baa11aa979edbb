#pragma once
// Activation and weight types shared by the model code.
// Units: activations are row-major [tokens x features] float32.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace spatten::core {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::RowVectorXf;

// A float tensor held in memory (used to build models without a file: tests, benchmarks).
struct HostTensor {
  std::vector<std::int64_t> shape;
  std::vector<float> data;  // row-major, product(shape) values
};
using TensorMap = std::map<std::string, HostTensor>;

}  // namespace spatten::core
