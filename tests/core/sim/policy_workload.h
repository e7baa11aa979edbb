#pragma once
// Test helper: the request stream of a functional run of the bundled tiny GPT-2 on the
// persuasion sample under a KV-cache policy (SpAtten with its own preset, the others from dense),
// 8-bit keys without LSBs (64-byte vectors at D = 64: two whole 32-byte transactions each),
// budget 0.3, 6 generation steps. Shared by tst_policy_addresses and tst_policy_hardware.

#include <memory>
#include <string>

#include "core/functional/run_report.h"
#include "core/functional/workload_convert.h"
#include "core/model/model.h"
#include "tests/core/sample_ids.h"

namespace spatten::test {

inline core::RunConfig policyTestConfig(const std::string& policy) {
  core::RunConfig cfg = core::presetConfig(policy == "spatten" ? "spatten-gpt2" : "dense");
  cfg.policy = policy;
  cfg.kv_budget = 0.3;
  cfg.generate = 6;
  cfg.k_msb_bits = 8;
  cfg.k_lsb_bits = 0;
  return cfg;
}

inline std::shared_ptr<const core::Workload> policyWorkload(const core::Model& model,
                                                            const core::RunConfig& cfg) {
  core::RunOptions ro;
  ro.recordAttention = true;
  const core::RunReport rep = core::runReport(
      model, encodeSentenceFile(samples("models/tiny-gpt2"), "persuasion.txt"), cfg, ro);
  return std::make_shared<const core::Workload>(core::toWorkload(rep.pruned, "tiny-gpt2"));
}

}  // namespace spatten::test
