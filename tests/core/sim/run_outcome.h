#pragma once
// Test helper: what a finished simulation produced (cycles, the event log's size and hash, the
// statistics JSON), and a QtTest comparison of two. Shared by the tests that check a resumed or
// grown run against the run from cycle 0.

#include <QtTest>
#include <cstdint>
#include <string>

#include "core/sim/simulator.h"
#include "core/sim/stats.h"

namespace spatten::test {

struct RunOutcome {
  std::uint64_t cycles = 0, logHash = 0;
  std::size_t events = 0;
  std::string stats;
};

inline RunOutcome outcomeOf(const core::Simulator& sim) {
  return {sim.cycle(), sim.log().hash(), sim.log().size(),
          core::statsToJson(sim.stats(), sim.hw()).dump()};
}

inline void compareOutcomes(const RunOutcome& got, const RunOutcome& want) {
  QCOMPARE(got.cycles, want.cycles);
  QCOMPARE(got.events, want.events);
  QCOMPARE(got.logHash, want.logHash);
  QCOMPARE(QString::fromStdString(got.stats), QString::fromStdString(want.stats));
}

}  // namespace spatten::test
