#pragma once
// Module 8, softmax: the part every softmax variant shares — the input FIFO of
// softmax.fifo_depth scores fed by Q x K's adder tree, the split of wide beats into beats of at
// most softmax.lanes elements, and the output pipeline into the requant hold buffer, flow-
// controlled by credits on that buffer — and the interface of the variants (softmax_variants.h):
// the paper's two-phase pipeline and the RTL's pass-through, chosen by softmax.passthrough.

#include <cstdint>
#include <memory>

#include "core/sim/activity.h"
#include "core/sim/fifo.h"
#include "core/sim/hw_config.h"
#include "core/sim/units/beat_pipe.h"

namespace spatten::core {

struct SimStats;
struct SimSnapshot;
struct Workload;

// Room in the requant hold buffer (credit wire) and the request the top-k engine waits for,
// which always flows (no deadlock behind later requests).
struct HoldCredit {
  std::uint32_t holdRoom = 0;
  std::uint32_t topkNext = 0;
};

class SoftmaxUnit {
public:
  explicit SoftmaxUnit(const HwConfig& hw, int outputDepth);
  virtual ~SoftmaxUnit() = default;
  virtual std::unique_ptr<SoftmaxUnit> clone() const = 0;

  // Moves Q x K's finished scores into the input FIFO, then lets the variant work.
  void tick(Activity& act, BeatPipe& scoresIn, const HoldCredit& credit);
  BeatPipe& probsOut() { return m_out; }                                // -> requant hold buffer
  std::uint32_t inputRoom() const { return m_fifoDepth - m_inScores; }  // credit wire to Q x K
  std::uint64_t work() const { return m_elements; }  // probabilities produced (watchdog progress)
  std::uint32_t inputFill() const { return m_inScores; }                // scores in the FIFO

  void addStats(SimStats& s) const;
  void fillSnapshot(SimSnapshot& snap, const Workload& w) const;

protected:
  SoftmaxUnit(const SoftmaxUnit&) = default;
  // Variant: one cycle of work; sets busy / stalled.
  virtual void process(Activity& act, const HoldCredit& credit, bool& busy, bool& stalled) = 0;
  // The request and progress shown for the unit (after the base fills the FIFO level).
  virtual void describe(SimSnapshot& snap, const Workload& w) const;
  // A beat may enter the output pipeline only if it will find room in the hold buffer.
  bool holdCredit(const HoldCredit& c, std::uint32_t request) const {
    return m_out.beats() + 1 <= c.holdRoom || request == c.topkNext;
  }
  // Takes the next beat of at most softmax.lanes scores from the input FIFO.
  Beat takeBeat();
  bool inputEmpty() const { return m_in.empty(); }
  const Beat& inputFront() const { return m_in.front(); }

  std::uint32_t m_lanes = 8;
  BeatPipe m_out;

private:
  std::uint32_t m_fifoDepth = 128;
  RingFifo<Beat> m_in;
  std::uint32_t m_inScores = 0;
  std::uint64_t m_elements = 0, m_overflows = 0;
};

}  // namespace spatten::core
