#include "app/gui/backend/sweep_job.h"

#include <Eigen/Core>
#include <QMetaObject>
#include <chrono>
#include <memory>

#include "app/gui/backend/param_config.h"
#include "core/model/model.h"
#include "core/session/model_folder.h"
#include "core/sweep/sweep_eval.h"
#include "core/sweep/sweep_rows.h"
#include "core/sweep/sweep_runner.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace spatten::app {

SweepJob::SweepJob(QObject* parent) : QObject(parent) {}

SweepJob::~SweepJob() {
  cancel();
  if (m_thread.joinable()) m_thread.join();
}

void SweepJob::start(SweepSpec spec) {
  if (m_thread.joinable()) m_thread.join();  // the previous one has ended (finished/failed)
  m_stop = false;
  m_running = true;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_rows.clear();
    m_header.clear();
  }
  m_thread = std::thread([this, spec = std::move(spec)]() mutable { run(std::move(spec)); });
}

void SweepJob::cancel() {
  m_stop = true;
}

std::vector<nlohmann::ordered_json> SweepJob::rows() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  std::vector<nlohmann::ordered_json> out;
  for (const std::string& r : m_rows) out.push_back(nlohmann::ordered_json::parse(r));
  return out;
}

QString SweepJob::jsonl() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return QString::fromStdString(core::sweepJsonl(m_header, m_rows));
}

void SweepJob::run(SweepSpec spec) {
  const auto post = [this](auto f) { QMetaObject::invokeMethod(this, f, Qt::QueuedConnection); };
  try {
    Eigen::setNbThreads(1);
    const std::string dir = spec.base.modelDir.toStdString();
    const core::ModelFolder folder = core::loadModelFolder(dir);
    const auto& model = folder.model;
    core::SweepBase base;
    base.model = model.get();
    base.modelName = folder.name;
    base.run = runConfigOf(spec.base, model->family() == core::Family::Bert);
    base.hw = hwConfigOf(spec.base);
    base.seed = spec.seed;
    std::string joined;
    for (const QString& t : spec.texts) {
      core::EncodedText e = core::encodeText(*model, *folder.tokenizer, t.toStdString());
      base.texts.push_back({std::move(e.ids), std::move(e.maskPositions)});
      joined += t.toStdString() + "\n";
    }
    const std::uint64_t points = spec.grid.points();
    std::vector<core::PointConfig> configs;
    for (std::uint64_t p = 0; p < points; ++p)
      configs.push_back(core::pointConfig(base, spec.grid.point(p), "Sweep"));
    nlohmann::ordered_json def;
    def["format"] = "spatten-sweep 1";
    def["base"] = {{"model", base.modelName},
                   {"family", core::familyName(model->family())},
                   {"texts", spec.texts.size()},
                   {"texts_fnv1a64", core::fnv1a64(joined)}};
    def["run"] = core::toJson(base.run);
    def["hw"] = nlohmann::ordered_json::parse(base.hw.toJson().dump());
    def["seed"] = base.seed;
    def["corpus"] = spec.texts.size() > 1;
    def["axes"] = spec.grid.toJson();
    def["points"] = points;
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_header = core::sweepHeader(def);
    }
    core::SweepEvaluator evaluator(base);
    const auto t0 = std::chrono::steady_clock::now();
    const bool corpus = spec.texts.size() > 1;
    const bool complete = core::runPointsOrdered(
        0, points, spec.jobs,
        [&](std::uint64_t p) {
          return core::sweepRow(p, spec.grid.point(p), base.seed, evaluator.evaluate(configs[p]),
                                corpus);
        },
        [&](std::uint64_t p, std::string row) {
          {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_rows.push_back(std::move(row));
          }
          const double s =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
          const double rate = s > 0 ? static_cast<double>(p + 1) / s : 0.0;
          post([this, p, points, rate] { emit progress(p + 1, points, rate); });
        },
        &m_stop);
    post([this, complete] {
      m_running = false;
      emit finished(complete);
    });
  } catch (const std::exception& e) {
    const QString message = QString::fromUtf8(e.what());
    post([this, message] {
      m_running = false;
      emit failed(message);
    });
  }
}

}  // namespace spatten::app
