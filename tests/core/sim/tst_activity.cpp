// Activity's busy intervals (core/sim/activity.h) against a plain model of their contract: per
// module, one open interval per request, extended by busy() in any later cycle, logged as one
// ModuleBusy event (first cycle, duration, request, layer, flags) when close() ends it, in close
// order; close() of a request without an open interval logs nothing; requestThisCycle() is the
// newest-opened interval extended in the current cycle. The model keeps a plain vector and
// searches it; Activity keeps hundreds open (the fetcher fetches ahead) without that search.
#include <QtTest>
#include <algorithm>
#include <memory>
#include <random>
#include <vector>

#include "core/sim/activity.h"

using namespace spatten::core;

namespace {

struct ModelOpen {
  std::uint32_t request;
  std::uint64_t first, last;
};

std::shared_ptr<const Workload> workloadOf(std::size_t requests) {
  auto w = std::make_shared<Workload>();
  w->requests.resize(requests);
  for (std::size_t i = 0; i < requests; ++i) w->requests[i].layer = static_cast<int>(i % 7);
  w->inferModelInfo();
  return w;
}

}  // namespace

class TstActivity : public QObject {
  Q_OBJECT

private slots:
  // Random busy/close streams per module: mostly new requests in order, many open at once,
  // closes mostly of the oldest (as the fetcher does), sometimes of any or of none.
  void matchesModelUnderRandomUse() {
    constexpr std::size_t kRequests = 4000;
    const auto w = workloadOf(kRequests);
    Activity act(w, LogLevel::Modules);
    std::vector<std::vector<ModelOpen>> model(kModuleCount);
    std::vector<Event> expected;
    std::vector<std::uint32_t> next(kModuleCount, 0);
    std::mt19937 rng(11);
    for (std::uint64_t cycle = 0; cycle < 30000; ++cycle) {
      act.beginCycle(cycle);
      std::vector<std::int64_t> thisCycle(kModuleCount, -1);
      for (int m = 0; m < kModuleCount; ++m) {
        auto& open = model[static_cast<std::size_t>(m)];
        const auto id = static_cast<ModuleId>(m);
        for (unsigned k = rng() % 3; k > 0; --k) {
          const unsigned op = rng() % 100;
          std::uint32_t r;
          // Module 0 opens faster than it closes: hundreds open at once.
          const unsigned newShare = m == 0 ? 45 : 25;
          if (op < newShare && next[static_cast<std::size_t>(m)] < kRequests) {
            r = next[static_cast<std::size_t>(m)]++;
          } else if (op < 85 && !open.empty()) {
            r = open[rng() % open.size()].request;  // an open one, anywhere
          } else {
            r = static_cast<std::uint32_t>(rng() % kRequests);  // maybe closed, maybe never seen
          }
          if (op % 4 == 3 || (m != 0 && op % 4 == 2)) {  // close
            const std::uint8_t flags = static_cast<std::uint8_t>(op & 1);
            act.close(id, r, flags);
            auto it = std::find_if(open.begin(), open.end(),
                                   [&](const ModelOpen& o) { return o.request == r; });
            if (it != open.end()) {
              Event e;
              e.kind = EventKind::ModuleBusy;
              e.cycle = it->first;
              e.duration = static_cast<std::uint32_t>(it->last - it->first + 1);
              e.request = r;
              e.module = static_cast<std::uint8_t>(m);
              e.flags = flags;
              e.layer = static_cast<std::uint8_t>(r % 7);
              expected.push_back(e);
              open.erase(it);
            }
          } else {  // busy
            act.busy(id, r);
            auto it = std::find_if(open.begin(), open.end(),
                                   [&](const ModelOpen& o) { return o.request == r; });
            if (it != open.end())
              it->last = cycle;
            else
              open.push_back({r, cycle, cycle});
          }
        }
        for (auto it = open.rbegin(); it != open.rend(); ++it)
          if (it->last == cycle) {
            thisCycle[static_cast<std::size_t>(m)] = it->request;
            break;
          }
        QCOMPARE(act.requestThisCycle(id), thisCycle[static_cast<std::size_t>(m)]);
      }
    }
    QVERIFY(expected.size() > 10000);
    const EventLog& log = act.events();
    QCOMPARE(log.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const Event& a = log[i];
      const Event& b = expected[i];
      QCOMPARE(a.cycle, b.cycle);
      QCOMPARE(a.duration, b.duration);
      QCOMPARE(a.request, b.request);
      QCOMPARE(a.module, b.module);
      QCOMPARE(a.flags, b.flags);
      QCOMPARE(a.layer, b.layer);
      QCOMPARE(static_cast<int>(a.kind), static_cast<int>(b.kind));
    }
  }

  // The case the set is built for: hundreds of intervals open, closed oldest first, a copy (a
  // checkpoint) continuing independently.
  void manyOpenClosedOldestFirstAndCopied() {
    const auto w = workloadOf(2000);
    Activity act(w, LogLevel::Modules);
    for (std::uint32_t r = 0; r < 1000; ++r) {
      act.beginCycle(r);
      act.busy(ModuleId::Fetcher, r);
    }
    Activity copy = act;
    for (std::uint32_t r = 0; r < 1000; ++r) {
      act.beginCycle(1000 + r);
      act.busy(ModuleId::Fetcher, r);  // extends the interval opened at cycle r
      act.close(ModuleId::Fetcher, r);
    }
    QCOMPARE(act.events().size(), std::size_t{1000});
    for (std::uint32_t r = 0; r < 1000; ++r) {
      QCOMPARE(act.events()[r].cycle, std::uint64_t{r});
      QCOMPARE(act.events()[r].duration, 1000u + 1u);
    }
    QCOMPARE(copy.events().size(), std::size_t{0});
    copy.beginCycle(5000);
    copy.close(ModuleId::Fetcher, 999);
    QCOMPARE(copy.events().size(), std::size_t{1});
    QCOMPARE(copy.events()[0].cycle, std::uint64_t{999});
    QCOMPARE(copy.requestThisCycle(ModuleId::Fetcher), std::int64_t{-1});
    copy.busy(ModuleId::Fetcher, 3);
    QCOMPARE(copy.requestThisCycle(ModuleId::Fetcher), std::int64_t{3});
  }
};

QTEST_APPLESS_MAIN(TstActivity)
#include "tst_activity.moc"
