#pragma once
// Cycle-level simulator of the SpAtten datapath (paper Fig. 8). Value semantics: copying a
// Simulator is a checkpoint (the workload and the event-log history are shared, immutable).
// Deterministic: the same workload, config and seed give the same cycles and event log.
// Thread: not thread-safe; one owner thread (the GUI's worker) drives it.

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "core/sim/activity.h"
#include "core/sim/event_log.h"
#include "core/sim/hbm2_channel.h"
#include "core/sim/hw_config.h"
#include "core/sim/sim_state.h"
#include "core/sim/snapshot.h"
#include "core/sim/stats.h"
#include "core/workload/workload.h"

namespace spatten::core {

enum class Granularity { Cycle, Event, Query, Head, Layer, Iteration };

// Stop condition for runUntil: any field set (>= 0) triggers when reached.
struct Breakpoint {
  std::int64_t cycle = -1;        // stop when cycle() == this
  int iteration = -1, layer = -1, head = -1, query = -1;  // stop when Q x K starts such a request
};

class Simulator {
public:
  Simulator(std::shared_ptr<const Workload> workload, HwConfig hw, std::uint64_t seed,
            LogLevel logLevel = LogLevel::Modules);

  void step();                          // one cycle
  std::uint64_t stepCycles(std::uint64_t n);
  // Advances to the next cycle boundary at granularity g (Event: until the log grows; Query:
  // until Q x K starts another request; Head/Layer/Iteration: until it starts one with a
  // different head/layer/iteration). Returns false when the run ended first.
  bool stepTo(Granularity g);
  bool runUntil(const Breakpoint& bp, const std::atomic<bool>* stop = nullptr);
  void run(const std::atomic<bool>* stop = nullptr);
  void reset();
  bool finished() const;

  std::uint64_t cycle() const { return m_cycle; }
  const SimStats& stats() const { return m_stats; }
  const EventLog& log() const { return m_act.events(); }
  const HwConfig& hw() const { return m_hw; }
  const Workload& workload() const { return *m_workload; }
  std::uint64_t seed() const { return m_seed; }
  std::int64_t currentRequest() const { return m_qkCurrent; }
  SnapshotPtr snapshot() const;

  // Request count of the workload.
  std::size_t requestCount() const { return m_workload->requests.size(); }

private:
  friend struct SimTestAccess;
  // Front end (sim_frontend.cpp).
  void tickAdmission();
  std::uint32_t newJob(std::uint32_t request, DataKind kind, std::shared_ptr<const FetchPlan> plan,
                       std::uint32_t issueLimit);
  void freeJob(std::uint32_t job);  // returns the slot to the free list; kNone is ignored
  // Queues a job for issue; a job without transactions is never queued (it is complete, and its
  // slot may be freed before the queue would pop it).
  void enqueue(std::deque<std::uint32_t>& queue, std::uint32_t job) {
    if (!m_jobs[job].plan->txAddr.empty()) queue.push_back(job);
  }
  // Where request s's key-LSB refetch job lives: its own slot in a fused pair (each head has
  // its LSB planes), else the residency group's (one LSB fetch serves all its queries).
  std::uint32_t& lsbJobSlot(ReqState& s) {
    GroupState& g = m_groups[s.group];
    return g.fused ? s.lsbJob : g.lsbJob;
  }
  // Transactions of `tokens`' vectors of `kind`; fuse = 2: the vectors of two heads side by side
  // (RTL profile (6 bit, fused 2)), laid out in the region of r's head.
  std::shared_ptr<const FetchPlan> planVectors(const Request& r, DataKind kind,
                                               const std::vector<std::uint32_t>& tokens,
                                               int fuse = 1) const;
  std::shared_ptr<const std::vector<std::uint32_t>> aliveTokens(std::uint32_t idx, int n) const;
  std::shared_ptr<const TopKResult> localTopk(std::uint32_t idx, int n, int k) const;
  ReqState& req(std::uint32_t idx) { return m_reqs[idx - m_reqBase]; }
  const ReqState& req(std::uint32_t idx) const { return m_reqs[idx - m_reqBase]; }
  // Modules (one file each).
  void tickDram();           // fetcher.cpp: HBM2 channels and completions
  void tickFetcher();        // fetcher.cpp
  void tickCrossbar();       // fetcher.cpp
  void tickQk();             // qk_unit.cpp
  void tickSoftmax();        // softmax_unit.cpp
  void tickSoftmaxPassthrough(bool& busy, bool& stalled);  // softmax_unit.cpp, RTL dummy
  bool holdCredit(std::uint32_t request) const;            // softmax_unit.cpp
  Beat takeSoftmaxBeat();                                  // softmax_unit.cpp
  void tickRequant();        // requant_unit.cpp
  void tickTopk();           // topk_engine.cpp
  void tickTopkDummy(bool& busy, bool& stalled);  // topk_engine.cpp, topk.model = 1
  bool topkHolds(std::uint32_t request) const;   // not yet released by the top-k
  bool startValueFetch(std::uint32_t request);   // topk_engine.cpp; false: value buffer full
  void finishLocalTopk(std::uint32_t request);   // topk_engine.cpp; V indices all emitted
  std::uint32_t takeTopkBeats(ReqState& s, std::uint32_t room);  // topk_engine.cpp
  void tickAv();             // av_unit.cpp
  void tickAccumulators();   // accumulators.cpp
  void retireRequests();     // av_unit.cpp
  std::shared_ptr<const Workload> m_workload;
  HwConfig m_hw;
  std::uint64_t m_seed = 0;
  LogLevel m_logLevel = LogLevel::Modules;
  std::uint64_t m_cycle = 0;
  SimStats m_stats;
  Activity m_act;
  std::int64_t m_qkCurrent = -1;
  int m_qkCurrentPass = 0;

