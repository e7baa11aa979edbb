#pragma once
// Presentation data of the cycle simulator at one cycle: immutable once published. Built by the
// app's worker from core's SimSnapshot and event log; the views never touch the simulator.
// Units: cycles of the accelerator clock (1 GHz by default), bytes.

#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

#include "views/common/run_summary.h"

namespace spatten::views {

enum class ModuleActivity { Idle = 0, Busy = 1, Stalled = 2 };

struct FifoFill {
  QString name;
  std::uint64_t fill = 0;
  std::uint64_t capacity = 0;  // 0 = unbounded (shown as a count only)
};

struct ModuleFrame {
  QString name;     // short label ("Q\u00d7K")
  QString paperId;  // module number in the paper's Fig. 8 ("7")
  ModuleActivity state = ModuleActivity::Idle;
  std::int64_t request = -1;  // request the module works on, -1 none
  std::uint64_t progress = 0, total = 0;
  std::vector<FifoFill> fifos;
};

struct ChannelFrame {
  std::uint32_t addrFifo = 0, addrFifoCapacity = 0, outstanding = 0, maxOutstanding = 0;
  std::uint64_t bytes = 0;
};

// The local-value top-k engine (module 10) at this cycle: quick-select rounds over the request's
// attention probabilities (paper Fig. 9 / Alg. 3).
struct TopKFrame {
  QString phase;  // "idle", "fill", "rounds"; RTL harness model: "dummy wait W/L", "dummy pop"
  std::int64_t request = -1;
  std::uint32_t inputSize = 0, k = 0, filled = 0;
  std::uint32_t scanned = 0;  // filter (or the RTL dummy's pops): elements passed on or dropped
  std::uint32_t round = 0, rounds = 0;
  std::uint32_t roundInput = 0;  // elements compared in this round
  std::uint32_t compared = 0;    // comparator-array progress in this round
  std::uint32_t leftSize = 0, rightSize = 0, eqCount = 0;
  float pivot = 0;
  std::uint32_t zeStage = 0, zeStages = 0;  // zero eliminator compaction stage
  // The engine's own configuration, from the simulator's snapshot (core TopkEngineSnapshot), never
  // from the GUI's parameters: comparators per array (P; 0 before the first frame) and FIFO_L /
  // FIFO_R capacity in elements.
  std::uint32_t parallelism = 0;
  std::uint32_t fifoCapacity = 0;
  std::shared_ptr<const std::vector<float>> probs;  // the request's probabilities, when known
  // The current round's candidate set (core TopkEngineSnapshot::roundCandidates): indices into
  // `probs` in FIFO order and their values; empty when not known. select: 0 = popped FIFO_L,
  // 1 = FIFO_R.
  std::uint8_t select = 0;
  std::vector<std::uint32_t> candidates;
  std::vector<float> candidateValues;
};

// Module activity over time and DRAM transactions, for the timeline (whole run, shared).
struct ActivityInterval {
  int module = 0;
  std::uint64_t start = 0;  // [start, end)
  std::uint64_t end = 0;
  std::int64_t request = -1;
};
struct DramEvent {
  std::uint64_t cycle = 0;
  int channel = 0;
  int bytes = 0;
  int kind = 0;  // DramKind
};
struct SimTimeline {
  std::vector<QString> modules;
  int channels = 1;
  std::uint64_t lastCycle = 0;              // cycles of the whole run (0 = unknown)
  std::vector<ActivityInterval> intervals;  // sorted by start
  std::vector<DramEvent> dram;              // sorted by cycle
  std::vector<int> requestLayer;            // per request index: layer (for colouring)
  // HBM2 per channel: cycles with at least one transaction in service (issue to data return),
  // merged, sorted by start; `module` holds the channel. Drawn in row `hbmModule` (-1: none).
  int hbmModule = -1;
  std::vector<std::vector<ActivityInterval>> channelBusy;
  // How it was computed (diagnostics): the cycle the run started at (> 0: from a checkpoint of
  // the previous edit's run), and the cycles simulated beside the functional run.
  std::uint64_t startCycle = 0, cyclesBeside = 0;
};

struct SimFrame {
  std::uint64_t cycle = 0;
  bool finished = false;
  std::int64_t request = -1;  // the Q x K unit's request (the cursor)
  int iteration = -1, layer = -1, head = -1, query = -1;
  std::vector<ModuleFrame> modules;
  std::vector<ChannelFrame> channels;
  TopKFrame topk;
  std::uint32_t keyBufferUsed = 0, keyBufferLines = 0, valueBufferUsed = 0, valueBufferLines = 0;
  std::uint32_t inflightRequests = 0;
  std::uint64_t dramBytes = 0;      // cumulative, all kinds
  std::uint64_t requestsDone = 0, requestCount = 0;
  std::shared_ptr<const SimTimeline> timeline;  // the whole run, computed once
  // Whole pruned and dense runs on the same hardware (after the timeline); nullptr until ready.
  RunSummaryPtr summary;
};
using SimFramePtr = std::shared_ptr<const SimFrame>;

}  // namespace spatten::views
