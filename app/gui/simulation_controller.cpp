#include "app/gui/simulation_controller.h"

#include <algorithm>

#include "app/gui/sim_worker.h"
#include "views/common/session_model.h"

namespace spatten::app {

SimulationController::SimulationController(views::SessionModel* session, QObject* parent)
    : QObject(parent), m_session(session), m_worker(new SimWorker) {
  qRegisterMetaType<spatten::views::AnalysisPtr>("spatten::views::AnalysisPtr");
  qRegisterMetaType<spatten::views::SimFramePtr>("spatten::views::SimFramePtr");
  qRegisterMetaType<spatten::app::AnalysisRequest>("spatten::app::AnalysisRequest");

  m_thread.setObjectName(QStringLiteral("spatten-sim-worker"));
  m_worker->moveToThread(&m_thread);
  connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  connect(m_worker, &SimWorker::analysisReady, this, &SimulationController::onAnalysisReady);
  connect(m_worker, &SimWorker::analysisFailed, this, &SimulationController::onAnalysisFailed);
  connect(m_worker, &SimWorker::frameReady, this, &SimulationController::onFrameReady);
  connect(m_worker, &SimWorker::simulatorUnavailable, this,
          &SimulationController::onSimulatorUnavailable);
  connect(m_worker, &SimWorker::computed, this, &SimulationController::onComputed);
  connect(m_worker, &SimWorker::analysisReadyB, this, &SimulationController::onAnalysisReadyB);
  connect(m_worker, &SimWorker::compareFailed, this, &SimulationController::onCompareFailed);
  connect(m_worker, &SimWorker::frameReadyB, this, &SimulationController::onFrameReadyB);
  connect(m_worker, &SimWorker::simulatorUnavailableB, this,
          [this](quint64 generation, const QString& reason) {
            if (generation != m_generation || !m_compareB) return;
            m_pendingFrameB.reset();
            m_session->clearFrameB(reason);
          });
  connect(m_worker, &SimWorker::message, this, &SimulationController::message);
  connect(m_worker, &SimWorker::runningChanged, this, [this](bool running) {
    m_running = running;
    emit runningChanged(running);
  });
  m_thread.start();

  m_dispatchTimer.setSingleShot(true);
  connect(&m_dispatchTimer, &QTimer::timeout, this, &SimulationController::dispatch);
  m_frameTimer.setSingleShot(true);
  connect(&m_frameTimer, &QTimer::timeout, this, &SimulationController::flushFrame);
  m_sinceFramePublish.start();
}

SimulationController::~SimulationController() {
  m_worker->requestStop();
  m_worker->setLatestGeneration(~std::uint64_t{0});
  m_thread.quit();
  m_thread.wait();
}

void SimulationController::submit(AnalysisRequest request) {
  m_pending = std::move(request);
  m_hasPending = true;
  schedule();
}

void SimulationController::submitNow(AnalysisRequest request) {
  m_pending = std::move(request);
  m_hasPending = true;
  m_dispatchTimer.stop();
  dispatch();
}

void SimulationController::recompute(AnalysisRequest request) {
  request.force = true;
  submitNow(std::move(request));
  m_recomputeGeneration = m_generation;
}

bool SimulationController::cancel() {
  if (!m_inFlight) return false;
  m_hasPending = false;
  m_dispatchTimer.stop();
  m_worker->requestStop();
  m_worker->requestCancel(m_generation);
  emit message(QStringLiteral("Cancelling..."));
  return true;
}

void SimulationController::schedule() {
  if (!m_hasPending || m_inFlight || m_dispatchTimer.isActive()) return;
  const qint64 since = m_sinceDispatch.isValid() ? m_sinceDispatch.elapsed() : kMinIntervalMs;
  m_dispatchTimer.start(static_cast<int>(std::max<qint64>(0, kMinIntervalMs - since)));
}

void SimulationController::dispatch() {
  if (!m_hasPending) return;
  m_hasPending = false;
  m_inFlight = true;
  m_sinceDispatch.start();
  m_pending.generation = ++m_generation;
  m_pending.compareB = m_compareB;
  m_inFlightModel = m_pending.modelDir;
  m_worker->setLatestGeneration(m_generation);
  m_worker->requestStop();  // a running simulator belongs to the old parameters
  setBusy(true);
  m_dispatched = m_pending;
  QMetaObject::invokeMethod(
      m_worker, [w = m_worker, r = m_pending] { w->analyze(r); }, Qt::QueuedConnection);
}

void SimulationController::onAnalysisReady(quint64 generation, views::AnalysisPtr analysis) {
  if (generation != m_generation) return;  // stale: a newer request is in flight
  m_lastError.clear();
  // Frames still waiting belong to the previous simulator; the new one's first frame follows.
  m_frameTimer.stop();
  m_pendingFrame.reset();
  m_pendingFrameB.reset();
  m_flushNextFrame = true;
  emit modelLoaded(m_inFlightModel);
  if (generation == m_recomputeGeneration)
    emit message(QStringLiteral("Recomputed the model and the SpAtten run in %1 ms")
                     .arg(analysis->elapsedMs, 0, 'f', 0));
  // A hardware-only edit returns the same analysis object: the analysis views stay as they are.
  if (analysis != m_session->analysisA()) m_session->setAnalysis(std::move(analysis));
  if (!m_dispatched.compareB) finishInFlight();  // else B follows (onAnalysisReadyB)
}

void SimulationController::finishInFlight() {
  m_inFlight = false;
  if (m_hasPending) {
    schedule();  // the trailing edit of a drag
  } else {
    setBusy(false);
  }
}

void SimulationController::onAnalysisReadyB(quint64 generation, views::AnalysisPtr analysis) {
  if (generation != m_generation) return;
  if (m_compareB && analysis != m_session->analysisB())
    m_session->setAnalysisB(std::move(analysis));
  m_flushNextFrame = true;  // B's first frame follows
  finishInFlight();
}

void SimulationController::onCompareFailed(quint64 generation, const QString& message) {
  if (generation != m_generation) return;
  m_pendingFrameB.reset();
  if (m_compareB) m_session->clearAnalysisB(message);
  emit this->message(QStringLiteral("B: %1").arg(message));
  finishInFlight();
}

void SimulationController::setCompareB(std::optional<RunHwConfig> b) {
  m_compareB = std::move(b);
  if (m_compareB) return;
  m_pendingFrameB.reset();
  m_session->clearCompare();
  QMetaObject::invokeMethod(
      m_worker, [w = m_worker] { w->dropB(); }, Qt::QueuedConnection);
}

void SimulationController::onAnalysisFailed(quint64 generation, const QString& message,
                                            bool modelLoadFailed) {
  if (generation != m_generation) return;
  m_inFlight = false;
  m_lastError = message;
  m_frameTimer.stop();
  m_pendingFrame.reset();
  m_pendingFrameB.reset();
  if (m_compareB) m_session->clearAnalysisB(message);
  // Every view empties and says why (issue 13, bug 3): nothing of the previous input stays.
  m_session->clearAnalysis(message);
  if (modelLoadFailed) emit modelFailed(m_inFlightModel, message);
  if (m_hasPending) {
    schedule();
  } else {
    setBusy(false);
  }
  emit analysisFailed(message);
}

void SimulationController::onSimulatorUnavailable(quint64 generation, const QString& reason) {
  if (generation != m_generation) return;
  m_frameTimer.stop();
  m_pendingFrame.reset();
  m_session->clearFrame(reason);  // the simulator views empty instead of keeping the old run
}

void SimulationController::onComputed(quint64 generation, double analysisMs, double simulatorMs,
                                      bool reused) {
  if (generation != m_generation) return;
  m_timings = {analysisMs, simulatorMs, reused};
  emit timingsChanged();
}

namespace {
// A frame that brings the whole-run timeline or the research summary is a result, not a step:
// it goes out at once, as a new analysis's first frame does. (Coalesced, the timeline of a run
// edit waited up to kCoalesceMs behind the first frame: 15-23 ms of a BERT-base edit's 280.)
bool bringsResult(const views::SimFramePtr& next, const views::SimFramePtr& shown) {
  return next && shown && (next->timeline != shown->timeline || next->summary != shown->summary);
}
}  // namespace

void SimulationController::onFrameReady(views::SimFramePtr frame) {
  if (bringsResult(frame, m_session->frameA())) m_flushNextFrame = true;
  m_pendingFrame = std::move(frame);
  queueFlush();
}

void SimulationController::onFrameReadyB(views::SimFramePtr frame) {
  if (!m_compareB) return;  // compare mode was left while the worker still had B
  if (bringsResult(frame, m_session->frameB())) m_flushNextFrame = true;
  m_pendingFrameB = std::move(frame);
  queueFlush();
}

void SimulationController::queueFlush() {
  const qint64 since = m_sinceFramePublish.elapsed();
  if (since >= kCoalesceMs || m_flushNextFrame) {
    m_flushNextFrame = false;
    m_frameTimer.stop();
    flushFrame();
  } else if (!m_frameTimer.isActive()) {
    m_frameTimer.start(static_cast<int>(kCoalesceMs - since));
  }
}

void SimulationController::flushFrame() {
  if (!m_pendingFrame && !m_pendingFrameB) return;
  if (m_pendingFrame) m_session->setFrame(std::move(m_pendingFrame));
  if (m_pendingFrameB) m_session->setFrameB(std::move(m_pendingFrameB));
  m_pendingFrame.reset();
  m_pendingFrameB.reset();
  m_sinceFramePublish.restart();
}

// A step, a seek or a reset answers a key press: its frame is published as soon as it comes
// (coalescing is for Run's stream of frames; at 30 ms it made every step wait up to 30 ms).
void SimulationController::step(StepKind kind) {
  m_flushNextFrame = true;
  QMetaObject::invokeMethod(m_worker, [w = m_worker, kind] { w->step(kind); },
                            Qt::QueuedConnection);
}

void SimulationController::stepBack() {
  m_flushNextFrame = true;
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->stepBack(); }, Qt::QueuedConnection);
}

void SimulationController::reset() {
  m_flushNextFrame = true;
  m_worker->requestStop();
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->reset(); }, Qt::QueuedConnection);
}

void SimulationController::seek(quint64 cycle) {
  m_flushNextFrame = true;
  QMetaObject::invokeMethod(m_worker, [w = m_worker, cycle] { w->seek(cycle); },
                            Qt::QueuedConnection);
}

void SimulationController::run(double cyclesPerSecond) {
  QMetaObject::invokeMethod(
      m_worker, [w = m_worker, cyclesPerSecond] { w->run(cyclesPerSecond); },
      Qt::QueuedConnection);
}

void SimulationController::pause() { m_worker->requestStop(); }

void SimulationController::setBusy(bool busy) {
  if (busy == m_busy) return;
  m_busy = busy;
  emit busyChanged(busy);
}

}  // namespace spatten::app
