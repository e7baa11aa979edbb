// libFuzzer harness: safetensors header and data (SafetensorsFile::fromBytes, floats()).
#include <cstring>
#include <vector>

#include "core/model/safetensors.h"
#include "core/util/error.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spatten::core;
  std::vector<std::byte> bytes(size);
  if (size > 0) std::memcpy(bytes.data(), data, size);
  try {
    const SafetensorsFile f = SafetensorsFile::fromBytes(std::move(bytes), "<fuzz>");
    for (const std::string& name : f.names()) {
      const TensorInfo& t = f.info(name);
      if (t.end < t.begin || f.rawBytes(name).size() != t.end - t.begin)
        spatten::fuzz::propertyFailed();
      try {
        const FloatTensor ft = f.floats(name);
        if (static_cast<std::int64_t>(ft.size()) != t.numel()) spatten::fuzz::propertyFailed();
      } catch (const Error&) {  // non-float dtypes
      }
    }
  } catch (const Error&) {
  }
  return 0;
}
