#include "core/session/model_folder.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/util/error.h"

namespace spatten::core {

ModelFolder loadModelFolder(const std::string& dir) {
  ModelFolder m;
  m.model = Model::load(dir);
  m.tokenizer = loadTokenizer(dir);
  const std::string family = familyName(m.model->family());
  if (m.tokenizer->family() != family)
    throw Error(
        dir, "model_type",
        fmt::format("the tokenizer is {} but config.json says {}", m.tokenizer->family(), family));
  m.name = modelFolderName(dir);
  return m;
}

std::string modelFolderName(const std::string& dir) {
  const std::filesystem::path p(dir);
  std::string name = p.filename().string();
  if (name.empty()) name = p.parent_path().filename().string();
  return name;
}

EncodedText encodeText(const Model& model, const Tokenizer& tokenizer, const std::string& text) {
  EncodedText e;
  e.tokens = tokenizer.encode(text);
  for (const Token& t : e.tokens) e.ids.push_back(t.id);
  e.maskPositions = maskPositionsOf(model, tokenizer, e.ids);
  return e;
}

std::vector<int> maskPositionsOf(const Model& model, const Tokenizer& tokenizer,
                                 const std::vector<int>& ids) {
  std::vector<int> out;
  if (model.family() == Family::Bert)
    if (const auto mask = tokenizer.specialId("[MASK]"))
      for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] == *mask) out.push_back(static_cast<int>(i));
  return out;
}

}  // namespace spatten::core
