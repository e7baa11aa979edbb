#pragma once
// Test helpers: the analysis request the app makes at start: the first bundled model, its sample sentence,
// 2 generation steps (shorter than the app's default, to keep tests fast), default presets.
#include "app/gui/backend/analysis_request.h"
#include "app/gui/backend/run_presets.h"
#include "app/gui/sample_locator.h"

namespace spatten::test {

// The bundled model folder called `name` ("tiny-bert"), or "" when it is not bundled.
inline QString bundledModelDir(const QString& name) {
  for (const app::ModelEntry& m : app::bundledModels())
    if (m.name == name) return m.dir;
  return {};
}

inline app::AnalysisRequest defaultAnalysisRequest() {
  app::AnalysisRequest r;
  const auto models = app::bundledModels();
  if (!models.empty()) r.modelDir = models.front().dir;
  r.text = app::defaultSentence(r.modelDir);
  r.generate = 2;
  r.runPreset = app::defaultRunPreset(false);
  r.runParams = app::runPresetValues(r.runPreset);
  r.hwPreset = app::defaultHardwarePreset();
  return r;
}

}  // namespace spatten::test
