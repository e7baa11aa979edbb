#pragma once
// A fixed-latency pipeline of beats between two units (a DelayLine that also counts the beats and
// elements inside it, for the credit-based flow control of the unit in front of it). The
// producer pushes at most one beat per cycle; the consumer pops what is ready.

#include <cstdint>

#include "core/sim/fifo.h"
#include "core/sim/units/messages.h"

namespace spatten::core {

class BeatPipe {
public:
  BeatPipe() = default;
  explicit BeatPipe(int depth) : m_line(depth) {}

  void push(const Beat& b, std::uint64_t cycle) {
    m_line.push(b, cycle);
    m_elements += b.count;
    ++m_beats;
  }
  bool ready(std::uint64_t cycle) const { return m_line.ready(cycle); }
  Beat pop() {
    const Beat b = m_line.front();
    m_line.pop();
    m_elements -= b.count;
    --m_beats;
    return b;
  }
  std::uint32_t elements() const { return m_elements; }
  std::uint32_t beats() const { return m_beats; }
  int depth() const { return m_line.depth(); }

private:
  DelayLine<Beat> m_line;
  std::uint32_t m_elements = 0, m_beats = 0;
};

}  // namespace spatten::core
