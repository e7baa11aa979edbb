// libFuzzer harness: hardware configuration JSON and --set assignments. Input: JSON --8<-- one
// "key=value" per line. Property: an accepted configuration survives a round trip through its
// JSON text (the "hw" block `spatten-cli simulate` writes must load with --hw).
#include <sstream>

#include "core/sim/hw_config.h"
#include "core/util/error.h"
#include "core/util/json_read.h"
#include "fuzz_common.h"

namespace {

void roundTrip(const spatten::core::HwConfig& c) {
  using namespace spatten::core;
  const std::string text = c.toJson().dump();
  try {
    const HwConfig back = HwConfig::fromJson(parseJson(text, "<round trip>"), "<round trip>");
    if (back.toJson().dump() != text) spatten::fuzz::propertyFailed();
  } catch (const Error&) {
    spatten::fuzz::propertyFailed();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spatten::core;
  const auto p = spatten::fuzz::splitParts(data, size, 2);
  HwConfig hw = HwConfig::preset("spatten");
  try {
    hw = HwConfig::fromJson(parseJson(p[0], "<fuzz>"), "<fuzz>");
    roundTrip(hw);
  } catch (const Error&) {
  }
  std::istringstream lines(p[1]);
  // One round trip after the last accepted assignment: every intermediate state is the final
  // state of a shorter input, and a trip per line made long inputs ~100x slower to fuzz.
  bool changed = false;
  for (std::string line; std::getline(lines, line);) {
    try {
      hw.set(line);
      changed = true;
    } catch (const Error&) {
    }
  }
  if (changed) roundTrip(hw);
  return 0;
}
