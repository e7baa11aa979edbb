#pragma once
// Append-only event log of a simulation. Events are PODs (40 bytes). Storage is a list of
// immutable shared chunks plus a small mutable tail, so copying a Simulator (a checkpoint) shares
// the history instead of copying it. Thread: not thread-safe; a copy may be read on another
// thread (the chunks are immutable).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/sim/vocabulary.h"

namespace spatten::core {

struct Event {
  std::uint64_t cycle = 0;
  std::uint32_t duration = 0;
  std::uint32_t request = 0;
  std::uint32_t a = 0, b = 0, c = 0, extra = 0;
  float value = 0;
  EventKind kind = EventKind::ModuleBusy;
  std::uint8_t module = 0;
  std::uint8_t flags = 0;
  std::uint8_t layer = 0;
};

enum class LogLevel : std::uint8_t { Off = 0, Modules = 1, Full = 2 };  // Full adds DRAM requests

class EventLog {
public:
  static constexpr std::size_t kChunk = 1024;
  void append(const Event& e) {
    m_tail.push_back(e);
    if (m_tail.size() == kChunk) {
      m_chunks.push_back(std::make_shared<const std::vector<Event>>(std::move(m_tail)));
      m_tail = {};
      m_tail.reserve(kChunk);
    }
  }
  std::size_t size() const { return m_chunks.size() * kChunk + m_tail.size(); }
  const Event& operator[](std::size_t i) const {
    return i / kChunk < m_chunks.size() ? (*m_chunks[i / kChunk])[i % kChunk]
                                        : m_tail[i - m_chunks.size() * kChunk];
  }
  // FNV-1a over every field of every event (for determinism tests).
  std::uint64_t hash() const;
  template <typename F>
  void forEach(F&& f) const {
    for (const auto& c : m_chunks)
      for (const Event& e : *c) f(e);
    for (const Event& e : m_tail) f(e);
  }

private:
  std::vector<std::shared_ptr<const std::vector<Event>>> m_chunks;
  std::vector<Event> m_tail;
};

}  // namespace spatten::core
