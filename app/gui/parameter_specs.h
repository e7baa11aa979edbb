#pragma once
// The editable run and hardware parameters: name (as in semantics.md / the core's JSON), label,
// range and step. Values and presets come from core; this table only describes the editors.

#include <QString>

#include <vector>

namespace spatten::app {

struct ParameterSpec {
  const char* key;    // JSON name
  const char* label;  // shown in the panel
  double min;
  double max;
  double step;
  double fallback;   // used only until core provides a preset value
  int decimals;      // 0 = integer, -1 = boolean
  const char* tip;
};

const std::vector<ParameterSpec>& runParameterSpecs();
const std::vector<ParameterSpec>& hardwareParameterSpecs();

}  // namespace spatten::app
