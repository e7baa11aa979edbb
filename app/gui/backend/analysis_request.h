#pragma once
// What the user asked for: model, text and every parameter. Value type, copied into the worker
// with each queued command. Thread: any.

#include <QMetaType>
#include <QString>
#include <cstdint>
#include <map>
#include <string>

#include "core/config/param.h"

namespace spatten::app {

// Typed parameter values by canonical registry key (core/config/registry.h): run parameters by
// name ("token_keep_end"), hardware parameters as "hw.<path>" ("hw.topk.parallelism").
using ParamValues = std::map<std::string, core::ParamValue>;

struct AnalysisRequest {
  std::uint64_t generation = 0;  // increases with every change; stale results are dropped
  QString modelDir;              // Hugging Face layout (config.json, model.safetensors, tokenizer)
  QString text;
  int generate = 0;       // GPT-2 generation iterations (the registry's "generate")
  QString runPreset;      // core run preset the values start from (core::runPresets())
  ParamValues runParams;  // run keys -> value, applied over the preset ("generate" is ignored)
  QString hwPreset;       // core hardware preset (core::hwPresets())
  ParamValues hwParams;   // "hw.*" keys -> value, applied over the preset
  bool force = false;  // Recompute: ignore every cached result and run everything again
};

// Simulator stepping granularity (toolbar actions).
enum class StepKind { Cycle, Event, Query, Head, Layer, Iteration };

}  // namespace spatten::app

Q_DECLARE_METATYPE(spatten::app::AnalysisRequest)
