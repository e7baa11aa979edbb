#include "core/sim/hw_config.h"

#include <fstream>
#include <variant>

#include "core/util/error.h"

namespace spatten::core {
namespace {

struct Field {
  const char* path;
  std::variant<int HwConfig::*, double HwConfig::*> member;
  double min, max;
  const char* unit;
  const char* source;
};

// One row per configurable constant: JSON path, member, allowed range, unit, source.
const std::vector<Field>& fields() {
  static const std::vector<Field> f = {
      {"clock_ghz", &HwConfig::clockGhz, 0.01, 10, "GHz", "Table III: 1 GHz"},
      {"qk.multipliers", &HwConfig::qkMultipliers, 1, 65536, "multipliers", "Table I: 512 x 12-bit"},
      {"qk.pipeline_depth", &HwConfig::qkPipelineDepth, 1, 64, "cycles", "RTL DotProduct: SRAM 1 + mult 1 + log2(512/8) tree levels"},
      {"av.multipliers", &HwConfig::avMultipliers, 1, 65536, "multipliers", "Table I: 512 x 12-bit"},
      {"av.pipeline_depth", &HwConfig::avPipelineDepth, 1, 64, "cycles", "RTL MultiplyValue / bert.cpp: 1+1+3 + accumulator"},
      {"softmax.lanes", &HwConfig::softmaxLanes, 1, 1024, "elements/cycle", "Table I: parallelism 8"},
      {"softmax.fifo_depth", &HwConfig::softmaxFifoDepth, 1, 65536, "scores", "Table I: FIFO depth 128"},
      {"softmax.dequant_latency", &HwConfig::softmaxDequantLatency, 0, 1000, "cycles", "bert.cpp: 7"},
      {"softmax.exp_latency", &HwConfig::softmaxExpLatency, 0, 1000, "cycles", "bert.cpp: 21"},
      {"softmax.acc_latency", &HwConfig::softmaxAccLatency, 0, 1000, "cycles", "bert.cpp: 23"},
      {"softmax.div_latency", &HwConfig::softmaxDivLatency, 0, 1000, "cycles", "bert.cpp: 29"},
      {"softmax.quant_latency", &HwConfig::softmaxQuantLatency, 0, 1000, "cycles", "bert.cpp: 7"},
      {"softmax.passthrough", &HwConfig::softmaxPassthrough, 0, 1, "0 pipeline, 1 rtl", "RTL Softmax.scala: pass-through"},
      {"requant.decision_latency", &HwConfig::requantDecisionLatency, 0, 1000, "cycles", "bert.cpp: 1"},
      {"requant.buffer_beats", &HwConfig::requantBufferBeats, 1, 1 << 20, "beats", "RTL StageRequantBuffer: numBufferLines x 16 = 4096"},
      {"topk.parallelism", &HwConfig::topkParallelism, 1, 1024, "comparators", "Table I / §IV-B: 16"},
      {"topk.fifo_depth", &HwConfig::topkFifoDepth, 1, 65536, "entries of P elements", "Alg. 3: 64"},
      {"topk.round_overhead", &HwConfig::topkRoundOverhead, 0, 1000, "cycles", "RTL TopKLatencyModel: +3 per round"},
      {"topk.input_width", &HwConfig::topkInputWidth, 1, 1024, "elements/cycle", "RTL QuickSelect: 2 x numSoftMaxUnit"},
      {"topk.model", &HwConfig::topkModel, 0, 1, "0 engine, 1 rtl-dummy", "0: Alg. 3 engine; 1: RTL TopKDummy (paper Fig. 19 runs)"},
      {"topk.dummy_fifo_elements", &HwConfig::topkDummyFifoElements, 16, 1 << 20, "elements", "RTL TopKDummy data FIFO: maxNumKey / 8 beats x 8 = 2048"},
      {"topk.dummy_partner_latency", &HwConfig::topkDummyPartnerLatency, 0, 1, "0 none, 1 own", "RTL TestSpAtten: latency 0 for the second of a fused pair"},
      {"fetcher.lanes", &HwConfig::fetchLanes, 1, 1024, "addresses/cycle", "Table I: 32x16 crossbar"},
      {"fetcher.addr_fifo_depth", &HwConfig::addrFifoDepth, 1, 65536, "entries", "Table I: 64"},
      {"fetcher.data_fifo_depth", &HwConfig::dataFifoDepth, 1, 65536, "entries", "Table I: 64"},
      {"fetcher.fuse_heads", &HwConfig::fuseHeads, 0, 1, "0 off, 1 on", "RTL MatrixFetcher profile (6 bit, fused 2): 2 heads' keys in one 96 B vector"},
      {"fetcher.max_inflight_requests", &HwConfig::maxInflightRequests, 1, 1024, "requests", "RTL BufferManager maxReq = 16"},
      {"sram.key_buffer_bytes", &HwConfig::keyBufferBytes, 768, 1 << 28, "bytes", "Table I: 196 KB"},
      {"sram.value_buffer_bytes", &HwConfig::valueBufferBytes, 768, 1 << 28, "bytes", "Table I: 196 KB"},
      {"sram.word_bits", &HwConfig::onChipBits, 4, 32, "bits", "§IV-D: 12-bit on chip"},
      {"hbm.channels", &HwConfig::hbmChannels, 1, 64, "channels", "Table I: 16"},
      {"hbm.pseudo_channels", &HwConfig::hbmPseudoChannels, 1, 4, "per channel", "Table I: 2"},
      {"hbm.bank_groups", &HwConfig::hbmBankGroups, 1, 16, "per pseudo-channel", "Ramulator2 HBM2_8Gb: 4"},
      {"hbm.banks_per_group", &HwConfig::hbmBanksPerGroup, 1, 16, "banks", "Ramulator2 HBM2_8Gb: 4"},
      {"hbm.row_bytes", &HwConfig::hbmRowBytes, 64, 65536, "bytes", "HBM2 pseudo-channel page: 1 KB (JESD235)"},
      {"hbm.transaction_bytes", &HwConfig::hbmTransactionBytes, 32, 32, "bytes", "RTL AXI: 256-bit single beat"},
      {"hbm.max_outstanding", &HwConfig::hbmMaxOutstanding, 1, 1024, "requests", "RTL DPI driver: 16 per channel"},
      {"hbm.nBL", &HwConfig::nBL, 1, 64, "tCK", "32 B BL4 on a 64-bit DDR pseudo-channel = 2 (Ramulator2 preset: 4)"},
      {"hbm.nCL", &HwConfig::nCL, 1, 64, "tCK", "Ramulator2 HBM2_2Gbps: 7"},
      {"hbm.nRCD", &HwConfig::nRCD, 1, 64, "tCK", "Ramulator2 HBM2_2Gbps: 7"},
      {"hbm.nRP", &HwConfig::nRP, 1, 64, "tCK", "Ramulator2 HBM2_2Gbps: 7"},
      {"hbm.nRAS", &HwConfig::nRAS, 1, 128, "tCK", "Ramulator2 HBM2_2Gbps: 17"},
      {"hbm.nRC", &HwConfig::nRC, 1, 128, "tCK", "Ramulator2 HBM2_2Gbps: 19"},
      {"hbm.nRTP", &HwConfig::nRTP, 1, 64, "tCK", "Ramulator2 HBM2_2Gbps: nRTPS 2"},
      {"hbm.nCCDS", &HwConfig::nCCDS, 1, 64, "tCK", "Ramulator2 HBM2_2Gbps: 1"},
      {"hbm.nCCDL", &HwConfig::nCCDL, 1, 64, "tCK", "Ramulator2 HBM2_2Gbps: 2"},
      {"hbm.nRRDS", &HwConfig::nRRDS, 1, 64, "tCK", "Ramulator2 HBM2_2Gbps: 2"},
      {"hbm.nRRDL", &HwConfig::nRRDL, 1, 64, "tCK", "Ramulator2 HBM2_2Gbps: 3"},
      {"hbm.nFAW", &HwConfig::nFAW, 1, 256, "tCK", "Ramulator2 HBM2_2Gbps: 15"},
      {"hbm.nREFI", &HwConfig::nREFI, 0, 1000000, "tCK", "Ramulator2 HBM2_2Gbps: 3900 (3.9 us); 0 = no refresh"},
      {"hbm.nRFC", &HwConfig::nRFC, 1, 100000, "tCK", "JESD235 / Ramulator2 tRFC of an 8 Gb die: 350 ns"},
      {"energy.dram_pj_per_bit", &HwConfig::eDramPerBit, 0, 1000, "pJ/bit", "O'Connor et al. MICRO'17 HBM2 (notes §3.4)"},
      {"energy.dram_activate_pj", &HwConfig::eDramActivate, 0, 1e6, "pJ/ACT", "0: folded into pJ/bit"},
      {"energy.qk_mac_pj", &HwConfig::eQkMac, 0, 1000, "pJ/MAC", "Fig. 13: 1.13 W / 512 MAC/ns"},
      {"energy.av_mac_pj", &HwConfig::eAvMac, 0, 1000, "pJ/MAC", "Fig. 13: 0.53 W / 512 MAC/ns"},
      {"energy.softmax_pj_per_element", &HwConfig::eSoftmaxElem, 0, 1e5, "pJ", "Fig. 13: 0.50 W / 8 elem/ns"},
      {"energy.fetch_pj_per_byte", &HwConfig::eFetchByte, 0, 1000, "pJ/B", "Fig. 13: 0.24 W / 512 B/ns"},
      {"energy.topk_pj_per_compare", &HwConfig::eTopkCompare, 0, 1000, "pJ", "Fig. 13: 0.08 W / 16 compares/ns"},
      {"energy.static_pj_per_cycle", &HwConfig::eStaticPerCycle, 0, 1e6, "pJ/cycle", "Fig. 13 Others: 0.12 W"},
  };
  return f;
}

void setPath(nlohmann::json& j, const std::string& path, const nlohmann::json& v) {
  nlohmann::json* cur = &j;
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (dot == std::string::npos) {
      (*cur)[key] = v;
      return;
    }
    cur = &(*cur)[key];
    start = dot + 1;
  }
}

const nlohmann::json* getPath(const nlohmann::json& j, const std::string& path) {
  const nlohmann::json* cur = &j;
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!cur->is_object() || !cur->contains(key)) return nullptr;
    cur = &(*cur)[key];
    if (dot == std::string::npos) return cur;
    start = dot + 1;
  }
}

