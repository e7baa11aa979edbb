#pragma once
// Per-vector symmetric linear quantization of docs/semantics.md. One vector = one token's D
// values of one head. bits == 0 means floating point (no quantization).

#include <cstdint>
#include <vector>

namespace spatten::core {

// Round half away from zero (2.5 -> 3, -2.5 -> -3), exact for every float.
long long roundHalfAway(float x);

// Largest code magnitude: 2^(bits-1) - 1.
int maxCode(int bits);

struct QuantizedVector {
  std::vector<std::int32_t> codes;
  float scale = 1.0f;  // max|x| / maxCode(bits); 1 when max|x| == 0
};

// scale = max|x| / (2^(bits-1) - 1) (float32 arithmetic), code = clamp(round_half_away(x /
// scale), +-maxCode). Requires bits >= 2.
QuantizedVector quantize(const float* x, int n, int bits);

// code with its `lsbBits` low bits cleared (arithmetic shift right then left: rounds toward
// minus infinity for negative codes).
std::int32_t msbOnly(std::int32_t code, int lsbBits);

// Dequantized values code * scale, written to out[0..n).
void dequantize(const QuantizedVector& q, float* out);
void dequantizeMsb(const QuantizedVector& q, int lsbBits, float* out);

// In-place round trip (quantize then dequantize); bits == 0 leaves x unchanged.
void fakeQuantize(float* x, int n, int bits);

}  // namespace spatten::core
