#include "core/config/param.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "core/util/error.h"

namespace spatten::core {
namespace {

// Shortest text that reads back as the same double.
std::string shortest(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

bool inRange(const ParamSpec& s, double v) {
  if (s.zeroAllowed && v == 0) return true;
  return std::isfinite(v) && (s.minExclusive ? v > s.min : v >= s.min) && v <= s.max;
}

[[noreturn]] void fail(const ParamSpec& s, const std::string& source, const std::string& what) {
  throw Error(source, s.key, what);
}

std::string trim(const std::string& t) {
  const auto b = t.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return t.substr(b, t.find_last_not_of(" \t") - b + 1);
}

// Strict number parsing: the whole text, finite.
bool parseDouble(const std::string& t, double& out) {
  const std::string s = trim(t);
  if (s.empty()) return false;
  const char* first = s.data() + (s[0] == '+' ? 1 : 0);
  const auto r = std::from_chars(first, s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

bool parseInt(const std::string& t, std::int64_t& out) {
  const std::string s = trim(t);
  if (s.empty()) return false;
  const char* first = s.data() + (s[0] == '+' ? 1 : 0);
  const auto r = std::from_chars(first, s.data() + s.size(), out);
  if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return true;
  double d = 0;  // "16.0" or "1e3" are whole numbers too
  if (!parseDouble(s, d) || std::floor(d) != d || std::fabs(d) > 9007199254740992.0) return false;
  out = static_cast<std::int64_t>(d);
  return true;
}

std::string choiceNames(const ParamSpec& s) {
  std::string out;
  for (const ParamChoice& c : s.choices)
    out += (out.empty() ? "" : ", ") + fmt::format("{} ({})", c.value, c.name);
  return out;
}

}  // namespace

std::string allowedValues(const ParamSpec& s) {
  switch (s.type) {
    case ParamType::Bool:
      return "true or false";
    case ParamType::Choice:
      return choiceNames(s);
    default:
      break;
  }
  const std::string lo = s.type == ParamType::Int
                             ? fmt::format("{}", static_cast<std::int64_t>(s.min))
                             : shortest(s.min);
  const std::string hi = s.type == ParamType::Int
                             ? fmt::format("{}", static_cast<std::int64_t>(s.max))
                             : shortest(s.max);
  std::string range = fmt::format("{}{}, {}]", s.minExclusive ? "(" : "[", lo, hi);
  if (s.zeroAllowed) range = "0 (floating point) or " + range;
  if (s.type == ParamType::RealList) range = "a list of values in " + range;
  return s.unit.empty() ? range : range + " " + s.unit;
}

double paramAsDouble(const ParamValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1.0 : 0.0;
  return std::numeric_limits<double>::quiet_NaN();
}

void checkParam(const ParamSpec& s, const ParamValue& v, const std::string& source) {
  const std::string allowed = "outside the allowed range " + allowedValues(s);
  switch (s.type) {
    case ParamType::Bool:
      if (!std::holds_alternative<bool>(v)) fail(s, source, "must be true or false");
      return;
    case ParamType::Choice: {
      const auto* i = std::get_if<std::int64_t>(&v);
      if (!i) fail(s, source, "must be one of " + choiceNames(s));
      for (const ParamChoice& c : s.choices)
        if (c.value == *i) return;
      fail(s, source, fmt::format("{} is not one of {}", *i, choiceNames(s)));
    }
    case ParamType::Int: {
      const auto* i = std::get_if<std::int64_t>(&v);
      if (!i) fail(s, source, "must be a whole number");
      if (!inRange(s, static_cast<double>(*i)))
        fail(s, source, fmt::format("{} is {}", *i, allowed));
      return;
    }
    case ParamType::Real: {
      const auto* d = std::get_if<double>(&v);
      if (!d) fail(s, source, "must be a number");
      if (!inRange(s, *d)) fail(s, source, fmt::format("{} is {}", shortest(*d), allowed));
      return;
    }
    case ParamType::RealList: {
      const auto* l = std::get_if<std::vector<double>>(&v);
      if (!l) fail(s, source, "must be a list of numbers");
      for (double x : *l)
        if (!inRange(s, x)) fail(s, source, fmt::format("entry {} is {}", shortest(x), allowed));
      return;
    }
  }
}

ParamValue paramFromJson(const ParamSpec& s, const nlohmann::json& v, const std::string& source) {
  ParamValue out;
  switch (s.type) {
    case ParamType::Bool:
      if (!v.is_boolean()) fail(s, source, "must be true or false");
      out = v.get<bool>();
      break;
    case ParamType::Int:
    case ParamType::Choice:
      if (v.is_number_integer()) {
        if (v.is_number_unsigned() && v.get<std::uint64_t>() > 9007199254740992ull)
          fail(s, source, "is " + std::string("outside the allowed range ") + allowedValues(s));
        out = v.get<std::int64_t>();
      } else if (v.is_number_float() && std::isfinite(v.get<double>()) &&
                 std::floor(v.get<double>()) == v.get<double>() &&
                 std::fabs(v.get<double>()) <= 9007199254740992.0) {
        out = static_cast<std::int64_t>(v.get<double>());
      } else if (s.type == ParamType::Choice && v.is_string()) {
        return parseParam(s, v.get<std::string>(), source);
      } else {
        fail(s, source,
             s.type == ParamType::Choice ? "must be one of " + choiceNames(s)
                                         : "must be a whole number (" + allowedValues(s) + ")");
      }
      break;
    case ParamType::Real:
      if (!v.is_number()) fail(s, source, "must be a number (" + allowedValues(s) + ")");
      out = v.get<double>();
      break;
    case ParamType::RealList: {
      if (!v.is_array()) fail(s, source, "must be a list of numbers");
      std::vector<double> l;
      for (const auto& e : v) {
        if (!e.is_number()) fail(s, source, "must be a list of numbers");
        l.push_back(e.get<double>());
      }
      out = std::move(l);
      break;
    }
  }
  checkParam(s, out, source);
  return out;
}

ParamValue parseParam(const ParamSpec& s, const std::string& text, const std::string& source) {
  const std::string t = trim(text);
  ParamValue out;
  switch (s.type) {
    case ParamType::Bool:
      if (t == "true")
        out = true;
      else if (t == "false")
        out = false;
      else
        fail(s, source, "value '" + t + "' is not true or false");
      break;
    case ParamType::Choice:
      for (const ParamChoice& c : s.choices)
        if (t == c.name) return c.value;
      [[fallthrough]];
    case ParamType::Int: {
      std::int64_t i = 0;
      if (!parseInt(t, i))
        fail(s, source,
             "value '" + t + "' is not " +
                 (s.type == ParamType::Choice ? "one of " + choiceNames(s) : "a whole number"));
      out = i;
      break;
    }
    case ParamType::Real: {
      double d = 0;
      if (!parseDouble(t, d)) fail(s, source, "value '" + t + "' is not a finite number");
      out = d;
      break;
    }
    case ParamType::RealList: {
      std::string body = t;
      if (!body.empty() && body.front() == '[' && body.back() == ']')
        body = body.substr(1, body.size() - 2);
      std::vector<double> l;
      std::size_t start = 0;
      while (!trim(body).empty() && start <= body.size()) {
        const std::size_t comma = body.find(',', start);
        const std::string item =
            body.substr(start, comma == std::string::npos ? comma : comma - start);
        double d = 0;
        if (!parseDouble(item, d))
          fail(s, source, "entry '" + trim(item) + "' is not a finite number");
        l.push_back(d);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      out = std::move(l);
      break;
    }
  }
  checkParam(s, out, source);
  return out;
}

nlohmann::json paramToJson(const ParamValue& v) {
  return std::visit([](const auto& x) { return nlohmann::json(x); }, v);
}

std::string formatParam(const ParamSpec& s, const ParamValue& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    for (const ParamChoice& c : s.choices)
      if (c.value == *i) return fmt::format("{} ({})", *i, c.name);
    return fmt::format("{}", *i);
  }
  if (const auto* d = std::get_if<double>(&v)) return shortest(*d);
  std::string out = "[";
  for (double x : std::get<std::vector<double>>(v))
    out += (out.size() > 1 ? ", " : "") + shortest(x);
  return out + "]";
}

}  // namespace spatten::core
