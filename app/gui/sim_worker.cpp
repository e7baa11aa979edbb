#include "app/gui/sim_worker.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>
#include <QTimer>
#include <exception>
#include <utility>

#include "app/gui/backend/analysis_backend.h"
#include "app/gui/backend/sim_driver.h"
#include "app/gui/backend/timeline_prefetch.h"
#include "core/util/cancel.h"

namespace spatten::app {
namespace {
constexpr int kChunkMs = 10;  // work per run chunk before the event loop gets control back
}

SimWorker::SimWorker(QObject* parent)
    : QObject(parent), m_backend(std::make_unique<AnalysisBackend>()) {}
SimWorker::~SimWorker() = default;

QString SimWorker::cancelledMessage() {
  return QStringLiteral(
      "Cancelled: nothing was computed for these inputs. Simulation > Recompute (Ctrl+Return) "
      "computes them; any edit does too.");
}

void SimWorker::analyze(const AnalysisRequest& request) {
  if (stale(request.generation)) return;  // a newer request is already queued behind us
  m_running = false;
  // The old simulators' frames stop here; their checkpoints stay for the next drivers.
  if (m_sim) m_previous = std::move(m_sim);
  if (m_simB) m_previousB = std::move(m_simB);
  ++m_simSerial;
  m_noSimReason = QStringLiteral("the result is being computed");
  QElapsedTimer clock;
  clock.start();
  AnalysisOutput out;
  const std::uint64_t gen = request.generation;
  // The timeline run starts beside the functional run, on its layers as they are done.
  std::unique_ptr<TimelinePrefetch> prefetch = startPrefetch(request);
  try {
    const auto layerDone = [p = prefetch.get()](const core::RunResult& r) { p->onLayer(r); };
    out = m_backend->compute(request, cancelCheck(gen),
                             prefetch ? AnalysisBackend::LayerHook(layerDone) : nullptr);
    if (stale(gen) || !out.analysis) return;
    emit analysisReady(gen, out.analysis);
  } catch (const core::Cancelled&) {
    m_noSimReason = cancelledMessage();
    m_lastAnalysis.reset();
    if (!stale(gen)) emit analysisFailed(gen, cancelledMessage(), false);
    return;
  } catch (const ModelLoadError& e) {
    m_noSimReason = QString::fromUtf8(e.what());
    if (!stale(request.generation)) emit analysisFailed(request.generation, m_noSimReason, true);
    return;
  } catch (const std::exception& e) {
    m_noSimReason = QString::fromUtf8(e.what());
    if (!stale(request.generation)) emit analysisFailed(request.generation, m_noSimReason, false);
    return;
  }
  const bool reused = out.analysis == m_lastAnalysis;
  if (!reused) {
    m_retired.results.push_back(std::exchange(m_lastAnalysis, out.analysis));
    const AnalysisOutput replaced = m_backend->takeReplaced();
    m_retired.results.push_back(replaced.analysis);
    m_retired.results.push_back(replaced.report);
  }
  const double analysisMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
  clock.restart();
  if (!out.report) {
    m_noSimReason = QStringLiteral("no SpAtten run: %1").arg(out.analysis->spattenError);
    emit simulatorUnavailable(request.generation, m_noSimReason);
    emit computed(request.generation, analysisMs, -1, reused);
    analyzeB(request);
    return startSlices(gen);
  }
  try {
    if (prefetch) prefetch->complete();
    m_sim = std::make_unique<SimDriver>(request, out.report, m_previous.get(), std::move(prefetch));
    m_simGeneration = gen;
    retire(std::move(m_previous));
  } catch (const std::exception& e) {
    m_sim.reset();
    m_noSimReason = QStringLiteral("the hardware configuration is invalid: %1")
                        .arg(QString::fromUtf8(e.what()));
    emit simulatorUnavailable(request.generation, m_noSimReason);
    emit computed(request.generation, analysisMs, -1, reused);
    analyzeB(request);
    return startSlices(gen);
  }
  // The first frame goes out now (timeline == nullptr); the timeline follows in slices.
  publishFrame();
  emit computed(request.generation, analysisMs, static_cast<double>(clock.nsecsElapsed()) / 1e6,
                reused);
  analyzeB(request);
  startSlices(gen);
}

std::unique_ptr<TimelinePrefetch> SimWorker::startPrefetch(const AnalysisRequest& request) {
  try {
    return std::make_unique<TimelinePrefetch>(SimDriver::hardwareFor(request),
                                              QFileInfo(request.modelDir).fileName().toStdString(),
                                              m_previous ? m_previous->resumePoints() : nullptr);
  } catch (const std::exception&) {
    return nullptr;  // an invalid hardware configuration: the driver reports it
  }
}

core::CancelCheck SimWorker::cancelCheck(std::uint64_t gen) const {
  return [this, gen] { return stale(gen) || m_cancelThrough.load() >= gen; };
}

void SimWorker::analyzeB(const AnalysisRequest& request) {
  m_simB.reset();
  if (!request.compareB || stale(request.generation)) return;
  const std::uint64_t gen = request.generation;
  const AnalysisRequest b = request.with(*request.compareB);
  AnalysisOutput out;
  try {
    out = m_backend->computeB(b, cancelCheck(gen));
  } catch (const core::Cancelled&) {
    if (!stale(gen)) emit compareFailed(gen, cancelledMessage());
    return;
  } catch (const std::exception& e) {
    if (!stale(gen)) emit compareFailed(gen, QString::fromUtf8(e.what()));
    return;
  }
  if (stale(gen) || !out.analysis) return;
  emit analysisReadyB(gen, out.analysis);
  if (!out.report)
    return emit simulatorUnavailableB(
        gen, QStringLiteral("no SpAtten run for B: %1").arg(out.analysis->spattenError));
  try {
    m_simB = std::make_unique<SimDriver>(b, out.report, m_previousB.get());
    retire(std::move(m_previousB));
  } catch (const std::exception& e) {
    return emit simulatorUnavailableB(gen,
                                      QStringLiteral("B's hardware configuration is invalid: %1")
                                          .arg(QString::fromUtf8(e.what())));
  }
  if (m_sim && !guarded(m_simB.get(), [&] { m_simB->seek(m_sim->cycle()); })) return;
  emit frameReadyB(m_simB->frame());
}

bool SimWorker::guarded(SimDriver* d, const std::function<void()>& work) {
  try {
    work();
    return true;
  } catch (const std::exception& e) {
    const QString reason =
        QStringLiteral("the simulator stopped: %1").arg(QString::fromUtf8(e.what()));
    if (d == m_simB.get()) {
      m_simB.reset();
      emit simulatorUnavailableB(m_simGeneration, reason);
      return false;
    }
    m_sim.reset();  // its slices skip it (B's go on)
    m_noSimReason = reason;
    if (m_running) {
      m_running = false;
      emit runningChanged(false);
    }
    emit simulatorUnavailable(m_simGeneration, reason);
    emit message(QStringLiteral("No cycle simulator: %1").arg(reason));
    return false;
  }
}

void SimWorker::retire(std::unique_ptr<SimDriver> d) {
  if (d) m_retired.drivers.push_back(std::move(d));
}

void SimWorker::startSlices(std::uint64_t gen) {
  if (m_retired.full()) m_retired = {};
  if (!m_sim && !m_simB) {
    m_retired = {};
    return;
  }
  const std::uint64_t serial = ++m_simSerial;
  QTimer::singleShot(0, this, [this, serial, gen] { timelineSlice(serial, gen); });
}

void SimWorker::timelineSlice(std::uint64_t serial, std::uint64_t generation) {
  // Abandoned when a newer request replaced (or is about to replace) these simulators.
  if (serial != m_simSerial || stale(generation)) return;
  // A's timeline, B's timeline, then A's and B's research summaries; each ready result is
  // published at the same cycle.
  const auto work = [this](bool timeline) {
    for (SimDriver* d : {m_sim.get(), m_simB.get()}) {
      if (!d || (timeline ? d->timelineReady() : d->summaryReady())) continue;
      bool done = false;
      if (!guarded(d, [&] {
            done = timeline ? d->advanceTimeline(kChunkMs) : d->advanceSummary(kChunkMs);
          }))
        return m_sim || m_simB;  // the other one's slices go on
      if (done) publishFrame();
      return true;
    }
    return false;
  };
  if (!work(true) && !work(false)) {
    // Everything is published: free what the edit replaced (after the research summaries, not
    // on their way: while the GUI thread draws them).
    m_retired = {};
    return;
  }
  // Yield to the event loop (queued commands, newer requests) and continue.
  QTimer::singleShot(0, this, [this, serial, generation] { timelineSlice(serial, generation); });
}

void SimWorker::step(StepKind kind) {
  if (!m_sim) return emit message(QStringLiteral("No cycle simulator: %1").arg(m_noSimReason));
  if (guarded(m_sim.get(), [&] { m_sim->step(kind); })) publishFrame();
}

void SimWorker::stepBack() {
  if (!m_sim) return;
  if (guarded(m_sim.get(), [&] { m_sim->stepBack(); })) publishFrame();
}

void SimWorker::reset() {
  if (!m_sim) return;
  m_sim->reset();
  if (m_simB) m_simB->reset();
  publishFrame();
}

void SimWorker::seek(quint64 cycle) {
  if (!m_sim) return;
  if (guarded(m_sim.get(), [&] { m_sim->seek(cycle); })) publishFrame();
}

void SimWorker::run(double cyclesPerSecond) {
  if (!m_sim) return emit message(QStringLiteral("No cycle simulator: %1").arg(m_noSimReason));
  m_stop.store(false);
  m_running = true;
  m_cyclesPerSecond = cyclesPerSecond;
  m_cycleBudget = 0;
  m_runClock.start();
  m_publishClock.start();
  emit runningChanged(true);
  QTimer::singleShot(0, this, &SimWorker::runChunk);
}

void SimWorker::runChunk() {
  if (!m_running || !m_sim) return;
  QElapsedTimer chunk;
  chunk.start();
  if (m_cyclesPerSecond > 0) {
    m_cycleBudget += m_cyclesPerSecond * static_cast<double>(m_runClock.restart()) / 1000.0;
  }
  const bool ok = guarded(m_sim.get(), [&] {
    while (!m_stop.load() && !m_sim->finished() && chunk.elapsed() < kChunkMs) {
      if (m_cyclesPerSecond > 0) {
        if (m_cycleBudget < 1) break;
        m_cycleBudget -= 1;
      }
      m_sim->step(StepKind::Cycle);
    }
  });
  if (!ok) return;  // guarded() stopped the run
  const bool done = m_stop.load() || m_sim->finished();
  if (done || m_publishClock.elapsed() >= kPublishIntervalMs) {
    publishFrame();
    m_publishClock.restart();
  }
  if (done) {
    m_running = false;
    emit runningChanged(false);
    return;
  }
  // Yield to the event loop (queued commands, stop requests) and continue.
  QTimer::singleShot(m_cyclesPerSecond > 0 ? 5 : 0, this, &SimWorker::runChunk);
}

void SimWorker::dropB() {
  m_simB.reset();
}

void SimWorker::publishFrame() {
  if (m_sim) emit frameReady(m_sim->frame());
  if (!m_simB) return;
  // B follows A's cycle (stops at its own end).
  if (m_sim && !guarded(m_simB.get(), [&] { m_simB->seek(m_sim->cycle()); })) return;
  emit frameReadyB(m_simB->frame());
}

}  // namespace spatten::app
