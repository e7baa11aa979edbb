// libFuzzer harness: workload CSV. Property: export is a fixed point after one import/export
// (parse(x) -> csv1 must parse again and export to the same bytes).
#include <string_view>

#include "core/util/error.h"
#include "core/workload/workload_csv.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spatten::core;
  std::string csv1;
  try {
    const Workload w =
        parseWorkloadCsv(std::string_view(reinterpret_cast<const char*>(data), size), "<fuzz>");
    csv1 = workloadToCsv(w);
  } catch (const Error&) {
    return 0;
  }
  try {
    const std::string csv2 = workloadToCsv(parseWorkloadCsv(csv1, "<export>"));
    if (csv2 != csv1) spatten::fuzz::propertyFailed();
  } catch (const Error&) {
    spatten::fuzz::propertyFailed();
  }
  return 0;
}
