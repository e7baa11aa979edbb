#include "core/spatten/run_config.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/util/error.h"

namespace spatten::core {
namespace {

using json = nlohmann::json;

void requireRange(const std::string& src, const char* field, double v, double lo, double hi,
                  bool loOpen) {
  const bool ok = std::isfinite(v) && (loOpen ? v > lo : v >= lo) && v <= hi;
  if (!ok)
    throw Error(src, field, fmt::format("{} is out of range; allowed {}{}, {}]", v,
                                        loOpen ? "(" : "[", lo, hi));
}

void requireBits(const std::string& src, const char* field, int v, int lo, int hi) {
  if (v != 0 && (v < lo || v > hi))
    throw Error(src, field,
                fmt::format("{} is out of range; allowed 0 (floating point) or {}..{}", v, lo, hi));
}

void requireCount(const std::string& src, const char* field, int v, int lo, int hi) {
  if (v < lo || v > hi)
    throw Error(src, field, fmt::format("{} is out of range; allowed {}..{}", v, lo, hi));
}

void requireRatioList(const std::string& src, const char* field, const std::vector<double>& v) {
  for (double x : v)
    if (!(std::isfinite(x) && x > 0.0 && x <= 1.0))
      throw Error(src, field, fmt::format("entry {} is out of range; allowed (0, 1]", x));
}

double getNumber(const json& v, const std::string& src, const std::string& key) {
  if (!v.is_number()) throw Error(src, key, "must be a number");
  return v.get<double>();
}

long long getInt(const json& v, const std::string& src, const std::string& key) {
  if (v.is_number_integer()) return v.get<long long>();
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::floor(d) == d && std::fabs(d) < 9e15) return static_cast<long long>(d);
  }
  throw Error(src, key, "must be an integer");
}

std::vector<double> getList(const json& v, const std::string& src, const std::string& key) {
  if (!v.is_array()) throw Error(src, key, "must be an array of numbers");
  std::vector<double> out;
  for (const auto& e : v) out.push_back(getNumber(e, src, key));
  return out;
}

// Applies one key; the value is already JSON.
void applyKey(RunConfig& c, const std::string& key, const json& v, const std::string& src) {
  auto intIn = [&](long long lo, long long hi) {
    const long long x = getInt(v, src, key);
    if (x < lo || x > hi)
      throw Error(src, key, fmt::format("{} is out of range; allowed {}..{}", x, lo, hi));
    return static_cast<int>(x);
  };
  if (key == "token_keep_start") c.token_keep_start = getNumber(v, src, key);
  else if (key == "token_keep_end") c.token_keep_end = getNumber(v, src, key);
  else if (key == "token_skip_frac") c.token_skip_frac = getNumber(v, src, key);
  else if (key == "head_keep_start") c.head_keep_start = getNumber(v, src, key);
  else if (key == "head_keep_end") c.head_keep_end = getNumber(v, src, key);
  else if (key == "head_skip_frac") c.head_skip_frac = getNumber(v, src, key);
  else if (key == "value_keep") c.value_keep = getNumber(v, src, key);
  else if (key == "protect_first") c.protect_first = intIn(0, 1 << 20);
  else if (key == "k_msb_bits") c.k_msb_bits = intIn(-1000, 1000);
  else if (key == "k_lsb_bits") c.k_lsb_bits = intIn(-1000, 1000);
  else if (key == "pq_threshold") c.pq_threshold = getNumber(v, src, key);
  else if (key == "pq_enabled") {
    if (!v.is_boolean()) throw Error(src, key, "must be true or false");
    c.pq_enabled = v.get<bool>();
  } else if (key == "v_bits") c.v_bits = intIn(-1000, 1000);
  else if (key == "q_bits") c.q_bits = intIn(-1000, 1000);
  else if (key == "seed") {
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<long long>() >= 0))
      throw Error(src, key, "must be an integer in 0..2^64-1");
    c.seed = v.get<std::uint64_t>();
  } else if (key == "token_keep_per_layer") c.token_keep_per_layer = getList(v, src, key);
  else if (key == "head_keep_per_layer") c.head_keep_per_layer = getList(v, src, key);
  else if (key == "generate") c.generate = intIn(0, 4096);
  else if (key == "policy") {
    if (!v.is_string()) throw Error(src, key, "must be a string");
    c.policy = v.get<std::string>();
  } else if (key == "kv_budget") c.kv_budget = getNumber(v, src, key);
  else if (key == "sink") c.sink = intIn(0, 1 << 20);
  else if (key == "recent_frac") c.recent_frac = getNumber(v, src, key);
  else if (key == "window") c.window = intIn(1, 1 << 20);
  else if (key == "pool_kernel") c.pool_kernel = intIn(1, 255);
  else if (key == "page") c.page = intIn(1, 4096);
  else throw Error(src, key, "unknown run configuration field");
}

}  // namespace

