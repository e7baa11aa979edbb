// Replay of a DRAM request trace through the built-in HBM2 channels (dram_replay.h).
#include "core/export/dram_replay.h"

#include <algorithm>
#include <bit>
#include <deque>

#include "core/sim/hbm2_channel.h"

namespace spatten::core {

DramReplayResult replayDramTrace(const DramTrace& trace, const HwConfig& hw, int issueWidth) {
  hw.validate("--hw");
  const DramOrganisation org(hw, "--hw");
  std::vector<Hbm2Channel> channels;
  for (int c = 0; c < hw.hbmChannels; ++c) channels.emplace_back(hw, c);
  // Timed: one FIFO per channel in file order; untimed: one FIFO over all channels.
  std::vector<std::deque<std::uint32_t>> perChannel(channels.size());
  std::deque<std::uint32_t> inOrder;
  for (std::uint32_t i = 0; i < trace.requests.size(); ++i) {
    if (trace.timed)
      perChannel[static_cast<std::size_t>(trace.requests[i].channel)].push_back(i);
    else
      inOrder.push_back(i);
  }
  auto tx = [&](std::uint32_t i) {
    DramTx t;
    t.addr = internalAddress(org, trace.requests[i]);
    t.job = i;  // the trace line, to find it again at completion
    return t;
  };
  DramReplayResult r;
  r.txs.reserve(trace.requests.size());
  std::vector<DramCompletion> done;
  std::vector<std::uint8_t> pushed(channels.size());
  std::size_t left = trace.requests.size();
  for (std::uint64_t cycle = 0; left > 0; ++cycle) {
    // The crossbar: at most one new request per channel per cycle, into the controller port.
    std::fill(pushed.begin(), pushed.end(), 0);
    if (trace.timed) {
      for (std::size_t c = 0; c < channels.size(); ++c) {
        auto& q = perChannel[c];
        if (!q.empty() && trace.requests[q.front()].cycle <= cycle && channels[c].canAccept()) {
          channels[c].push(tx(q.front()));
          q.pop_front();
        }
      }
    } else {
      for (int k = 0; k < issueWidth && !inOrder.empty(); ++k) {
        const auto c = static_cast<std::size_t>(trace.requests[inOrder.front()].channel);
        if (pushed[c] || !channels[c].canAccept()) break;
        channels[c].push(tx(inOrder.front()));
        pushed[c] = 1;
        inOrder.pop_front();
      }
    }
    done.clear();
    for (Hbm2Channel& ch : channels) ch.tick(cycle, done);
    for (const DramCompletion& c : done) {
      DramReplayTx t;
      t.where = trace.requests[c.tx.job];
      t.traceCycle = t.where.cycle;
      t.where.cycle = c.enqueueCycle;
      t.issueCycle = c.issueCycle;
      t.doneCycle = c.doneCycle;
      t.bank = c.bank;
      t.rowHit = c.rowHit;
      r.rowHits += c.rowHit ? 1 : 0;
      r.cycles = std::max(r.cycles, c.doneCycle + 1);
      r.txs.push_back(t);
      --left;
    }
  }
  for (const Hbm2Channel& ch : channels) r.refreshes += ch.refreshes();
  std::sort(r.txs.begin(), r.txs.end(), [](const DramReplayTx& a, const DramReplayTx& b) {
    return a.where.cycle != b.where.cycle ? a.where.cycle < b.where.cycle
                                          : a.where.channel < b.where.channel;
  });
  return r;
}

nlohmann::json dramReplayJson(const DramReplayResult& r, const DramTrace& trace, const HwConfig& hw,
                              int issueWidth) {
  using nlohmann::json;
  const std::uint64_t n = r.txs.size();
  const std::uint64_t bytes = n * static_cast<std::uint64_t>(hw.hbmTransactionBytes);
  // Latency: from the request's trace cycle (untimed: the cycle it entered the controller) to
  // its data; histogram bins [0, 16), [16, 32), [32, 64), ... doubling.
  std::vector<std::uint64_t> lat;
  lat.reserve(n);
  for (const DramReplayTx& t : r.txs)
    lat.push_back(t.doneCycle - (trace.timed ? t.traceCycle : t.where.cycle));
  std::vector<std::uint64_t> sorted = lat;
  std::sort(sorted.begin(), sorted.end());
  json bins = json::array();
  std::uint64_t sum = 0;
  for (std::uint64_t v : lat) sum += v;
  std::uint64_t lo = 0, hi = 16;
  std::size_t i = 0;
  while (i < sorted.size()) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] < hi) ++j;
    bins.push_back({{"from", lo}, {"to", hi}, {"count", j - i}});
    i = j;
    lo = hi;
    hi *= 2;
  }
  auto pct = [&](double p) {
    return sorted.empty() ? 0
                          : sorted[std::min<std::size_t>(
                                sorted.size() - 1,
                                static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
  };
  const double seconds = static_cast<double>(r.cycles) / (hw.clockGhz * 1e9);
  json j;
  j["format"] = dramTraceFormatName(trace.format);
  j["timed"] = trace.timed;
  if (!trace.timed) j["issue_width"] = issueWidth;
  j["hw"] = hw.toJson();
  j["requests"] = n;
  j["bytes"] = bytes;
  j["cycles"] = r.cycles;
  j["bandwidth_gb_per_s"] = seconds > 0 ? static_cast<double>(bytes) / seconds / 1e9 : 0.0;
  j["row_hits"] = r.rowHits;
  j["row_hit_rate"] = n ? static_cast<double>(r.rowHits) / static_cast<double>(n) : 0.0;
  j["refreshes"] = r.refreshes;
  j["latency_cycles"] = {{"min", sorted.empty() ? 0 : sorted.front()},
                         {"mean", n ? static_cast<double>(sum) / static_cast<double>(n) : 0.0},
                         {"p50", pct(0.5)},
                         {"p99", pct(0.99)},
                         {"max", sorted.empty() ? 0 : sorted.back()},
                         {"histogram", std::move(bins)}};
  return j;
}

}  // namespace spatten::core
