#pragma once
// Test helpers over the bundled samples (SPATTEN_SAMPLES_DIR): a path inside samples/, and the
// token ids of a sample sentence file (trailing newlines dropped) under a model's tokenizer.
// Header-only; shared by the core tests that run the bundled models on sample sentences.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/tokenizer/tokenizer.h"

namespace spatten::test {

inline std::string samples(const std::string& rel) {
  return std::string(SPATTEN_SAMPLES_DIR) + "/" + rel;
}

inline std::vector<int> encodeSentenceFile(const std::string& modelDir,
                                           const std::string& textFile) {
  std::ifstream in(samples("sentences/" + textFile));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && text.back() == '\n') text.pop_back();
  std::vector<int> ids;
  for (const core::Token& t : core::loadTokenizer(modelDir)->encode(text)) ids.push_back(t.id);
  return ids;
}

}  // namespace spatten::test