void checkUnknown(const nlohmann::json& j, const std::string& prefix, const std::string& source) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string p = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (p == "name" || p == "base") continue;
    if (it->is_object()) {
      checkUnknown(*it, p, source);
      continue;
    }
    bool known = false;
    for (const Field& f : fields()) known = known || p == f.path;
    if (!known) throw Error(source, p, "unknown hardware parameter");
  }
}

}  // namespace

nlohmann::json HwConfig::toJson() const {
  nlohmann::json j;
  j["name"] = name;
  for (const Field& f : fields()) {
    std::visit([&](auto m) { setPath(j, f.path, this->*m); }, f.member);
  }
  return j;
}

void HwConfig::validate(const std::string& source) const {
  for (const Field& f : fields()) {
    double v = std::visit([&](auto m) { return static_cast<double>(this->*m); }, f.member);
    if (v < f.min || v > f.max)
      throw Error(source, f.path,
                  "value " + std::to_string(v) + " outside the allowed range [" +
                      std::to_string(f.min) + ", " + std::to_string(f.max) + "] " + f.unit);
  }
  auto pow2 = [](int x) { return x > 0 && (x & (x - 1)) == 0; };
  if (!pow2(hbmChannels)) throw Error(source, "hbm.channels", "must be a power of two (address bits [5..])");
  if (!pow2(hbmPseudoChannels)) throw Error(source, "hbm.pseudo_channels", "must be a power of two");
  if (!pow2(hbmRowBytes)) throw Error(source, "hbm.row_bytes", "must be a power of two");
  if (keyBufferLines() < 2) throw Error(source, "sram.key_buffer_bytes", "holds fewer than 2 lines");
  if (valueBufferLines() < 2) throw Error(source, "sram.value_buffer_bytes", "holds fewer than 2 lines");
}

