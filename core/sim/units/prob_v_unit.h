#pragma once
// Module 11, attention prob x V: each cycle reads one value-buffer line (av.multipliers / D value
// vectors) and the matching probabilities, multiplies and reduces them into D partial sums
// (av.pipeline_depth cycles of latency). Works on requests in order, on the kept V indices the
// top-k engine has emitted and whose values have arrived. A request is finished when its last
// line leaves the pipeline (port `finished`: its buffers and fetched data are released).

#include <cstdint>

#include "core/sim/activity.h"
#include "core/sim/hw_config.h"
#include "core/sim/units/beat_pipe.h"
#include "core/sim/units/port.h"
#include "core/sim/units/request_table.h"

namespace spatten::core {

class DataReady;
class RequestHolder;
struct SimStats;
struct SimSnapshot;
struct Workload;

class ProbVUnit {
public:
  ProbVUnit() = default;
  explicit ProbVUnit(const HwConfig& hw);

  void indices(const ValueIndices& v) { m_emitted.at(v.request) = v.emitted; }  // port in
  void tick(Activity& act, const RequestTable& reqs, const DataReady& data,
            const RequestHolder& topk);
  // Requests finished so far (they finish in order).
  std::uint64_t finishedCount() const { return m_finished; }
  // Work done so far (multiply-accumulates and finished requests): the watchdog's progress.
  std::uint64_t work() const { return m_macs + m_finished; }
  void retireBelow(std::uint32_t request) { m_emitted.dropBelow(request); }
  std::uint32_t pipelineBeats() const { return static_cast<std::uint32_t>(m_pipe.beats()); }

  OutPort<Finished> finished;  // -> controller, fetcher, head accumulator, head top-k

  void addStats(SimStats& s) const;
  void fillSnapshot(SimSnapshot& snap, const Workload& w, const RequestTable& reqs) const;

private:
  int m_multipliers = 512;
  BeatPipe m_pipe;
  std::uint32_t m_next = 0;                // the request being multiplied
  std::uint32_t m_done = 0;                // its values done
  RequestWindow<std::uint32_t> m_emitted;  // kept V indices known per request
  std::uint64_t m_finished = 0, m_macs = 0;
};

}  // namespace spatten::core
