#pragma once
// What the user asked for: model, text and every parameter. Value type, copied into the worker
// with each queued command. Thread: any.

#include <QMetaType>
#include <QString>

#include <cstdint>
#include <map>
#include <string>

namespace spatten::app {

struct AnalysisRequest {
  std::uint64_t generation = 0;  // increases with every change; stale results are dropped
  QString modelDir;              // Hugging Face layout (config.json, model.safetensors, tokenizer)
  QString text;
  int generate = 0;                           // GPT-2 generation iterations
  QString runPreset;                          // core run preset the values start from
  std::map<std::string, double> runParams;    // semantics.md names -> value (bools as 0/1)
  QString hwPreset;                           // core hardware preset (core/config/presets.cpp)
  std::map<std::string, double> hwParams;     // hardware overrides
  bool force = false;  // Recompute: ignore every cached result and run everything again
};

// Simulator stepping granularity (toolbar actions).
enum class StepKind { Cycle, Event, Query, Head, Layer, Iteration };

}  // namespace spatten::app

Q_DECLARE_METATYPE(spatten::app::AnalysisRequest)
