#pragma once
// A configuration struct's parameter table: one row per parameter (its ParamSpec and the struct
// member it sets), and everything derived from it — typed get/set, JSON in and out, --set
// assignments, validation messages. HwConfig (core/config/hw_params.cpp) and RunConfig
// (core/config/run_params.cpp) each have one.

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/config/param.h"
#include "core/util/error.h"

namespace spatten::core {

template <typename Config>
class ParamTable {
public:
  using Member =
      std::variant<int Config::*, double Config::*, bool Config::*, std::uint64_t Config::*,
                   std::vector<double> Config::*, std::string Config::*>;
  struct Row {
    ParamSpec spec;
    Member member;
    std::string path;  // inside the config's JSON, dot-separated ("topk.parallelism")
  };

  // prefix: what the canonical key adds in front of the JSON path ("hw." or "").
  ParamTable(std::string prefix, std::vector<Row> rows)
      : m_prefix(std::move(prefix)), m_rows(std::move(rows)) {
    for (Row& r : m_rows) r.spec.key = m_prefix + r.path;
  }

  const std::vector<Row>& rows() const { return m_rows; }
  const std::string& prefix() const { return m_prefix; }
  // By canonical key ("hw.topk.parallelism"); nullptr if unknown.
  const Row* find(std::string_view key) const {
    for (const Row& r : m_rows)
      if (r.spec.key == key) return &r;
    return nullptr;
  }

  static ParamValue get(const Config& c, const Row& r) {
    return std::visit(
        [&](auto m) -> ParamValue {
          using T = std::remove_cvref_t<decltype(c.*m)>;
          if constexpr (std::is_same_v<T, int> || std::is_same_v<T, std::uint64_t>)
            return static_cast<std::int64_t>(c.*m);
          else
            return c.*m;
        },
        r.member);
  }
  // Sets a checked value (checkParam) of the row's type; a choice may come as its number or its
  // name whatever the member stores.
  static void set(Config& c, const Row& r, const ParamValue& v) {
    std::visit(
        [&](auto m) {
          using T = std::remove_cvref_t<decltype(c.*m)>;
          if constexpr (std::is_same_v<T, int> || std::is_same_v<T, std::uint64_t>) {
            std::int64_t x = 0;
            if (const auto* name = std::get_if<std::string>(&v)) {
              for (const ParamChoice& ch : r.spec.choices)
                if (ch.name == *name) x = ch.value;
            } else {
              x = std::get<std::int64_t>(v);
            }
            c.*m = static_cast<T>(x);
          } else if constexpr (std::is_same_v<T, std::string>) {
            if (const auto* i = std::get_if<std::int64_t>(&v)) {
              for (const ParamChoice& ch : r.spec.choices)
                if (ch.value == *i) c.*m = ch.name;
            } else {
              c.*m = std::get<std::string>(v);
            }
          } else {
            c.*m = std::get<T>(v);
          }
        },
        r.member);
  }

  // Every parameter, nested by path (in table order with ordered_json).
  template <typename Json = nlohmann::ordered_json>
  Json toJson(const Config& c) const {
    Json j = Json::object();
    for (const Row& r : m_rows) {
      Json* cur = &j;
      std::size_t start = 0;
      for (std::size_t dot; (dot = r.path.find('.', start)) != std::string::npos; start = dot + 1)
        cur = &(*cur)[r.path.substr(start, dot - start)];
      (*cur)[r.path.substr(start)] = std::visit([](const auto& x) { return Json(x); }, get(c, r));
    }
    return j;
  }

  // Applies every key of `j` (nested objects for dotted paths, or a dotted path as one key, with
  // or without the canonical prefix); `skip` keys are left to the caller. Unknown keys and bad
  // values throw Error(source, path, ...).
  void applyJson(Config& c, const nlohmann::json& j, const std::string& source,
                 const std::vector<std::string>& skip = {}) const {
    if (!j.is_object()) throw Error(source, "", "must be a JSON object");
    applyObject(c, j, "", source, skip);
  }

  // Applies "key=value" with the canonical key; throws Error(source, key, ...).
  void applyAssignment(Config& c, const std::string& key, const std::string& value,
                       const std::string& source) const {
    const Row* r = find(key);
    if (!r) throw Error(source, key, "unknown parameter");
    set(c, *r, parseParam(r->spec, value, source));
  }

  // Checks every member against its range (for structs filled in code).
  void check(const Config& c, const std::string& source) const {
    for (const Row& r : m_rows) checkParam(r.spec, get(c, r), source);
  }

private:
  void applyObject(Config& c, const nlohmann::json& j, const std::string& prefix,
                   const std::string& source, const std::vector<std::string>& skip) const {
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string path = prefix.empty() ? it.key() : prefix + "." + it.key();
      if (prefix.empty() && std::find(skip.begin(), skip.end(), path) != skip.end()) continue;
      // A top-level key may also be the canonical one ("hw.topk.parallelism", as --set, the
      // sweep grids and `spatten-cli params` spell it): the same row as the path without it.
      const bool canonical = prefix.empty() && !m_prefix.empty() && path.rfind(m_prefix, 0) == 0;
      const std::string_view rowPath =
          canonical ? std::string_view(path).substr(m_prefix.size()) : std::string_view(path);
      const Row* r = nullptr;
      for (const Row& row : m_rows)
        if (row.path == rowPath) r = &row;
      if (r) {
        ParamSpec named = r->spec;  // errors name the field as the file spells it
        named.key = path;
        set(c, *r, paramFromJson(named, *it, source));
        continue;
      }
      const bool isGroup =
          it->is_object() && std::any_of(m_rows.begin(), m_rows.end(), [&](const Row& row) {
            return row.path.rfind(path + ".", 0) == 0;
          });
      if (!isGroup) throw Error(source, path, "unknown parameter");
      applyObject(c, *it, path, source, skip);  // depth bounded by the table's paths
    }
  }

  std::string m_prefix;
  std::vector<Row> m_rows;
};

}  // namespace spatten::core