void validate(const RunConfig& c, const std::string& src) {
  requireRange(src, "token_keep_start", c.token_keep_start, 0.0, 1.0, true);
  requireRange(src, "token_keep_end", c.token_keep_end, 0.0, 1.0, true);
  requireRange(src, "token_skip_frac", c.token_skip_frac, 0.0, 1.0, false);
  requireRange(src, "head_keep_start", c.head_keep_start, 0.0, 1.0, true);
  requireRange(src, "head_keep_end", c.head_keep_end, 0.0, 1.0, true);
  requireRange(src, "head_skip_frac", c.head_skip_frac, 0.0, 1.0, false);
  requireRange(src, "value_keep", c.value_keep, 0.0, 1.0, true);
  if (c.protect_first < 0 || c.protect_first > (1 << 20))
    throw Error(src, "protect_first",
                fmt::format("{} is out of range; allowed 0..{}", c.protect_first, 1 << 20));
  requireBits(src, "k_msb_bits", c.k_msb_bits, 1, 16);
  if (c.k_lsb_bits < 0 || c.k_lsb_bits > 8)
    throw Error(src, "k_lsb_bits", fmt::format("{} is out of range; allowed 0..8", c.k_lsb_bits));
  if (c.k_msb_bits != 0 && c.k_msb_bits + c.k_lsb_bits < 2)
    throw Error(src, "k_lsb_bits", "k_msb_bits + k_lsb_bits must be at least 2");
  requireRange(src, "pq_threshold", c.pq_threshold, 0.0, 1.0, false);
  requireBits(src, "v_bits", c.v_bits, 2, 16);
  requireBits(src, "q_bits", c.q_bits, 2, 16);
  requireRatioList(src, "token_keep_per_layer", c.token_keep_per_layer);
  requireRatioList(src, "head_keep_per_layer", c.head_keep_per_layer);
  if (c.generate < 0 || c.generate > 4096)
    throw Error(src, "generate", fmt::format("{} is out of range; allowed 0..4096", c.generate));
  const auto& names = policyNames();
  if (std::find(names.begin(), names.end(), c.policy) == names.end())
    throw Error(src, "policy", fmt::format("'{}' is not a policy; allowed {}", c.policy,
                                           fmt::join(names, ", ")));
  requireRange(src, "kv_budget", c.kv_budget, 0.0, 1.0, true);
  requireCount(src, "sink", c.sink, 0, 1 << 20);
  requireRange(src, "recent_frac", c.recent_frac, 0.0, 1.0, false);
  requireCount(src, "window", c.window, 1, 1 << 20);
  requireCount(src, "pool_kernel", c.pool_kernel, 1, 255);
  if (c.pool_kernel % 2 == 0)
    throw Error(src, "pool_kernel", fmt::format("{} is even; allowed odd 1..255", c.pool_kernel));
  requireCount(src, "page", c.page, 1, 4096);
}

const std::vector<std::string>& policyNames() {
  static const std::vector<std::string> kNames{"spatten", "streaming", "h2o",   "tova",
                                               "quest",   "snapkv",    "oracle"};
  return kNames;
}

