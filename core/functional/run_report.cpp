#include "core/functional/run_report.h"

#include <fmt/format.h>

#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/functional/cascade.h"
#include "core/util/json_number.h"

namespace spatten::core {

RunReport runReport(const Model& model, const std::vector<int>& ids, const RunConfig& cfg,
                    const RunOptions& options, const std::vector<int>& maskPositions) {
  validate(cfg, "<config>");
  RunReport rep;
  RunConfig denseCfg = presetConfig("dense");
  denseCfg.generate = cfg.generate;
  denseCfg.seed = cfg.seed;
  RunOptions denseOpt;
  denseOpt.inputName = options.inputName;
  denseOpt.recordRefetchRows = false;
  rep.dense = std::make_shared<const RunResult>(runSpatten(model, ids, denseCfg, denseOpt));
  RunOptions prunedOpt = options;
  if (model.family() == Family::Gpt2) prunedOpt.forcedTokens = rep.dense->generatedIds;
  rep.pruned = runSpatten(model, ids, cfg, prunedOpt);
  rep.denseBaseline = countDram(*rep.dense, denseBaselineBits());
  rep.fidelity = measureFidelity(model, *rep.dense, rep.pruned, maskPositions);
  return rep;
}

namespace {

using ojson = nlohmann::ordered_json;

ojson numbers(const std::vector<double>& v) {
  ojson a = ojson::array();
  for (double x : v) a.push_back(jsonRound7(x));
  return a;
}

ojson bytesJson(const DramBytes& b) {
  return ojson{{"k_msb", b.kMsb}, {"k_lsb", b.kLsb}, {"v", b.v},
               {"q", b.q},        {"meta", b.meta},  {"total", b.total()}};
}

}  // namespace

nlohmann::ordered_json reportToJson(const RunReport& rep, const ReportJsonOptions& opt) {
  const RunResult& r = rep.pruned;
  ojson j;
  j["model"] = ojson{{"name", opt.modelName}, {"family", familyName(r.family)},
                     {"layers", r.layers}, {"heads", r.heads}, {"head_dim", r.headDim}};
  j["config"] = toJson(r.config);
  ojson tokens = ojson::array();
  for (size_t i = 0; i < r.promptIds.size(); ++i) {
    ojson t{{"index", i}, {"id", r.promptIds[i]}};
    if (i < opt.tokenTexts.size()) t["text"] = opt.tokenTexts[i];
    tokens.push_back(t);
  }
  j["tokens"] = tokens;
  j["generated_ids"] = r.generatedIds;
  j["predicted_ids"] = r.stepArgmax;
  // KV policies: each head's keys (Quest: also its pages) per generation (iteration, layer).
  std::map<std::pair<int, int>, std::pair<ojson, ojson>> headKeys;
  const bool kvPolicy = r.config.policy != "spatten";
  if (kvPolicy)
    for (const RequestRecord& rq : r.requests) {
      if (rq.iteration == 0) continue;
      auto [it, fresh] = headKeys.try_emplace({rq.iteration, rq.layer});
      if (fresh) {
        it->second.first = ojson::array();
        it->second.second = ojson::array();
        for (int h = 0; h < r.heads; ++h) {
          it->second.first.push_back(ojson::array());
          it->second.second.push_back(ojson::array());
        }
      }
      it->second.first[static_cast<size_t>(rq.head)] = rq.keyIds;
      it->second.second[static_cast<size_t>(rq.head)] = rq.pages;
    }
  ojson layers = ojson::array();
  for (const LayerRecord& lr : r.layerRecords) {
    if (const auto hk = headKeys.find({lr.iteration, lr.layer}); hk != headKeys.end()) {
      ojson e{{"iteration", lr.iteration},
              {"layer", lr.layer},
              {"sequence_length", lr.sequenceLength},
              {"kv_budget", lr.kvBudget},
              {"computed_heads", lr.computedHeads},
              {"alive_heads", lr.aliveHeads},
              {"head_keys", hk->second.first},
              {"head_importance", numbers(lr.headImportance)}};
      if (r.config.policy == "quest") e["head_pages"] = hk->second.second;
      layers.push_back(std::move(e));
      continue;
    }
    layers.push_back(ojson{{"iteration", lr.iteration},
                           {"layer", lr.layer},
                           {"sequence_length", lr.sequenceLength},
                           {"token_keep", jsonRound7(lr.tokenKeep)},
                           {"token_budget", lr.tokenBudget},
                           {"head_keep", jsonRound7(lr.headKeep)},
                           {"head_budget", lr.headBudget},
                           {"computed_tokens", lr.computedTokens},
                           {"computed_heads", lr.computedHeads},
                           {"alive_tokens", lr.aliveTokens},
                           {"alive_heads", lr.aliveHeads},
                           {"token_importance", numbers(lr.tokenImportance)},
                           {"head_importance", numbers(lr.headImportance)}});
  }
  j["layers"] = layers;
  j["requests"] = ojson{
      {"total", r.requestCount},
      {"refetch", r.refetchCount},
      {"refetch_rate", jsonRound7(r.requestCount ? double(r.refetchCount) / r.requestCount : 0.0)}};
  ojson dram;
  dram["total"] = r.dram.total.total();
  dram["dense_baseline"] = rep.denseBaseline.total.total();
  dram["reduction"] = jsonRound7(r.dram.total.total() ? double(rep.denseBaseline.total.total()) /
                                                            double(r.dram.total.total())
                                                      : 0.0);
  dram["by_kind"] = bytesJson(r.dram.total);
  dram["dense_baseline_by_kind"] = bytesJson(rep.denseBaseline.total);
  ojson cells = ojson::array();
  for (const DramCell& c : r.dram.cells)
    cells.push_back(ojson{{"iteration", c.iteration}, {"layer", c.layer}, {"head", c.head},
                          {"k_msb", c.bytes.kMsb}, {"k_lsb", c.bytes.kLsb}, {"v", c.bytes.v},
                          {"q", c.bytes.q}, {"meta", c.bytes.meta}});
  dram["cells"] = cells;
  j["dram_bytes"] = dram;
  const Fidelity& f = rep.fidelity;
  ojson fid;
  if (r.family == Family::Gpt2) {
    fid["top1_agreement"] = jsonRound7(f.top1Agreement);
    fid["mean_kl"] = jsonRound7(f.meanKl);
    ojson steps = ojson::array();
    for (const StepFidelity& s : f.steps)
      steps.push_back(ojson{{"iteration", s.iteration},
                            {"dense_top1", s.denseTop1},
                            {"pruned_top1", s.prunedTop1},
                            {"kl", jsonRound7(s.kl)}});
    fid["steps"] = steps;
  } else {
    fid["cls_cosine"] = jsonRound7(f.clsCosine);
    fid["mlm_positions"] = f.mlmPositions;
    fid["dense_mlm"] = f.denseMlm;
    fid["pruned_mlm"] = f.prunedMlm;
    fid["mlm_agreement"] = jsonRound7(f.mlmAgreement);
  }
  j["fidelity"] = fid;
  return j;
}

namespace {

void appendInts(fmt::memory_buffer& out, const std::vector<int>& v) {
  out.push_back('[');
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out.push_back(',');
    fmt::format_to(std::back_inserter(out), "{}", v[i]);
  }
  out.push_back(']');
}

// One request of the "attention" array, its keys in nlohmann::json's (sorted) order.
void appendRequest(fmt::memory_buffer& out, const RequestRecord& rq) {
  fmt::format_to(std::back_inserter(out),
                 "{{\"head\":{},\"iteration\":{},\"kept_values\":", rq.head, rq.iteration);
  appendInts(out, rq.keptValues);
  out.append(std::string_view(",\"keys\":"));
  appendInts(out, rq.keys);
  fmt::format_to(std::back_inserter(out), ",\"layer\":{},\"probs\":[", rq.layer);
  for (std::size_t i = 0; i < rq.probs.size(); ++i) {
    if (i > 0) out.push_back(',');
    appendJsonDouble(out, jsonRound7(rq.probs[i]));
  }
  fmt::format_to(std::back_inserter(out), "],\"query\":{},\"refetch\":{}}}", rq.query, rq.refetch);
}

}  // namespace

void writeRunJson(std::ostream& os, const nlohmann::ordered_json& doc, const RunResult& pruned,
                  bool attention) {
  nlohmann::json sorted(doc);  // nlohmann::json keeps its keys sorted
  if (!attention) {
    os << sorted.dump() << '\n';
    return;
  }
  // The document's dump with "attention" as its first key (every other key sorts after it),
  // the placeholder replaced by the streamed array.
  constexpr std::string_view kHead = "{\"attention\":null";
  sorted["attention"] = nullptr;
  const std::string rest = sorted.dump();
  if (rest.compare(0, kHead.size(), kHead) != 0)
    throw std::logic_error("writeRunJson: a key sorts before \"attention\"");
  fmt::memory_buffer buf;
  os << "{\"attention\":[";
  for (std::size_t i = 0; i < pruned.requests.size(); ++i) {
    buf.clear();
    if (i > 0) buf.push_back(',');
    appendRequest(buf, pruned.requests[i]);
    os.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  }
  os << ']';
  os.write(rest.data() + kHead.size(), static_cast<std::streamsize>(rest.size() - kHead.size()));
  os << '\n';
}

}  // namespace spatten::core
