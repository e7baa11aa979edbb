#pragma once
// Bit-exact conversions of IEEE 754 binary16 (F16) and bfloat16 (BF16) to float.
// Contract: every input maps to the exactly representable float value: F16 subnormals,
// signed zeros, infinities and NaNs (payload preserved in the high mantissa bits) included.

#include <bit>
#include <cstdint>

namespace spatten::core {

// Branch-free (vectorises in the checkpoint converter): all three cases are computed and one is
// selected. Subnormals are renormalised exactly by float arithmetic: 2^-14 * (1 + m/1024) - 2^-14
// = m * 2^-24, exact in float.
inline float halfToFloat(std::uint16_t h) {
  constexpr std::uint32_t kExp = 0x7c00u << 13;  // the F16 exponent field, float position
  const std::uint32_t o = (h & 0x7fffu) << 13;   // exponent and mantissa
  const std::uint32_t exp = o & kExp;
  const std::uint32_t normal = o + ((127u - 15u) << 23);       // rebias 15 -> 127
  const std::uint32_t infNan = normal + ((128u - 16u) << 23);  // exponent 255, payload kept
  const std::uint32_t sub = std::bit_cast<std::uint32_t>(std::bit_cast<float>(normal + (1u << 23)) -
                                                         std::bit_cast<float>(113u << 23));
  const std::uint32_t bits = exp == kExp ? infNan : exp == 0 ? sub : normal;
  return std::bit_cast<float>(bits | (static_cast<std::uint32_t>(h & 0x8000u) << 16));
}

inline float bf16ToFloat(std::uint16_t b) {
  return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16);
}

}  // namespace spatten::core
