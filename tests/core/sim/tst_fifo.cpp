// The simulator's fixed-capacity FIFOs (core/sim/fifo.h) against std::deque: RingFifo at
// capacities that are and are not powers of two (its buffer is rounded up and its positions run
// freely), InlineFifo, and DelayLine's ready cycles; copies independent checkpoints.
#include <QtTest>
#include <deque>
#include <random>

#include "core/sim/fifo.h"

using spatten::core::DelayLine;
using spatten::core::InlineFifo;
using spatten::core::RingFifo;

// `steps` random pushes and pops on `f` (capacity `cap`) and on a std::deque; after each, the
// size, empty / full flags and (for RingFifo) every element equal. Every third push writes
// through pushSlot() where the FIFO has it.
template <typename Fifo>
void randomUseMatchesDeque(Fifo& f, std::size_t cap, unsigned seed, int steps) {
  std::mt19937 rng(seed);
  std::deque<int> ref;
  for (int step = 0, next = 0; step < steps; ++step) {
    if (rng() % 2 == 0 && ref.size() < cap) {
      if (step % 3 == 0)
        f.pushSlot() = next;
      else
        f.push(next);
      ref.push_back(next++);
    } else if (!ref.empty()) {
      QCOMPARE(f.front(), ref.front());
      f.pop();
      ref.pop_front();
    }
    QCOMPARE(f.size(), ref.size());
    QCOMPARE(f.empty(), ref.empty());
    QCOMPARE(f.full(), ref.size() == cap);
    if constexpr (requires { f.at(0); })
      for (std::size_t i = 0; i < ref.size(); ++i) QCOMPARE(f.at(i), ref[i]);
  }
}

class TstFifo : public QObject {
  Q_OBJECT

private slots:
  void ringMatchesDequeAtAnyCapacity() {
    for (std::size_t cap : {1u, 2u, 3u, 5u, 7u, 8u, 63u, 64u, 100u}) {
      RingFifo<int> f(cap);
      QCOMPARE(f.capacity(), cap);
      // Thousands of wraps of the small ones.
      randomUseMatchesDeque(f, cap, static_cast<unsigned>(cap), 5000);
      if (QTest::currentTestFailed()) return;
      f.clear();
      QVERIFY(f.empty());
      QCOMPARE(f.capacity(), cap);
    }
  }

  void ringZeroCapacityHoldsOne() {
    RingFifo<int> f(0);
    QCOMPARE(f.capacity(), std::size_t{1});
    f.push(4);
    QVERIFY(f.full());
    QCOMPARE(f.front(), 4);
  }

  void ringCopyIsIndependent() {
    RingFifo<int> a(3);
    a.push(1);
    a.push(2);
    RingFifo<int> b = a;
    a.pop();
    a.push(3);
    a.push(4);
    QCOMPARE(b.size(), std::size_t{2});
    QCOMPARE(b.at(0), 1);
    QCOMPARE(b.at(1), 2);
    QCOMPARE(a.at(0), 2);
    QCOMPARE(a.at(2), 4);
  }

  void inlineMatchesDeque() {
    InlineFifo<int, 3> f;
    randomUseMatchesDeque(f, 3, 3, 2000);
  }

  void delayLineReadyAfterItsDepth() {
    DelayLine<int> d(3);
    d.push(7, 10);
    d.push(8, 11);
    QVERIFY(!d.ready(12));
    QVERIFY(d.ready(13));
    QCOMPARE(d.front(), 7);
    d.pop();
    QVERIFY(!d.ready(13));
    QVERIFY(d.ready(14));
    QCOMPARE(d.front(), 8);
    // One push a cycle never overflows it (capacity depth + 2, buffer rounded up).
    for (std::uint64_t c = 20; c < 200; ++c) {
      d.push(static_cast<int>(c), c);
      if (d.ready(c)) d.pop();
      QVERIFY(d.size() <= 4);
    }
  }
};

QTEST_APPLESS_MAIN(TstFifo)
#include "tst_fifo.moc"
