#include "core/session/text_run.h"

#include <Eigen/Core>

#include "core/session/model_folder.h"

namespace spatten::core {

TextRun runOnText(const std::string& modelDir, const std::string& text,
                  const std::function<RunConfig(Family)>& configFor, bool recordAttention,
                  const std::string& inputName) {
  Eigen::setNbThreads(1);
  TextRun r;
  ModelFolder folder = loadModelFolder(modelDir);
  r.model = std::move(folder.model);
  r.tokenizer = std::move(folder.tokenizer);
  r.modelName = std::move(folder.name);
  r.config = configFor(r.model->family());
  EncodedText e = encodeText(*r.model, *r.tokenizer, text);
  r.tokens = std::move(e.tokens);
  RunOptions ro;
  ro.inputName = inputName;
  ro.recordAttention = recordAttention;
  r.report = runReport(*r.model, e.ids, r.config, ro, e.maskPositions);
  return r;
}

}  // namespace spatten::core
