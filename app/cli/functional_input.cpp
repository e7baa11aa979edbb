#include "app/cli/functional_input.h"

#include <filesystem>

#include <Eigen/Core>
#include <fmt/format.h>

#include "core/config/assign.h"
#include "core/util/error.h"

namespace spatten::cli {
namespace {

core::RunConfig effectiveConfig(const FunctionalInput& o, core::Family family) {
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

}  // namespace

FunctionalRun runFunctional(const FunctionalInput& o, bool recordAttention) {
  Eigen::setNbThreads(1);
  if (!o.config.empty() && !o.preset.empty())
    throw core::Error("--config", "", "use either --config or --preset, not both");
  FunctionalRun r;
  r.model = core::Model::load(o.model);
  r.tokenizer = core::loadTokenizer(o.model);
  const std::string family = core::familyName(r.model->family());
  if (r.tokenizer->family() != family)
    throw core::Error(o.model, "model_type",
                      fmt::format("the tokenizer is {} but config.json says {}",
                                  r.tokenizer->family(), family));
  r.config = effectiveConfig(o, r.model->family());
  r.tokens = r.tokenizer->encode(o.text);
  std::vector<int> ids;
  for (const auto& t : r.tokens) ids.push_back(t.id);
  std::vector<int> maskPositions;
  if (r.model->family() == core::Family::Bert)
    if (const auto mask = r.tokenizer->specialId("[MASK]"))
      for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] == *mask) maskPositions.push_back(static_cast<int>(i));

  core::RunOptions ro;
  ro.inputName = "--text";
  ro.recordAttention = recordAttention;
  r.report = core::runReport(*r.model, ids, r.config, ro, maskPositions);
  r.modelName = std::filesystem::path(o.model).filename().string();
  if (r.modelName.empty())
    r.modelName = std::filesystem::path(o.model).parent_path().filename().string();
  return r;
}

}  // namespace spatten::cli
