#pragma once
// The requant hold buffer (RTL RequantDecision FIFO, requant.buffer_beats beats): the
// probabilities of each (request, pass) wait here for the refetch decision and then for the local
// top-k engine, which takes requests strictly in order. Counts beats (softmax.lanes elements at
// most) in total and elements per (request, pass). The port between requant (fills, discards)
// and the top-k engine (takes).

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/sim/units/request_table.h"

namespace spatten::core {

class HoldBuffer {
public:
  HoldBuffer() = default;
  HoldBuffer(std::uint32_t capacityBeats, std::uint32_t lanes)
      : m_capacity(capacityBeats), m_lanes(lanes) {}

  void add(const Beat& b) {
    Entry& e = m_entries.at(b.request);
    ++e.beats[b.pass];
    e.elements[b.pass] += b.count;
    ++m_beats;
  }
  // Drops (request, pass)'s probabilities (an LSB refetch makes them stale).
  void discard(std::uint32_t request, int pass) {
    Entry& e = m_entries.at(request);
    m_beats -= e.beats[static_cast<std::size_t>(pass)];
    e.beats[static_cast<std::size_t>(pass)] = 0;
    e.elements[static_cast<std::size_t>(pass)] = 0;
  }
  // Takes whole beats of (request, pass): up to `width` elements (a first beat always goes if
  // it fits), never more than `room` elements. Returns the elements taken.
  std::uint32_t take(std::uint32_t request, int pass, std::uint32_t width, std::uint32_t room) {
    Entry& e = m_entries.at(request);
    const auto p = static_cast<std::size_t>(pass);
    std::uint32_t taken = 0;
    while (width > 0 && e.elements[p] > 0) {
      const std::uint32_t beat = std::min(m_lanes, e.elements[p]);
      if ((beat > width && taken > 0) || taken + beat > room) break;
      e.elements[p] -= beat;
      --e.beats[p];
      --m_beats;
      taken += beat;
      width = width > beat ? width - beat : 0;
    }
    return taken;
  }
  std::uint32_t elements(std::uint32_t request, int pass) const {
    const Entry* e = m_entries.find(request);
    return e ? e->elements[static_cast<std::size_t>(pass)] : 0;
  }
  std::uint32_t beats() const { return m_beats; }
  std::uint32_t capacity() const { return m_capacity; }
  std::uint32_t room() const { return m_beats < m_capacity ? m_capacity - m_beats : 0; }
  void retireBelow(std::uint32_t request) { m_entries.dropBelow(request); }

private:
  struct Entry {
    std::array<std::uint32_t, 2> beats{}, elements{};
  };
  std::uint32_t m_capacity = 4096, m_lanes = 8;
  std::uint32_t m_beats = 0;
  RequestWindow<Entry> m_entries;
};

}  // namespace spatten::core
