// IndexedRing (core/sim/indexed_ring.h) against std::deque, the container it replaced in the
// simulator's request windows: the same contents after any sequence of appends, pops and
// growths; copies independent; a popped element released at once.
#include <QtTest>
#include <deque>
#include <memory>
#include <random>

#include "core/sim/indexed_ring.h"

using spatten::core::IndexedRing;

class TstIndexedRing : public QObject {
  Q_OBJECT

private slots:
  void matchesDequeUnderRandomUse() {
    std::mt19937 rng(7);
    IndexedRing<int> ring;
    std::deque<int> ref;
    int next = 0;
    for (int step = 0; step < 20000; ++step) {
      const unsigned op = rng() % 10;
      if (op < 6 || ref.empty()) {  // appends win: the ring grows through several doublings
        ring.pushBack(next);
        ref.push_back(next++);
      } else if (op < 9) {
        ring.popFront();
        ref.pop_front();
      } else {
        ring.emplaceBack() = -next;
        ref.push_back(-next++);
      }
      QCOMPARE(ring.size(), ref.size());
      QCOMPARE(ring.empty(), ref.empty());
      if (!ref.empty()) {
        QCOMPARE(ring.front(), ref.front());
        const std::size_t i = rng() % ref.size();
        QCOMPARE(ring[i], ref[i]);
      }
    }
    for (std::size_t i = 0; i < ref.size(); ++i) QCOMPARE(ring[i], ref[i]);
    ring.clear();
    QVERIFY(ring.empty());
    ring.pushBack(42);
    QCOMPARE(ring.front(), 42);
  }

  void emplaceBackValueInitialises() {
    IndexedRing<int> ring;
    for (int round = 0; round < 3; ++round) {  // reuses slots that held other values
      for (int i = 0; i < 8; ++i) ring.pushBack(100 + i);
      for (int i = 0; i < 8; ++i) ring.popFront();
      QCOMPARE(ring.emplaceBack(), 0);
      ring.popFront();
    }
  }

  void copyIsIndependent() {
    IndexedRing<int> a;
    for (int i = 0; i < 5; ++i) a.pushBack(i);
    IndexedRing<int> b = a;
    b.popFront();
    b.pushBack(99);
    QCOMPARE(a.size(), std::size_t{5});
    QCOMPARE(a.front(), 0);
    QCOMPARE(b.front(), 1);
    QCOMPARE(b[4], 99);
  }

  void popReleasesTheElement() {
    auto held = std::make_shared<int>(1);
    IndexedRing<std::shared_ptr<int>> ring;
    ring.pushBack(held);
    ring.pushBack(nullptr);
    QCOMPARE(held.use_count(), 2L);
    ring.popFront();
    QCOMPARE(held.use_count(), 1L);
  }
};

QTEST_APPLESS_MAIN(TstIndexedRing)
#include "tst_indexed_ring.moc"
