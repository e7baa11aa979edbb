#pragma once
// The front end (the RTL's SpAttenController): admits requests in workload order, allocates their
// key-buffer lines (and a summarization head's value lines) through the buffer managers, forms
// residency groups (the queries of one summarization head; a fused pair of generation heads),
// decides what each request reads (alive tokens, its local-V top-k selection), sends the Q, K and
// resident V fetch commands and hands the request to Q x K. It releases buffer lines and fetched
// data when requests are decided (requant) and finished (prob x V). A KV-cache policy's request
// (select_plan.h) first reads Quest's page metadata (after its query, before its keys); its key
// fetch is held until the select unit releases it (the selection that chooses the keys is done).

#include <cstdint>
#include <memory>
#include <vector>

#include "core/sim/activity.h"
#include "core/sim/hw_config.h"
#include "core/sim/units/buffer_manager.h"
#include "core/sim/units/port.h"
#include "core/sim/units/request_table.h"
#include "core/sim/units/score_select.h"
#include "core/workload/workload.h"

namespace spatten::core {

class Controller {
public:
  Controller() = default;
  Controller(std::shared_ptr<const Workload> workload, const HwConfig& hw, std::uint64_t seed,
             const SelectPlan& plan = {});  // plan: the policies' selections (none: no gates)

  // Admits at most one request per cycle into `reqs` (stalls the fetcher while buffer space is
  // short). Ports out: fetch, admitted.
  void tick(Activity& act, RequestTable& reqs, BufferManager& keys, BufferManager& values,
            const ScoreSelect& select = ScoreSelect{});
  // Port in (select unit): a selection finished; sends the key fetches it released.
  void selectionDone(const ScoreSelect& select);
  bool allAdmitted() const { return m_nextAdmit >= m_workload->requests.size(); }
  // Per request of `w`: 0 alone, 1 the lead of a fused pair, 2 its partner (hw.fuse_heads).
  static std::vector<std::uint8_t> fuseRoles(const Workload& w, bool fuseHeads,
                                             const SelectPlan& plan);
  bool fuseHeads() const { return m_fuseHeads; }
  const std::vector<std::uint8_t>& fuseRoles() const { return m_fuseRole; }
  // Continues on workload `w` with its fuse roles `roles` (Datapath::rebind checked them).
  void rebind(std::shared_ptr<const Workload> w, std::vector<std::uint8_t> roles) {
    m_workload = std::move(w);
    m_fuseRole = std::move(roles);
  }
  std::uint32_t nextAdmit() const { return m_nextAdmit; }
  std::uint64_t admitted() const { return m_nextAdmit; }
  // One past the last request whose fields the controller has read: a summarization head's lead
  // reads its whole group, and the request after it, to size the group's buffer lines.
  std::uint32_t readEnd() const { return m_readEnd; }

  // Ports in.
  void decided(const Decided& d, const RequestTable& reqs, BufferManager& keys);
  void finished(const Finished& f, const RequestTable& reqs, BufferManager& keys,
                BufferManager& values);

  OutPort<FetchCommand> fetch;         // -> fetcher
  OutPort<std::uint32_t> admittedOut;  // -> Q x K (new task)
  struct Release {
    std::uint32_t owner = 0, kindMask = 0;
  };
  OutPort<Release> release;  // -> fetcher: data no longer needed

private:
  struct Group {
    std::uint32_t keyLines = 0, valLines = 0;
    std::uint32_t undecided = 0, unfinished = 0;
    std::uint32_t lead = 0;
    bool fused = false, resident = false;
    std::shared_ptr<const std::vector<std::uint32_t>> tokens;
  };
  std::shared_ptr<const std::vector<std::uint32_t>> aliveTokens(std::uint32_t idx, int n) const;
  std::shared_ptr<const TopKResult> localTopk(std::uint32_t idx, int n, int k) const;
  std::uint32_t newGroup();

  std::shared_ptr<const Workload> m_workload;
  std::uint64_t m_seed = 0;
  // aliveTokens' last sampled subset (CSV imports: the same for every head of an iteration's
  // layer, which arrive one after another): its (iteration, layer, n, length) and the subset.
  struct AliveSample {
    int iteration = -1, layer = -1, n = -1, length = -1;
    std::shared_ptr<const std::vector<std::uint32_t>> tokens;
  };
  mutable AliveSample m_lastAlive;
  int m_heads = 1;
  int m_qkMultipliers = 512, m_avMultipliers = 512;
  bool m_fuseHeads = false;
  std::uint32_t m_nextAdmit = 0;
  std::uint32_t m_readEnd = 0;        // see readEnd()
  std::uint32_t m_openGroup = kNone;  // residency group accepting members
  std::vector<Group> m_groups;
  std::vector<std::uint32_t> m_freeGroups;
  std::vector<std::uint8_t> m_fuseRole;  // per request: 0 alone, 1 fused lead, 2 its partner
  std::vector<FetchCommand> m_held;      // key fetches waiting for their selection, in order
};

}  // namespace spatten::core
