// Dense forward pass timing (single thread): the bundled tiny GPT-2 (or a random model of the
// same shape when it is absent) and a GPT-2-small-shaped random model, on 128 tokens.
// Compare with bench/model/torch_forward.py (same shapes, PyTorch, one thread);
// figures in docs/performance.md.
// BM_Gpt2Small_128_RunEdit/threads/reuse: the pruned SpAtten run the GUI recomputes after a
// token_keep_end edit (spatten-gpt2 preset, attention recorded, alternating 0.25 / 0.35), with
// 1 or 2 threads for the products (Model::setThreads) and without / with the previous run's
// layers reused (core::RunPrefix). Real time and process CPU time (every thread).
// BM_Gpt2Small_128_TimelineEdit/resume: the GUI's whole-run timeline simulation after the same
// edit (the pruned runs' request streams at 0.25 / 0.35, default hardware, LogLevel::Full,
// checkpoints every 8192 cycles as SimDriver), from cycle 0 (resume 0) or from the previous
// run's latest valid checkpoint (resume 1, core::ResumePoints). Counter: cycles simulated.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cmath>
#include <filesystem>
#include <memory>
#include <random>

#include "core/functional/run_prefix.h"
#include "core/functional/runner.h"
#include "core/functional/workload_convert.h"
#include "core/model/forward.h"
#include "core/model/model.h"
#include "core/sim/sim_resume.h"

using namespace spatten::core;

