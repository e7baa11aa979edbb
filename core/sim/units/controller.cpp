#include "core/sim/units/controller.h"

#include <algorithm>
#include <memory>
#include <random>
#include <span>

#include "core/sim/units/dram_layout.h"

namespace spatten::core {
namespace {

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Salts of the seeded streams (fixed: changing one changes every CSV simulation).
constexpr std::uint64_t kLocalTopkValueSalt = 0x5157;  // pseudo-random top-k inputs per request
constexpr std::uint64_t kLocalTopkPivotSalt = 0x70c4;  // quick-select pivots per request

int ceilDiv(int a, int b) {
  return (a + b - 1) / b;
}

// The same key ids: both unknown (CSV), or equal lists (a per-head KV-cache policy may give two
// heads different keys with the same count; docs/policies.md, "What the simulator needs").
bool sameKeyIds(const Request& a, const Request& b) {
  if (!a.keyIds || !b.keyIds) return !a.keyIds && !b.keyIds;
  return a.keyIds == b.keyIds || *a.keyIds == *b.keyIds;
}

// Two-head key fusion (fetcher.fuse_heads): consecutive generation requests of the same
// (iteration, layer) with the same alive keys, whose key vector is not a whole number of 32-byte
// transactions but two are (RTL: 6-bit rows pair up, the second carries `last`).
bool fusable(const Request& a, const Request& b) {
  const int bytes = ceilDiv(a.d * a.keyMsbBits, 8);
  return a.stage == Stage::Generation && b.stage == Stage::Generation && a.keyMsbBits > 0 &&
         bytes % kTransactionBytes != 0 && (2 * bytes) % kTransactionBytes == 0 &&
         a.iteration == b.iteration && a.layer == b.layer && a.head != b.head && a.d == b.d &&
         a.keyMsbBits == b.keyMsbBits && a.keyLsbBits == b.keyLsbBits &&
         a.keyFetchNum == b.keyFetchNum && a.sentenceLength == b.sentenceLength && sameKeyIds(a, b);
}

std::uint32_t gateOf(const SelectPlan& plan, std::size_t i) {
  return i < plan.gate.size() ? plan.gate[i] : kNone;
}

std::uint32_t kindBit(DataKind k) {
  return 1u << static_cast<unsigned>(k);
}

}  // namespace

Controller::Controller(std::shared_ptr<const Workload> workload, const HwConfig& hw,
                       std::uint64_t seed, const SelectPlan& plan)
    : m_workload(std::move(workload)),
      m_seed(seed),
      m_heads(std::max(1, m_workload->model.heads)),
      m_qkMultipliers(hw.qkMultipliers),
      m_avMultipliers(hw.avMultipliers),
      m_fuseHeads(hw.fuseHeads),
      m_fuseRole(fuseRoles(*m_workload, hw.fuseHeads, plan)) {}

std::vector<std::uint8_t> Controller::fuseRoles(const Workload& w, bool fuseHeads,
                                                const SelectPlan& plan) {
  const auto& reqs = w.requests;
  std::vector<std::uint8_t> role(reqs.size(), 0);
  // A pair shares one key fetch: both wait for the same selection (TOVA's per layer), and
  // neither estimates pages of its own (Quest).
  for (std::size_t i = 0; fuseHeads && i + 1 < reqs.size(); ++i)
    if (fusable(reqs[i], reqs[i + 1]) && gateOf(plan, i) == gateOf(plan, i + 1) &&
        reqs[i].metaFetchNum == 0 && reqs[i + 1].metaFetchNum == 0) {
      role[i] = 1;
      role[++i] = 2;
    }
  return role;
}

std::shared_ptr<const std::vector<std::uint32_t>> Controller::aliveTokens(std::uint32_t idx,
                                                                          int n) const {
  const Request& r = m_workload->requests[idx];
  auto out = std::make_shared<std::vector<std::uint32_t>>();
  const int len = std::max(r.sentenceLength, n);
  if (r.stage == Stage::Generation && r.keyIds && static_cast<int>(r.keyIds->size()) == n) {
    // Known keys (functional runs: SpAtten's alive tokens, a KV-cache policy's selection).
    out->reserve(static_cast<std::size_t>(n));
    for (const int t : *r.keyIds) out->push_back(static_cast<std::uint32_t>(t));
    return out;
  }
  if (n >= len || r.stage == Stage::Summarization) {
    out->resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) (*out)[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(i);
    return out;
  }
  // Unknown alive set (CSV import): a deterministic subset shared by all heads of the
  // (iteration, layer), always holding the newest token (semantics.md: protected token).
  AliveSample& last = m_lastAlive;
  if (last.tokens && last.iteration == r.iteration && last.layer == r.layer && last.n == n &&
      last.length == len)
    return last.tokens;
  std::mt19937_64 rng(splitmix(m_seed ^ splitmix((static_cast<std::uint64_t>(r.iteration) << 16) ^
                                                 static_cast<std::uint64_t>(r.layer))));
  std::vector<std::uint8_t> pick(static_cast<std::size_t>(len), 0);
  pick[static_cast<std::size_t>(len - 1)] = 1;
  const int m = len - 1;  // Floyd's sampling of n-1 tokens out of [0, len-1)
  for (int j = m - (n - 1); j < m; ++j) {
    int t = static_cast<int>(rng() % static_cast<std::uint64_t>(j + 1));
    if (pick[static_cast<std::size_t>(t)]) t = j;
    pick[static_cast<std::size_t>(t)] = 1;
  }
  out->reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < len; ++i)
    if (pick[static_cast<std::size_t>(i)]) out->push_back(static_cast<std::uint32_t>(i));
  last = {r.iteration, r.layer, n, len, out};
  return out;
}

