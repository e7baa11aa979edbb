#pragma once
// A design-space sweep for the GUI's Sweep dialog (docs/sweeps.md): the same core/sweep
// computation as `spatten-cli sweep`, on its own thread (never the GUI thread, never the
// simulator worker's: the sweep builds its own simulators), with progress, cancel and the rows as
// they finish. Thread: start/cancel/rows on the GUI thread; signals arrive on the GUI thread.

#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "app/gui/backend/analysis_request.h"
#include "core/sweep/grid.h"

namespace spatten::app {

struct SweepSpec {
  AnalysisRequest base;  // model, presets and parameters (the main window's current request)
  QStringList texts;     // one or more (a corpus: rows give mean/std/min/max)
  std::uint64_t seed = 1;
  core::Grid grid;
  int jobs = 1;
};

class SweepJob : public QObject {
  Q_OBJECT
public:
  explicit SweepJob(QObject* parent = nullptr);
  ~SweepJob() override;  // cancels and joins

  // Starts the sweep (a previous one must have ended). Bad inputs (model, a point the rules
  // refuse) arrive as failed().
  void start(SweepSpec spec);
  void cancel();
  bool running() const { return m_running; }
  // The rows finished so far, in point order (row JSON, docs/sweeps.md "Rows").
  std::vector<nlohmann::ordered_json> rows() const;  // keys as written (params in axis order)
  // The JSONL text of the rows so far (header + rows), as `spatten-cli sweep` writes it.
  QString jsonl() const;

signals:
  void progress(qulonglong done, qulonglong total, double pointsPerSecond);
  void finished(bool complete);  // complete = every point (false: cancelled)
  void failed(const QString& message);

private:
  void run(SweepSpec spec);

  std::thread m_thread;
  std::atomic<bool> m_stop{false};
  bool m_running = false;
  mutable std::mutex m_mutex;
  std::string m_header;
  std::vector<std::string> m_rows;
};

}  // namespace spatten::app
