#pragma once
// Fixed-capacity containers used between modules. No allocation after construction, value
// semantics (a copy is an independent checkpoint). Overflow is a simulator bug: push() asserts.

#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace spatten::core {

template <typename T>
class RingFifo {
public:
  RingFifo() = default;
  // The buffer is the capacity rounded up to a power of two: positions are free-running
  // counters, masked (no wrap test on the simulator's hottest FIFOs, touched millions of times).
  explicit RingFifo(std::size_t capacity)
      : m_buf(std::bit_ceil(capacity ? capacity : 1)),
        m_mask(m_buf.size() - 1),
        m_cap(capacity ? capacity : 1) {}
  std::size_t capacity() const { return m_cap; }
  std::size_t size() const { return m_write - m_read; }
  bool empty() const { return m_write == m_read; }
  bool full() const { return m_write - m_read == m_cap; }
  void push(const T& v) { pushSlot() = v; }
  // Appends an element and returns it, to be written in place. It still holds whatever was
  // there before: the caller writes every field.
  T& pushSlot() {
    assert(!full() && "FIFO overflow");
    if (full()) std::abort();
    return m_buf[m_write++ & m_mask];
  }
  T& front() { return m_buf[m_read & m_mask]; }
  const T& front() const { return m_buf[m_read & m_mask]; }
  const T& at(std::size_t i) const { return m_buf[(m_read + i) & m_mask]; }
  T& at(std::size_t i) { return m_buf[(m_read + i) & m_mask]; }
  void pop() {
    assert(!empty());
    ++m_read;
  }
  void clear() { m_read = m_write = 0; }

private:
  std::vector<T> m_buf{1};
  std::size_t m_mask = 0;               // m_buf.size() - 1
  std::size_t m_cap = 1;                // elements it may hold (at most m_buf.size())
  std::size_t m_read = 0, m_write = 0;  // elements popped and pushed so far (mod 2^64)
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
