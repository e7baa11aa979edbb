#include "app/gui/backend/run_summary.h"

#include <QElapsedTimer>

#include "app/gui/backend/background_run.h"
#include "core/sim/simulator.h"
#include "core/sim/vocabulary.h"

namespace spatten::app {
namespace {

static_assert(views::kDramKinds == core::kDataKinds, "views::DramKind follows core::DataKind");

views::RunSide side(const core::SimStats& s) {
  views::RunSide r;
  r.cycles = s.cycles;
  r.requests = s.requestsDone;
  for (int k = 0; k < core::kDataKinds; ++k)
    r.dramBytes[static_cast<std::size_t>(k)] = s.dramBytes[static_cast<std::size_t>(k)];
  return r;
}

QString label(core::ModuleId m) {
  const core::ModuleInfo& info = core::moduleInfo(m);
  return QStringLiteral("%1 (%2)").arg(QString::fromUtf8(info.label),
                                       QString::fromUtf8(info.paperId));
}

}  // namespace

views::RunSummary summarize(const core::SimStats& pruned, const core::SimStats& dense,
                            const core::HwConfig& hw) {
  views::RunSummary out;
  out.hardware = QString::fromStdString(hw.name);
  out.clockGhz = hw.clockGhz;
  out.denseConfig = QStringLiteral(
      "the \"dense\" run preset: no token, head or value pruning, 32-bit float Q, K and V, the "
      "same tokens, hardware and seed");
  out.pruned = side(pruned);
  out.dense = side(dense);
  std::uint64_t most = 0;
  for (int m = 0; m < core::kModuleCount; ++m) {
    const core::ModuleInfo& info = core::kModules[static_cast<std::size_t>(m)];
    const core::ModuleCounters& c = pruned.modules[static_cast<std::size_t>(m)];
    out.modules.push_back({QString::fromUtf8(info.label), QString::fromUtf8(info.paperId), c.busy,
                           c.stalled, c.idle});
    if (c.busy > most) {  // ties: the first in core's order
      most = c.busy;
      out.bottleneck = m;
    }
  }
  // core::computeEnergy's terms, named by the module that spends them.
  const core::EnergyBreakdown e = core::computeEnergy(pruned, hw);
  const core::EnergyBreakdown d = core::computeEnergy(dense, hw);
  out.energy = {
      {QStringLiteral("DRAM (HBM2, 14)"), e.dramPj, d.dramPj},
      {label(core::ModuleId::Fetcher), e.fetchPj, d.fetchPj},
      {label(core::ModuleId::QxK), e.qkPj, d.qkPj},
      {label(core::ModuleId::Softmax), e.softmaxPj, d.softmaxPj},
      {label(core::ModuleId::AttnV), e.avPj, d.avPj},
      {QStringLiteral("Top-k engines (10, 2/13)"), e.topkPj, d.topkPj},
      {QStringLiteral("Static (leakage, clock)"), e.staticPj, d.staticPj},
  };
  return out;
}

SummaryRun::SummaryRun(std::shared_ptr<const core::Workload> pruned,
                       std::shared_ptr<const core::Workload> dense, const core::HwConfig& hw,
                       std::uint64_t seed, std::optional<core::SimStats> prunedKnown,
                       std::optional<core::SimStats> denseKnown,
                       std::unique_ptr<BackgroundRun> denseRun)
    : m_hw(hw), m_prunedStats(std::move(prunedKnown)), m_denseStats(std::move(denseKnown)) {
  if (!m_prunedStats)
    m_pruned = std::make_unique<core::Simulator>(std::move(pruned), hw, seed, core::LogLevel::Off);
  if (m_denseStats) return;
  if (denseRun)
    m_denseAhead = std::move(denseRun);
  else
    m_dense = std::make_unique<core::Simulator>(std::move(dense), hw, seed, core::LogLevel::Off);
}

SummaryRun::~SummaryRun() = default;

std::unique_ptr<BackgroundRun> SummaryRun::takeDenseRun() {
  if (m_dense) return std::make_unique<BackgroundRun>(std::move(m_dense));
  return std::move(m_denseAhead);
}

bool SummaryRun::advance(int sliceMs) {
  if (m_result) return true;
  QElapsedTimer clock;
  clock.start();
  // The worker is free for the summary now: the dense run's helper hands the rest of its run
  // over (a helper at low priority would crawl on a busy machine; here it runs as the worker).
  if (m_denseAhead) {
    m_dense = m_denseAhead->finish();  // finished or not: side() below takes it from here
    m_denseAhead.reset();
  }
  // Each side until it finishes (then its statistics are kept and its simulator dropped).
  const auto side = [&](std::unique_ptr<core::Simulator>& sim,
                        std::optional<core::SimStats>& stats) {
    while (sim && clock.elapsed() < sliceMs) {
      if (sim->finished()) {
        stats = sim->stats();
        sim.reset();
      } else {
        sim->stepCycles(4096);
      }
    }
  };
  side(m_pruned, m_prunedStats);
  side(m_dense, m_denseStats);
  if (!m_prunedStats || !m_denseStats) return false;
  m_result =
      std::make_shared<const views::RunSummary>(summarize(*m_prunedStats, *m_denseStats, m_hw));
  return true;
}

}  // namespace spatten::app
