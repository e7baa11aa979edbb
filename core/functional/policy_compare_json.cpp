// compareToJson: the `spatten-cli compare` document (docs/cli.md, "compare").
#include "core/functional/policy_compare.h"
#include "core/util/json_number.h"

namespace spatten::core {
namespace {

using ojson = nlohmann::ordered_json;

ojson bytesJson(const DramBytes& b) {
  return ojson{{"k_msb", b.kMsb}, {"k_lsb", b.kLsb}, {"v", b.v},
               {"q", b.q},        {"meta", b.meta},  {"total", b.total()}};
}

ojson stageJson(const StageFigures& s, bool simulated) {
  ojson j{{"requests", s.requests}, {"dram_bytes", bytesJson(s.dram)}};
  if (simulated) {
    j["cycles"] = s.cycles;
    j["energy_uj"] = jsonRound7(s.energyUj);
  }
  return j;
}

ojson rowJson(const CompareRow& r, Family family, bool simulated) {
  ojson j{{"policy", r.policy},
          {"budget", jsonRound7(r.budget)},
          {"key_fraction", jsonRound7(r.keyFraction)}};
  if (family == Family::Gpt2)
    j["fidelity"] = ojson{{"steps", r.steps},
                          {"top1_agreement", jsonRound7(r.top1Agreement)},
                          {"mean_kl", jsonRound7(r.meanKl)}};
  else
    j["fidelity"] = ojson{{"windows", r.steps},
                          {"cls_cosine", jsonRound7(r.clsCosine)},
                          {"mlm_agreement", jsonRound7(r.mlmAgreement)}};
  DramBytes total = r.summarization.dram;
  total += r.generation.dram;
  j["dram_bytes"] = bytesJson(total);
  j["summarization"] = stageJson(r.summarization, simulated);
  j["generation"] = stageJson(r.generation, simulated);
  if (simulated) {
    j["cycles"] = r.summarization.cycles + r.generation.cycles;
    j["energy_uj"] = jsonRound7(r.summarization.energyUj + r.generation.energyUj);
  }
  j["config"] = toJson(r.config);
  return j;
}

}  // namespace

nlohmann::ordered_json compareToJson(const CompareResult& res, const CompareOptions& o) {
  ojson j;
  j["model"] = ojson{{"family", familyName(res.family)}};
  j["text"] = ojson{{"tokens", res.textTokens},
                    {"windows", res.windows},
                    {"window_tokens", res.windowTokens},
                    {"prompt_tokens", res.promptTokens}};
  j["simulated"] = o.simulate;
  if (o.simulate) {
    j["hw"] = o.hw.toJson();
    j["seed"] = o.seed;
  }
  j["dense"] = rowJson(res.dense, res.family, o.simulate);
  ojson rows = ojson::array();
  for (const CompareRow& r : res.rows) rows.push_back(rowJson(r, res.family, o.simulate));
  j["rows"] = rows;
  return j;
}

}  // namespace spatten::core