std::shared_ptr<const TopKResult> Controller::localTopk(std::uint32_t idx, int n, int k) const {
  const Request& r = m_workload->requests[idx];
  const auto count = static_cast<std::size_t>(std::max(n, 0));
  std::span<const float> values;
  std::unique_ptr<float[]> seeded;
  Mt64Block pivots(splitmix(m_seed ^ splitmix(kLocalTopkPivotSalt + 2 * idx)));
  if (r.probs && r.probs->size() == count) {
    // The workload's scores, read in place.
    values = *r.probs;
  } else {  // as the RTL's TopKLatencyModel: seeded pseudo-random inputs
    // The top 24 bits of each std::mt19937_64 word (Mt64Block: the same stream), in [0, 1).
    Mt64Block vr(splitmix(m_seed ^ splitmix(kLocalTopkValueSalt + idx)));
    vr.seedAlongside(pivots, Mt64Block::firstDrawWords());
    seeded = std::make_unique_for_overwrite<float[]>(count);
    vr.fill(seeded.get(), count, [](std::uint64_t y) {
      return static_cast<float>(static_cast<std::int32_t>(y >> 40)) * (1.0f / 16777216.0f);
    });
    values = {seeded.get(), count};
  }
  return std::make_shared<const TopKResult>(
      topkSelect(values, static_cast<std::size_t>(k), pivots));
}

std::uint32_t Controller::newGroup() {
  std::uint32_t slot;
  if (!m_freeGroups.empty()) {
    slot = m_freeGroups.back();
    m_freeGroups.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(m_groups.size());
    m_groups.emplace_back();
  }
  m_groups[slot] = Group{};
  return slot;
}

void Controller::selectionDone(const ScoreSelect& select) {
  std::size_t kept = 0;
  for (const FetchCommand& c : m_held) {
    if (select.released(c.request))
      fetch.send(c);
    else
      m_held[kept++] = c;
  }
  m_held.resize(kept);
}

