#include "core/functional/policy_compare.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>

#include "core/sim/simulator.h"
#include "core/functional/fidelity.h"
#include "core/functional/runner.h"
#include "core/functional/workload_convert.h"
#include "core/util/error.h"

namespace spatten::core {
namespace {

struct Window {
  std::vector<int> prompt;  // GPT-2: the first promptTokens; BERT: [CLS] tokens [SEP]
  std::vector<int> forced;  // GPT-2: the rest, fed as generation steps
};

void checkOptions(const Model& model, const CompareOptions& o) {
  if (o.policies.empty()) throw Error("--policies", "", "give at least one policy");
  const auto& names = policyNames();
  for (const std::string& p : o.policies) {
    if (std::find(names.begin(), names.end(), p) == names.end())
      throw Error("--policies", p, fmt::format("not a policy; allowed {}", fmt::join(names, ", ")));
    if (p != "spatten" && model.family() != Family::Gpt2)
      throw Error("--policies", p,
                  "selects keys of a decoder's KV cache and is defined for decoders (GPT-2) "
                  "only; compare BERT with --policies spatten");
  }
  if (o.budgets.empty()) throw Error("--budget", "", "give at least one budget");
  for (double b : o.budgets)
    if (!(b > 0.0 && b <= 1.0))
      throw Error("--budget", fmt::format("{}", b), "out of range; allowed (0, 1]");
  const int ctx = model.config().maxPositions;
  if (o.windowTokens < 3 || o.windowTokens > ctx)
    throw Error("--window", fmt::format("{}", o.windowTokens),
                fmt::format("out of range; allowed 3..{} (the model's context)", ctx));
  if (model.family() == Family::Gpt2 && (o.promptTokens < 1 || o.promptTokens >= o.windowTokens))
    throw Error("--prompt", fmt::format("{}", o.promptTokens),
                fmt::format("out of range; allowed 1..{} (below --window)", o.windowTokens - 1));
  if (o.maxWindows < 0) throw Error("--windows", "", "must be >= 0 (0 = every window)");
}

std::vector<Window> cutWindows(const Model& model, const std::vector<int>& text,
                               const CompareOptions& o, int cls, int sep) {
  const bool gpt2 = model.family() == Family::Gpt2;
  const size_t span = static_cast<size_t>(gpt2 ? o.windowTokens : o.windowTokens - 2);
  size_t count = text.size() / span;
  if (o.maxWindows > 0) count = std::min(count, static_cast<size_t>(o.maxWindows));
  if (count == 0)
    throw Error("--text-file", "",
                fmt::format("{} tokens are fewer than one window of {}", text.size(), span));
  std::vector<Window> out(count);
  for (size_t w = 0; w < count; ++w) {
    const auto first = text.begin() + static_cast<std::ptrdiff_t>(w * span);
    if (gpt2) {
      out[w].prompt.assign(first, first + o.promptTokens);
      out[w].forced.assign(first + o.promptTokens, first + static_cast<std::ptrdiff_t>(span));
    } else {
      out[w].prompt.push_back(cls);
      out[w].prompt.insert(out[w].prompt.end(), first, first + static_cast<std::ptrdiff_t>(span));
      out[w].prompt.push_back(sep);
    }
  }
  return out;
}

// The run configuration of one row. SpAtten at budget b keeps r_l = b in every layer.
RunConfig rowConfig(const CompareOptions& o, const std::string& policy, double budget, int layers,
                    int generate) {
  RunConfig c = o.base;
  c.generate = generate;
  if (policy == "dense") {
    c.policy = "spatten";
    c.token_keep_per_layer.assign(static_cast<size_t>(layers), 1.0);
    c.head_keep_per_layer.assign(static_cast<size_t>(layers), 1.0);
    c.value_keep = 1.0;
    return c;
  }
  c.policy = policy;
  c.kv_budget = budget;
  if (policy == "spatten") c.token_keep_per_layer.assign(static_cast<size_t>(layers), budget);
  return c;
}

// Cycles and energy of one stage's requests of `w` (none: zeros).
void simulateStage(const Workload& w, Stage stage, const CompareOptions& o, StageFigures& out) {
  auto part = std::make_shared<Workload>();
  part->model = w.model;
  for (const Request& r : w.requests)
    if (r.stage == stage) part->requests.push_back(r);
  if (part->requests.empty()) return;
  Simulator sim(part, o.hw, o.seed, LogLevel::Off);
  sim.run();
  out.cycles += sim.stats().cycles;
  out.energyUj += computeEnergy(sim.stats(), o.hw).totalPj() * 1e-6;
}

CompareRow runRow(const Model& model, const std::vector<Window>& windows,
                  const std::vector<RunResult>& dense, const CompareOptions& o,
                  const std::string& policy, double budget) {
  CompareRow row;
  row.policy = policy;
  row.budget = budget;
  const bool gpt2 = model.family() == Family::Gpt2;
  double klSum = 0.0, fetched = 0.0, seen = 0.0;
  int agree = 0;
  for (size_t w = 0; w < windows.size(); ++w) {
    const int gen = static_cast<int>(windows[w].forced.size());
    const RunConfig cfg = rowConfig(o, policy, budget, model.config().layers, gen);
    if (w == 0) row.config = cfg;
    RunOptions ro;
    ro.forcedTokens = windows[w].forced;
    ro.recordAttention = o.simulate;  // the local-V top-k engine's real input
    ro.recordRefetchRows = false;
    ro.inputName = "--text-file";
    const RunResult run = runSpatten(model, windows[w].prompt, cfg, ro);
    const Fidelity f = measureFidelity(model, dense[w], run, {});
    if (gpt2) {
      for (const StepFidelity& s : f.steps) {
        if (s.iteration == 0) continue;  // the prefill's prediction is not a generation step
        ++row.steps;
        agree += s.denseTop1 == s.prunedTop1 ? 1 : 0;
        klSum += s.kl;
      }
    } else {
      row.clsCosine += f.clsCosine;
      row.mlmAgreement += f.mlmAgreement;
      ++row.steps;
    }
    for (const DramCell& c : run.dram.cells)
      (c.iteration == 0 ? row.summarization : row.generation).dram += c.bytes;
    for (const RequestRecord& rq : run.requests) {
      StageFigures& st = rq.iteration == 0 ? row.summarization : row.generation;
      ++st.requests;
      if (rq.iteration > 0) {
        fetched += rq.keyFetch;
        seen += static_cast<double>(windows[w].prompt.size()) + rq.iteration;
      }
    }
    if (o.simulate) {
      const Workload wl = toWorkload(run, "compare");
      simulateStage(wl, Stage::Summarization, o, row.summarization);
      simulateStage(wl, Stage::Generation, o, row.generation);
    }
  }
  if (gpt2 && row.steps > 0) {
    row.top1Agreement = static_cast<double>(agree) / row.steps;
    row.meanKl = klSum / row.steps;
  } else if (!gpt2 && row.steps > 0) {
    row.clsCosine /= row.steps;
    row.mlmAgreement /= row.steps;
  }
  row.keyFraction = seen > 0 ? fetched / seen : 1.0;
  return row;
}

}  // namespace

CompareResult comparePolicies(const Model& model, const std::vector<int>& textIds,
                              const CompareOptions& o,
                              const std::function<void(const std::string&)>& progress) {
  checkOptions(model, o);
  validate(o.base, "<base config>");
  CompareResult res;
  res.family = model.family();
  const std::vector<Window> windows = cutWindows(model, textIds, o, o.bertCls, o.bertSep);
  res.textTokens = static_cast<int>(textIds.size());
  res.windows = static_cast<int>(windows.size());
  res.windowTokens = o.windowTokens;
  res.promptTokens = model.family() == Family::Gpt2 ? o.promptTokens : o.windowTokens;
  // The dense float model, teacher-forced with the text: what fidelity is measured against.
  std::vector<RunResult> dense;
  for (const Window& w : windows) {
    RunConfig dc = presetConfig("dense");
    dc.generate = static_cast<int>(w.forced.size());
    RunOptions ro;
    ro.forcedTokens = w.forced;
    ro.recordRefetchRows = false;
    ro.inputName = "--text-file";
    dense.push_back(runSpatten(model, w.prompt, dc, ro));
  }
  const auto report = [&](const CompareRow& r) {
    if (progress)
      progress(fmt::format("{} {}: {} steps, top-1 {:.4f}, mean KL {:.4f}, keys {:.3f}", r.policy,
                           r.budget, r.steps, r.top1Agreement, r.meanKl, r.keyFraction));
  };
  res.dense = runRow(model, windows, dense, o, "dense", 1.0);
  report(res.dense);
  for (const std::string& p : o.policies)
    for (double b : o.budgets) {
      res.rows.push_back(runRow(model, windows, dense, o, p, b));
      report(res.rows.back());
    }
  return res;
}

}  // namespace spatten::core
