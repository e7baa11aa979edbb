#pragma once
// GUI-side owner of the worker thread. Debounces parameter changes (kDebounceMs), numbers every
// request (generation counter) and drops stale results, coalesces simulator frames (latest wins,
// at most one publication per kCoalesceMs) and forwards results to the SessionModel.
// Thread: GUI thread; talks to SimWorker only through queued invocations.

#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <QTimer>

#include "app/gui/backend/analysis_request.h"
#include "views/common/sim_frame.h"
#include "views/common/view_data.h"

namespace spatten::views {
class SessionModel;
}

namespace spatten::app {

class SimWorker;

class SimulationController : public QObject {
  Q_OBJECT
public:
  static constexpr int kDebounceMs = 30;
  static constexpr int kCoalesceMs = 30;

  explicit SimulationController(views::SessionModel* session, QObject* parent = nullptr);
  ~SimulationController() override;

  // Schedules a recompute kDebounceMs after the last call (the request's generation is set here).
  void submit(AnalysisRequest request);
  // Recomputes immediately (initial load).
  void submitNow(AnalysisRequest request);

  void step(StepKind kind);
  void stepBack();
  void reset();
  void seek(quint64 cycle);
  void run(double cyclesPerSecond);
  void pause();
  bool isRunning() const { return m_running; }
  bool isBusy() const { return m_busy; }
  std::uint64_t generation() const { return m_generation; }
  const QString& lastError() const { return m_lastError; }

signals:
  void busyChanged(bool busy);
  void runningChanged(bool running);
  void analysisFailed(const QString& message);
  void message(const QString& text);

private:
  void dispatch();
  void onAnalysisReady(quint64 generation, views::AnalysisPtr analysis);
  void onAnalysisFailed(quint64 generation, const QString& message);
  void onFrameReady(views::SimFramePtr frame);
  void flushFrame();
  void setBusy(bool busy);

  views::SessionModel* m_session;
  QThread m_thread;
  SimWorker* m_worker;  // owned by m_thread (deleteLater on finish)
  QTimer m_debounce;
  QTimer m_frameTimer;
  QElapsedTimer m_sinceFramePublish;
  AnalysisRequest m_pending;
  views::SimFramePtr m_pendingFrame;
  std::uint64_t m_generation = 0;
  bool m_busy = false;
  bool m_running = false;
  QString m_lastError;
};

}  // namespace spatten::app