void Controller::tick(Activity& act, RequestTable& reqs, BufferManager& keys, BufferManager& values,
                      const ScoreSelect& select) {
  const auto& wl = m_workload->requests;
  if (m_nextAdmit >= wl.size() || keys.requestLimitReached()) return;
  const std::uint32_t idx = m_nextAdmit;
  const Request& r = wl[idx];
  const int perLineK = std::max(1, m_qkMultipliers / r.d);
  const int perLineV = std::max(1, m_avMultipliers / r.d);
  const bool resident = r.stage == Stage::Summarization;
  bool lead = true;
  if (m_fuseRole[idx] == 2 && m_openGroup != kNone) lead = false;  // joins its fused lead
  if (resident && m_openGroup != kNone) {
    const Request& prev = wl[idx - 1];
    lead = !(prev.stage == Stage::Summarization && prev.iteration == r.iteration &&
             prev.layer == r.layer && prev.head == r.head);
  }
  std::uint32_t gslot;
  if (lead) {
    int groupKeys = r.keyFetchNum;
    std::uint32_t members = 1;
    const bool fused = m_fuseRole[idx] == 1;
    if (fused) members = 2;
    if (resident) {
      std::size_t j = idx + 1;
      for (; j < wl.size(); ++j) {
        const Request& o = wl[j];
        if (o.stage != Stage::Summarization || o.iteration != r.iteration || o.layer != r.layer ||
            o.head != r.head)
          break;
        groupKeys = std::max(groupKeys, o.keyFetchNum);
        ++members;
      }
      m_readEnd = std::max(m_readEnd, static_cast<std::uint32_t>(std::min(j + 1, wl.size())));
    }
    // Lines on chip are 12-bit words per key and head: a fused pair takes two heads' lines
    // (RTL: keymatNumLines x fused_mat).
    const std::uint32_t kLines = std::min(
        keys.capacity(),
        static_cast<std::uint32_t>(ceilDiv(std::max(groupKeys, 1), perLineK) * (fused ? 2 : 1)));
    const std::uint32_t vLines =
        resident ? std::min(values.capacity(),
                            static_cast<std::uint32_t>(ceilDiv(std::max(groupKeys, 1), perLineV)))
                 : 0;
    if (!keys.fits(kLines) || !values.fits(vLines)) {
      act.set(ModuleId::Fetcher, ModuleState::Stalled);  // waiting for buffer space
      return;
    }
    keys.take(kLines);
    values.take(vLines);
    gslot = newGroup();
    Group& g = m_groups[gslot];
    g.keyLines = kLines;
    g.valLines = vLines;
    g.undecided = g.unfinished = members;
    g.lead = idx;
    g.fused = fused;
    g.resident = resident;
    g.tokens = aliveTokens(idx, groupKeys);
    m_openGroup = resident || fused ? gslot : kNone;
  } else {
    gslot = m_openGroup;
    if (m_fuseRole[idx] == 2) m_openGroup = kNone;  // a fused pair has exactly two members
  }
  // Admitted (a lead that waits for buffer space returned above, every cycle it waits).
  RequestInfo s;
  s.idx = idx;
  s.layer = static_cast<std::uint8_t>(r.layer);
  s.keys = r.keyFetchNum;
  s.vals = std::min(r.valueFetchNum, r.keyFetchNum);
  s.d = r.d;
  s.refetch = r.refetchLsb && r.keyLsbBits > 0;
  s.resident = resident;
  s.skipTopk = r.valueFetchNum >= r.keyFetchNum;
  s.fuseRole = m_fuseRole[idx];
  s.metaPages = resident ? 0 : std::max(0, r.metaFetchNum);
  const Group& g = m_groups[gslot];
  s.group = gslot;
  s.tokens = g.tokens;
  s.kOwner = s.vOwner = g.lead;
  if (!resident) s.vOwner = idx;  // generation: its own value fetch
  s.lsbOwner = g.fused ? idx : g.lead;
  if (!s.skipTopk) s.topk = localTopk(idx, s.keys, s.vals);
  // The query vector (module 3 fetches Q like K and V), then the group's keys and values.
  const auto qTok =
      static_cast<std::uint32_t>(r.query >= 0 ? r.query : std::max(0, r.sentenceLength - 1));
  FetchCommand c;
  c.owner = c.request = idx;
  c.layer = s.layer;
  c.kind = DataKind::Q;
  c.plan = planVectors(r, m_heads, DataKind::Q, {qTok});
  fetch.send(c);
  if (s.metaPages > 0) {  // Quest: the pages' metadata, before the keys
    c.kind = DataKind::Meta;
    c.plan = planMeta(r, m_heads);
    fetch.send(c);
  }
  if (lead) {
    c.kind = DataKind::KMsb;
    c.plan = planVectors(r, m_heads, DataKind::KMsb, *g.tokens, g.fused ? 2 : 1);
    if (select.released(idx))
      fetch.send(c);
    else
      m_held.push_back(c);
    if (resident) {
      c.kind = DataKind::V;
      c.queue = FetchQueue::Value;
      c.plan = planVectors(r, m_heads, DataKind::V, *g.tokens);
      fetch.send(c);
    }
  }
  reqs.push(std::move(s));
  ++m_nextAdmit;
  keys.addRequest();
  admittedOut.send(idx);
}

void Controller::decided(const Decided& d, const RequestTable& reqs, BufferManager& keys) {
  keys.dropRequest();
  Group& g = m_groups[reqs[d.request].group];
  if (--g.undecided == 0) {  // the key lines are no longer read
    keys.give(g.keyLines);
    g.keyLines = 0;
  }
}

void Controller::finished(const Finished& f, const RequestTable& reqs, BufferManager& keys,
                          BufferManager& values) {
  const RequestInfo& s = reqs[f.request];
  values.release(f.request);
  const std::uint32_t gslot = s.group;
  Group& g = m_groups[gslot];
  const bool fused = g.fused;  // a fused pair's heads have their own LSB planes
  if (--g.unfinished == 0) {
    values.give(g.valLines);
    keys.give(g.keyLines);
    release.send({g.lead, kindBit(DataKind::KMsb) | (g.resident ? kindBit(DataKind::V) : 0u) |
                              (g.fused ? 0u : kindBit(DataKind::KLsb))});
    g = Group{};
    m_freeGroups.push_back(gslot);
  }
  release.send({f.request, kindBit(DataKind::Q) | kindBit(DataKind::Meta) |
                               (s.resident ? 0u : kindBit(DataKind::V)) |
                               (fused ? kindBit(DataKind::KLsb) : 0u)});
}

}  // namespace spatten::core
