#pragma once
// Evaluation of sweep points (docs/sweeps.md, "Rows"). A point is the base configuration with the
// grid's values applied (core::setParameter, the rules of --set). With a model base, each text
// of the base gets:
//  * the functional run of the point's run configuration (core::runReport, as `spatten-cli run`)
//    and the simulation of its request stream on the point's hardware (as `spatten-cli simulate
//    --model`): DRAM bytes by kind, refetch rate, fidelity, cycles, energy;
//  * the dense reference on the same hardware: the dense preset with static 12-bit Q, K, V (the
//    numerics of run's dense DRAM baseline), generate and seed of the point, simulated the same
//    way: dense cycles and energy, speedup = dense cycles / cycles.
// With a workload base (an RTL CSV) only hardware keys vary: cycles, energy, simulated DRAM bytes.
// Functional runs and dense references are computed once and shared between points (points that
// differ only in hardware reuse them); dense simulations are shared per (text, hardware).
// Thread: evaluate() may be called from several threads at once; the model is only read.

#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/config/param.h"
#include "core/functional/run_config.h"
#include "core/model/model.h"
#include "core/sim/hw_config.h"
#include "core/tokenizer/tokenizer.h"
#include "core/workload/workload.h"

namespace spatten::core {

struct SweepText {
  std::vector<int> ids;
  std::vector<int> maskPositions;  // BERT [MASK] positions (empty = every position)
};

struct SweepBase {
  // Model base: the model (not owned; outlives the evaluator), its directory name and the texts.
  const Model* model = nullptr;
  std::string modelName;
  std::vector<SweepText> texts;
  RunConfig run;
  // Workload base (model == nullptr).
  std::shared_ptr<const Workload> workload;
  // Both.
  HwConfig hw;
  std::uint64_t seed = 1;  // the simulator's seed
};

struct PointConfig {
  RunConfig run;
  HwConfig hw;
};

// The base with `values` applied in order. Throws Error(source, key, ...) for a value the
// configuration refuses (cross-field rules) or a run key on a workload base.
PointConfig pointConfig(const SweepBase& base,
                        const std::vector<std::pair<std::string, ParamValue>>& values,
                        const std::string& source);

struct Figure {
  std::string name;  // dotted path in the row ("dram_bytes.k_msb")
  double value = 0.0;
  bool integer = false;  // a count (bytes, cycles): written exactly
};
using Figures = std::vector<Figure>;  // the same names in the same order for every point

class SweepEvaluator {
public:
  explicit SweepEvaluator(const SweepBase& base) : m_base(base) {}
  // One Figures per text of the base (one for a workload base).
  std::vector<Figures> evaluate(const PointConfig& point);

private:
  struct Functional;
  struct DenseSim;
  template <typename T, typename F>
  std::shared_ptr<const T> once(std::map<std::string, std::shared_future<std::shared_ptr<const T>>>& cache,
                                const std::string& key, F&& compute);
  std::shared_ptr<const Functional> functional(const RunConfig& run, std::size_t text);
  std::shared_ptr<const DenseSim> denseSim(const RunConfig& run, const HwConfig& hw,
                                           std::size_t text);

  const SweepBase& m_base;
  std::mutex m_mutex;
  std::map<std::string, std::shared_future<std::shared_ptr<const Functional>>> m_functional;
  std::map<std::string, std::shared_future<std::shared_ptr<const DenseSim>>> m_denseSims;
};

}  // namespace spatten::core
