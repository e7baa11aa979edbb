// Simulator construction and the front end: request admission (key/value buffer allocation, at
// most fetcher.max_inflight_requests in flight), DRAM address layout and fetch-job planning.
#include <algorithm>
#include <random>

#include "core/sim/simulator.h"
#include "core/util/error.h"

namespace spatten::core {
namespace {

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Region of (layer, head, kind): 16 MiB apart, so every region starts on a row boundary.
std::uint64_t regionBase(int layer, int heads, int head, DataKind kind) {
  return ((static_cast<std::uint64_t>(layer) * static_cast<std::uint64_t>(heads) +
           static_cast<std::uint64_t>(head)) * kDataKinds + static_cast<std::uint64_t>(kind))
         << 24;
}

int ceilDiv(int a, int b) { return (a + b - 1) / b; }

}  // namespace

Simulator::Simulator(std::shared_ptr<const Workload> workload, HwConfig hw, std::uint64_t seed,
                     LogLevel logLevel)
    : m_workload(std::move(workload)), m_hw(std::move(hw)), m_seed(seed), m_logLevel(logLevel) {
  if (!m_workload) throw Error("<simulator>", "workload", "null workload");
  m_hw.validate("<simulator>");
  for (std::size_t i = 0; i < m_workload->requests.size(); ++i) {
    const Request& r = m_workload->requests[i];
    if (r.d < 1 || r.keyFetchNum < 0 || r.valueFetchNum < 0 || r.layer > 255)
      throw Error("<workload>", "request " + std::to_string(i), "invalid request fields");
  }
  reset();
}

void Simulator::reset() {
  const auto& reqs = m_workload->requests;
  m_cycle = 0;
  m_stats = SimStats{};
  m_stats.dramBytesPerLayer.assign(static_cast<std::size_t>(std::max(1, m_workload->model.layers)), 0);
  m_stats.dramBytesPerChannel.assign(static_cast<std::size_t>(m_hw.hbmChannels), 0);
  m_act = Activity(m_workload, m_logLevel);
  m_qkCurrent = -1;
  m_qkCurrentPass = 0;
  m_reqs.clear();
  m_reqBase = m_nextAdmit = 0;
  m_openGroup = kNone;
  m_jobs.clear();
  m_freeJobs.clear();
  m_groups.clear();
  m_freeGroups.clear();
  m_keyLinesUsed = m_valLinesUsed = 0;
  m_keyAllocs = m_valAllocs = 0;
  m_fetchLsb.clear();
  m_fetchV.clear();
  m_fetchK.clear();
  m_lanes.assign(static_cast<std::size_t>(m_hw.fetchLanes),
                 RingFifo<DramTx>(static_cast<std::size_t>(m_hw.addrFifoDepth)));
  m_nextLane = m_xbarStart = 0;
  m_channels.clear();
  for (int c = 0; c < m_hw.hbmChannels; ++c) m_channels.emplace_back(m_hw, c);
  m_channelMask = static_cast<std::uint64_t>(m_hw.hbmChannels - 1);
  m_completions.clear();
  m_completions.reserve(static_cast<std::size_t>(m_hw.hbmChannels) * 4);
  m_qkTasks.clear();
  m_qkPipe = DelayLine<Beat>(m_hw.qkPipelineDepth);
  m_qkPipeScores = 0;
  m_smIn = RingFifo<Beat>(static_cast<std::size_t>(m_hw.softmaxFifoDepth));
  m_smInScores = 0;
  m_smPipeA = DelayLine<Beat>(m_hw.softmaxDequantLatency + m_hw.softmaxExpLatency + m_hw.softmaxAccLatency);
  m_smPipeB = DelayLine<Beat>(m_hw.softmaxPassthrough ? 1 : m_hw.softmaxDivLatency + m_hw.softmaxQuantLatency);
  m_smTasksB.clear();
  m_smAElems = 0;
  m_smPipeBBeats = 0;
  m_holdBeats = 0;
  m_decisions.clear();
  m_topk = TopkEngineState{};
  m_topkNext = 0;
  m_avNext = 0;
  m_avPipe = DelayLine<Beat>(m_hw.avPipelineDepth);
  m_tokenAccWork.clear();
  m_headAccWork.clear();
  m_tokenTopk = TokenTopkState{};
  // Layer ends: the head top-k (module 13) runs after the last request of each layer.
  m_layerEndHeads.assign(reqs.size(), 0);
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    bool end = i + 1 == reqs.size() || reqs[i + 1].layer != reqs[i].layer ||
               reqs[i + 1].iteration != reqs[i].iteration;
    if (!end) continue;
    std::uint32_t nextHeads = 0;
    std::vector<int> seen;
    for (std::size_t j = i + 1; j < reqs.size() && reqs[j].layer == reqs[i + 1].layer &&
                                reqs[j].iteration == reqs[i + 1].iteration; ++j)
      if (std::find(seen.begin(), seen.end(), reqs[j].head) == seen.end()) seen.push_back(reqs[j].head);
    nextHeads = static_cast<std::uint32_t>(seen.empty() ? 1 : seen.size());
    m_layerEndHeads[i] = nextHeads;
  }
  // Two-head key fusion (fetcher.fuse_heads): pairs of consecutive generation requests of the
  // same (iteration, layer) with the same alive keys, whose key vector is not a whole number of
  // 32 B transactions but two are (RTL: 6-bit rows pair up, the second carries `last`).
  m_fuseRole.assign(reqs.size(), 0);
  const auto fusable = [&](const Request& a, const Request& b) {
    const int bytes = ceilDiv(a.d * a.keyMsbBits, 8);
    return a.stage == Stage::Generation && b.stage == Stage::Generation && a.keyMsbBits > 0 &&
           bytes % 32 != 0 && (2 * bytes) % 32 == 0 && a.iteration == b.iteration &&
           a.layer == b.layer && a.head != b.head && a.d == b.d && a.keyMsbBits == b.keyMsbBits &&
           a.keyLsbBits == b.keyLsbBits && a.keyFetchNum == b.keyFetchNum &&
           a.sentenceLength == b.sentenceLength;
  };
  for (std::size_t i = 0; m_hw.fuseHeads && i + 1 < reqs.size(); ++i)
    if (fusable(reqs[i], reqs[i + 1])) {
      m_fuseRole[i] = 1;
      m_fuseRole[++i] = 2;
    }
}

