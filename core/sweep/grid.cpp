#include "core/sweep/grid.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "core/config/assign.h"
#include "core/util/error.h"
#include "core/util/json_read.h"
#include "core/util/message_text.h"

namespace spatten::core {
namespace {

const ParamSpec& specOf(const std::string& key, const std::string& source) {
  if (const ParamSpec* s = findParam(key)) return *s;
  if (findParam("hw." + key))
    throw Error(source, key, "hardware parameters are spelled hw." + key);
  throw Error(source, key, "unknown parameter (spatten-cli params lists them)");
}

bool strictDouble(const std::string& t, double& out) {
  if (t.empty()) return false;
  const char* first = t.data() + (t[0] == '+' ? 1 : 0);
  const auto r = std::from_chars(first, t.data() + t.size(), out);
  return r.ec == std::errc() && r.ptr == t.data() + t.size() && std::isfinite(out);
}

// FROM, FROM+STEP, ... up to TO (reached within 1e-9 steps), each rounded to 12 significant
// digits so that 0.1:0.9:0.1 gives 0.3, not 0.30000000000000004.
std::vector<ParamValue> rangeValues(const ParamSpec& spec, double from, double to, double step,
                                    const std::string& source) {
  if (spec.type != ParamType::Int && spec.type != ParamType::Real)
    throw Error(source, spec.key,
                "a range FROM:TO:STEP needs a numeric parameter; list the values instead (" +
                    allowedValues(spec) + ")");
  if (step == 0) throw Error(source, spec.key, "step 0: give a non-zero step");
  const double n = (to - from) / step;
  if (!std::isfinite(n) || n < -1e-9)
    throw Error(source, spec.key,
                fmt::format("empty range: {} is never reached from {} with step {}", to, from,
                            step));
  if (n + 1 > static_cast<double>(kMaxAxisValues))
    throw Error(source, spec.key,
                fmt::format("{:.0f} values; at most {} per axis", std::floor(n + 1e-9) + 1,
                            kMaxAxisValues));
  const auto count = static_cast<std::uint64_t>(std::floor(n + 1e-9)) + 1;
  if (spec.type == ParamType::Int &&
      (std::floor(from) != from || std::floor(step) != step))
    throw Error(source, spec.key, "an integer parameter needs a whole FROM and STEP");
  std::vector<ParamValue> out;
  for (std::uint64_t i = 0; i < count; ++i) {
    const double v = std::stod(fmt::format("{:.12g}", from + static_cast<double>(i) * step));
    ParamValue pv = spec.type == ParamType::Int ? ParamValue(static_cast<std::int64_t>(v))
                                                : ParamValue(v);
    checkParam(spec, pv, source);
    out.push_back(std::move(pv));
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t p; (p = s.find(sep, start)) != std::string::npos; start = p + 1)
    out.push_back(s.substr(start, p - start));
  out.push_back(s.substr(start));
  return out;
}

}  // namespace

std::uint64_t Grid::points() const {
  std::uint64_t n = 1;
  for (const GridAxis& a : axes) n *= a.values.size();
  return n;
}

std::vector<std::pair<std::string, ParamValue>> Grid::point(std::uint64_t index) const {
  std::vector<std::pair<std::string, ParamValue>> out(axes.size());
  for (std::size_t i = axes.size(); i-- > 0;) {
    const std::uint64_t n = axes[i].values.size();
    out[i] = {axes[i].key, axes[i].values[index % n]};
    index /= n;
  }
  return out;
}

void Grid::add(GridAxis axis, const std::string& source) {
  for (const GridAxis& a : axes)
    if (a.key == axis.key) throw Error(source, axis.key, "is already an axis of the grid");
  if (axis.values.empty()) throw Error(source, axis.key, "no values");
  if (axis.values.size() > kMaxAxisValues)
    throw Error(source, axis.key,
                fmt::format("{} values; at most {} per axis", axis.values.size(), kMaxAxisValues));
  const std::uint64_t before = points();
  if (before * axis.values.size() > kMaxSweepPoints)
    throw Error(source, axis.key,
                fmt::format("the grid would have {} points; at most {}",
                            before * axis.values.size(), kMaxSweepPoints));
  axes.push_back(std::move(axis));
}

nlohmann::ordered_json Grid::toJson() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const GridAxis& a : axes) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const ParamValue& v : a.values)
      values.push_back(nlohmann::ordered_json::parse(paramToJson(v).dump()));
    out.push_back({{"key", a.key}, {"values", values}});
  }
  return out;
}

