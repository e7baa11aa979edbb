#pragma once
// Module 10, the local value pruning top-k engine: what every variant shares, and the interface
// of the variants (the paper's Alg. 3 quick-select engine with its zero eliminator; the RTL
// harness's TopKDummy), chosen by topk.model from the table in topk_engines.cpp.
// Shared: requests are taken strictly in order once their final probabilities are decided; their
// probabilities come out of the requant hold buffer; before the first kept V index goes out the
// request's value-buffer lines are allocated and its V fetch is sent; kept indices go to the
// fetcher (issue limit) and to prob x V; at the end a Pruning event is logged.

#include <cstdint>
#include <memory>

#include "core/sim/activity.h"
#include "core/sim/hw_config.h"
#include "core/sim/units/buffer_manager.h"
#include "core/sim/units/data_ready.h"
#include "core/sim/units/hold_buffer.h"
#include "core/sim/units/port.h"
#include "core/sim/units/request_table.h"
#include "core/workload/workload.h"

namespace spatten::core {

struct SimStats;
struct SimSnapshot;

class LocalTopkEngine : public RequestHolder {
public:
  struct Io {
    Activity& act;
    const RequestTable& reqs;
    HoldBuffer& hold;
    BufferManager& values;
  };
  LocalTopkEngine(std::shared_ptr<const Workload> workload, const HwConfig& hw);
  ~LocalTopkEngine() override = default;
  virtual std::unique_ptr<LocalTopkEngine> clone() const = 0;

  virtual void tick(Io& io) = 0;
  // True while the engine still has work on `request` (not yet taken, or not yet released).
  bool holds(std::uint32_t request) const override = 0;
  void fillSnapshot(SimSnapshot& snap, const RequestTable& reqs) const;

  // Port in: requant's final decision.
  void decided(const Decided& d);
  // The next request to take (in order): wire to the softmax credit and the requant buffer.
  std::uint32_t nextRequest() const { return m_next; }
  void retireBelow(std::uint32_t request) { m_state.dropBelow(request); }
  void addStats(SimStats& s) const;
  // Continues on workload `w`, equal to the current one in everything read so far
  // (Datapath::rebind).
  void rebind(std::shared_ptr<const Workload> w) { m_workload = std::move(w); }

  OutPort<FetchCommand> fetch;       // -> fetcher: the V fetch
  OutPort<ValueIndices> indices;     // -> prob x V
  OutPort<ValueIndices> issueLimit;  // -> fetcher (requests with their own V fetch)

protected:
  LocalTopkEngine(const LocalTopkEngine&) = default;
  friend class ZeroEliminator;
  struct PerRequest {
    bool decided = false;
    std::uint8_t finalPass = 0;
    bool valueFetchStarted = false;
    std::uint32_t filled = 0;   // elements taken from the hold buffer
    std::uint32_t emitted = 0;  // kept V indices emitted
  };
  // The next request, if its final probabilities are decided: taken (m_next advances).
  bool takeNext(std::uint32_t& request);
  PerRequest& state(std::uint32_t request) { return m_state.at(request); }
  const PerRequest* findState(std::uint32_t request) const { return m_state.find(request); }
  // Moves up to topk.input_width elements (whole beats, at most `room`) of the request's final
  // probabilities from the hold buffer into the engine; returns the elements taken.
  std::uint32_t takeBeats(Io& io, std::uint32_t request, std::uint32_t room);
  // Value-buffer lines and the V fetch of `request`, once; false while the buffer has no room.
  bool startValueFetch(Io& io, std::uint32_t request);
  // The first `emitted` kept V indices of `request` are out.
  void emitIndices(Io& io, std::uint32_t request, std::uint32_t emitted);
  // Every V index of `request` has left the engine.
  void finish(Io& io, std::uint32_t request);
  // The variant's part of the snapshot (module 10 and snap.topk).
  virtual void describe(SimSnapshot& snap, const RequestTable& reqs) const = 0;

  std::shared_ptr<const Workload> m_workload;
  std::uint32_t m_parallelism = 16, m_roundOverhead = 3, m_inputWidth = 16, m_lanes = 8;
  int m_avMultipliers = 512, m_heads = 1;
  std::uint64_t m_compares = 0;

private:
  RequestWindow<PerRequest> m_state;
  std::uint32_t m_next = 0;
  std::uint64_t m_valuesKept = 0;
};

}  // namespace spatten::core
