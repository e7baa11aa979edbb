#pragma once
// MT19937-64 (Matsumoto & Nishimura, 2004), the stream of std::mt19937_64 with the same seed,
// made for filling arrays and for a few draws: a whole state block (312 words) is regenerated and
// tempered in straight loops that the compiler vectorises (mt64_refill.cpp: also for AVX2 and
// AVX-512, chosen at load time), where std::mt19937_64 tempers one word
// per call and regenerates in a loop with a data-dependent select. The simulator's local top-k
// inputs draw about 4.6 M words per official workload (tst_mt64_block checks the stream against
// std::mt19937_64).

#include <array>
#include <cstddef>
#include <cstdint>

namespace spatten::core {

namespace mt64_detail {
inline constexpr std::size_t kN = 312, kM = 156;
inline constexpr std::uint64_t kMatrixA = 0xb5026f5aa96619e9ull;
inline constexpr std::uint64_t kUpper = ~0ull << 31, kLower = ~kUpper;

inline std::uint64_t twist(std::uint64_t cur, std::uint64_t next, std::uint64_t far) {
  const std::uint64_t y = (cur & kUpper) | (next & kLower);
  return far ^ (y >> 1) ^ ((0 - (y & 1)) & kMatrixA);
}
inline std::uint64_t temper(std::uint64_t z) {
  z ^= (z >> 29) & 0x5555555555555555ull;
  z ^= (z << 17) & 0x71d67fffeda60000ull;
  z ^= (z << 37) & 0xfff7eee000000000ull;
  return z ^ (z >> 43);
}
// The next state block of x[0..kN) in place (as the reference: words i >= kN - kM read words
// already replaced) and its kN tempered outputs into out (mt64_refill.cpp: compiled for AVX-512,
// AVX2 and the baseline, chosen at load time; the same bits at every level).
void refill(std::uint64_t* x, std::uint64_t* out) noexcept;
}  // namespace mt64_detail

class Mt64Block {
public:
  static constexpr std::size_t kN = mt64_detail::kN;

  // Seeds as std::mt19937_64(seed). The state is seeded and the first block generated lazily:
  // output i < kN - kM of the first block needs only state words i, i + 1 and i + kM, so a few
  // draws (the top-k engine's pivots: one per round) seed kM + draws words and temper only
  // what is drawn, where a whole block seeds, regenerates and tempers 3 x 312.
  explicit Mt64Block(std::uint64_t seed) { m_x[0] = seed; }
  // Neither copied nor moved: the state arrays are left unwritten until used (no 5 KB memset
  // per generator: the simulator makes two per request).
  Mt64Block(const Mt64Block&) = delete;
  Mt64Block& operator=(const Mt64Block&) = delete;

  // Seeds this generator's whole state and the first `otherWords` state words of `other` (both
  // fresh) in one loop. The seeding recurrence is a chain of dependent multiplies: two chains
  // side by side take the time of one. The streams are unchanged (the simulator seeds its value
  // generator whole and its pivot generator up to the first draw, kM + 1 words).
  void seedAlongside(Mt64Block& other, std::size_t otherWords) {
    const std::size_t both = otherWords < kN ? otherWords : kN;
    if (m_seeded == 1 && other.m_seeded == 1) {
      std::uint64_t a = m_x[0], b = other.m_x[0];
      for (std::size_t i = 1; i < both; ++i) {
        a = step(a, i);
        b = step(b, i);
        m_x[i] = a;
        other.m_x[i] = b;
      }
      if (both > 1) m_seeded = other.m_seeded = both;
    }
    seedTo(kN);
  }
  static constexpr std::size_t firstDrawWords() { return kM + 1; }

  // Writes the next `n` outputs, passed through `f` (an output word -> T), to out[0..n).
  template <typename T, typename F>
  void fill(T* out, std::size_t n, F f) {
    if (m_lazy) leaveLazy();
    while (n > 0) {
      if (m_pos == kN) nextBlock();
      const std::size_t take = n < kN - m_pos ? n : kN - m_pos;
      const std::uint64_t* y = m_out.data() + m_pos;
      for (std::size_t i = 0; i < take; ++i) out[i] = f(y[i]);
      out += take;
      n -= take;
      m_pos += take;
    }
  }

  std::uint64_t operator()() {
    if (m_lazy) {
      if (m_pos < kN - kM) {
        seedTo(m_pos + kM + 1);
        const std::uint64_t y =
            mt64_detail::temper(mt64_detail::twist(m_x[m_pos], m_x[m_pos + 1], m_x[m_pos + kM]));
        ++m_pos;
        return y;
      }
      leaveLazy();
    }
    if (m_pos == kN) nextBlock();
    return m_out[m_pos++];
  }

private:
  static constexpr std::size_t kM = mt64_detail::kM;
  static std::uint64_t step(std::uint64_t prev, std::size_t i) {  // the seeding recurrence
    return 6364136223846793005ull * (prev ^ (prev >> 62)) + i;
  }
  void seedTo(std::size_t words) {  // state words up to words - 1
    for (; m_seeded < words; ++m_seeded) m_x[m_seeded] = step(m_x[m_seeded - 1], m_seeded);
  }
  // The whole first block, keeping the outputs drawn so far (m_pos of them).
  void leaveLazy() {
    seedTo(kN);
    refill();
    m_lazy = false;
  }
  void nextBlock() {
    refill();
    m_pos = 0;
  }
  void refill() { mt64_detail::refill(m_x.data(), m_out.data()); }

  // Written before read: m_x up to m_seeded, m_out by refill().
  std::array<std::uint64_t, kN> m_x;    // the generator's state
  std::array<std::uint64_t, kN> m_out;  // tempered outputs of the current block
  std::size_t m_pos = 0;                // next output of the current block
  std::size_t m_seeded = 1;             // state words seeded (lazy first block)
  bool m_lazy = true;                   // the first block not generated yet
};

}  // namespace spatten::core
