#pragma once
// Builds the views' AnalysisData from core: tokenizer, dense forward pass and the SpAtten
// functional run (core::runReport). Keeps the loaded model between requests.
// Thread: worker thread only (it runs the model).

#include <QString>

#include <atomic>
#include <memory>

#include "app/gui/backend/analysis_request.h"
#include "views/common/view_data.h"

namespace spatten::core {
class Model;
class Tokenizer;
struct RunReport;
}  // namespace spatten::core

namespace spatten::app {

struct AnalysisOutput {
  views::AnalysisPtr analysis;
  std::shared_ptr<const core::RunReport> report;  // nullptr when the SpAtten run failed
};

class AnalysisBackend {
public:
  AnalysisBackend();
  ~AnalysisBackend();
  // Throws std::exception (core::Error for bad input) with a message fit for the status bar when
  // the model cannot be loaded or the text cannot be run densely. A SpAtten run error does not
  // throw: it is reported in AnalysisData::spattenError with hasSpatten = false.
  AnalysisOutput compute(const AnalysisRequest& request, const std::atomic<bool>& cancel);

private:
  void ensureModel(const QString& dir);

  std::unique_ptr<core::Model> m_model;
  std::unique_ptr<core::Tokenizer> m_tokenizer;
  QString m_dir;
};

}  // namespace spatten::app
