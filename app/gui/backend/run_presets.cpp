#include "app/gui/backend/run_presets.h"

#include <nlohmann/json.hpp>

#include "app/gui/parameter_specs.h"
#include "core/sim/hw_config.h"
#include "core/spatten/run_config.h"

namespace spatten::app {

QStringList runPresetNames() {
  QStringList out;
  for (const std::string& n : core::presetNames()) out << QString::fromStdString(n);
  return out;
}

QString defaultRunPreset(bool bert) {
  return bert ? QStringLiteral("spatten-bert") : QStringLiteral("spatten-gpt2");
}

std::map<std::string, double> runPresetValues(const QString& name) {
  std::map<std::string, double> out;
  try {
    const nlohmann::ordered_json j = core::toJson(core::presetConfig(name.toStdString()));
    for (const ParameterSpec& spec : runParameterSpecs()) {
      if (!j.contains(spec.key)) continue;
      const auto& v = j[spec.key];
      if (v.is_boolean())
        out[spec.key] = v.get<bool>() ? 1 : 0;
      else if (v.is_number())
        out[spec.key] = v.get<double>();
    }
  } catch (const std::exception&) {
    out.clear();  // unknown preset: keep the editors as they are
  }
  return out;
}

QStringList hardwarePresetNames() {
  return {QStringLiteral("spatten"), QStringLiteral("spatten-1of8")};
}

QString defaultHardwarePreset() { return QStringLiteral("spatten"); }

std::map<std::string, double> hardwarePresetValues(const QString& name) {
  std::map<std::string, double> out;
  try {
    const core::HwConfig hw = core::HwConfig::preset(name.toStdString());
    out["multipliers"] = hw.qkMultipliers;
    out["hbm.channels"] = hw.hbmChannels;
    out["topk.parallelism"] = hw.topkParallelism;
    out["topk.model"] = hw.topkModel;
    out["softmax.passthrough"] = hw.softmaxPassthrough;
  } catch (const std::exception&) {
    out.clear();
  }
  return out;
}

}  // namespace spatten::app
