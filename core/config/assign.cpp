#include "core/config/assign.h"

#include "core/config/registry.h"
#include "core/util/error.h"

namespace spatten::core {

const ParamSpec* findParam(const std::string& key) {
  if (const auto* r = hwParams().find(key)) return &r->spec;
  if (const auto* r = runParams().find(key)) return &r->spec;
  return nullptr;
}

void applyParameter(const std::string& assignment, RunConfig* run, HwConfig* hw,
                    const std::string& source) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error(source, assignment, "expected KEY=VALUE (spatten-cli params lists the keys)");
  const std::string key = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  if (hwParams().find(key)) {
    if (!hw) throw Error(source, key, "a hardware parameter; this command does not simulate");
    HwConfig c = *hw;
    hwParams().applyAssignment(c, key, value, source);
    c.validate(source, "hw.");
    *hw = c;
    return;
  }
  if (runParams().find(key)) {
    if (!run) throw Error(source, key, "a run parameter; this command takes no model run");
    RunConfig c = *run;
    runParams().applyAssignment(c, key, value, source);
    validate(c, source);
    *run = c;
    return;
  }
  if (hwParams().find("hw." + key))
    throw Error(source, key, "hardware parameters are spelled hw." + key);
  throw Error(source, key, "unknown parameter (spatten-cli params lists them)");
}

ParamValue getParameter(const std::string& key, const RunConfig& run, const HwConfig& hw) {
  if (const auto* r = hwParams().find(key)) return ParamTable<HwConfig>::get(hw, *r);
  if (const auto* r = runParams().find(key)) return ParamTable<RunConfig>::get(run, *r);
  throw Error("<parameters>", key, "unknown parameter");
}

void setParameter(const std::string& key, const ParamValue& v, RunConfig& run, HwConfig& hw,
                  const std::string& source) {
  if (const auto* r = hwParams().find(key)) {
    checkParam(r->spec, v, source);
    HwConfig c = hw;
    ParamTable<HwConfig>::set(c, *r, v);
    c.validate(source, "hw.");
    hw = c;
    return;
  }
  if (const auto* r = runParams().find(key)) {
    checkParam(r->spec, v, source);
    RunConfig c = run;
    ParamTable<RunConfig>::set(c, *r, v);
    validate(c, source);
    run = c;
    return;
  }
  throw Error(source, key, "unknown parameter");
}

}  // namespace spatten::core