  // Requests in flight (admitted, not yet retired), indices [m_reqBase, m_reqBase + size).
  std::deque<ReqState> m_reqs;
  std::uint32_t m_reqBase = 0;
  std::uint32_t m_nextAdmit = 0;
  std::uint32_t m_openGroup = kNone;  // summarization group accepting members
  std::vector<FetchJob> m_jobs;
  std::vector<std::uint32_t> m_freeJobs;
  std::vector<GroupState> m_groups;
  std::vector<std::uint32_t> m_freeGroups;
  std::uint32_t m_keyLinesUsed = 0, m_valLinesUsed = 0;
  // Requests holding key-buffer lines (admitted, not yet decided) and value-buffer lines (V
  // fetch started, prob x V not finished): each at most fetcher.max_inflight_requests, as the
  // RTL's two BufferManagers (maxReq = 16 each).
  std::uint32_t m_keyAllocs = 0, m_valAllocs = 0;

  // Fetcher (3-6) and HBM2 (14).
  std::deque<std::uint32_t> m_fetchLsb, m_fetchV, m_fetchK;  // job slots, priority order
  std::vector<RingFifo<DramTx>> m_lanes;  // 32 address FIFOs in front of the 32x16 crossbar
  std::uint32_t m_nextLane = 0, m_xbarStart = 0;
  std::vector<Hbm2Channel> m_channels;
  std::vector<DramCompletion> m_completions;
  std::uint64_t m_channelMask = 0;
  // Q x K (7).
  std::deque<QkTask> m_qkTasks;
  DelayLine<Beat> m_qkPipe;
  std::uint32_t m_qkPipeScores = 0;
  // Softmax (8).
  RingFifo<Beat> m_smIn;
  std::uint32_t m_smInScores = 0;
  DelayLine<Beat> m_smPipeA, m_smPipeB;
  std::deque<SoftmaxTask> m_smTasksB;
  std::uint32_t m_smAElems = 0;  // elements of the task currently entering phase A
  std::uint32_t m_smPipeBBeats = 0;
  // Requant (9): hold buffer occupancy and pending decisions.
  std::uint32_t m_holdBeats = 0;
  struct Decision {
    std::uint32_t request = 0;
    std::uint8_t pass = 0;
    std::uint64_t readyAt = 0;
  };
  std::deque<Decision> m_decisions;
  // Top-k engine (10).
  TopkEngineState m_topk;
  std::uint32_t m_topkNext = 0;
  // Prob x V (11).
  std::uint32_t m_avNext = 0;
  DelayLine<Beat> m_avPipe;
  // Accumulators (1, 12) and token/head top-k (2/13).
  std::deque<std::pair<std::uint32_t, std::uint32_t>> m_tokenAccWork, m_headAccWork;
  TokenTopkState m_tokenTopk;
  std::vector<std::uint32_t> m_layerEndHeads;  // per request: heads kept next layer, or 0
  std::vector<std::uint8_t> m_fuseRole;        // per request: 0 alone, 1 fused lead, 2 its partner
  std::uint64_t m_lastProgress = 0;  // watchdog: last cycle any module was busy
};

}  // namespace spatten::core
