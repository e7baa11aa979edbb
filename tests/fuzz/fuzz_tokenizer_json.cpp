// libFuzzer harness: tokenizer.json (BPE or WordPiece). Input: tokenizer.json --8<-- config.json
// --8<-- tokenizer_config.json --8<-- text (an empty part means the file is absent).
#include "tokenizer_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto p = spatten::fuzz::splitParts(data, size, 4);
  spatten::fuzz::tokenizeFiles(
      {{"tokenizer.json", p[0]}, {"config.json", p[1]}, {"tokenizer_config.json", p[2]}}, p[3]);
  return 0;
}
