// libFuzzer harness: run configuration JSON and --set assignments. Input: JSON --8<-- one
// "key=value" per line. Property: an accepted configuration survives a round trip through its
// JSON text (what `spatten-cli run` writes must be readable with --config).
#include <sstream>

#include "core/functional/run_config.h"
#include "core/util/error.h"
#include "core/util/json_read.h"
#include "fuzz_common.h"

namespace {

void roundTrip(const spatten::core::RunConfig& c) {
  using namespace spatten::core;
  const std::string text = toJson(c).dump();
  try {
    const RunConfig back = configFromJson(parseJson(text, "<round trip>"), "<round trip>");
    if (toJson(back).dump() != text) spatten::fuzz::propertyFailed();
  } catch (const Error&) {
    spatten::fuzz::propertyFailed();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spatten::core;
  const auto p = spatten::fuzz::splitParts(data, size, 2);
  RunConfig cfg = presetConfig("spatten-gpt2");
  try {
    cfg = configFromJson(parseJson(p[0], "<fuzz>"), "<fuzz>", cfg);
    roundTrip(cfg);
  } catch (const Error&) {
  }
  std::istringstream lines(p[1]);
  // One round trip after the last accepted assignment: every intermediate state is the final
  // state of a shorter input, and a trip per line made long inputs ~100x slower to fuzz.
  bool changed = false;
  for (std::string line; std::getline(lines, line);) {
    try {
      applySet(cfg, line);
      changed = true;
    } catch (const Error&) {
    }
  }
  if (changed) roundTrip(cfg);
  return 0;
}
