#include "app/gui/backend/sim_driver.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <string>

#include "app/gui/backend/background_run.h"
#include "app/gui/backend/param_config.h"
#include "app/gui/backend/run_summary.h"
#include "app/gui/backend/timeline_prefetch.h"
#include "core/functional/run_report.h"
#include "core/functional/workload_convert.h"
#include "core/sim/growing_run.h"
#include "core/sim/sim_resume.h"
#include "core/sim/sim_session.h"
#include "core/sim/simulator.h"

namespace spatten::app {
namespace {

constexpr int kTimelineBudgetMs = 4000;  // timeline work on the whole run's log, at most (ms)

QString moduleLabel(int m) {
  return m >= 0 && m < core::kModuleCount
             ? QString::fromUtf8(core::kModules[static_cast<std::size_t>(m)].label)
             : QStringLiteral("?");
}

views::ModuleActivity activity(core::ModuleState s) {
  switch (s) {
    case core::ModuleState::Busy:
      return views::ModuleActivity::Busy;
    case core::ModuleState::Stalled:
      return views::ModuleActivity::Stalled;
    default:
      return views::ModuleActivity::Idle;
  }
}

std::shared_ptr<views::SimTimeline> buildTimeline(const core::Simulator& sim, int channels) {
  auto t = std::make_shared<views::SimTimeline>();
  for (int m = 0; m < core::kModuleCount; ++m) t->modules.push_back(moduleLabel(m));
  t->channels = channels;
  t->lastCycle = sim.finished() ? sim.cycle() : 0;
  for (const core::Request& r : sim.workload().requests) t->requestLayer.push_back(r.layer);
  // One pass over the log, into vectors sized by a counting pass (growing them cost more than
  // counting: ~200 k events at 128 tokens, millions at 1,000).
  std::size_t busyCount = 0, dramCount = 0;
  sim.log().forEach([&](const core::Event& e) {
    busyCount += e.kind == core::EventKind::ModuleBusy ? 1 : 0;
    dramCount += e.kind == core::EventKind::DramRequest ? 1 : 0;
  });
  t->intervals.reserve(busyCount);
  t->dram.reserve(dramCount);
  // HBM2 row: per channel, the union of [issue, data return) of its transactions.
  t->hbmModule = static_cast<int>(core::ModuleId::Hbm);
  t->channelBusy.assign(static_cast<std::size_t>(std::max(1, channels)), {});
  for (auto& busy : t->channelBusy) busy.reserve(dramCount / t->channelBusy.size() + 64);
  sim.log().forEach([&](const core::Event& e) {
    if (e.kind == core::EventKind::ModuleBusy) {
      t->intervals.push_back({e.module, e.cycle, e.cycle + std::max<std::uint32_t>(1, e.duration),
                              static_cast<std::int64_t>(e.request)});
    } else if (e.kind == core::EventKind::DramRequest) {
      t->dram.push_back({e.cycle, static_cast<int>(e.a), 32, e.module});
      if (e.a >= t->channelBusy.size()) return;
      const std::uint64_t start = e.cycle + e.extra;
      t->channelBusy[e.a].push_back({static_cast<int>(e.a), start,
                                     std::max(start + 1, e.cycle + e.duration),
                                     static_cast<std::int64_t>(e.request)});
    }
  });
  for (auto& busy : t->channelBusy) {
    std::sort(busy.begin(), busy.end(),
              [](const auto& a, const auto& b) { return a.start < b.start; });
    std::vector<views::ActivityInterval> merged;
    for (const views::ActivityInterval& iv : busy) {
      if (!merged.empty() && iv.start <= merged.back().end) {
        merged.back().end = std::max(merged.back().end, iv.end);
        if (merged.back().request != iv.request) merged.back().request = -1;  // several requests
      } else {
        merged.push_back(iv);
      }
    }
    busy = std::move(merged);
  }
  std::stable_sort(t->intervals.begin(), t->intervals.end(),
                   [](const auto& a, const auto& b) { return a.start < b.start; });
  std::stable_sort(t->dram.begin(), t->dram.end(),
                   [](const auto& a, const auto& b) { return a.cycle < b.cycle; });
  return t;
}

}  // namespace

core::HwConfig SimDriver::hardwareFor(const AnalysisRequest& request) {
  return hwConfigOf(request);
}

SimDriver::SimDriver(const AnalysisRequest& request, std::shared_ptr<const core::RunReport> report,
                     SimDriver* previous)
    : SimDriver(request, std::move(report), previous, nullptr) {}

SimDriver::SimDriver(const AnalysisRequest& request, std::shared_ptr<const core::RunReport> report,
                     SimDriver* previous, std::unique_ptr<TimelinePrefetch> prefetch)
    : m_hw(hardwareFor(request)),
      m_seed(report->pruned.config.seed),
      m_prefetch(std::move(prefetch)) {
  m_channels = m_hw.hbmChannels;
  const std::string name = QFileInfo(request.modelDir).fileName().toStdString();
  // The prefetch converted the run's requests layer by layer already (equal to toWorkload's).
  const std::size_t count = report->pruned.requests.size();
  if (m_prefetch && count > 0 && m_prefetch->requestsHandedOver() == count)
    m_workload = std::make_shared<const core::Workload>(m_prefetch->takeWorkload());
  else
    m_workload = std::make_shared<const core::Workload>(core::toWorkload(report->pruned, name));
  m_session = std::make_unique<core::SimSession>(
      core::Simulator(m_workload, m_hw, m_seed, core::LogLevel::Modules));
  // The research summary: this run and the dense preset's run, same hardware and seed.
  m_denseWorkload = std::make_shared<const core::Workload>(core::toWorkload(*report->dense, name));
  if (!previous) return;
  m_prior = std::make_unique<Prior>();
  Prior& p = *m_prior;
  // What previous had not used yet of its own prior is passed on (each part is checked against
  // the workload it was computed for).
  p.points = previous->resumePoints();
  Prior* older = previous->m_prior.get();
  if (previous->m_denseStarted) {
    p.dense = {previous->m_hw, previous->m_seed, previous->m_denseWorkload, previous->m_denseStats,
               previous->takeDenseRun()};
  } else if (older) {
    p.dense = std::move(older->dense);
  }
}

std::unique_ptr<BackgroundRun> SimDriver::takeDenseRun() {
  if (m_denseRun) return std::move(m_denseRun);
  return m_summaryRun ? m_summaryRun->takeDenseRun() : nullptr;
}

void SimDriver::startDense() {
  if (m_denseStarted) return;
  m_denseStarted = true;
  DenseCarry* d = m_prior ? &m_prior->dense : nullptr;
  if (d && d->workload && d->seed == m_seed && d->hw.toJson() == m_hw.toJson() &&
      d->workload->requests.size() == m_denseWorkload->requests.size() &&
      core::firstDifference(*d->workload, *m_denseWorkload) == m_denseWorkload->requests.size()) {
    m_denseStats = d->stats;
    if (!m_denseStats) m_denseRun = std::move(d->run);
  }
  if (m_prior) m_prior->dense = {};  // a run for something else stops here
  if (!m_denseStats && !m_denseRun)
    m_denseRun = std::make_unique<BackgroundRun>(
        std::make_unique<core::Simulator>(m_denseWorkload, m_hw, m_seed, core::LogLevel::Off));
}

std::shared_ptr<const core::ResumePoints> SimDriver::resumePoints() {
  settlePrefetch();
  if (m_points) return m_points;
  if (m_grown) return m_grown->points();
  return m_prior ? m_prior->points : nullptr;
}

void SimDriver::settlePrefetch() {
  if (!m_prefetch) return;
  m_grown = m_prefetch->finish();
  m_prefetch.reset();
}

void SimDriver::startTimeline() {
  // The run the prefetch thread simulated beside the functional run, continued on the whole
  // workload (Simulator::resumedOn checks it read nothing that differs).
  settlePrefetch();
  if (m_grown) {
    std::optional<core::Simulator> on = m_grown->sim().resumedOn(m_workload);
    if (on) {
      m_points = m_grown->points();
      m_points->extend(m_workload);
      m_full = std::make_unique<core::Simulator>(std::move(*on));
      m_timelineStart = m_grown->startCycle();
      m_cyclesBeside = m_full->cycle() - m_timelineStart;
      m_grown.reset();
      if (m_prior) m_prior->points.reset();
      return;
    }
    m_grown.reset();
  }
  // The whole run once, with DRAM requests logged, for the timeline; from a checkpoint of the
  // previous run when one is valid for this workload (core::ResumePoints checks).
  m_points = std::make_shared<core::ResumePoints>(m_workload, m_hw, m_seed, core::LogLevel::Full,
                                                  m_prior ? m_prior->points.get() : nullptr);
  m_full = std::make_unique<core::Simulator>(m_points->start());
  m_timelineStart = m_full->cycle();
  if (m_prior) m_prior->points.reset();
}

bool SimDriver::advanceSummary(int sliceMs) {
  if (m_summary) return true;
  if (!m_summaryRun) {
    startDense();
    m_prior.reset();
    m_summaryRun = std::make_unique<SummaryRun>(m_workload, m_denseWorkload, m_hw, m_seed,
                                                m_prunedStats, m_denseStats, std::move(m_denseRun));
  }
  if (!m_summaryRun->advance(sliceMs)) return false;
  m_summary = m_summaryRun->result();
  m_denseStats = m_summaryRun->denseStats();
  m_summaryRun.reset();
  return true;
}

bool SimDriver::advanceTimeline(int sliceMs) {
  if (m_timeline) return true;
  if (!m_full) {
    startTimeline();
    startDense();  // beside the timeline run, on the other core
  }
  QElapsedTimer clock;
  clock.start();
  while (!m_full->finished() && clock.elapsed() < sliceMs &&
         m_timelineSpentMs + clock.elapsed() < kTimelineBudgetMs) {
    m_full->stepCycles(4096);
    m_points->record(*m_full);
  }
  m_timelineSpentMs += clock.elapsed();
  if (!m_full->finished() && m_timelineSpentMs < kTimelineBudgetMs) return false;
  auto timeline = buildTimeline(*m_full, m_channels);
  timeline->startCycle = m_timelineStart;
  timeline->cyclesBeside = m_cyclesBeside;
  m_timeline = std::move(timeline);
  if (m_full->finished()) m_prunedStats = m_full->stats();  // the summary's pruned side
  m_full.reset();
  return true;
}

SimDriver::~SimDriver() = default;

bool SimDriver::finished() const {
  return m_session->sim().finished();
}
std::uint64_t SimDriver::cycle() const {
  return m_session->cycle();
}

bool SimDriver::step(StepKind kind) {
  if (finished()) return false;
  switch (kind) {
    case StepKind::Cycle:
      m_session->step(1);
      return true;
    case StepKind::Event:
      return m_session->stepTo(core::Granularity::Event);
    case StepKind::Query:
      return m_session->stepTo(core::Granularity::Query);
    case StepKind::Head:
      return m_session->stepTo(core::Granularity::Head);
    case StepKind::Layer:
      return m_session->stepTo(core::Granularity::Layer);
    case StepKind::Iteration:
      return m_session->stepTo(core::Granularity::Iteration);
    case StepKind::TopkRound:
      return m_session->stepTo(core::Granularity::TopkRound);
  }
  return false;
}

void SimDriver::stepBack(std::uint64_t cycles) {
  m_session->stepBack(cycles);
}
void SimDriver::seek(std::uint64_t cycle) {
  m_session->seek(cycle);
}
void SimDriver::reset() {
  m_session->reset();
}

views::SimFramePtr SimDriver::frame() const {
  const core::SnapshotPtr s = m_session->snapshot();
  auto f = std::make_shared<views::SimFrame>();
  f->cycle = s->cycle;
  f->finished = s->finished;
  f->request = s->current.index;
  f->iteration = s->current.iteration;
  f->layer = s->current.layer;
  f->head = s->current.head;
  f->query = s->current.query;
  for (const core::ModuleSnapshot& m : s->modules) {
    views::ModuleFrame mf;
    const int id = static_cast<int>(m.id);
    mf.name = moduleLabel(id);
    mf.paperId = id < core::kModuleCount
                     ? QString::fromUtf8(core::kModules[static_cast<std::size_t>(id)].paperId)
                     : QString();
    mf.state = activity(m.state);
    mf.request = m.request.index;
    mf.progress = m.progress;
    mf.total = m.total;
    for (const core::FifoLevel& fl : m.fifos)
      mf.fifos.push_back({QString::fromStdString(fl.name), fl.fill, fl.capacity});
    f->modules.push_back(std::move(mf));
  }
  for (const core::ChannelSnapshot& c : s->channels)
    f->channels.push_back(
        {c.addrFifo, c.addrFifoCapacity, c.outstanding, c.maxOutstanding, c.bytes});
  const core::TopkEngineSnapshot& t = s->topk;
  views::TopKFrame& tk = f->topk;
  tk.phase = QString::fromStdString(t.phase);
  tk.request = t.request.index;
  tk.inputSize = t.inputSize;
  tk.k = t.k;
  tk.filled = t.filled;
  tk.scanned = t.filterPos;
  tk.round = t.round;
  tk.rounds = t.rounds;
  tk.roundInput = t.roundInput;
  tk.compared = t.compared;
  tk.leftSize = t.leftSize;
  tk.rightSize = t.rightSize;
  tk.eqCount = t.eqCount;
  tk.pivot = t.pivot;
  tk.zeStage = t.zeStage;
  tk.zeStages = t.zeStages;
  tk.parallelism = t.parallelism;
  tk.fifoCapacity = t.fifoCapacity;
  if (t.request.index >= 0 &&
      t.request.index < static_cast<std::int64_t>(m_workload->requests.size()))
    tk.probs = m_workload->requests[static_cast<std::size_t>(t.request.index)].probs;
  tk.select = t.select;
  tk.candidates = t.roundCandidates;
  tk.candidateValues = t.roundValues;
  f->keyBufferUsed = s->keyBufferUsedLines;
  f->keyBufferLines = s->keyBufferLines;
  f->valueBufferUsed = s->valueBufferUsedLines;
  f->valueBufferLines = s->valueBufferLines;
  f->inflightRequests = s->inflightRequests;
  f->dramBytes = s->stats.dramBytesTotal();
  f->requestsDone = s->stats.requestsDone;
  f->requestCount = m_workload->requests.size();
  f->timeline = m_timeline;
  f->summary = m_summary;
  return f;
}

}  // namespace spatten::app