std::shared_ptr<const std::vector<std::uint32_t>> Simulator::aliveTokens(std::uint32_t idx,
                                                                         int n) const {
  const Request& r = m_workload->requests[idx];
  auto out = std::make_shared<std::vector<std::uint32_t>>();
  const int len = std::max(r.sentenceLength, n);
  if (n >= len || r.stage == Stage::Summarization) {
    out->resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) (*out)[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(i);
    return out;
  }
  // Unknown alive set (CSV import): a deterministic subset shared by all heads of the
  // (iteration, layer), always holding the newest token (semantics.md: protected token).
  std::mt19937_64 rng(splitmix(m_seed ^ splitmix((static_cast<std::uint64_t>(r.iteration) << 16) ^
                                                 static_cast<std::uint64_t>(r.layer))));
  std::vector<std::uint8_t> pick(static_cast<std::size_t>(len), 0);
  pick[static_cast<std::size_t>(len - 1)] = 1;
  // Floyd's sampling of n-1 tokens out of [0, len-1).
  const int m = len - 1;
  for (int j = m - (n - 1); j < m; ++j) {
    int t = static_cast<int>(rng() % static_cast<std::uint64_t>(j + 1));
    if (pick[static_cast<std::size_t>(t)]) t = j;
    pick[static_cast<std::size_t>(t)] = 1;
  }
  out->reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < len; ++i)
    if (pick[static_cast<std::size_t>(i)]) out->push_back(static_cast<std::uint32_t>(i));
  return out;
}

std::shared_ptr<const TopKResult> Simulator::localTopk(std::uint32_t idx, int n, int k) const {
  const Request& r = m_workload->requests[idx];
  std::vector<float> values;
  if (r.probs && static_cast<int>(r.probs->size()) == n) {
    values = *r.probs;
  } else {  // as the RTL's TopKLatencyModel: seeded pseudo-random inputs
    std::mt19937_64 vr(splitmix(m_seed ^ splitmix(0x5157ull + idx)));
    values.resize(static_cast<std::size_t>(n));
    for (float& v : values) v = static_cast<float>(vr() >> 40) * (1.0f / 16777216.0f);
  }
  std::mt19937_64 pivots(splitmix(m_seed ^ splitmix(0x70c4ull + 2 * idx)));
  return std::make_shared<const TopKResult>(topkSelect(values, static_cast<std::size_t>(k), pivots));
}

