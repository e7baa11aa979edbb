#pragma once
// Exact (bitwise) comparison of two functional runs in Qt Test (QCOMPARE / QVERIFY: call from a
// test function; a mismatch fails it). Used by tst_run_prefix and tst_analysis_cache.
#include <QtTest>

#include "core/functional/run_result.h"

namespace spatten::test {

// Exact comparison of everything the views and the simulator read from a run.
inline void compareRuns(const spatten::core::RunResult& a, const spatten::core::RunResult& b) {
  QCOMPARE(a.sequenceIds, b.sequenceIds);
  QCOMPARE(a.generatedIds, b.generatedIds);
  QCOMPARE(a.stepArgmax, b.stepArgmax);
  QCOMPARE(a.stepLogits.size(), b.stepLogits.size());
  for (std::size_t i = 0; i < a.stepLogits.size(); ++i) QVERIFY(a.stepLogits[i] == b.stepLogits[i]);
  QVERIFY(a.finalHidden == b.finalHidden);
  QCOMPARE(a.layerRecords.size(), b.layerRecords.size());
  for (std::size_t i = 0; i < a.layerRecords.size(); ++i) {
    QCOMPARE(a.layerRecords[i].computedTokens, b.layerRecords[i].computedTokens);
    QCOMPARE(a.layerRecords[i].aliveHeads, b.layerRecords[i].aliveHeads);
    QCOMPARE(a.layerRecords[i].tokenImportance, b.layerRecords[i].tokenImportance);
    QCOMPARE(a.layerRecords[i].headImportance, b.layerRecords[i].headImportance);
    QCOMPARE(a.layerRecords[i].aliveTokens, b.layerRecords[i].aliveTokens);
    QCOMPARE(a.layerRecords[i].tokenBudget, b.layerRecords[i].tokenBudget);
  }
  QCOMPARE(a.requests.size(), b.requests.size());
  for (std::size_t i = 0; i < a.requests.size(); ++i) {
    const spatten::core::RequestRecord &x = a.requests[i], &y = b.requests[i];
    QCOMPARE(x.layer, y.layer);
    QCOMPARE(x.head, y.head);
    QCOMPARE(x.query, y.query);
    QCOMPARE(x.keyFetch, y.keyFetch);
    QCOMPARE(x.valueFetch, y.valueFetch);
    QCOMPARE(x.keys, y.keys);
    QCOMPARE(x.probs, y.probs);
    QCOMPARE(x.keptValues, y.keptValues);
    QCOMPARE(x.refetch, y.refetch);
    QCOMPARE(x.maxProbFirst, y.maxProbFirst);
    QCOMPARE(x.probsMsb, y.probsMsb);
    QCOMPARE(x.probsFull, y.probsFull);
  }
  QCOMPARE(a.requestCount, b.requestCount);
  QCOMPARE(a.refetchCount, b.refetchCount);
  QCOMPARE(a.dram.total.total(), b.dram.total.total());
}

}  // namespace spatten::test
