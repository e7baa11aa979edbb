#pragma once
// One on-chip buffer's allocator (the RTL's BufferManager; the key buffer and the value buffer
// each have one): lines of `sram.word_bits`-bit words, and a limit on the requests holding an
// allocation (fetcher.max_inflight_requests, RTL maxReq = 16). Requests' own lines are tracked
// per request; a residency group's lines are taken and given by the controller.

#include <cstdint>

#include "core/sim/units/request_table.h"

namespace spatten::core {

class BufferManager {
public:
  BufferManager() = default;
  BufferManager(std::uint32_t lines, std::uint32_t maxRequests)
      : m_capacity(lines), m_maxRequests(maxRequests) {}

  std::uint32_t capacity() const { return m_capacity; }
  std::uint32_t used() const { return m_used; }
  std::uint32_t requests() const { return m_requests; }
  bool requestLimitReached() const { return m_requests >= m_maxRequests; }
  bool fits(std::uint32_t lines) const { return m_used + lines <= m_capacity; }

  // Lines not owned by one request (a residency group's).
  void take(std::uint32_t lines) { m_used += lines; }
  void give(std::uint32_t lines) { m_used -= lines; }
  // A request starts / stops holding an allocation (counted against the request limit).
  void addRequest() { ++m_requests; }
  void dropRequest() { --m_requests; }

  // `request`'s own lines: granted only if they fit and the request limit allows.
  bool tryAllocate(std::uint32_t request, std::uint32_t lines) {
    if (!fits(lines) || requestLimitReached()) return false;
    m_used += lines;
    ++m_requests;
    m_own.at(request) = lines;
    return true;
  }
  // Frees `request`'s own lines, if it holds any.
  void release(std::uint32_t request) {
    const std::uint32_t* lines = m_own.find(request);
    if (!lines || *lines == 0) return;
    m_used -= *lines;
    --m_requests;
    m_own.at(request) = 0;
    m_own.dropBelow(request);  // requests release in order
  }

private:
  std::uint32_t m_capacity = 0, m_maxRequests = 0;
  std::uint32_t m_used = 0, m_requests = 0;
  RequestWindow<std::uint32_t> m_own;
};

}  // namespace spatten::core
