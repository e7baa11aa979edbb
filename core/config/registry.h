#pragma once
// The parameter registry: the tables of every hardware and run parameter, the presets, and the
// parameter tables of the docs, all generated from one description (core/config/*.cpp).

#include <string>
#include <utility>
#include <vector>

#include "core/config/param.h"
#include "core/config/param_table.h"
#include "core/sim/hw_config.h"
#include "core/functional/run_config.h"

namespace spatten::core {

const ParamTable<HwConfig>& hwParams();    // keys "hw.<path>"
const ParamTable<RunConfig>& runParams();  // keys "<name>"

// A named configuration: the parameters that differ from the defaults.
struct Preset {
  std::string name;
  std::string summary;
  std::vector<std::pair<std::string, ParamValue>> values;  // canonical key -> value
};
const std::vector<Preset>& hwPresets();   // "spatten" (Table I), "spatten-1of8"
const std::vector<Preset>& runPresets();  // "dense", "spatten-bert", "spatten-gpt2"

// Markdown table of one registry (hardware or run parameters): key, default, allowed values,
// unit, source / meaning. Used for docs/simulator.md and docs/run-config.md (tested current).
std::string hwParamsMarkdown();
std::string runParamsMarkdown();

}  // namespace spatten::core
