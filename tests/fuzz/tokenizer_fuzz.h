#pragma once
// Shared by the tokenizer harnesses: load from in-memory files, encode a text, check the result.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "fuzz_common.h"

namespace spatten::fuzz {

inline void tokenizeFiles(std::map<std::string, std::string> files, const std::string& text) {
  for (auto it = files.begin(); it != files.end();)
    it = it->second.empty() ? files.erase(it) : ++it;
  try {
    const auto tok = core::loadTokenizerFromMemory(files, "<fuzz>");
    // Bounded text: tokenizer cost is per text byte; the fuzzer should explore files, not length
    // (512 bytes: a profile of tokenizer_bert spent 42 % of its time encoding up to 4 KB of text).
    const std::vector<core::Token> tokens = tok->encode(text.substr(0, 512));
    std::vector<int> ids;
    for (const core::Token& t : tokens) {
      if (t.id < 0 || t.id >= tok->vocabSize()) propertyFailed();
      ids.push_back(t.id);
    }
    // Token texts are valid UTF-8 by contract: dump() would throw otherwise.
    nlohmann::json j = nlohmann::json::array();
    for (const core::Token& t : tokens) j.push_back(t.text);
    (void)j.dump();
    (void)tok->decode(ids);
    for (const char* name : {"[CLS]", "[SEP]", "[MASK]", "<|endoftext|>"})
      (void)tok->specialId(name);
  } catch (const core::Error&) {
  }
}

}  // namespace spatten::fuzz
