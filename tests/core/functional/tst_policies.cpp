// KV-cache policies (core/functional/policies): budgets hold exactly at every generation step, with
// budget 1 every policy is the dense run, BERT and a non-forced oracle are refused, and the
// request stream (core/functional/workload_convert) carries exactly each policy's keys and bytes to
// the functional DRAM accounting and to the cycle simulator.
#include <QtTest>
#include <algorithm>

#include "core/model/model.h"
#include "core/sim/simulator.h"
#include "core/functional/policies/kv_policy.h"
#include "core/functional/run_report.h"
#include "core/functional/workload_convert.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "tests/core/sample_ids.h"

using namespace spatten::core;

namespace {

const std::vector<std::string> kKvPolicies = {"streaming", "h2o",    "tova",
                                              "quest",     "snapkv", "oracle"};

using spatten::test::samples;
using spatten::test::encodeSentenceFile;

RunConfig policyConfig(const std::string& policy, double budget, int generate) {
  RunConfig c = presetConfig("dense");
  c.policy = policy;
  c.kv_budget = budget;
  c.generate = generate;
  return c;
}

struct Fixture {
  std::unique_ptr<Model> model = Model::load(samples("models/tiny-gpt2"));
  std::vector<int> ids = encodeSentenceFile(samples("models/tiny-gpt2"), "persuasion.txt");
};

}  // namespace

class TestPolicies : public QObject {
  Q_OBJECT
private slots:
  void budgetFormula() {
    QCOMPARE(kvBudgetKeys(0.3, 10), 3);  // 0.3 * 10 = 3.0000000000000004 in binary
    QCOMPARE(kvBudgetKeys(0.2, 11), 3);
    QCOMPARE(kvBudgetKeys(0.01, 5), 1);  // at least the newest token
    QCOMPARE(kvBudgetKeys(1.0, 57), 57);
    QCOMPARE(kvBudgetKeys(0.3, 100), 30);
  }

  // Every generation request of every policy fetches exactly k(n) keys (Quest: whole pages, the
  // last page plus floor((k - |last|) / page) full pages), holds the newest token, ascending.
  void budgetsHoldExactly() {
    Fixture f;
    for (const std::string& p : kKvPolicies)
      for (double b : {0.1, 0.2, 0.3, 0.5, 0.77}) {
        RunConfig cfg = policyConfig(p, b, 12);
        cfg.page = 8;
        const RunReport rep = runReport(*f.model, f.ids, cfg);
        int checked = 0;
        for (const RequestRecord& rq : rep.pruned.requests) {
          if (rq.iteration == 0) continue;
          const int n = static_cast<int>(f.ids.size()) + rq.iteration;
          const int k = kvBudgetKeys(b, n);
          const QByteArray where = QStringLiteral("%1 budget %2 iteration %3 layer %4 head %5")
                                       .arg(QString::fromStdString(p))
                                       .arg(b)
                                       .arg(rq.iteration)
                                       .arg(rq.layer)
                                       .arg(rq.head)
                                       .toUtf8();
          QVERIFY2(std::is_sorted(rq.keyIds.begin(), rq.keyIds.end()), where.constData());
          QVERIFY2(std::adjacent_find(rq.keyIds.begin(), rq.keyIds.end()) == rq.keyIds.end(),
                   where.constData());
          QVERIFY2(rq.keyIds.front() >= 0 && rq.keyIds.back() == n - 1, where.constData());
          QCOMPARE(rq.keyFetch, static_cast<int>(rq.keyIds.size()));
          if (p == "quest") {
            const int pages = (n + 7) / 8, last = n - (pages - 1) * 8;
            const int fit = std::min(pages - 1, k >= last ? (k - last) / 8 : 0);
            QVERIFY2(rq.keyFetch == last + 8 * fit, where.constData());
            QCOMPARE(static_cast<int>(rq.pages.size()), fit + 1);
            QCOMPARE(rq.metaPages, fit < pages - 1 ? pages - 1 : 0);
          } else {
            QVERIFY2(rq.keyFetch == k, where.constData());
          }
          ++checked;
        }
        QCOMPARE(checked, 12 * 16);  // 12 steps x 4 layers x 4 heads
      }
  }

  // kv_budget = 1 with the dense numerics: every policy computes exactly the dense run.
  void budgetOneIsDense() {
    Fixture f;
    RunConfig dense = presetConfig("dense");
    dense.generate = 10;
    const RunReport ref = runReport(*f.model, f.ids, dense);
    for (const std::string& p : kKvPolicies) {
      const RunReport rep = runReport(*f.model, f.ids, policyConfig(p, 1.0, 10));
      QCOMPARE(rep.pruned.stepLogits.size(), ref.pruned.stepLogits.size());
      for (size_t s = 0; s < ref.pruned.stepLogits.size(); ++s)
        QVERIFY2(rep.pruned.stepLogits[s] == ref.pruned.stepLogits[s], p.c_str());  // bitwise
      QCOMPARE(rep.fidelity.top1Agreement, 1.0);
      QCOMPARE(rep.fidelity.meanKl, 0.0);
      QCOMPARE(rep.pruned.dram.total.total(), ref.pruned.dram.total.total());
    }
  }

