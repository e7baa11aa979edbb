#pragma once
// What the user asked for: model, text and every parameter. Value type, copied into the worker
// with each queued command. Thread: any.

#include <QMetaType>
#include <QString>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/config/param.h"

namespace spatten::app {

// Typed parameter values by canonical registry key (core/config/registry.h): run parameters by
// name ("token_keep_end"), hardware parameters as "hw.<path>" ("hw.topk.parallelism").
using ParamValues = std::map<std::string, core::ParamValue>;

// A run + hardware configuration (compare mode's slot B: "Compare > Pin current as B").
struct RunHwConfig {
  QString runPreset;
  ParamValues runParams;
  QString hwPreset;
  ParamValues hwParams;
  bool operator==(const RunHwConfig&) const = default;
};

struct AnalysisRequest {
  std::uint64_t generation = 0;  // increases with every change; stale results are dropped
  QString modelDir;              // Hugging Face layout (config.json, model.safetensors, tokenizer)
  QString text;
  int generate = 0;       // GPT-2 generation iterations (the registry's "generate")
  QString runPreset;      // core run preset the values start from (core::runPresets())
  ParamValues runParams;  // run keys -> value, applied over the preset ("generate" is ignored)
  QString hwPreset;       // core hardware preset (core::hwPresets())
  ParamValues hwParams;   // "hw.*" keys -> value, applied over the preset
  bool force = false;     // Recompute: ignore every cached result and run everything again
  // Compare mode: also compute configuration B on the same model, text and generation length
  // (after A's first frame; SimWorker::analysisReadyB).
  std::optional<RunHwConfig> compareB;

  RunHwConfig config() const { return {runPreset, runParams, hwPreset, hwParams}; }
  // This request with configuration `c` (and no compare slot): what B computes.
  AnalysisRequest with(const RunHwConfig& c) const {
    AnalysisRequest r = *this;
    r.runPreset = c.runPreset;
    r.runParams = c.runParams;
    r.hwPreset = c.hwPreset;
    r.hwParams = c.hwParams;
    r.compareB.reset();
    r.force = false;  // A's forced computation just refilled every cache
    return r;
  }
};

// Simulator stepping granularity (toolbar actions).
enum class StepKind { Cycle, Event, Query, Head, Layer, Iteration, TopkRound };

}  // namespace spatten::app

Q_DECLARE_METATYPE(spatten::app::AnalysisRequest)
