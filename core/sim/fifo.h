#pragma once
// Fixed-capacity containers used between modules. No allocation after construction, value
// semantics (a copy is an independent checkpoint). Overflow is a simulator bug: push() asserts.

#include <array>
#include <cassert>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace spatten::core {

template <typename T>
class RingFifo {
public:
  RingFifo() = default;
  explicit RingFifo(std::size_t capacity) : m_buf(capacity ? capacity : 1), m_cap(m_buf.size()) {}
  std::size_t capacity() const { return m_cap; }
  std::size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  bool full() const { return m_size == m_cap; }
  void push(const T& v) { pushSlot() = v; }
  // Appends an element and returns it, to be written in place. It still holds whatever was
  // there before: the caller writes every field.
  T& pushSlot() {
    assert(!full() && "FIFO overflow");
    if (full()) std::abort();
    T& v = m_buf[wrap(m_head + m_size)];
    ++m_size;
    return v;
  }
  T& front() { return m_buf[m_head]; }
  const T& front() const { return m_buf[m_head]; }
  const T& at(std::size_t i) const { return m_buf[wrap(m_head + i)]; }
  T& at(std::size_t i) { return m_buf[wrap(m_head + i)]; }
  void pop() {
    assert(m_size > 0);
    m_head = wrap(m_head + 1);
    --m_size;
  }
  void clear() { m_head = m_size = 0; }

private:
  // i mod capacity for i < 2 x capacity (every caller: head < capacity, offset <= capacity),
  // without the division (the simulator's hottest FIFOs are touched millions of times a run).
  std::size_t wrap(std::size_t i) const { return i >= m_cap ? i - m_cap : i; }

  std::vector<T> m_buf{1};
  std::size_t m_cap = 1;  // m_buf.size(), kept apart: that is a division for most element sizes
  std::size_t m_head = 0;
  std::size_t m_size = 0;
};

// A RingFifo of compile-time capacity N, stored in place (no separate allocation to touch).
template <typename T, std::size_t N>
class InlineFifo {
public:
  static constexpr std::size_t capacity() { return N; }
  std::size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  bool full() const { return m_size == N; }
  void push(const T& v) { pushSlot() = v; }
  // Appends an element and returns it, to be written in place (no temporary: building a small
  // struct on the stack and copying it stalls on store forwarding). It still holds whatever was
  // there before: the caller writes every field.
  T& pushSlot() {
    assert(!full() && "FIFO overflow");
    if (full()) std::abort();
    T& v = m_buf[(m_head + m_size) % N];
    ++m_size;
    return v;
  }
  const T& front() const { return m_buf[m_head]; }
  void pop() {
    assert(m_size > 0);
    m_head = static_cast<std::uint32_t>((m_head + 1) % N);
    --m_size;
  }

private:
  std::array<T, N> m_buf{};
  std::uint32_t m_head = 0, m_size = 0;
};

// A pipeline of fixed depth: an item pushed at cycle c is ready at cycle c + depth.
// At most one push per cycle, so capacity depth + 1 never overflows.
template <typename T>
class DelayLine {
public:
  DelayLine() = default;
  explicit DelayLine(int depth) : m_depth(depth), m_fifo(static_cast<std::size_t>(depth) + 2) {}
  void push(const T& v, std::uint64_t cycle) {
    m_fifo.push({v, cycle + static_cast<std::uint64_t>(m_depth)});
  }
  bool ready(std::uint64_t cycle) const {
    return !m_fifo.empty() && m_fifo.front().readyAt <= cycle;
  }
  const T& front() const { return m_fifo.front().value; }
  void pop() { m_fifo.pop(); }
  std::size_t size() const { return m_fifo.size(); }
  bool empty() const { return m_fifo.empty(); }
  int depth() const { return m_depth; }

private:
  struct Item {
    T value{};
    std::uint64_t readyAt = 0;
  };
  int m_depth = 0;
  RingFifo<Item> m_fifo{1};
};

}  // namespace spatten::core
