#pragma once
// `--set KEY=VALUE` for every command and the GUI: the key names a run parameter
// ("token_keep_end") or a hardware parameter ("hw.topk.parallelism"); the value is parsed,
// checked against the registry's range and applied to the configuration that owns it.

#include <string>

#include "core/config/param.h"
#include "core/sim/hw_config.h"
#include "core/functional/run_config.h"

namespace spatten::core {

// A null `run` or `hw` means the command has no such configuration (the key is refused with the
// reason). Throws Error(source, key, ...); on error nothing is changed.
void applyParameter(const std::string& assignment, RunConfig* run, HwConfig* hw,
                    const std::string& source = "--set");

// The spec of a canonical key (run or hardware), or nullptr.
const ParamSpec* findParam(const std::string& key);

// The current value of a canonical key in (run, hw); throws Error for an unknown key.
ParamValue getParameter(const std::string& key, const RunConfig& run, const HwConfig& hw);
// Sets a typed value (checked; with the configuration's cross-field rules).
void setParameter(const std::string& key, const ParamValue& v, RunConfig& run, HwConfig& hw,
                  const std::string& source);

}  // namespace spatten::core
