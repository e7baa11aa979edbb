#pragma once
// One parameter of the parameter registry (docs/architecture.md, "Parameters"): every hardware
// and run parameter is described once, here in core, and the CLI's --set, the GUI's panels,
// validation messages, presets, session files and the docs' parameter tables all come from that
// description. Keys are spelled the same everywhere: run parameters by name ("token_keep_end"),
// hardware parameters with the "hw." prefix ("hw.topk.parallelism"; in a hardware JSON file the
// path below "hw" nests: {"topk": {"parallelism": 16}}).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

namespace spatten::core {

enum class ParamType : std::uint8_t {
  Int,       // whole number in [min, max]
  Real,      // finite number in [min, max] (or (min, max] with minExclusive)
  Bool,      // true / false
  Choice,    // one of `choices` (stored as its number; --set also takes the name)
  RealList,  // list of Reals, each in [min, max] (or (min, max])
};

struct ParamChoice {
  std::int64_t value;
  std::string name;     // e.g. "rtl-dummy"
  std::string summary;  // one line
};

struct ParamSpec {
  std::string key;  // canonical spelling (see above)
  ParamType type = ParamType::Real;
  double min = 0, max = 0;
  bool minExclusive = false;  // the range is (min, max]
  bool zeroAllowed = false;   // 0 is also allowed outside [min, max] (bits: 0 = floating point)
  double step = 1;            // editor step
  std::string unit;
  std::string label;      // short, for people ("Top-k comparators")
  std::string help;       // one sentence: what it does
  std::string source;     // where the default comes from (paper, RTL, ...)
  std::string group;      // panel / table section
  bool featured = false;  // in the GUI's main panel (the rest under "All parameters")
  std::vector<ParamChoice> choices;
};

// A typed value: Int and Choice as int64, Real as double, Bool, RealList.
using ParamValue = std::variant<std::int64_t, double, bool, std::vector<double>>;

// Parses command-line text for `spec` (numbers, true/false, choice names, comma lists) and checks
// it; throws Error(source, spec.key, ...) naming the allowed values.
ParamValue parseParam(const ParamSpec& spec, const std::string& text, const std::string& source);
// Reads a JSON value for `spec` and checks it; throws Error(source, spec.key, ...).
ParamValue paramFromJson(const ParamSpec& spec, const nlohmann::json& v, const std::string& source);
nlohmann::json paramToJson(const ParamValue& v);
// Throws Error(source, spec.key, ...) unless v has the spec's type and lies in its range.
void checkParam(const ParamSpec& spec, const ParamValue& v, const std::string& source);
// The allowed values in words, e.g. "1..1024 comparators" or "0 (floating point) or 1..16".
std::string allowedValues(const ParamSpec& spec);
// Text for messages and tables (shortest round-trip form for reals).
std::string formatParam(const ParamSpec& spec, const ParamValue& v);
double paramAsDouble(const ParamValue& v);

}  // namespace spatten::core
