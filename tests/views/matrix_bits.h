#pragma once
// Bitwise equality of two views::Matrix (NaN cells, which == rejects, included). Header-only:
// used by the view tests and the app's analysis tests.

#include <cstring>

#include "views/common/view_data.h"

namespace spatten::testdata {

inline bool sameBits(const views::Matrix& a, const views::Matrix& b) {
  return a.rows == b.rows && a.cols == b.cols && a.values.size() == b.values.size() &&
         std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(float)) == 0;
}

}  // namespace spatten::testdata
