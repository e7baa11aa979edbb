// libFuzzer harness: session files (core/session/session.h). Input: a session JSON document, its
// model resolved against "/" (so "." and "/" name an existing folder). Property: an accepted
// session survives its own text (what File > Save session writes opens again, unchanged).
#include "core/session/session.h"
#include "core/util/error.h"
#include "core/util/json_read.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spatten::core;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::filesystem::path file = "/fuzz.spatten.json";
  Session s;
  try {
    s = sessionFromJson(parseJson(text, "<fuzz>"), "<fuzz>", "/");
  } catch (const Error&) {
    return 0;
  }
  const std::string saved = sessionText(s, file);
  try {
    const Session back = sessionFromJson(parseJson(saved, "<round trip>"), "<round trip>", "/");
    if (sessionText(back, file) != saved) spatten::fuzz::propertyFailed();
  } catch (const Error&) {
    spatten::fuzz::propertyFailed();
  }
  return 0;
}