namespace {

// Deterministic N(0, std^2)-ish values without std::normal_distribution (implementation-
// defined): sum of 4 uniforms from mt19937_64, rescaled.
void fillRandom(std::vector<float>& v, std::mt19937_64& rng, float scale) {
  for (float& x : v) {
    double s = 0;
    for (int i = 0; i < 4; ++i) s += double(rng() >> 11) * 0x1.0p-53 - 0.5;
    x = static_cast<float>(s * std::sqrt(3.0) * scale);
  }
}

void add(TensorMap& m, const std::string& name, std::vector<std::int64_t> shape,
         std::mt19937_64& rng, float scale, float offset = 0.0f) {
  std::int64_t n = 1;
  for (auto d : shape) n *= d;
  HostTensor t{shape, std::vector<float>(static_cast<std::size_t>(n))};
  fillRandom(t.data, rng, scale);
  for (float& x : t.data) x += offset;
  m[name] = std::move(t);
}

std::unique_ptr<Model> randomGpt2(int layers, int heads, int d, int vocab, int positions) {
  ModelConfig c;
  c.family = Family::Gpt2;
  c.layers = layers;
  c.heads = heads;
  c.dModel = d;
  c.headDim = d / heads;
  c.ffnDim = 4 * d;
  c.maxPositions = positions;
  c.vocabSize = vocab;
  std::mt19937_64 rng(42);
  TensorMap m;
  add(m, "wte.weight", {vocab, d}, rng, 0.02f);
  add(m, "wpe.weight", {positions, d}, rng, 0.01f);
  for (int l = 0; l < layers; ++l) {
    const std::string b = "h." + std::to_string(l) + ".";
    for (const char* ln : {"ln_1", "ln_2"}) {
      add(m, b + ln + ".weight", {d}, rng, 0.1f, 1.0f);
      add(m, b + ln + ".bias", {d}, rng, 0.1f);
    }
    add(m, b + "attn.c_attn.weight", {d, 3 * d}, rng, 0.02f);
    add(m, b + "attn.c_attn.bias", {3 * d}, rng, 0.02f);
    add(m, b + "attn.c_proj.weight", {d, d}, rng, 0.02f);
    add(m, b + "attn.c_proj.bias", {d}, rng, 0.02f);
    add(m, b + "mlp.c_fc.weight", {d, 4 * d}, rng, 0.02f);
    add(m, b + "mlp.c_fc.bias", {4 * d}, rng, 0.02f);
    add(m, b + "mlp.c_proj.weight", {4 * d, d}, rng, 0.02f);
    add(m, b + "mlp.c_proj.bias", {d}, rng, 0.02f);
  }
  add(m, "ln_f.weight", {d}, rng, 0.1f, 1.0f);
  add(m, "ln_f.bias", {d}, rng, 0.1f);
  return Model::fromTensors(c, m, "<random gpt2>");
}

std::vector<int> tokens(int n, int vocab) {
  std::vector<int> ids(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) ids[static_cast<std::size_t>(i)] = (i * 7919 + 13) % vocab;
  return ids;
}

void run(benchmark::State& state, const Model& model, bool keepHeads) {
  Eigen::setNbThreads(1);
  const auto ids = tokens(128, model.config().vocabSize);
  ForwardOptions opt;
  opt.keepHeads = keepHeads;
  for (auto _ : state) {
    ForwardTrace t = forward(model, ids, opt);
    benchmark::DoNotOptimize(t.logits.data());
  }
  const auto& c = model.config();
  // FLOPs of the layer GEMMs + attention per forward (2 per multiply-add).
  const double n = 128, d = c.dModel, f = c.ffnDim;
  const double flops = 2.0 * c.layers * (n * d * (3 * d + d + 2 * f) + 2 * n * n * d);
  state.counters["FLOP/s"] = benchmark::Counter(
      flops, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::OneK::kIs1000);
}

const Model& tinyModel() {
  static const std::unique_ptr<Model> m = [] {
    const std::filesystem::path dir =
        std::filesystem::path(SPATTEN_SAMPLES_DIR) / "models" / "tiny-gpt2";
    if (std::filesystem::exists(dir / "model.safetensors")) return Model::load(dir);
    return randomGpt2(4, 4, 256, 4096, 256);  // same shape as the bundled model
  }();
  return *m;
}

const Model& gpt2Small() {
  static const std::unique_ptr<Model> m = randomGpt2(12, 12, 768, 50257, 1024);
  return *m;
}

// Not const: the thread count is a setting of the model (set before each benchmark).
Model& gpt2SmallEdit() {
  static const std::unique_ptr<Model> m = randomGpt2(12, 12, 768, 50257, 1024);
  return *m;
}

void BM_Gpt2Small_128_RunEdit(benchmark::State& state) {
  Model& model = gpt2SmallEdit();
  model.setThreads(static_cast<int>(state.range(0)));
  const bool reuse = state.range(1) != 0;
  const auto ids = tokens(128, model.config().vocabSize);
  RunConfig cfg = presetConfig("spatten-gpt2");
  RunPrefix prefix;
  RunOptions opt;
  opt.recordAttention = true;
  if (reuse) opt.prefix = &prefix;
  runSpatten(model, ids, cfg, opt);  // the run before the first edit
  bool flip = false;
  for (auto _ : state) {
    flip = !flip;
    cfg.token_keep_end = flip ? 0.25 : 0.35;
    RunResult r = runSpatten(model, ids, cfg, opt);
    benchmark::DoNotOptimize(r.finalHidden.data());
  }
  state.counters["reused_layers"] = prefix.resumedFrom;
}

void BM_Gpt2Small_128_TimelineEdit(benchmark::State& state) {
  Model& model = gpt2SmallEdit();
  const auto ids = tokens(128, model.config().vocabSize);
  RunConfig cfg = presetConfig("spatten-gpt2");
  RunOptions opt;
  opt.recordAttention = true;
  std::shared_ptr<const Workload> w[2];
  for (int i = 0; i < 2; ++i) {
    cfg.token_keep_end = i ? 0.35 : 0.25;
    w[i] = std::make_shared<const Workload>(toWorkload(runSpatten(model, ids, cfg, opt), "m"));
  }
  const HwConfig hw;
  const bool resume = state.range(0) != 0;
  auto points = std::make_unique<ResumePoints>(w[0], hw, cfg.seed, LogLevel::Full);
  const auto simulate = [&](ResumePoints& p) {
    Simulator sim = p.start();
    const std::uint64_t from = sim.cycle();
    while (!sim.finished()) {
      sim.stepCycles(4096);
      p.record(sim);
    }
    return sim.cycle() - from;
  };
  simulate(*points);  // the run before the first edit
  std::uint64_t cycles = 0;
  int flip = 0;
  for (auto _ : state) {
    flip ^= 1;
    auto next = std::make_unique<ResumePoints>(w[flip], hw, cfg.seed, LogLevel::Full,
                                               resume ? points.get() : nullptr);
    cycles += simulate(*next);
    points = std::move(next);
  }
  state.counters["cycles"] =
      benchmark::Counter(static_cast<double>(cycles), benchmark::Counter::kAvgIterations);
}

void BM_TinyGpt2_128(benchmark::State& s) {
  run(s, tinyModel(), false);
}
void BM_TinyGpt2_128_Trace(benchmark::State& s) {
  run(s, tinyModel(), true);
}
void BM_Gpt2Small_128(benchmark::State& s) {
  run(s, gpt2Small(), false);
}
void BM_Gpt2Small_128_Trace(benchmark::State& s) {
  run(s, gpt2Small(), true);
}

}  // namespace

BENCHMARK(BM_TinyGpt2_128)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TinyGpt2_128_Trace)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gpt2Small_128)->Unit(benchmark::kMillisecond)->MinTime(3.0);
BENCHMARK(BM_Gpt2Small_128_Trace)->Unit(benchmark::kMillisecond)->MinTime(3.0);
BENCHMARK(BM_Gpt2Small_128_RunEdit)
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Iterations(6)
    ->Repetitions(3);
BENCHMARK(BM_Gpt2Small_128_TimelineEdit)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->Iterations(6)
    ->Repetitions(3);
BENCHMARK_MAIN();
