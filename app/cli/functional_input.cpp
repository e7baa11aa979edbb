#include "app/cli/functional_input.h"

#include <fmt/format.h>

#include "core/config/assign.h"
#include "core/session/text_run.h"
#include "core/util/error.h"

namespace spatten::cli {

core::RunConfig effectiveConfig(const FunctionalInput& o, core::Family family) {
  if (!o.config.empty() && !o.preset.empty())
    throw core::Error("--config", "", "use either --config or --preset, not both");
  core::RunConfig cfg;
  if (!o.preset.empty()) {
    cfg = core::presetConfig(o.preset);
  } else if (o.config.empty()) {
    cfg = core::presetConfig(family == core::Family::Gpt2 ? "spatten-gpt2" : "spatten-bert");
  }
  if (!o.config.empty()) cfg = core::loadConfigFile(o.config, cfg);
  for (const std::string& s : o.sets) core::applyParameter(s, &cfg, nullptr);
  if (o.generate >= 0) core::applySet(cfg, fmt::format("generate={}", o.generate));
  return cfg;
}

FunctionalRun runFunctional(const FunctionalInput& o, bool recordAttention) {
  if (!o.config.empty() && !o.preset.empty())
    throw core::Error("--config", "", "use either --config or --preset, not both");
  core::TextRun t = core::runOnText(
      o.model, o.text, [&o](core::Family f) { return effectiveConfig(o, f); }, recordAttention);
  FunctionalRun r;
  r.model = std::move(t.model);
  r.tokenizer = std::move(t.tokenizer);
  r.tokens = std::move(t.tokens);
  r.config = t.config;
  r.report = std::move(t.report);
  r.modelName = std::move(t.modelName);
  return r;
}

}  // namespace spatten::cli
