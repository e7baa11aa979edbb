// Mt64Block (core/util/mt64_block.h) against std::mt19937_64, the generator whose stream the
// simulator's seeded top-k inputs and pivots are defined by: the same words for several seeds,
// across block boundaries, whether drawn one at a time or filled in runs of any length, and
// whichever instruction-set clone of the block refill this CPU runs.
#include <QtTest>
#include <random>
#include <vector>

#include "core/util/mt64_block.h"

using spatten::core::Mt64Block;

class TstMt64Block : public QObject {
  Q_OBJECT

private slots:
  void wordsMatchTheStandardGenerator() {
    for (std::uint64_t seed : {0ull, 1ull, 5489ull, 0x9e3779b97f4a7c15ull, ~0ull}) {
      std::mt19937_64 ref(seed);
      Mt64Block gen(seed);
      for (int i = 0; i < 3 * 312 + 7; ++i) QCOMPARE(gen(), ref());
    }
  }

  void fillMatchesAcrossBlocks() {
    std::mt19937 lengths(11);
    for (std::uint64_t seed : {3ull, 0x5157ull, 123456789ull}) {
      std::mt19937_64 ref(seed);
      Mt64Block gen(seed);
      std::vector<std::uint64_t> out;
      for (int run = 0; run < 40; ++run) {
        const std::size_t n =
            lengths() % 700;  // some runs inside a block, some across two or three
        out.assign(n, 0);
        gen.fill(out.data(), n, [](std::uint64_t y) { return y; });
        for (std::size_t i = 0; i < n; ++i) QCOMPARE(out[i], ref());
        if (run % 3 == 0) QCOMPARE(gen(), ref());  // single draws between runs
      }
    }
  }

  // The first block is generated lazily (single draws before it need only part of the state):
  // any number of single draws, then a fill, then more draws continue the same stream.
  void lazyFirstBlockThenFill() {
    for (std::size_t singles : {0u, 1u, 2u, 20u, 155u, 156u, 157u, 311u, 312u, 313u, 700u}) {
      std::mt19937_64 ref(singles * 977 + 1);
      Mt64Block gen(singles * 977 + 1);
      for (std::size_t i = 0; i < singles; ++i) QCOMPARE(gen(), ref());
      std::vector<std::uint64_t> out(400);
      gen.fill(out.data(), out.size(), [](std::uint64_t y) { return y; });
      for (std::uint64_t y : out) QCOMPARE(y, ref());
      for (int i = 0; i < 5; ++i) QCOMPARE(gen(), ref());
    }
  }

  // Two generators seeded side by side (the simulator's value and pivot generators), for any
  // share of the second's state: both streams unchanged, drawn one at a time or filled.
  void seededAlongsideKeepsBothStreams() {
    for (std::size_t words : {0u, 1u, 2u, 100u, 157u, 311u, 312u, 400u}) {
      std::mt19937_64 refA(words + 7), refB(words * 31 + 3);
      Mt64Block a(words + 7), b(words * 31 + 3);
      a.seedAlongside(b, words);
      std::vector<std::uint64_t> out(700);
      a.fill(out.data(), out.size(), [](std::uint64_t y) { return y; });
      for (std::uint64_t y : out) QCOMPARE(y, refA());
      for (int i = 0; i < 330; ++i) QCOMPARE(b(), refB());
    }
  }

  void fillAppliesTheMapping() {
    std::mt19937_64 ref(42);
    Mt64Block gen(42);
    std::vector<float> out(1000);
    gen.fill(out.data(), out.size(), [](std::uint64_t y) {
      return static_cast<float>(static_cast<std::int32_t>(y >> 40)) * (1.0f / 16777216.0f);
    });
    for (float v : out) QCOMPARE(v, static_cast<float>(ref() >> 40) * (1.0f / 16777216.0f));
  }
};

QTEST_APPLESS_MAIN(TstMt64Block)
#include "tst_mt64_block.moc"
