#include "app/gui/backend/analysis_backend.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include "app/gui/backend/analysis_convert.h"
#include "core/model/forward.h"
#include "core/model/model.h"
#include "core/spatten/run_config.h"
#include "core/spatten/run_report.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace spatten::app {
namespace {

core::RunConfig runConfigFor(const AnalysisRequest& r, bool bert) {
  core::RunConfig base = core::presetConfig(r.runPreset.isEmpty()
                                                ? std::string(bert ? "spatten-bert" : "spatten-gpt2")
                                                : r.runPreset.toStdString());
  nlohmann::json j = nlohmann::json::object();
  const nlohmann::ordered_json defaults = core::toJson(base);
  for (const auto& [key, value] : r.runParams) {
    if (!defaults.contains(key)) continue;
    const auto& d = defaults[key];
    if (d.is_boolean())
      j[key] = value != 0;
    else if (d.is_number_integer() || d.is_number_unsigned())
      j[key] = static_cast<std::int64_t>(std::llround(value));
    else
      j[key] = value;
  }
  j["generate"] = bert ? 0 : r.generate;
  return core::configFromJson(j, "<parameters>", base);
}

}  // namespace

AnalysisBackend::AnalysisBackend() = default;
AnalysisBackend::~AnalysisBackend() = default;

void AnalysisBackend::ensureModel(const QString& dir) {
  if (m_model && dir == m_dir) return;
  m_model.reset();
  m_tokenizer.reset();
  const std::filesystem::path path = dir.toStdString();
  m_tokenizer = core::loadTokenizer(path);
  m_model = core::Model::load(path);
  m_dir = dir;
}

AnalysisOutput AnalysisBackend::compute(const AnalysisRequest& request,
                                        const std::atomic<bool>& cancel) {
  QElapsedTimer clock;
  clock.start();
  if (request.modelDir.isEmpty())
    throw core::Error("", "model", "no model selected (no bundled samples found)");
  ensureModel(request.modelDir);
  const core::ModelConfig& cfg = m_model->config();
  const bool bert = m_model->family() == core::Family::Bert;

  auto a = std::make_shared<views::AnalysisData>();
  a->modelName = QFileInfo(request.modelDir).fileName();
  a->family = QString::fromUtf8(core::familyName(m_model->family()));
  a->layers = cfg.layers;
  a->heads = cfg.heads;
  const std::vector<core::Token> prompt = m_tokenizer->encode(request.text.toStdString());
  std::vector<int> ids;
  for (const core::Token& t : prompt) ids.push_back(t.id);
  m_model->checkIds(ids, "sentence");
  a->promptLength = static_cast<int>(ids.size());

  // SpAtten run first: its dense run's greedy tokens extend the sequence for GPT-2.
  AnalysisOutput out;
  std::vector<int> sequence = ids;
  try {
    const core::RunConfig rc = runConfigFor(request, bert);
    std::vector<int> masks;
    if (const auto mask = m_tokenizer->specialId("[MASK]"); bert && mask)
      for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] == *mask) masks.push_back(static_cast<int>(i));
    core::RunOptions options;
    options.recordAttention = true;
    options.inputName = "sentence";
    auto report = std::make_shared<core::RunReport>(core::runReport(*m_model, ids, rc, options, masks));
    sequence = report->dense.sequenceIds;
    out.report = report;
  } catch (const std::exception& e) {
    a->spattenError = QString::fromUtf8(e.what());
  }
  if (cancel.load()) return {};

  for (std::size_t i = 0; i < sequence.size(); ++i) {
    const int id = sequence[i];
    const QString text = i < prompt.size() ? QString::fromStdString(prompt[i].text)
                                           : QString::fromStdString(m_tokenizer->tokenText(id));
    a->tokens.push_back({id, text});
  }
  if (!bert && sequence.size() > ids.size()) {
    // GPT-2 vocabulary strings use byte-level markers; decode generated tokens for display.
    for (std::size_t i = ids.size(); i < sequence.size(); ++i)
      a->tokens[i].text = QString::fromStdString(m_tokenizer->decode({sequence[i]}));
  }
  a->passCount = 1 + static_cast<int>(sequence.size() - ids.size());

  core::ForwardOptions fo;
  fo.keepHeads = true;
  fo.inputName = "sentence";
  const core::ForwardTrace trace = core::forward(*m_model, sequence, fo);
  a->denseProbs = denseProbsFromTrace(trace, cfg.layers, cfg.heads);
  if (out.report) addSpattenRun(*a, *out.report);
  a->elapsedMs = static_cast<double>(clock.elapsed());
  out.analysis = std::move(a);
  return out;
}

}  // namespace spatten::app
