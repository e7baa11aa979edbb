#include "core/sweep/sweep_rows.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/util/error.h"
#include "core/util/json_number.h"
#include "core/util/json_read.h"

namespace spatten::core {
namespace {

using ojson = nlohmann::ordered_json;

ojson scalar(double v, bool integer) {
  if (integer) return static_cast<std::uint64_t>(v);
  return jsonRound7(v);
}

// Sets row[a][b]... for the dotted name.
void setPath(ojson& row, const std::string& name, ojson value) {
  ojson* cur = &row;
  std::size_t start = 0;
  for (std::size_t dot; (dot = name.find('.', start)) != std::string::npos; start = dot + 1)
    cur = &(*cur)[name.substr(start, dot - start)];
  (*cur)[name.substr(start)] = std::move(value);
}

void flatten(const ojson& j, const std::string& prefix, std::vector<std::string>& names,
             std::vector<std::string>& cells) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it)
      flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), names, cells);
    return;
  }
  std::string cell = j.is_string() ? j.get<std::string>() : j.dump();
  if (cell.find_first_of(",\"\r\n") != std::string::npos) {
    std::string q = "\"";
    for (char c : cell) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    cell = q + "\"";
  }
  names.push_back(prefix);
  cells.push_back(std::move(cell));
}

std::string joinLine(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + v[i];
  return out + "\n";
}

}  // namespace

std::string sweepRow(std::uint64_t point,
                     const std::vector<std::pair<std::string, ParamValue>>& values,
                     std::uint64_t seed, const std::vector<Figures>& perText, bool corpus) {
  ojson row;
  row["point"] = point;
  ojson params = ojson::object();
  for (const auto& [key, v] : values) params[key] = ojson::parse(paramToJson(v).dump());
  row["params"] = params;
  row["seed"] = seed;
  row["texts"] = perText.size();
  if (perText.empty()) return row.dump();
  for (std::size_t i = 0; i < perText[0].size(); ++i) {
    const Figure& first = perText[0][i];
    if (!corpus) {
      setPath(row, first.name, scalar(first.value, first.integer));
      continue;
    }
    double sum = 0, lo = first.value, hi = first.value;
    for (const Figures& f : perText) {
      sum += f[i].value;
      lo = std::min(lo, f[i].value);
      hi = std::max(hi, f[i].value);
    }
    const double mean = sum / static_cast<double>(perText.size());
    double var = 0;
    for (const Figures& f : perText) var += (f[i].value - mean) * (f[i].value - mean);
    const double sd = std::sqrt(var / static_cast<double>(perText.size()));
    setPath(row, first.name,
            ojson{{"mean", jsonRound7(mean)},
                  {"std", jsonRound7(sd)},
                  {"min", scalar(lo, first.integer)},
                  {"max", scalar(hi, first.integer)}});
  }
  return row.dump();
}

std::string sweepHeader(const nlohmann::ordered_json& definition) {
  return ojson{{"sweep", definition}}.dump();
}

std::pair<std::uint64_t, std::uint64_t> shardRange(std::uint64_t points, std::uint64_t index,
                                                   std::uint64_t count) {
  // points <= kMaxSweepPoints (1e6) and count <= points + ..., so the products fit in 64 bits.
  return {(index - 1) * points / count, index * points / count};
}

SweepFile readSweepFile(const std::string& path, bool tolerateTail) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(path, "", "does not exist");
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error(path, "", "is not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, "", "cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  SweepFile f;
  std::size_t start = 0;
  for (std::size_t n = 1; start < text.size(); ++n) {
    const std::size_t nl = text.find('\n', start);
    const std::string field = fmt::format("line {}", n);
    if (nl == std::string::npos) {
      if (tolerateTail && n > 1) break;  // cut by an interrupt
      throw Error(path, field, "ends without a newline (an interrupted write?)");
    }
    const std::string line = text.substr(start, nl - start);
    start = nl + 1;
    nlohmann::json j;
    try {
      j = parseJson(line, path, field);
    } catch (const Error&) {
      if (tolerateTail && n > 1 && start >= text.size()) break;
      throw;
    }
    if (n == 1) {
      if (!j.is_object() || !j.contains("sweep") || !j["sweep"].is_object() ||
          !j["sweep"].contains("points") || !j["sweep"]["points"].is_number_unsigned())
        throw Error(path, field, "not a sweep file (its first line is {\"sweep\": {...}})");
      f.header = line;
      f.points = j["sweep"]["points"].get<std::uint64_t>();
      continue;
    }
    if (!j.is_object() || !j.contains("point") || !j["point"].is_number_unsigned() ||
        j["point"].get<std::uint64_t>() >= f.points)
      throw Error(path, field, fmt::format("not a row: \"point\" must be 0..{}", f.points - 1));
    f.rows.emplace_back(j["point"].get<std::uint64_t>(), line);
  }
  if (f.header.empty()) throw Error(path, "line 1", "empty file: not a sweep file");
  return f;
}

std::string sweepJsonl(const std::string& header, const std::vector<std::string>& rows) {
  std::string out = header + "\n";
  for (const std::string& r : rows) out += r + "\n";
  return out;
}

std::string sweepCsv(const std::vector<std::string>& rows) {
  std::string out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::vector<std::string> names, cells;
    flatten(ojson::parse(rows[i]), "", names, cells);
    if (i == 0) out += joinLine(names);
    out += joinLine(cells);
  }
  return out;
}

std::pair<std::string, std::vector<std::string>> mergeSweepFiles(
    const std::vector<std::string>& paths) {
  if (paths.empty()) throw Error("sweep-merge", "", "give the shard files to join");
  std::string header;
  std::uint64_t points = 0;
  std::map<std::uint64_t, std::pair<std::string, std::size_t>> rows;  // point -> (line, file)
  for (std::size_t i = 0; i < paths.size(); ++i) {
    SweepFile f = readSweepFile(paths[i], false);
    if (i == 0) {
      header = f.header;
      points = f.points;
    } else if (f.header != header) {
      throw Error(paths[i], "line 1",
                  "a different sweep than " + paths[0] + " (base, grid or seed differ)");
    }
    for (auto& [point, line] : f.rows) {
      auto [it, fresh] = rows.try_emplace(point, std::move(line), i);
      if (!fresh)
        throw Error(paths[i], fmt::format("point {}", point),
                    "also in " + paths[it->second.second] + " (the same shard given twice?)");
    }
  }
  std::vector<std::string> out;
  std::uint64_t expect = 0;
  for (auto& [point, row] : rows) {
    if (point != expect) break;
    out.push_back(std::move(row.first));
    ++expect;
  }
  if (expect != points) {
    std::uint64_t last = expect;
    while (last + 1 < points && !rows.count(last + 1)) ++last;
    throw Error("sweep-merge", "points",
                fmt::format("{}..{} of 0..{} are in none of the files; give every shard", expect,
                            last, points - 1));
  }
  return {header, out};
}

std::string fnv1a64(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace spatten::core