nlohmann::ordered_json toJson(const RunConfig& c) {
  nlohmann::ordered_json j;
  j["token_keep_start"] = c.token_keep_start;
  j["token_keep_end"] = c.token_keep_end;
  j["token_skip_frac"] = c.token_skip_frac;
  j["head_keep_start"] = c.head_keep_start;
  j["head_keep_end"] = c.head_keep_end;
  j["head_skip_frac"] = c.head_skip_frac;
  j["value_keep"] = c.value_keep;
  j["protect_first"] = c.protect_first;
  j["k_msb_bits"] = c.k_msb_bits;
  j["k_lsb_bits"] = c.k_lsb_bits;
  j["pq_threshold"] = c.pq_threshold;
  j["pq_enabled"] = c.pq_enabled;
  j["v_bits"] = c.v_bits;
  j["q_bits"] = c.q_bits;
  j["seed"] = c.seed;
  j["token_keep_per_layer"] = c.token_keep_per_layer;
  j["head_keep_per_layer"] = c.head_keep_per_layer;
  j["generate"] = c.generate;
  j["policy"] = c.policy;
  j["kv_budget"] = c.kv_budget;
  j["sink"] = c.sink;
  j["recent_frac"] = c.recent_frac;
  j["window"] = c.window;
  j["pool_kernel"] = c.pool_kernel;
  j["page"] = c.page;
  return j;
}

RunConfig configFromJson(const nlohmann::json& j, const std::string& src, const RunConfig& base) {
  if (!j.is_object()) throw Error(src, "", "run configuration must be a JSON object");
  RunConfig c = base;
  for (auto it = j.begin(); it != j.end(); ++it) applyKey(c, it.key(), it.value(), src);
  validate(c, src);
  return c;
}

RunConfig loadConfigFile(const std::string& path, const RunConfig& base) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, "", "cannot open run configuration");
  std::stringstream ss;
  ss << in.rdbuf();
  json j;
  try {
    j = json::parse(ss.str());
  } catch (const json::parse_error& e) {
    throw Error(path, "", std::string("invalid JSON: ") + e.what());
  }
  return configFromJson(j, path, base);
}

void applySet(RunConfig& cfg, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error("--set", assignment, "expected key=value");
  const std::string key = assignment.substr(0, eq);
  std::string text = assignment.substr(eq + 1);
  json v;
  try {
    v = json::parse(text);
  } catch (const json::parse_error&) {
    if (text.find(',') != std::string::npos || key.ends_with("_per_layer")) {
      try {
        v = json::parse("[" + text + "]");
      } catch (const json::parse_error&) {
        throw Error("--set", key, "cannot parse value '" + text + "'");
      }
    } else {
      v = text;  // bare string: rejected below with the field's type message
    }
  }
  if (key.ends_with("_per_layer") && v.is_number()) v = json::array({v});
  RunConfig c = cfg;
  applyKey(c, key, v, "--set");
  validate(c, "--set");
  cfg = c;
}

std::vector<std::string> presetNames() { return {"dense", "spatten-bert", "spatten-gpt2"}; }

RunConfig presetConfig(const std::string& name) {
  RunConfig c;
  if (name == "dense") {
    c.token_keep_start = c.token_keep_end = 1.0;
    c.head_keep_start = c.head_keep_end = 1.0;
    c.value_keep = 1.0;
    c.k_msb_bits = 0;
    c.k_lsb_bits = 0;
    c.pq_enabled = false;
    c.v_bits = 0;
    c.q_bits = 0;
  } else if (name == "spatten-bert") {
    c.token_keep_start = 0.8;
    c.token_keep_end = 0.4;
    c.head_keep_start = 1.0;
    c.head_keep_end = 0.75;
    c.value_keep = 0.5;
    c.k_msb_bits = 8;
    c.k_lsb_bits = 4;
    c.pq_enabled = false;  // BERT is compute-bound: static 12-bit keys, no LSB refetch
    c.v_bits = 12;
    c.q_bits = 12;
  } else if (name == "spatten-gpt2") {
    c.token_keep_start = 0.7;
    c.token_keep_end = 0.3;
    c.head_keep_start = 1.0;
    c.head_keep_end = 0.8;
    c.value_keep = 0.2;
    c.k_msb_bits = 6;
    c.k_lsb_bits = 4;
    c.pq_threshold = 0.1;
    c.pq_enabled = true;
    c.v_bits = 8;
    c.q_bits = 12;
  } else {
    throw Error("<preset>", name, "unknown preset; allowed dense, spatten-bert, spatten-gpt2");
  }
  return c;
}

}  // namespace spatten::core
