#pragma once
// A queue that is also indexed from its front, for the simulator's sliding windows of requests
// (looked up by every unit in every cycle): a ring of power-of-two size that doubles when full,
// so an index is an add and a mask, not std::deque's block arithmetic. Value semantics (a copy
// is an independent checkpoint).

#include <cstddef>
#include <utility>
#include <vector>

namespace spatten::core {

template <typename T>
class IndexedRing {
public:
  std::size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  // The i-th element from the front, i < size().
  T& operator[](std::size_t i) { return m_buf[(m_head + i) & m_mask]; }
  const T& operator[](std::size_t i) const { return m_buf[(m_head + i) & m_mask]; }
  T& front() { return (*this)[0]; }
  const T& front() const { return (*this)[0]; }
  // Appends a value-initialised element and returns it.
  T& emplaceBack() {
    if (m_size == m_buf.size()) grow();
    T& v = (*this)[m_size++];
    v = T{};
    return v;
  }
  void pushBack(T v) { emplaceBack() = std::move(v); }
  // Drops the front element (reset to T{}, so that what it holds is released now).
  void popFront() {
    m_buf[m_head] = T{};
    m_head = (m_head + 1) & m_mask;
    --m_size;
  }
  void clear() {
    while (!empty()) popFront();
    m_head = 0;
  }

private:
  void grow() {
    std::vector<T> bigger(m_buf.size() * 2);
    for (std::size_t i = 0; i < m_size; ++i) bigger[i] = std::move((*this)[i]);
    m_buf = std::move(bigger);
    m_mask = m_buf.size() - 1;
    m_head = 0;
  }

  std::vector<T> m_buf = std::vector<T>(8);  // size: a power of two
  std::size_t m_mask = 7, m_head = 0, m_size = 0;
};

}  // namespace spatten::core
