#include "core/functional/quantize.h"

#include <algorithm>
#include <cmath>

namespace spatten::core {

long long roundHalfAway(float x) { return static_cast<long long>(std::llround(x)); }

int maxCode(int bits) { return (1 << (bits - 1)) - 1; }

QuantizedVector quantize(const float* x, int n, int bits) {
  QuantizedVector q;
  q.codes.resize(static_cast<size_t>(n));
  float amax = 0.0f;
  for (int i = 0; i < n; ++i) amax = std::max(amax, std::fabs(x[i]));
  const int mc = maxCode(bits);
  q.scale = amax == 0.0f ? 1.0f : amax / static_cast<float>(mc);
  for (int i = 0; i < n; ++i) {
    const long long c = roundHalfAway(x[i] / q.scale);
    q.codes[static_cast<size_t>(i)] = static_cast<std::int32_t>(std::clamp<long long>(c, -mc, mc));
  }
  return q;
}

std::int32_t msbOnly(std::int32_t code, int lsbBits) {
  // C++20 defines >> on negative values as arithmetic; << on negative as value * 2^k.
  return static_cast<std::int32_t>((code >> lsbBits) * (1 << lsbBits));
}

void dequantize(const QuantizedVector& q, float* out) {
  for (size_t i = 0; i < q.codes.size(); ++i) out[i] = static_cast<float>(q.codes[i]) * q.scale;
}

void dequantizeMsb(const QuantizedVector& q, int lsbBits, float* out) {
  for (size_t i = 0; i < q.codes.size(); ++i)
    out[i] = static_cast<float>(msbOnly(q.codes[i], lsbBits)) * q.scale;
}

void fakeQuantize(float* x, int n, int bits) {
  if (bits == 0) return;
  const QuantizedVector q = quantize(x, n, bits);
  dequantize(q, x);
}

}  // namespace spatten::core
