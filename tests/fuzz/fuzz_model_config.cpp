// libFuzzer harness: config.json (parseJson + parseModelConfig).
#include <string_view>

#include "core/model/model_config.h"
#include "core/util/error.h"
#include "core/util/json_read.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spatten::core;
  try {
    const auto j = parseJson(std::string_view(reinterpret_cast<const char*>(data), size), "<fuzz>");
    const ModelConfig c = parseModelConfig(j, "<fuzz>");
    if (c.layers <= 0 || c.heads <= 0 || c.dModel % c.heads != 0 ||
        c.headDim * c.heads != c.dModel || c.ffnDim <= 0)
      spatten::fuzz::propertyFailed();
  } catch (const Error&) {
  }
  return 0;
}