HwConfig HwConfig::fromJson(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw Error(source, "", "hardware config must be a JSON object");
  HwConfig c;
  if (j.contains("base")) {
    if (!j["base"].is_string()) throw Error(source, "base", "must be a preset name string");
    c = preset(j["base"].get<std::string>());
  }
  checkUnknown(j, "", source);
  if (j.contains("name")) {
    if (!j["name"].is_string()) throw Error(source, "name", "must be a string");
    c.name = j["name"].get<std::string>();
  }
  for (const Field& f : fields()) {
    const nlohmann::json* v = getPath(j, f.path);
    if (!v) continue;
    if (!v->is_number())
      throw Error(source, f.path, std::string("must be a number (") + f.unit + ")");
    std::visit(
        [&](auto m) {
          using T = std::remove_reference_t<decltype(c.*m)>;
          if constexpr (std::is_same_v<T, int>) {
            double d = v->get<double>();
            if (d != static_cast<double>(static_cast<long long>(d)))
              throw Error(source, f.path, "must be an integer");
            if (d < f.min || d > f.max)
              throw Error(source, f.path,
                          "value " + v->dump() + " outside the allowed range [" +
                              std::to_string(static_cast<long long>(f.min)) + ", " +
                              std::to_string(static_cast<long long>(f.max)) + "] " + f.unit);
            c.*m = static_cast<int>(d);
          } else {
            c.*m = v->get<double>();
          }
        },
        f.member);
  }
  c.validate(source);
  return c;
}

