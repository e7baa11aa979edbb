#include "core/session/text_run.h"

#include <fmt/format.h>

#include <Eigen/Core>
#include <filesystem>

#include "core/util/error.h"

namespace spatten::core {

TextRun runOnText(const std::string& modelDir, const std::string& text,
                  const std::function<RunConfig(Family)>& configFor, bool recordAttention,
                  const std::string& inputName) {
  Eigen::setNbThreads(1);
  TextRun r;
  r.model = Model::load(modelDir);
  r.tokenizer = loadTokenizer(modelDir);
  const std::string family = familyName(r.model->family());
  if (r.tokenizer->family() != family)
    throw Error(
        modelDir, "model_type",
        fmt::format("the tokenizer is {} but config.json says {}", r.tokenizer->family(), family));
  r.config = configFor(r.model->family());
  r.tokens = r.tokenizer->encode(text);
  std::vector<int> ids;
  for (const auto& t : r.tokens) ids.push_back(t.id);
  std::vector<int> maskPositions;
  if (r.model->family() == Family::Bert)
    if (const auto mask = r.tokenizer->specialId("[MASK]"))
      for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] == *mask) maskPositions.push_back(static_cast<int>(i));
  RunOptions ro;
  ro.inputName = inputName;
  ro.recordAttention = recordAttention;
  r.report = runReport(*r.model, ids, r.config, ro, maskPositions);
  r.modelName = std::filesystem::path(modelDir).filename().string();
  if (r.modelName.empty())
    r.modelName = std::filesystem::path(modelDir).parent_path().filename().string();
  return r;
}

}  // namespace spatten::core
