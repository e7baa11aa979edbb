// libFuzzer harness: BERT tokenizer files. Input: vocab.txt --8<-- tokenizer_config.json --8<--
// text (an empty part means the file is absent).
#include "tokenizer_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto p = spatten::fuzz::splitParts(data, size, 3);
  spatten::fuzz::tokenizeFiles({{"vocab.txt", p[0]}, {"tokenizer_config.json", p[1]}}, p[2]);
  return 0;
}