std::shared_ptr<const FetchPlan> Simulator::planVectors(const Request& r, DataKind kind,
                                                        const std::vector<std::uint32_t>& tokens,
                                                        int fuse) const {
  int bits = kind == DataKind::KMsb ? r.keyMsbBits
             : kind == DataKind::KLsb ? r.keyLsbBits
             : kind == DataKind::V    ? r.valueBits
                                      : r.queryBits;
  if (bits <= 0) bits = 32;  // floating point
  const std::uint64_t vb = static_cast<std::uint64_t>(ceilDiv(r.d * bits, 8) * fuse);
  const std::uint64_t base = regionBase(r.layer, std::max(1, m_workload->model.heads), r.head, kind);
  auto plan = std::make_shared<FetchPlan>();
  plan->txAddr.reserve(tokens.size() * (vb / 32 + 2));
  plan->vecEndTx.reserve(tokens.size());
  std::uint64_t last = ~0ull;
  for (std::uint32_t t : tokens) {
    const std::uint64_t a = base + t * vb;
    for (std::uint64_t blk = a >> 5; blk <= (a + vb - 1) >> 5; ++blk) {
      if (blk == last) continue;  // shared with the previous vector: fetched once
      plan->txAddr.push_back(blk << 5);
      last = blk;
    }
    plan->vecEndTx.push_back(static_cast<std::uint32_t>(plan->txAddr.size()));
  }
  plan->payloadBytes = vb * tokens.size();
  return plan;
}

std::uint32_t Simulator::newJob(std::uint32_t request, DataKind kind,
                                std::shared_ptr<const FetchPlan> plan, std::uint32_t issueLimit) {
  std::uint32_t slot;
  if (!m_freeJobs.empty()) {
    slot = m_freeJobs.back();
    m_freeJobs.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(m_jobs.size());
    m_jobs.emplace_back();
  }
  FetchJob& j = m_jobs[slot];
  j = FetchJob{};
  j.plan = std::move(plan);
  j.request = request;
  j.kind = kind;
  j.layer = static_cast<std::uint8_t>(m_workload->requests[request].layer);
  j.live = true;
  j.issueLimit = issueLimit;
  j.done.assign(j.plan->txAddr.size(), 0);
  const auto k = static_cast<std::size_t>(kind);
  m_stats.requestedBytes[k] += j.plan->txAddr.size() * 32;
  m_stats.payloadBytes[k] += j.plan->payloadBytes;
  while (j.readyVectors < j.vectors() && j.plan->vecEndTx[j.readyVectors] == 0) ++j.readyVectors;
  return slot;
}

void Simulator::freeJob(std::uint32_t job) {
  if (job == kNone) return;
  FetchJob& j = m_jobs[job];
  j.live = false;
  j.plan.reset();
  j.done.clear();
  m_freeJobs.push_back(job);
}

