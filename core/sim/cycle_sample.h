#pragma once
// A small fixed-size record of the datapath at the end of one cycle, for exports that need a
// value every cycle (VCD, Perfetto counter tracks): module states, the request each module worked
// on, FIFO and buffer fill levels, requests in flight per HBM2 channel and the bytes delivered.
// Much cheaper than a SimSnapshot (no allocation, no strings): Simulator::sample() fills it in a
// few hundred nanoseconds. Thread: the simulator's owner thread (a plain value afterwards).

#include <array>
#include <cstdint>

#include "core/sim/vocabulary.h"

namespace spatten::core {

struct CycleSample {
  static constexpr int kMaxChannels = 64;  // hw.hbm.channels is at most 64

  std::uint64_t cycle = 0;  // the cycle just simulated
  std::array<ModuleState, kModuleCount> state{};
  // The request each module worked on in this cycle (the newest if several); -1: none. Only
  // known when the simulator logs (LogLevel::Modules or Full); -1 otherwise.
  std::array<std::int64_t, kModuleCount> request{};
  // Fill levels (entries of each FIFO / buffer, after the cycle).
  std::uint32_t fetchJobs = 0;        // fetch jobs queued in the fetcher
  std::uint32_t laneFifo = 0;         // transactions in the fetcher's lane address FIFOs (all)
  std::uint32_t hbmPorts = 0;         // transactions in the channels' controller ports (all)
  std::uint32_t qkPipeline = 0;       // scores in Q x K's adder-tree pipeline
  std::uint32_t softmaxFifo = 0;      // scores in the softmax input FIFO
  std::uint32_t holdBuffer = 0;       // beats in the requant hold buffer
  std::uint32_t probVPipeline = 0;    // beats in prob x V's pipeline
  std::uint32_t tokenAccPending = 0;  // requests waiting in the token accumulator
  std::uint32_t topkTasks = 0;        // token/head top-k tasks waiting or running
  std::uint32_t keyBufferLines = 0, valueBufferLines = 0;  // lines in use
  std::uint32_t inflightRequests = 0;                      // admitted, not yet retired
  // HBM2: reads held by each channel's controller (queued + issued), bytes delivered so far.
  int channels = 0;
  std::array<std::uint16_t, kMaxChannels> outstanding{};
  std::array<std::uint64_t, kMaxChannels> channelBytes{};
  std::uint64_t dramBytes = 0;
};

}  // namespace spatten::core
