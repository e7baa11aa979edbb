// Simulates the whole summary-gpt2-small-wikitext2-per8.csv trace (4608 requests) on the
// `spatten` preset; reports simulated cycles per second of wall time.
#include <benchmark/benchmark.h>

#include <memory>

#include "core/sim/simulator.h"
#include "core/workload/workload_csv.h"

using namespace spatten::core;

static void BM_SimulateGpt2Small(benchmark::State& state) {
  auto w = std::make_shared<const Workload>(
      loadWorkloadCsv(std::string(SPATTEN_SHARED_DIR) + "/workloads/summary-gpt2-small-wikitext2-per8.csv"));
  HwConfig hw;
  hw.topkParallelism = static_cast<int>(state.range(0));
  const auto level = static_cast<LogLevel>(state.range(1));
  std::uint64_t cycles = 0;
  for (auto _ : state) {
    Simulator sim(w, hw, 1, level);
    sim.run();
    cycles = sim.cycle();
    benchmark::DoNotOptimize(sim.stats().cycles);
  }
  state.counters["simulated_cycles"] = static_cast<double>(cycles);
  state.counters["cycles_per_second"] =
      benchmark::Counter(static_cast<double>(cycles) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
// Args: top-k parallelism, log level (0 off, 1 modules, 2 full).
BENCHMARK(BM_SimulateGpt2Small)->Args({16, 0})->Args({16, 1})->Args({1, 0})->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
