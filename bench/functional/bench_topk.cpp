// The top-k engine model's two loops (core/functional/topk_kernels.h) at each level this CPU
// runs, and topkSelect as the simulator and the value pruning call it (the best level).
// Inputs: n uniform floats in [0, 1) (the simulator's seeded local top-k inputs are such), k = n/5
// (the official workloads keep about a fifth of the values). Items per second = elements.
//   bench_topk [--benchmark_filter=Partition]
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "core/functional/topk.h"
#include "core/functional/topk_kernels.h"

using namespace spatten::core;

namespace {

std::vector<float> inputs(std::size_t n) {
  std::mt19937_64 gen(3);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = u(gen);
  return v;
}

bool skipLevel(benchmark::State& state, gemm::Level level) {
  if (topk_kernels::kernelsAt(level).partition != nullptr && gemm::cpuRuns(level)) return false;
  state.SkipWithError("this build or CPU has no such level");
  return true;
}

void Partition(benchmark::State& state, gemm::Level level) {
  if (skipLevel(state, level)) return;
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<float> v = inputs(n);
  std::vector<float> l(n + topk_kernels::kPad), r(n + topk_kernels::kPad);
  const topk_kernels::PartitionFn f = topk_kernels::kernelsAt(level).partition;
  for (auto _ : state) {
    const topk_kernels::Split s = f(v.data(), n, 0.5f, l.data(), r.data());
    benchmark::DoNotOptimize(s);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

void Filter(benchmark::State& state, gemm::Level level) {
  if (skipLevel(state, level)) return;
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<float> v = inputs(n);
  std::vector<std::uint32_t> kept(n + topk_kernels::kPad);
  const topk_kernels::FilterFn f = topk_kernels::kernelsAt(level).filter;
  for (auto _ : state) {
    benchmark::DoNotOptimize(f(v.data(), n, 0.8f, 1, kept.data()));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

void Select(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<float> v = inputs(n);
  for (auto _ : state) {
    Mt64Block rng(7);
    benchmark::DoNotOptimize(topkSelect(std::span<const float>(v), n / 5, rng));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

}  // namespace

BENCHMARK_CAPTURE(Partition, baseline, gemm::Level::Baseline)->Arg(993)->Arg(4096);
BENCHMARK_CAPTURE(Partition, avx2, gemm::Level::Avx2Fma)->Arg(993)->Arg(4096);
BENCHMARK_CAPTURE(Partition, avx512, gemm::Level::Avx512)->Arg(993)->Arg(4096);
BENCHMARK_CAPTURE(Filter, baseline, gemm::Level::Baseline)->Arg(993)->Arg(4096);
BENCHMARK_CAPTURE(Filter, avx2, gemm::Level::Avx2Fma)->Arg(993)->Arg(4096);
BENCHMARK_CAPTURE(Filter, avx512, gemm::Level::Avx512)->Arg(993)->Arg(4096);
BENCHMARK(Select)->Arg(993)->Arg(4096);

BENCHMARK_MAIN();
