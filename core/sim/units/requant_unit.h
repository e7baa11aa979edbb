#pragma once
// Module 9, progressive quantization: the softmax's probabilities wait in the hold buffer while
// the unit tracks each request's running max; requant.decision_latency cycles after a request's
// last probability it decides. If the request needs its key LSBs (max < threshold; the decision
// itself comes from the workload), the MSB-only probabilities are discarded, the fetcher gets a
// priority LSB fetch (once per residency group; a fused pair's heads each have their own LSB
// planes) and Q x K plus softmax run again (pass 1). Otherwise the probabilities are final.

#include <cstdint>
#include <deque>

#include "core/sim/activity.h"
#include "core/sim/hw_config.h"
#include "core/sim/units/beat_pipe.h"
#include "core/sim/units/hold_buffer.h"
#include "core/sim/units/port.h"
#include "core/sim/units/request_table.h"
#include "core/workload/workload.h"

namespace spatten::core {

class DataReady;
struct SimStats;
struct SimSnapshot;

class RequantUnit {
public:
  RequantUnit() = default;
  RequantUnit(std::shared_ptr<const Workload> workload, const HwConfig& hw);

  // topkNext: the request the top-k engine waits for (it may overflow the buffer: it flows).
  void tick(Activity& act, const RequestTable& reqs, BeatPipe& probsIn, const DataReady& data,
            std::uint32_t topkNext);
  HoldBuffer& hold() { return m_hold; }  // -> top-k engine
  const HoldBuffer& hold() const { return m_hold; }

  OutPort<FetchCommand> fetch;   // -> fetcher: the LSB refetch
  OutPort<Recompute> recompute;  // -> Q x K
  OutPort<Decided> decided;      // -> controller, top-k engine, token accumulator

  void addStats(SimStats& s) const;
  void fillSnapshot(SimSnapshot& snap) const;
  // Continues on workload `w`, equal to the current one in everything read so far
  // (Datapath::rebind).
  void rebind(std::shared_ptr<const Workload> w) { m_workload = std::move(w); }

private:
  struct Decision {
    std::uint32_t request = 0;
    std::uint8_t pass = 0;
    std::uint64_t readyAt = 0;
  };
  std::shared_ptr<const Workload> m_workload;
  int m_heads = 1;
  std::uint32_t m_decisionLatency = 1;
  HoldBuffer m_hold;
  std::deque<Decision> m_decisions;
  std::uint64_t m_refetches = 0, m_overflows = 0;
};

}  // namespace spatten::core
