#pragma once
// Owns every computation: forward pass, SpAtten run and the cycle simulator. Lives on its own
// QThread; the GUI talks to it only through queued invocations (SimulationController) and gets
// results back as shared_ptr<const ...> through queued signals.
// Order of one analyze(): analysisReady (or analysisFailed), then the simulator's first frame
// (timeline == nullptr), then, after the whole-run timeline is computed in ~10 ms slices between
// other queued commands, a frame of the same cycle that carries the timeline, then (after the whole
// pruned and dense runs, in slices too) one that also carries the research summary. A newer
// analyze() abandons the slices of the old simulator.
// Compare mode (request.compareB set): after A's first frame the worker computes configuration B
// on the same model and text (analysisReadyB or compareFailed, then B's first frame through
// frameReadyB, or simulatorUnavailableB), then the timelines and summaries of A and B in slices.
// B's simulator follows A's cycle: every published frame of B is at A's cycle (or B's last cycle
// when B finished earlier), so stepping, running, seeking and resetting move both.
// Cancellation: an analysis stops at its next layer (core::Cancelled) when the user cancels its
// generation (requestCancel) or a newer request superseded it; a cancelled request the user asked
// for ends with analysisFailed(generation, kCancelledMessage, false), a superseded one silently.
// The timeline run of an analysis starts beside its functional run, on a helper thread
// (TimelinePrefetch), and comes back to this thread at the first timeline slice (SimDriver).
// Thread: every slot runs on the worker thread; requestStop(), setLatestGeneration() and
// requestCancel() are the only members the GUI thread may call directly (they touch atomics only).

#include <QElapsedTimer>
#include <QObject>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "app/gui/backend/analysis_request.h"
#include "core/util/cancel.h"
#include "views/common/sim_frame.h"
#include "views/common/view_data.h"

namespace spatten::app {

class AnalysisBackend;
class SimDriver;
class TimelinePrefetch;

class SimWorker : public QObject {
  Q_OBJECT
public:
  explicit SimWorker(QObject* parent = nullptr);
  ~SimWorker() override;

  // GUI thread: makes the running loop and stale analyses stop at their next check.
  void requestStop() { m_stop.store(true); }
  void setLatestGeneration(std::uint64_t g) { m_latestGeneration.store(g); }
  // GUI thread: cancels the analyses of every generation <= g (the one in flight).
  void requestCancel(std::uint64_t g) { m_cancelThrough.store(g); }
  static QString cancelledMessage();

  // Units: publishInterval in ms; a running simulator publishes at most this often.
  static constexpr int kPublishIntervalMs = 30;

public slots:
  void analyze(const spatten::app::AnalysisRequest& request);
  void step(spatten::app::StepKind kind);
  void stepBack();
  void reset();
  void seek(quint64 cycle);
  // Runs until finished or stopped; cyclesPerSecond <= 0 means as fast as possible.
  void run(double cyclesPerSecond);
  void dropB();  // compare mode left: B's simulator is no longer needed

signals:
  void analysisReady(quint64 generation, spatten::views::AnalysisPtr analysis);
  // modelFailed: the model folder itself could not be loaded (not the text or the parameters).
  void analysisFailed(quint64 generation, const QString& message, bool modelFailed);
  void frameReady(spatten::views::SimFramePtr frame);
  // After analysisReady: there is no cycle simulator for this request, and why (no SpAtten run,
  // or the hardware configuration is invalid). Frames of the previous simulator are void.
  void simulatorUnavailable(quint64 generation, const QString& reason);
  // Wall time of one request (ms): the analysis (~0 when reused for a hardware-only edit) and the
  // simulator set-up up to its first frame (-1 when there is no simulator).
  void computed(quint64 generation, double analysisMs, double simulatorMs, bool analysisReused);
  // Compare mode's configuration B (see above); generation = the request's.
  void analysisReadyB(quint64 generation, spatten::views::AnalysisPtr analysis);
  void compareFailed(quint64 generation, const QString& message);
  void frameReadyB(spatten::views::SimFramePtr frame);
  void simulatorUnavailableB(quint64 generation, const QString& reason);
  void runningChanged(bool running);
  void message(const QString& text);

private:
  void runChunk();
  // Advances the timeline of simulator number `serial` (request `generation`) by one slice and
  // reschedules itself; a no-op once m_sim was replaced.
  void timelineSlice(std::uint64_t serial, std::uint64_t generation);
  void publishFrame();  // A's frame and (at A's cycle) B's
  // Computes configuration B of `request` (nothing without request.compareB) and its simulator.
  void analyzeB(const AnalysisRequest& request);
  // Schedules the timeline / summary slices of the current simulators.
  void startSlices(std::uint64_t generation);
  core::CancelCheck cancelCheck(std::uint64_t generation) const;
  // The timeline run of `request`, to be fed by its functional run; null for an invalid
  // hardware configuration.
  std::unique_ptr<TimelinePrefetch> startPrefetch(const AnalysisRequest& request);
  bool stale(std::uint64_t generation) const { return generation < m_latestGeneration.load(); }
  // Runs `work` on simulator `d` (m_sim or m_simB). An exception it throws (core::Error from the
  // simulator's watchdog: a hardware configuration with which the datapath deadlocks, naming the
  // field) drops that simulator and reports why (simulatorUnavailable / B), instead of reaching
  // Qt's event loop, which would end the app. False when it threw.
  bool guarded(SimDriver* d, const std::function<void()>& work);

  std::unique_ptr<AnalysisBackend> m_backend;
  std::unique_ptr<SimDriver> m_sim;
  std::unique_ptr<SimDriver> m_simB;  // compare mode's configuration B (null without one)
  // The drivers of the last requests that had one, until a new driver replaces them: the next
  // driver resumes from their checkpoints (SimDriver(..., previous)).
  std::unique_ptr<SimDriver> m_previous, m_previousB;
  // Results and drivers an edit replaced, freed once the new timelines and research summaries
  // are published (freeing them takes ~10-20 ms on a real-size model: not part of an edit's
  // latency). Bounded: a full one is freed at once.
  struct Retired {
    std::vector<std::unique_ptr<SimDriver>> drivers;
    std::vector<std::shared_ptr<const void>> results;  // reports and analyses
    bool full() const { return drivers.size() + results.size() > 6; }
  };
  void retire(std::unique_ptr<SimDriver> d);
  Retired m_retired;
  std::uint64_t m_simSerial = 0;      // increases whenever m_sim is replaced or dropped
  std::uint64_t m_simGeneration = 0;  // the request m_sim and m_simB belong to
  QString m_noSimReason = QStringLiteral("nothing has been computed yet");  // why m_sim is null
  views::AnalysisPtr m_lastAnalysis;  // to tell a reused analysis from a new one
  std::atomic<bool> m_stop{false};
  std::atomic<std::uint64_t> m_latestGeneration{0};
  std::atomic<std::uint64_t> m_cancelThrough{0};
  bool m_running = false;
  double m_cyclesPerSecond = 0;
  double m_cycleBudget = 0;
  QElapsedTimer m_runClock;
  QElapsedTimer m_publishClock;
};

}  // namespace spatten::app
