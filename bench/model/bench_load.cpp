// Loading a GPT-2-small-shaped checkpoint (124 M random weights, written once into a temporary
// directory by tests/core/model/checkpoint_writer.h: 498 MB in F32, 249 MB in F16/BF16), warm
// page cache, in F32 (used in place from the mapping), F16 and BF16 (converted once). Reports
// wall and CPU time per Model::load; figures in docs/performance.md (issue 17 targets:
// F32 <= 0.3 s, F16/BF16 <= 0.6 s).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "core/model/model.h"
#include "tests/core/model/checkpoint_writer.h"

using namespace spatten::core;
namespace fs = std::filesystem;

namespace {

// The checkpoints live while the bench runs; removed at exit.
struct Checkpoints {
  fs::path root = fs::temp_directory_path() / ("spatten-bench-load-" + std::to_string(::getpid()));
  fs::path dir(model_test::CkptDType dt) {
    const fs::path d = root / model_test::ckptDTypeName(dt);
    if (!fs::exists(d / "model.safetensors")) model_test::writeGpt2Checkpoint(d, {}, dt);
    return d;
  }
  ~Checkpoints() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
};

Checkpoints& checkpoints() {
  static Checkpoints c;  // bench-local, not library state
  return c;
}

void BM_LoadGpt2Small(benchmark::State& state) {
  const auto dt = static_cast<model_test::CkptDType>(state.range(0));
  const fs::path dir = checkpoints().dir(dt);
  { auto warm = Model::load(dir); }  // page cache warm, as for a model used before
  for (auto _ : state) {
    auto m = Model::load(dir);
    benchmark::DoNotOptimize(m->weights().layers.size());
  }
  state.SetLabel(model_test::ckptDTypeName(dt));
  state.counters["file_MB"] =
      static_cast<double>(fs::file_size(dir / "model.safetensors")) / 1048576.0;
}

}  // namespace

// Args: dtype (0 F32, 1 F16, 2 BF16).
BENCHMARK(BM_LoadGpt2Small)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(5);

BENCHMARK_MAIN();
