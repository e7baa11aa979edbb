#include "core/sim/hw_config.h"

#include <filesystem>

#include "core/config/assign.h"
#include "core/config/registry.h"
#include "core/util/error.h"
#include "core/util/file_read.h"
#include "core/util/json_read.h"

namespace spatten::core {
namespace {

std::string presetList() {
  std::string out;
  for (const Preset& p : hwPresets()) out += (out.empty() ? "" : ", ") + p.name;
  return out;
}

}  // namespace

nlohmann::json HwConfig::toJson() const {
  nlohmann::json j = hwParams().toJson<nlohmann::json>(*this);
  j["name"] = name;
  return j;
}

void HwConfig::validate(const std::string& source, const std::string& keyPrefix) const {
  hwParams().check(*this, source);
  auto pow2 = [](int x) { return x > 0 && (x & (x - 1)) == 0; };
  if (!pow2(hbmChannels))
    throw Error(source, keyPrefix + "hbm.channels", "must be a power of two (address bits [5..])");
  if (!pow2(hbmPseudoChannels))
    throw Error(source, keyPrefix + "hbm.pseudo_channels", "must be a power of two");
  if (!pow2(hbmRowBytes)) throw Error(source, keyPrefix + "hbm.row_bytes", "must be a power of two");
  // The address map XORs the bank-group and bank digits with folded row bits (decodeAddress):
  // with 3 groups that yields group 3, past the end of the bank array.
  if (!pow2(hbmBankGroups))
    throw Error(source, keyPrefix + "hbm.bank_groups", "must be a power of two (address map)");
  if (!pow2(hbmBanksPerGroup))
    throw Error(source, keyPrefix + "hbm.banks_per_group", "must be a power of two (address map)");
  // A refresh blocks a channel for nRP + nRFC cycles every nREFI; it must leave the channel at
  // least half of the time for reads (JEDEC HBM2: 3900 vs 350 + 7), or no read may ever issue.
  if (nREFI > 0 && nREFI < 2 * (nRP + nRFC))
    throw Error(source, keyPrefix + "hbm.nREFI",
                std::to_string(nREFI) + " leaves no time for reads: a refresh takes nRP + nRFC = " +
                    std::to_string(nRP + nRFC) + " cycles; use at least 2 x (nRP + nRFC) = " +
                    std::to_string(2 * (nRP + nRFC)) + ", or 0 for no refresh");
  if (keyBufferLines() < 2)
    throw Error(source, keyPrefix + "sram.key_buffer_bytes", "holds fewer than 2 lines");
  if (valueBufferLines() < 2)
    throw Error(source, keyPrefix + "sram.value_buffer_bytes", "holds fewer than 2 lines");
}

HwConfig HwConfig::fromJson(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw Error(source, "", "hardware config must be a JSON object");
  HwConfig c;
  if (j.contains("base")) {
    if (!j["base"].is_string()) throw Error(source, "base", "must be a preset name string");
    c = preset(j["base"].get<std::string>());
  }
  if (j.contains("name")) {
    if (!j["name"].is_string()) throw Error(source, "name", "must be a string");
    c.name = j["name"].get<std::string>();
  }
  hwParams().applyJson(c, j, source, {"base", "name"});
  c.validate(source);
  return c;
}

HwConfig HwConfig::preset(const std::string& n) {
  for (const Preset& p : hwPresets()) {
    if (p.name != n) continue;
    HwConfig c;
    c.name = n;
    for (const auto& [key, value] : p.values)
      ParamTable<HwConfig>::set(c, *hwParams().find(key), value);
    return c;
  }
  throw Error("--hw", "preset", "unknown preset '" + n + "' (allowed: " + presetList() + ")");
}

HwConfig HwConfig::load(const std::string& presetOrPath) {
  for (const Preset& p : hwPresets())
    if (p.name == presetOrPath) return preset(presetOrPath);
  std::error_code ec;
  if (!std::filesystem::exists(presetOrPath, ec))
    throw Error(presetOrPath, "",
                "no such hardware file and not a preset (presets: " + presetList() + ")");
  // Bounded read of a regular file (a FIFO or /dev/zero is an error, not a hang), bounded depth,
  // duplicate keys rejected (core/util/json_read.h).
  return fromJson(readJsonFile(presetOrPath, kConfigFileLimit), presetOrPath);
}

void HwConfig::set(const std::string& assignment) {
  applyParameter(assignment, nullptr, this, "--set");  // run keys are refused
}

double HwConfig::peakBytesPerCycle() const {
  return static_cast<double>(hbmChannels) * hbmPseudoChannels * hbmTransactionBytes / nBL;
}

}  // namespace spatten::core
