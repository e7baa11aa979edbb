#pragma once
// The grid of a design-space sweep (docs/sweeps.md): axes over registry parameters (run keys
// bare, hardware keys "hw.X"), each a list of checked values, and the points they span. Points
// are numbered in a fixed order: the first axis varies slowest, the last fastest (row-major), so
// the same grid always gives the same point numbers.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/config/param.h"

namespace spatten::core {

// Limits that turn a mistyped grid into an error instead of a days-long run.
inline constexpr std::uint64_t kMaxAxisValues = 100000;
inline constexpr std::uint64_t kMaxSweepPoints = 1000000;

struct GridAxis {
  std::string key;                // canonical registry key
  std::vector<ParamValue> values;  // checked against the key's spec, in the order given
};

struct Grid {
  std::vector<GridAxis> axes;
  // Number of points (product of the axes' sizes; 1 for no axis).
  std::uint64_t points() const;
  // The values of point `index` (0 <= index < points()), one per axis, in axis order.
  std::vector<std::pair<std::string, ParamValue>> point(std::uint64_t index) const;
  // Appends an axis; throws Error(source, key, ...) if the key is already an axis or the
  // grid would exceed kMaxSweepPoints.
  void add(GridAxis axis, const std::string& source);
  nlohmann::ordered_json toJson() const;  // [{"key": ..., "values": [...]}, ...]
};

// One `--grid` text: "KEY=FROM:TO:STEP" (numeric keys; TO included when reached within 1e-9
// steps) or "KEY=V1,V2,..." (RealList keys separate their values with ';'). Throws
// Error(source, KEY or the text, ...) naming what is wrong: unknown key, step 0, empty range,
// too many values, a value outside the key's range.
GridAxis parseGridAxis(const std::string& text, const std::string& source);

// A JSON grid file: {"axes": [{"key": K, "values": [...]}, {"key": K, "from": A, "to": B,
// "step": S}, ...]}. Errors name the file and the field ("axes[1].step").
Grid gridFromJson(const nlohmann::json& doc, const std::string& source);

}  // namespace spatten::core
