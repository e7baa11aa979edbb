#include "core/sweep/sweep_eval.h"

#include <fmt/format.h>

#include "core/config/assign.h"
#include "core/config/registry.h"
#include "core/functional/run_report.h"
#include "core/functional/workload_convert.h"
#include "core/sim/simulator.h"
#include "core/util/error.h"

namespace spatten::core {

struct SweepEvaluator::Functional {
  std::shared_ptr<const Workload> workload;
  Figures figures;  // DRAM, refetch rate, fidelity
};

struct SweepEvaluator::DenseSim {
  std::uint64_t cycles = 0;
  double energyUj = 0.0;
};

namespace {

// The dense reference of a point: no pruning, static 12-bit Q, K, V (run's DRAM baseline bits),
// the point's generation length and seed.
RunConfig denseReference(const RunConfig& run) {
  RunConfig d = presetConfig("dense");
  d.k_msb_bits = 12;
  d.v_bits = 12;
  d.q_bits = 12;
  d.generate = run.generate;
  d.seed = run.seed;
  return d;
}

struct SimFigures {
  SimStats stats;
  double energyUj = 0.0;
};

SimFigures simulate(std::shared_ptr<const Workload> w, const HwConfig& hw, std::uint64_t seed) {
  Simulator sim(std::move(w), hw, seed, LogLevel::Off);
  sim.run();
  SimFigures f;
  f.stats = sim.stats();
  f.energyUj = computeEnergy(f.stats, hw).totalPj() * 1e-6;
  return f;
}

double ratio(double num, double den) {
  return den != 0 ? num / den : 0.0;
}

}  // namespace

PointConfig pointConfig(const SweepBase& base,
                        const std::vector<std::pair<std::string, ParamValue>>& values,
                        const std::string& source) {
  PointConfig p{base.run, base.hw};
  for (const auto& [key, value] : values) {
    if (!base.model && runParams().find(key))
      throw Error(source, key, "a run parameter; a --workload sweep varies hardware parameters only");
    setParameter(key, value, p.run, p.hw, source);
  }
  return p;
}

template <typename T, typename F>
std::shared_ptr<const T> SweepEvaluator::once(
    std::map<std::string, std::shared_future<std::shared_ptr<const T>>>& cache,
    const std::string& key, F&& compute) {
  std::promise<std::shared_ptr<const T>> promise;
  std::shared_future<std::shared_ptr<const T>> future;
  bool mine = false;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = cache.find(key);
    if (it == cache.end()) {
      future = promise.get_future().share();
      cache.emplace(key, future);
      mine = true;
    } else {
      future = it->second;
    }
  }
  if (mine) {
    try {
      promise.set_value(compute());
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
  }
  return future.get();  // rethrows the computation's error for every point that needs it
}

std::shared_ptr<const SweepEvaluator::Functional> SweepEvaluator::functional(const RunConfig& run,
                                                                          std::size_t text) {
  const std::string key = fmt::format("{}|{}", text, toJson(run).dump());
  return once(m_functional, key, [&] {
    const SweepText& t = m_base.texts[text];
    RunOptions ro;
    ro.inputName = "--text";
    ro.recordAttention = true;  // the local-V top-k engine's input, as `simulate --model`
    const RunReport rep = runReport(*m_base.model, t.ids, run, ro, t.maskPositions);
    auto f = std::make_shared<Functional>();
    f->workload = std::make_shared<const Workload>(toWorkload(rep.pruned, m_base.modelName));
    const DramBytes& b = rep.pruned.dram.total;
    const double total = static_cast<double>(b.total());
    const double dense = static_cast<double>(rep.denseBaseline.total.total());
    f->figures = {{"dram_bytes.k_msb", static_cast<double>(b.kMsb), true},
                  {"dram_bytes.k_lsb", static_cast<double>(b.kLsb), true},
                  {"dram_bytes.v", static_cast<double>(b.v), true},
                  {"dram_bytes.q", static_cast<double>(b.q), true},
                  {"dram_bytes.meta", static_cast<double>(b.meta), true},
                  {"dram_bytes.total", total, true},
                  {"dense_dram_bytes", dense, true},
                  {"dram_reduction", ratio(dense, total), false},
                  {"refetch_rate",
                   ratio(static_cast<double>(rep.pruned.refetchCount),
                         static_cast<double>(rep.pruned.requestCount)),
                   false}};
    if (m_base.model->family() == Family::Gpt2) {
      f->figures.push_back({"fidelity.top1_agreement", rep.fidelity.top1Agreement, false});
      f->figures.push_back({"fidelity.mean_kl", rep.fidelity.meanKl, false});
    } else {
      f->figures.push_back({"fidelity.cls_cosine", rep.fidelity.clsCosine, false});
      f->figures.push_back({"fidelity.mlm_agreement", rep.fidelity.mlmAgreement, false});
    }
    return std::shared_ptr<const Functional>(std::move(f));
  });
}

std::shared_ptr<const SweepEvaluator::DenseSim> SweepEvaluator::denseSim(const RunConfig& run,
                                                                        const HwConfig& hw,
                                                                        std::size_t text) {
  const RunConfig dense = denseReference(run);
  const std::string key = fmt::format("{}|{}|{}", text, toJson(dense).dump(), hw.toJson().dump());
  return once(m_denseSims, key, [&] {
    const SimFigures s = simulate(functional(dense, text)->workload, hw, m_base.seed);
    return std::make_shared<const DenseSim>(DenseSim{s.stats.cycles, s.energyUj});
  });
}

std::vector<Figures> SweepEvaluator::evaluate(const PointConfig& p) {
  std::vector<Figures> out;
  if (!m_base.model) {
    const SimFigures s = simulate(m_base.workload, p.hw, m_base.seed);
    Figures f;
    // A CSV workload has no Quest metadata: its kinds are K MSB, K LSB, V and Q.
    for (int k = 0; k < static_cast<int>(DataKind::Meta); ++k)
      f.push_back({std::string("dram_bytes.") + kDataKindKeys[static_cast<std::size_t>(k)],
                   static_cast<double>(s.stats.dramBytes[static_cast<std::size_t>(k)]), true});
    f.push_back({"dram_bytes.total", static_cast<double>(s.stats.dramBytesTotal()), true});
    f.push_back({"cycles", static_cast<double>(s.stats.cycles), true});
    f.push_back({"energy_uj", s.energyUj, false});
    f.push_back({"refetch_rate",
                 ratio(static_cast<double>(s.stats.lsbRefetches),
                       static_cast<double>(s.stats.requestsDone)),
                 false});
    out.push_back(std::move(f));
    return out;
  }
  for (std::size_t t = 0; t < m_base.texts.size(); ++t) {
    const std::shared_ptr<const Functional> fn = functional(p.run, t);
    const SimFigures s = simulate(fn->workload, p.hw, m_base.seed);
    const std::shared_ptr<const DenseSim> dense = denseSim(p.run, p.hw, t);
    Figures f = fn->figures;
    const auto cycles = static_cast<double>(s.stats.cycles);
    const auto denseCycles = static_cast<double>(dense->cycles);
    f.push_back({"cycles", cycles, true});
    f.push_back({"dense_cycles", denseCycles, true});
    f.push_back({"speedup", ratio(denseCycles, cycles), false});
    f.push_back({"energy_uj", s.energyUj, false});
    f.push_back({"dense_energy_uj", dense->energyUj, false});
    f.push_back({"energy_reduction", ratio(dense->energyUj, s.energyUj), false});
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace spatten::core
