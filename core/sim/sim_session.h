#pragma once
// Time travel for the stepping simulator: checkpoints (Simulator copies) every `interval` cycles
// plus deterministic replay. stepBack(n) restores the nearest checkpoint at or before the target
// cycle and replays forward; no per-module undo stacks. The number of checkpoints is bounded:
// when it exceeds `maxCheckpoints`, every other one is dropped and the interval doubles.
// Thread: one owner thread, like the Simulator.

#include <cstdint>
#include <vector>

#include "core/sim/simulator.h"

namespace spatten::core {

class SimSession {
public:
  explicit SimSession(Simulator sim, std::uint64_t interval = 1024, std::size_t maxCheckpoints = 256);

  const Simulator& sim() const { return m_sim; }
  std::uint64_t cycle() const { return m_sim.cycle(); }
  SnapshotPtr snapshot() const { return m_sim.snapshot(); }

  void step(std::uint64_t cycles = 1);
  bool stepTo(Granularity g);
  bool runUntil(const Breakpoint& bp, const std::atomic<bool>* stop = nullptr);
  void run(const std::atomic<bool>* stop = nullptr);
  // Moves to cycle max(0, cycle() - n) by restore + replay.
  void stepBack(std::uint64_t n = 1);
  // Moves to any cycle (backwards: restore + replay; forwards: step).
  void seek(std::uint64_t cycle);
  void reset();
  std::size_t checkpointCount() const { return m_checkpoints.size(); }

private:
  void maybeCheckpoint();
  Simulator m_sim;
  Simulator m_initial;
  std::vector<Simulator> m_checkpoints;  // ascending cycles, multiples of m_interval
  std::uint64_t m_interval;
  std::size_t m_max;
};

}  // namespace spatten::core