GridAxis parseGridAxis(const std::string& text, const std::string& source) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error(source, quoteText(text),
                "expected KEY=FROM:TO:STEP or KEY=V1,V2,... (spatten-cli params lists the keys)");
  GridAxis axis;
  axis.key = text.substr(0, eq);
  const ParamSpec& spec = specOf(axis.key, source);
  const std::string rhs = text.substr(eq + 1);
  if (rhs.empty()) throw Error(source, axis.key, "no values after '='");
  const std::vector<std::string> range = split(rhs, ':');
  if (range.size() == 3) {
    double v[3];
    const char* names[3] = {"FROM", "TO", "STEP"};
    for (int i = 0; i < 3; ++i)
      if (!strictDouble(range[static_cast<std::size_t>(i)], v[i]))
        throw Error(source, axis.key,
                    fmt::format("{} {} is not a number", names[i],
                                quoteText(range[static_cast<std::size_t>(i)])));
    axis.values = rangeValues(spec, v[0], v[1], v[2], source);
    return axis;
  }
  if (range.size() != 1)
    throw Error(source, axis.key, "a range is FROM:TO:STEP (three numbers)");
  const std::vector<std::string> items = split(rhs, spec.type == ParamType::RealList ? ';' : ',');
  if (items.size() > kMaxAxisValues)
    throw Error(source, axis.key,
                fmt::format("{} values; at most {} per axis", items.size(), kMaxAxisValues));
  for (const std::string& item : items) {
    if (item.empty()) throw Error(source, axis.key, "an empty value in the list");
    axis.values.push_back(parseParam(spec, item, source));
  }
  return axis;
}

Grid gridFromJson(const nlohmann::json& doc, const std::string& source) {
  if (!doc.is_object()) throw Error(source, "", "must be a JSON object {\"axes\": [...]}");
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (it.key() != "axes") throw Error(source, it.key(), "unknown field (only \"axes\")");
  if (!doc.contains("axes") || !doc["axes"].is_array())
    throw Error(source, "axes", "missing or not an array of axes");
  Grid grid;
  const nlohmann::json& axes = doc["axes"];
  for (std::size_t i = 0; i < axes.size(); ++i) {
    const std::string at = fmt::format("axes[{}]", i);
    const nlohmann::json& a = axes[i];
    if (!a.is_object()) throw Error(source, at, "must be an object with \"key\"");
    if (!a.contains("key") || !a["key"].is_string())
      throw Error(source, at + ".key", "missing or not a string");
    for (auto it = a.begin(); it != a.end(); ++it)
      if (it.key() != "key" && it.key() != "values" && it.key() != "from" &&
          it.key() != "to" && it.key() != "step")
        throw Error(source, at + "." + it.key(), "unknown field (key, values, from, to, step)");
    GridAxis axis;
    axis.key = a["key"].get<std::string>();
    const ParamSpec& spec = specOf(axis.key, source);
    if (a.contains("values")) {
      if (a.contains("from") || a.contains("to") || a.contains("step"))
        throw Error(source, at, "give either \"values\" or \"from\", \"to\", \"step\"");
      if (!a["values"].is_array()) throw Error(source, at + ".values", "must be an array");
      if (a["values"].size() > kMaxAxisValues)
        throw Error(source, at + ".values",
                    fmt::format("{} values; at most {} per axis", a["values"].size(),
                                kMaxAxisValues));
      for (const nlohmann::json& v : a["values"])
        axis.values.push_back(paramFromJson(spec, v, source));
    } else {
      double v[3];
      const char* names[3] = {"from", "to", "step"};
      for (int k = 0; k < 3; ++k) {
        if (!a.contains(names[k]) || !a[names[k]].is_number())
          throw Error(source, at + "." + names[k],
                      a.contains(names[k]) ? "not a number: " + describeJson(a[names[k]])
                                           : "missing (or give \"values\")");
        v[k] = a[names[k]].get<double>();
      }
      axis.values = rangeValues(spec, v[0], v[1], v[2], source);
    }
    grid.add(std::move(axis), source);
  }
  return grid;
}

}  // namespace spatten::core
