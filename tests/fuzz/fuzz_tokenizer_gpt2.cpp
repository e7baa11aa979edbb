// libFuzzer harness: GPT-2 tokenizer files. Input: vocab.json --8<-- merges.txt --8<-- text.
#include "tokenizer_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto p = spatten::fuzz::splitParts(data, size, 3);
  spatten::fuzz::tokenizeFiles({{"vocab.json", p[0]}, {"merges.txt", p[1]}}, p[2]);
  return 0;
}
