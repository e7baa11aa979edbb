#pragma once
// The research summary of one request (the "Research summary" view): the whole pruned run and
// the whole dense run simulated on the same hardware, their cycles and speedup, per-module
// utilization of the pruned run with its bottleneck, the energy breakdown of both runs (core's
// energy model, core/sim/stats.h computeEnergy) and DRAM bytes by kind. Immutable once published;
// built by the app's worker (app/gui/backend/run_summary.h). Units: cycles of the accelerator
// clock, picojoules, bytes.

#include <QString>
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "views/common/view_data.h"

namespace spatten::views {

struct ModuleUsage {
  QString name;                                   // "Q\u00d7K"
  QString paperId;                                // "7"
  std::uint64_t busy = 0, stalled = 0, idle = 0;  // cycles of the pruned run
};

struct EnergyPart {
  QString name;   // "DRAM (HBM2)", "Q\u00d7K (7)", ...
  double pj = 0;  // pruned run
  double densePj = 0;
};

struct RunSide {
  std::uint64_t cycles = 0;
  std::uint64_t requests = 0;
  std::array<std::uint64_t, kDramKinds> dramBytes{};  // by DramKind: K MSB, K LSB, V, Q, Meta
  std::uint64_t dramTotal() const {
    std::uint64_t t = 0;
    for (std::uint64_t b : dramBytes) t += b;
    return t;
  }
};

struct RunSummary {
  QString hardware;  // hardware preset name ("spatten")
  double clockGhz = 1.0;
  QString denseConfig;  // how the dense run is configured, one line
  RunSide pruned, dense;
  std::vector<ModuleUsage> modules;  // every module of Fig. 8, core's order
  int bottleneck = -1;               // index into modules: the most busy cycles (-1: none)
  std::vector<EnergyPart> energy;    // core's energy model, by module and DRAM
  double speedup() const {
    return pruned.cycles ? static_cast<double>(dense.cycles) / static_cast<double>(pruned.cycles)
                         : 0.0;
  }
  double energyTotal(bool ofDense) const {
    double t = 0;
    for (const EnergyPart& e : energy) t += ofDense ? e.densePj : e.pj;
    return t;
  }
};
using RunSummaryPtr = std::shared_ptr<const RunSummary>;

}  // namespace spatten::views