void Simulator::tickAdmission() {
  const auto& reqs = m_workload->requests;
  if (m_nextAdmit >= reqs.size()) return;
  if (m_keyAllocs >= static_cast<std::uint32_t>(m_hw.maxInflightRequests)) return;
  const std::uint32_t idx = m_nextAdmit;
  const Request& r = reqs[idx];
  const int perLineK = std::max(1, m_hw.qkMultipliers / r.d);
  const int perLineV = std::max(1, m_hw.avMultipliers / r.d);
  const std::uint32_t kCap = static_cast<std::uint32_t>(m_hw.keyBufferLines());
  const std::uint32_t vCap = static_cast<std::uint32_t>(m_hw.valueBufferLines());
  const bool resident = r.stage == Stage::Summarization;
  bool lead = true;
  if (m_fuseRole[idx] == 2 && m_openGroup != kNone) lead = false;  // joins its fused lead
  if (resident && m_openGroup != kNone) {
    const Request& prev = reqs[idx - 1];
    lead = !(prev.stage == Stage::Summarization && prev.iteration == r.iteration &&
             prev.layer == r.layer && prev.head == r.head);
  }
  ReqState s;
  s.idx = idx;
  s.layer = static_cast<std::uint8_t>(r.layer);
  s.keys = r.keyFetchNum;
  s.vals = std::min(r.valueFetchNum, r.keyFetchNum);
  s.d = r.d;
  s.refetch = r.refetchLsb && r.keyLsbBits > 0;
  s.resident = resident;
  s.skipTopk = r.valueFetchNum >= r.keyFetchNum;
  std::uint32_t gslot;
  if (lead) {
    int groupKeys = r.keyFetchNum;
    std::uint32_t members = 1;
    const bool fused = m_fuseRole[idx] == 1;
    if (fused) members = 2;
    if (resident) {
      for (std::size_t j = idx + 1; j < reqs.size(); ++j) {
        const Request& o = reqs[j];
        if (o.stage != Stage::Summarization || o.iteration != r.iteration || o.layer != r.layer ||
            o.head != r.head)
          break;
        groupKeys = std::max(groupKeys, o.keyFetchNum);
        ++members;
      }
    }
    // Lines on chip are 12-bit words per key and head: a fused pair takes two heads' lines
    // (RTL: keymatNumLines x fused_mat).
    const std::uint32_t kLines = std::min(kCap, static_cast<std::uint32_t>(
        ceilDiv(std::max(groupKeys, 1), perLineK) * (fused ? 2 : 1)));
    const std::uint32_t vLines = resident ? std::min(vCap, static_cast<std::uint32_t>(ceilDiv(std::max(groupKeys, 1), perLineV))) : 0;
    if (m_keyLinesUsed + kLines > kCap || m_valLinesUsed + vLines > vCap) {
      m_act.set(ModuleId::Fetcher, ModuleState::Stalled);  // waiting for buffer space
      return;
    }
    m_keyLinesUsed += kLines;
    m_valLinesUsed += vLines;
    if (!m_freeGroups.empty()) {
      gslot = m_freeGroups.back();
      m_freeGroups.pop_back();
    } else {
      gslot = static_cast<std::uint32_t>(m_groups.size());
      m_groups.emplace_back();
    }
    GroupState& g = m_groups[gslot];
    g = GroupState{};
    g.live = true;
    g.keyLines = kLines;
    g.valLines = vLines;
    g.members = g.undecided = g.unfinished = members;
    g.fused = fused;
    auto tokens = aliveTokens(idx, groupKeys);
    g.kJob = newJob(idx, DataKind::KMsb, planVectors(r, DataKind::KMsb, *tokens, fused ? 2 : 1), kNone);
    if (resident) g.vJob = newJob(idx, DataKind::V, planVectors(r, DataKind::V, *tokens), kNone);
    s.tokens = tokens;
    g.tokens = tokens;
    m_openGroup = resident || fused ? gslot : kNone;
  } else {
    gslot = m_openGroup;
    s.tokens = m_groups[gslot].tokens;
    if (m_fuseRole[idx] == 2) m_openGroup = kNone;  // a fused pair has exactly two members
  }
  s.group = gslot;
  s.groupLead = lead;
  if (!s.skipTopk) s.topk = localTopk(idx, s.keys, s.vals);
  // The query vector (module 3 fetches Q like K and V).
  const std::uint32_t qTok = static_cast<std::uint32_t>(r.query >= 0 ? r.query : std::max(0, r.sentenceLength - 1));
  s.qJob = newJob(idx, DataKind::Q, planVectors(r, DataKind::Q, {qTok}), kNone);
  enqueue(m_fetchK, s.qJob);
  if (lead) {
    enqueue(m_fetchK, m_groups[gslot].kJob);
    if (resident) enqueue(m_fetchV, m_groups[gslot].vJob);
  }
  m_reqs.push_back(std::move(s));
  m_qkTasks.push_back({idx, 0});
  ++m_nextAdmit;
  ++m_keyAllocs;
  ++m_stats.requestsAdmitted;
}

}  // namespace spatten::core
