#include "core/functional/workload_convert.h"

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>

#include "core/functional/runner.h"

namespace spatten::core {
namespace {

// Which on-chip score update a request of `policy` drives (SnapKV only votes in the prefill).
ScoreUpdate scoreUpdateOf(const std::string& policy, int iteration) {
  if (policy == "h2o") return ScoreUpdate::AccumulatePerHead;
  if (policy == "tova") return ScoreUpdate::LayerSum;
  if (policy == "snapkv" && iteration == 0) return ScoreUpdate::WindowVote;
  return ScoreUpdate::None;
}

}  // namespace

Workload toWorkload(const RunResult& run, const std::string& modelName) {
  Workload w;
  w.model = ModelInfo{modelName, run.layers, run.heads, run.headDim};
  appendRequests(run, 0, w.requests);
  return w;
}

void appendRequests(const RunResult& run, std::size_t from, std::vector<Request>& out) {
  const FetchBits bits = fetchBits(run.config);
  const RunConfig& c = run.config;
  const bool pqActive = c.pq_enabled && c.k_msb_bits > 0;
  std::map<std::pair<int, int>, const LayerRecord*> layerOf;
  for (const LayerRecord& lr : run.layerRecords) layerOf[{lr.iteration, lr.layer}] = &lr;
  if (out.empty()) out.reserve(run.requests.size() - std::min(from, run.requests.size()));
  for (size_t i = from; i < run.requests.size(); ++i) {
    const RequestRecord& rq = run.requests[i];
    const LayerRecord* lr = layerOf.at({rq.iteration, rq.layer});
    Request r;
    r.iteration = rq.iteration;
    r.layer = rq.layer;
    r.head = rq.head;
    r.query = rq.query;
    r.stage = rq.iteration == 0 ? Stage::Summarization : Stage::Generation;
    r.d = run.headDim;
    r.sentenceLength = lr->sequenceLength;
    r.keyFetchNum = rq.keyFetch;
    r.keyMsbBits = bits.kMsb;
    r.keyLsbBits = bits.kLsb;
    r.queryBits = bits.q;
    r.valueBits = bits.v;
    r.requantThreshold = pqActive ? c.pq_threshold : -1.0;
    r.refetchLsb = rq.refetch;
    r.csvIfRequant = rq.refetch;
    r.valueFetchNum = rq.valueFetch;
    // SpAtten accumulates token importance and runs the cascade top-k after every layer; a KV
    // policy instead selects per head (keyIds) with its own score update, if any.
    const bool cascade = c.policy == "spatten";
    r.accumulateImportance = cascade;
    // kv_budget 1 keeps every key: nothing is ever evicted or ranked, so the datapath keeps no
    // scores and runs no selection (every policy then equals the dense run, cycles included).
    const bool selects = c.kv_budget < 1.0;
    r.scoreUpdate = selects ? scoreUpdateOf(c.policy, rq.iteration) : ScoreUpdate::None;
    if (!rq.keyIds.empty())
      r.keyIds = std::make_shared<const std::vector<int>>(rq.keyIds);
    r.pageSize = c.policy == "quest" && rq.iteration > 0 ? c.page : 0;
    r.metaFetchNum = rq.metaPages;
    r.metaBits = bits.meta;
    r.selectCandidates = selects ? rq.candidates : 0;
    r.poolKernel = c.policy == "snapkv" ? c.pool_kernel : 0;
    const bool lastOfLayer = i + 1 == run.requests.size() ||
                             run.requests[i + 1].iteration != rq.iteration ||
                             run.requests[i + 1].layer != rq.layer;
    r.topk = cascade && lastOfLayer;
    r.topkNum = lastOfLayer ? static_cast<int>(lr->aliveTokens.size()) : -1;
    if (!rq.probs.empty()) r.probs = std::make_shared<const std::vector<float>>(rq.probs);
    r.csvKeyBits = c.k_msb_bits == 0 ? -1 : bits.kMsb;
    r.csvQueryBits = c.q_bits == 0 ? -1 : c.q_bits;
    r.csvValueBits = c.v_bits == 0 ? -1 : c.v_bits;
    r.csvIncrement = bits.kLsb;
    out.push_back(std::move(r));
  }
}

DramReport countDram(const Workload& w) {
  auto bytesOf = [](std::uint64_t vectors, int dim, int b) {
    return (vectors * std::uint64_t(dim) * std::uint64_t(b) + 7) / 8;
  };
  struct Acc {
    int d = 64;
    std::uint64_t maxKeys = 0, queries = 0;
    bool anyRefetch = false, summarization = false;
    int kMsb = 0, kLsb = 0, v = 0, q = 0;
    DramBytes bytes;
  };
  std::map<std::tuple<int, int, int>, Acc> cells;
  for (const Request& r : w.requests) {
    Acc& a = cells[{r.iteration, r.layer, r.head}];
    if (r.stage == Stage::Summarization) {
      a.summarization = true;
      a.d = r.d;
      a.maxKeys = std::max<std::uint64_t>(a.maxKeys, std::uint64_t(r.keyFetchNum));
      ++a.queries;
      a.anyRefetch = a.anyRefetch || r.refetchLsb;
      a.kMsb = r.keyMsbBits;
      a.kLsb = r.keyLsbBits;
      a.v = r.valueBits;
      a.q = r.queryBits;
      continue;
    }
    a.bytes.kMsb += bytesOf(std::uint64_t(r.keyFetchNum), r.d, r.keyMsbBits);
    if (r.refetchLsb) a.bytes.kLsb += bytesOf(std::uint64_t(r.keyFetchNum), r.d, r.keyLsbBits);
    a.bytes.v += bytesOf(std::uint64_t(r.valueFetchNum), r.d, r.valueBits);
    a.bytes.q += bytesOf(1, r.d, r.queryBits);
    a.bytes.meta += bytesOf(2 * std::uint64_t(r.metaFetchNum), r.d, r.metaBits);
  }
  DramReport rep;
  for (auto& [key, a] : cells) {
    if (a.summarization) {
      a.bytes.kMsb += bytesOf(a.maxKeys, a.d, a.kMsb);
      a.bytes.kLsb += a.anyRefetch ? bytesOf(a.maxKeys, a.d, a.kLsb) : 0;
      a.bytes.v += bytesOf(a.maxKeys, a.d, a.v);
      a.bytes.q += a.queries * bytesOf(1, a.d, a.q);
    }
    rep.cells.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), a.bytes});
    rep.total += a.bytes;
  }
  return rep;
}

}  // namespace spatten::core
