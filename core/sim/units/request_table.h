#pragma once
// Descriptors of the requests in flight (admitted, not yet retired): what the front end decided
// for each request at admission, read by every unit (the descriptor registers that travel with a
// request through the RTL's pipeline). Written only by the controller (admission) and the
// retirement at the end of a cycle. Also RequestWindow, per-request state of one unit.

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "core/sim/indexed_ring.h"
#include "core/sim/units/messages.h"
#include "core/functional/topk.h"

namespace spatten::core {

struct RequestInfo {
  std::uint32_t idx = 0;
  std::uint8_t layer = 0;
  int keys = 0, vals = 0, d = 64;
  bool refetch = false;         // needs its key LSBs (progressive quantization decision)
  bool skipTopk = false;        // value_fetch_num >= key_fetch_num: every index passes
  bool resident = false;        // summarization: the head's K/V stay on chip for its queries
  std::uint32_t group = kNone;  // residency group (controller)
  // Fetch tags (owners) of this request's data: its group lead's K MSBs (and resident V), its own
  // or its group's K LSBs (a fused pair's heads each have their own LSB planes).
  std::uint32_t kOwner = 0, vOwner = 0, lsbOwner = 0;
  std::uint8_t fuseRole = 0;  // 0 alone, 1 lead of a fused pair, 2 its partner
  int metaPages = 0;          // Quest: pages Q x K estimates (from their metadata) before its keys
  std::shared_ptr<const std::vector<std::uint32_t>> tokens;  // alive key token ids, ascending
  std::shared_ptr<const TopKResult> topk;                    // local-V selection (null: skipped)
};

// Per-request state of one unit, indexed by request id, for a sliding window of requests.
template <typename T>
class RequestWindow {
public:
  // Entry of `request`, created (value-initialised) on first use; request >= base().
  T& at(std::uint32_t request) {
    while (m_base + m_items.size() <= request) m_items.emplaceBack();
    return m_items[request - m_base];
  }
  const T* find(std::uint32_t request) const {
    return request >= m_base && request < m_base + m_items.size() ? &m_items[request - m_base]
                                                                  : nullptr;
  }
  // Drops entries of requests below `request`.
  void dropBelow(std::uint32_t request) {
    while (m_base < request && !m_items.empty()) {
      m_items.popFront();
      ++m_base;
    }
    if (m_items.empty() && m_base < request) m_base = request;
  }
  void clear() {
    m_items.clear();
    m_base = 0;
  }
  std::uint32_t base() const { return m_base; }

private:
  IndexedRing<T> m_items;
  std::uint32_t m_base = 0;
};

class RequestTable {
public:
  void push(RequestInfo info) { m_reqs.pushBack(std::move(info)); }
  bool contains(std::uint32_t idx) const { return idx >= m_base && idx < m_base + m_reqs.size(); }
  const RequestInfo& operator[](std::uint32_t idx) const { return m_reqs[idx - m_base]; }
  RequestInfo& operator[](std::uint32_t idx) { return m_reqs[idx - m_base]; }
  bool empty() const { return m_reqs.empty(); }
  std::size_t size() const { return m_reqs.size(); }
  std::uint32_t base() const { return m_base; }  // oldest request in flight
  std::uint32_t end() const { return m_base + static_cast<std::uint32_t>(m_reqs.size()); }
  void popFront() {
    m_reqs.popFront();
    ++m_base;
  }
  void clear() {
    m_reqs.clear();
    m_base = 0;
  }

private:
  IndexedRing<RequestInfo> m_reqs;
  std::uint32_t m_base = 0;
};

}  // namespace spatten::core