HwConfig HwConfig::preset(const std::string& n) {
  HwConfig c;
  if (n == "spatten") return c;
  if (n == "spatten-1of8") {
    // RTL run script defaults: 64 + 64 multipliers, bandwidth_downsample 8 -> 2 channels,
    // fetch lanes max(32/8, numSoftMaxUnit) = 4, same 196,608 B buffers, softmax units 64/64 = 1.
    c.name = "spatten-1of8";
    c.qkMultipliers = 64;
    c.avMultipliers = 64;
    c.qkPipelineDepth = 8;  // SRAM 1 + mult 1 + one 64-way tree (6 levels)
    c.avPipelineDepth = 3;  // SRAM 1 + mult 1 + accumulate 1 (64/64 = 1-way tree)
    c.softmaxLanes = 1;
    c.topkInputWidth = 2;
    c.hbmChannels = 2;
    c.fetchLanes = 4;
    return c;
  }
  throw Error("--hw", "preset", "unknown preset '" + n + "' (allowed: spatten, spatten-1of8)");
}

HwConfig HwConfig::load(const std::string& presetOrPath) {
  if (presetOrPath == "spatten" || presetOrPath == "spatten-1of8") return preset(presetOrPath);
  std::ifstream in(presetOrPath);
  if (!in) throw Error(presetOrPath, "", "cannot open hardware config (or unknown preset)");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw Error(presetOrPath, "", std::string("invalid JSON: ") + e.what());
  }
  return fromJson(j, presetOrPath);
}

void HwConfig::set(const std::string& assignment) {
  auto eq = assignment.find('=');
  if (eq == std::string::npos) throw Error("--set", assignment, "expected key=value");
  std::string key = assignment.substr(0, eq);
  std::string val = assignment.substr(eq + 1);
  if (key.rfind("hw.", 0) == 0) key = key.substr(3);
  nlohmann::json j = toJson();
  if (key == "name") {
    j["name"] = val;
  } else {
    if (!getPath(j, key)) throw Error("--set", key, "unknown hardware parameter");
    double d = 0;
    try {
      std::size_t used = 0;
      d = std::stod(val, &used);
      if (used != val.size()) throw std::invalid_argument(val);
    } catch (const std::exception&) {
      throw Error("--set", key, "value '" + val + "' is not a number");
    }
    setPath(j, key, d);
  }
  *this = fromJson(j, "--set");
}

double HwConfig::peakBytesPerCycle() const {
  return static_cast<double>(hbmChannels) * hbmPseudoChannels * hbmTransactionBytes / nBL;
}

std::vector<HwFieldInfo> hwFieldInfos() {
  std::vector<HwFieldInfo> out;
  for (const Field& f : fields()) out.push_back({f.path, f.unit, f.source, f.min, f.max});
  return out;
}

}  // namespace spatten::core
