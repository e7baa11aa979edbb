#pragma once
// GUI-side owner of the worker thread. Coalesces parameter changes, numbers every request
// (generation counter) and drops stale results, coalesces simulator frames (latest wins, at most
// one publication per kCoalesceMs, except that a new analysis's first frame, a frame that
// brings the timeline or the research summary and the frame of a step, seek or reset go out at
// once) and forwards results to the SessionModel.
// Edits (submit): leading edge, no added latency: the edit is dispatched when control returns to
// the event loop (so the edits of one event, e.g. a preset filling every field, make one request)
// if no request is in flight and the last dispatch was at least kMinIntervalMs ago. Otherwise
// only the latest edit is kept and dispatched as soon as the in-flight result arrives (trailing
// edge): a slider drag shows results at the worker's pace and never queues up work.
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
  static constexpr int kMinIntervalMs = 30;  // between two dispatched edits
  static constexpr int kCoalesceMs = 30;

  explicit SimulationController(views::SessionModel* session, QObject* parent = nullptr);
  ~SimulationController() override;

  // Schedules a recompute with the latest request (see above; its generation is set at dispatch).
  void submit(AnalysisRequest request);
  // Recomputes immediately, superseding any request in flight (initial load).
  void submitNow(AnalysisRequest request);
  // Recompute (toolbar): like submitNow, with every cache bypassed; says "Recomputed ..." when
  // the result arrives.
  void recompute(AnalysisRequest request);
  // Cancel (Simulation menu, Ctrl+.): the analysis in flight stops at its next layer and every
  // view says it was cancelled; a pending edit is dropped. False (nothing done) when idle.
  bool cancel();

  // Compare mode: every later request also computes configuration `b` (nullopt: compare mode
  // off, B is dropped from the session). Takes effect with the next dispatch; the request in
  // flight (if any) still counts as busy until its B has arrived (Cancel stops B too).
  void setCompareB(std::optional<RunHwConfig> b);
  const std::optional<RunHwConfig>& compareB() const { return m_compareB; }

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
  // The last request sent to the worker (a copy of what its queued analyze() received).
  const AnalysisRequest& lastDispatched() const { return m_dispatched; }
  // Timings of the latest request (see SimWorker::computed); analysisMs < 0 before the first.
  struct Timings {
    double analysisMs = -1, simulatorMs = -1;
    bool analysisReused = false;
  };
  const Timings& timings() const { return m_timings; }

signals:
  void busyChanged(bool busy);
  void runningChanged(bool running);
  void analysisFailed(const QString& message);
  void message(const QString& text);
  void timingsChanged();
  // The model folder of the latest request loaded (and ran), or could not be loaded at all.
  void modelLoaded(const QString& modelDir);
  void modelFailed(const QString& modelDir, const QString& message);

private:
  void dispatch();
  void schedule();  // starts m_dispatchTimer when an edit is pending and may go out
  void onAnalysisReady(quint64 generation, views::AnalysisPtr analysis);
  void onAnalysisFailed(quint64 generation, const QString& message, bool modelLoadFailed);
  void onSimulatorUnavailable(quint64 generation, const QString& reason);
  void onComputed(quint64 generation, double analysisMs, double simulatorMs, bool reused);
  void onFrameReady(views::SimFramePtr frame);
  void onAnalysisReadyB(quint64 generation, views::AnalysisPtr analysis);
  void onCompareFailed(quint64 generation, const QString& message);
  void onFrameReadyB(views::SimFramePtr frame);
  void queueFlush();      // publishes pending frames now or within kCoalesceMs
  void finishInFlight();  // the request in flight is done: dispatch the pending edit or go idle
  void flushFrame();
  void setBusy(bool busy);

  views::SessionModel* m_session;
  QThread m_thread;
  SimWorker* m_worker;  // owned by m_thread (deleteLater on finish)
  QTimer m_dispatchTimer;
  QElapsedTimer m_sinceDispatch;
  QTimer m_frameTimer;
  QElapsedTimer m_sinceFramePublish;
  AnalysisRequest m_pending;
  AnalysisRequest m_dispatched;
  bool m_hasPending = false;  // m_pending holds an edit not dispatched yet
  bool m_inFlight = false;    // the worker computes generation m_generation
  // The next frame is a new analysis's first, or answers a step: publish at once.
  bool m_flushNextFrame = false;
  views::SimFramePtr m_pendingFrame;
  views::SimFramePtr m_pendingFrameB;
  std::optional<RunHwConfig> m_compareB;
  std::uint64_t m_generation = 0;
  bool m_busy = false;
  bool m_running = false;
  QString m_lastError;
  QString m_inFlightModel;                  // model folder of generation m_generation
  std::uint64_t m_recomputeGeneration = 0;  // a Recompute's generation: announce its result
  Timings m_timings;
};

}  // namespace spatten::app
