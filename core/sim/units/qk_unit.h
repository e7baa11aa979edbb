#pragma once
// Module 7, Q x K: each cycle reads one key-buffer line (qk.multipliers / D keys), multiplies it
// with the broadcast query and reduces it in the adder tree: multipliers / D scores per cycle,
// qk.pipeline_depth cycles of latency, into the softmax's input FIFO. A line is read only when
// its keys (and the query) have arrived, and only if the softmax FIFO has room for it and for
// every score still in the pipeline (credits). Pass 1 recomputes a request after its LSB refetch;
// the re-issue goes ahead of every waiting first pass (the RTL arbiter's priority); the task at
// the front keeps the unit once started, or while its keys may be fetched (else a KV-cache
// policy whose selection waits for the recomputed request's final probabilities, TOVA, would
// deadlock: the front's keys wait for the selection, the selection for the recompute).
// Quest (RequestInfo::metaPages > 0): before its keys, the first pass scores the request's pages
// from their metadata, one D-MAC dot product per page (|q| times the page's max or min key by the
// sign of q), multipliers / D pages per cycle once both vectors of a page have arrived; the page
// scores go to the top-k engine (port estimated), not to the softmax.

#include <cstdint>
#include <deque>

#include "core/sim/activity.h"
#include "core/sim/hw_config.h"
#include "core/sim/units/beat_pipe.h"
#include "core/sim/units/port.h"
#include "core/sim/units/request_table.h"
#include "core/sim/units/score_select.h"

namespace spatten::core {

class DataReady;
struct SimStats;
struct SimSnapshot;
struct Workload;

class QkUnit {
public:
  QkUnit() = default;
  explicit QkUnit(const HwConfig& hw);

  // Ports in.
  void admitted(std::uint32_t request) { m_tasks.push_back({request, 0, 0}); }
  // keysReleased: the select unit's wire (may a request's keys be fetched).
  void recompute(const Recompute& r, const ScoreSelect& keysReleased);

  // softmaxRoom: free scores in the softmax input FIFO (credit wire).
  void tick(Activity& act, const RequestTable& reqs, const DataReady& data,
            std::uint32_t softmaxRoom);
  BeatPipe& scoresOut() { return m_pipe; }  // -> softmax input FIFO
  // Work done so far (multiply-accumulates of both passes): the watchdog's progress measure.
  std::uint64_t work() const { return m_macs + m_macsRecompute + m_macsMeta; }

  // The request the unit works on (the stepping cursor), -1 before the first.
  std::int64_t current() const { return m_current; }
  int currentPass() const { return m_currentPass; }
  // The newest request whose first pass the unit has started (-1 before the first).
  std::int64_t frontier() const { return m_frontier; }
  bool busyWithTasks() const { return !m_tasks.empty(); }
  std::uint32_t pipelineScores() const { return static_cast<std::uint32_t>(m_pipe.elements()); }

  void addStats(SimStats& s) const;
  void fillSnapshot(SimSnapshot& snap, const Workload& w, const RequestTable& reqs) const;

  OutPort<std::uint32_t> estimated;  // -> select unit: a request's page estimate is done

private:

  struct Task {
    std::uint32_t request = 0;
    std::uint8_t pass = 0;
    std::uint32_t done = 0;  // keys scored
    std::uint32_t pages = 0;  // pages estimated (Quest)
  };
  // Quest's estimate pass; true while it keeps the unit (the keys wait).
  bool estimate(Activity& act, Task& t, const RequestInfo& s, const DataReady& data,
                std::uint32_t perCycle);

  int m_multipliers = 512;
  std::uint32_t m_softmaxFifoDepth = 128;  // scores
  std::deque<Task> m_tasks;
  BeatPipe m_pipe;
  std::int64_t m_current = -1;
  int m_currentPass = 0;
  // The last tick finished m_current's task (and popped it): the snapshot shows that request,
  // complete, as the headline does (current()), not the next task, which has not started.
  bool m_finishedLastTick = false;
  std::int64_t m_frontier = -1;
  std::uint64_t m_macs = 0, m_macsRecompute = 0, m_keysScored = 0, m_macsMeta = 0;
};

}  // namespace spatten::core