  void decoderOnlyPoliciesRefuseBert() {
    auto bert = Model::load(samples("models/tiny-bert"));
    const std::vector<int> ids = encodeSentenceFile(samples("models/tiny-bert"), "default-bert.txt");
    for (const std::string& p : kKvPolicies) {
      RunConfig cfg = presetConfig("spatten-bert");
      cfg.policy = p;
      try {
        runReport(*bert, ids, cfg);
        QFAIL("expected Error");
      } catch (const Error& e) {
        QCOMPARE(QString::fromStdString(e.field()), QStringLiteral("policy"));
        QVERIFY(QString::fromStdString(e.what()).contains("decoders (GPT-2) only"));
      }
    }
    runReport(*bert, ids, presetConfig("spatten-bert"));  // the cascade stays defined for BERT
  }

  void oracleNeedsTheFuture() {
    Fixture f;
    try {
      runSpatten(*f.model, f.ids, policyConfig("oracle", 0.2, 4));  // greedy: no future known
      QFAIL("expected Error");
    } catch (const Error& e) {
      QCOMPARE(QString::fromStdString(e.field()), QStringLiteral("policy"));
    }
  }

  // The request stream carries each policy's exact keys, pages and metadata reads; counting the
  // stream gives exactly the run's DRAM bytes by kind; the simulator completes exactly the run's
  // requests and refetches and fetches exactly its payload bytes of K MSB, K LSB, V, Q and
  // Quest's page metadata.
  void requestStreamCarriesEachPolicy() {
    Fixture f;
    const std::vector<int> ids(f.ids.begin(), f.ids.begin() + 40);
    for (const std::string& p : std::vector<std::string>{"spatten", "streaming", "h2o", "tova",
                                                         "quest", "snapkv", "oracle"}) {
      RunConfig cfg = presetConfig("spatten-gpt2");  // 6+4-bit keys with refetch, V pruning
      cfg.policy = p;
      cfg.kv_budget = 0.3;
      cfg.page = 4;
      cfg.generate = 6;
      RunOptions ro;
      ro.recordAttention = true;
      const RunReport rep = runReport(*f.model, ids, cfg, ro);
      const RunResult& run = rep.pruned;
      const auto w = std::make_shared<const Workload>(toWorkload(run, "tiny-gpt2"));
      QCOMPARE(w->requests.size(), run.requests.size());
      for (size_t i = 0; i < run.requests.size(); ++i) {
        const RequestRecord& rq = run.requests[i];
        const Request& r = w->requests[i];
        QCOMPARE(r.keyFetchNum, rq.keyFetch);
        QCOMPARE(r.valueFetchNum, rq.valueFetch);
        QCOMPARE(r.refetchLsb, rq.refetch);
        QCOMPARE(r.metaFetchNum, rq.metaPages);
        QCOMPARE(r.selectCandidates, rq.candidates);
        if (rq.iteration > 0) {
          QVERIFY(r.keyIds && *r.keyIds == rq.keyIds);
          QCOMPARE(r.pageSize, p == "quest" ? 4 : 0);
        } else {
          QVERIFY(!r.keyIds);
        }
        QCOMPARE(r.topk, p == "spatten" && r.topk);  // the cascade top-k only for SpAtten
      }
      const DramReport fromStream = countDram(*w);
      QCOMPARE(fromStream.total.kMsb, run.dram.total.kMsb);
      QCOMPARE(fromStream.total.kLsb, run.dram.total.kLsb);
      QCOMPARE(fromStream.total.v, run.dram.total.v);
      QCOMPARE(fromStream.total.q, run.dram.total.q);
      QCOMPARE(fromStream.total.meta, run.dram.total.meta);
      QCOMPARE(run.dram.total.meta > 0, p == "quest");

      Simulator sim(w, HwConfig::load("spatten"), 1, LogLevel::Off);
      sim.run();
      const SimStats& s = sim.stats();
      QCOMPARE(s.requestsDone, std::uint64_t(run.requestCount));
      QCOMPARE(s.lsbRefetches, std::uint64_t(run.refetchCount));
      QCOMPARE(s.payloadBytes[std::size_t(DataKind::KMsb)], run.dram.total.kMsb);
      QCOMPARE(s.payloadBytes[std::size_t(DataKind::KLsb)], run.dram.total.kLsb);
      QCOMPARE(s.payloadBytes[std::size_t(DataKind::V)], run.dram.total.v);
      QCOMPARE(s.payloadBytes[std::size_t(DataKind::Q)], run.dram.total.q);
      QCOMPARE(s.payloadBytes[std::size_t(DataKind::Meta)], run.dram.total.meta);
      QCOMPARE(s.fifoOverflows, std::uint64_t(0));
      std::uint64_t simPayload = 0;
      for (std::uint64_t b : s.payloadBytes) simPayload += b;
      QCOMPARE(simPayload, run.dram.total.total());
    }
  }
};

QTEST_APPLESS_MAIN(TestPolicies)
#include "tst_policies.moc"
