// Reuse of a simulation after a run edit (core/sim/sim_resume.h, Simulator::resumedOn): a run of
// workload B resumed from a checkpoint of workload A's run must give exactly B's run from cycle
// 0 (cycles, every statistic, the whole event log), and a checkpoint that has read a request in
// which A and B differ must be refused. Workloads come from functional runs of the bundled tiny
// GPT-2 on the persuasion sample: A and B differ by one SpAtten parameter.
#include <QtTest>

#include "core/functional/run_report.h"
#include "core/functional/workload_convert.h"
#include "core/model/model.h"
#include "core/sim/sim_resume.h"
#include "core/sim/stats.h"
#include "tests/core/sample_ids.h"
#include "tests/core/sim/run_outcome.h"

using namespace spatten;
using namespace spatten::core;

namespace {

std::shared_ptr<const Workload> workloadOf(const Model& model, const RunConfig& cfg) {
  RunOptions ro;
  ro.recordAttention = true;
  const RunReport rep = runReport(
      model, test::encodeSentenceFile(test::samples("models/tiny-gpt2"), "persuasion.txt"), cfg,
      ro);
  return std::make_shared<const Workload>(toWorkload(rep.pruned, "tiny-gpt2"));
}

using Outcome = test::RunOutcome;

Outcome finish(Simulator sim, ResumePoints* points = nullptr) {
  while (!sim.finished()) {
    sim.stepCycles(1024);
    if (points) points->record(sim);
  }
  return test::outcomeOf(sim);
}

void compare(const Outcome& got, const Outcome& want) {
  test::compareOutcomes(got, want);
}

}  // namespace

class TstSimResume : public QObject {
  Q_OBJECT
  std::unique_ptr<Model> m_model;

  // A's run with checkpoints every 2048 cycles, then B from A's checkpoints; returns B's start.
  std::uint64_t resumeAndCheck(const RunConfig& a, const RunConfig& b, const HwConfig& hw) {
    const auto wa = workloadOf(*m_model, a), wb = workloadOf(*m_model, b);
    const std::uint64_t seed = 7;
    ResumePoints pa(wa, hw, seed, LogLevel::Full, nullptr, 2048, 1000);
    finish(pa.start(), &pa);
    const Outcome fresh = finish(Simulator(wb, hw, seed, LogLevel::Full));
    ResumePoints pb(wb, hw, seed, LogLevel::Full, &pa, 2048, 1000);
    compare(finish(pb.start()), fresh);
    return pb.startCycle();
  }

private slots:
  void initTestCase() { m_model = Model::load(test::samples("models/tiny-gpt2")); }

  // Every checkpoint of A: resumed on B it either finishes exactly as B from cycle 0, or (it has
  // read a request that differs) is refused.
  void everyCheckpoint() {
    RunConfig a = presetConfig("spatten-gpt2"), b = a;
    a.token_keep_end = 0.45;
    b.token_keep_end = 0.55;
    const auto wa = workloadOf(*m_model, a), wb = workloadOf(*m_model, b);
    const std::size_t same = firstDifference(*wa, *wb);
    QVERIFY(same > 0);
    QVERIFY(same < wb->requests.size());
    const HwConfig hw;
    const Outcome fresh = finish(Simulator(wb, hw, 3, LogLevel::Full));
    Simulator sim(wa, hw, 3, LogLevel::Full);
    int resumed = 0, refused = 0;
    while (!sim.finished()) {
      // Every 500 cycles, and around the first changed request at every cycle in which the
      // datapath reads one more request (where a wrong bound would first go unnoticed).
      const std::size_t read = sim.requestsRead();
      if (read + 6 >= same && read <= same + 6) {
        while (!sim.finished() && sim.requestsRead() == read) sim.step();
      } else {
        sim.stepCycles(500);
      }
      std::optional<Simulator> on = sim.resumedOn(wb);
      if (sim.requestsRead() > same) {
        QVERIFY2(!on, "a checkpoint that read a changed request was accepted");
        ++refused;
        continue;
      }
      QVERIFY(on.has_value());
      QCOMPARE(on->cycle(), sim.cycle());
      compare(finish(std::move(*on)), fresh);
      ++resumed;
    }
    QVERIFY(resumed >= 3);
    QVERIFY(refused >= 3);
  }

  // A difference inside a summarization head's group: the group's lead reads every member's key
  // count when it is admitted (to size the group's buffer lines), so from then on a checkpoint
  // must be refused, although the changed request itself is admitted later.
  void differenceInsideAGroup() {
    const auto wa = workloadOf(*m_model, presetConfig("spatten-gpt2"));
    const auto& q = wa->requests;
    // The second head of layer 1: a lead and its members.
    std::size_t lead = 0;
    while (lead < q.size() && !(q[lead].layer == 1 && q[lead].head != q[0].head)) ++lead;
    std::size_t end = lead;
    while (end < q.size() && q[end].layer == q[lead].layer && q[end].head == q[lead].head) ++end;
    QVERIFY2(end - lead >= 8, "the group is too small for this test");
    // B: the group's last query attends to fewer keys, which shrinks the group's lines.
    auto b = std::make_shared<Workload>(*wa);
    Request& changed = b->requests[end - 1];
    changed.keyFetchNum = 1;
    changed.valueFetchNum = 1;
    changed.probs.reset();
    const std::shared_ptr<const Workload> wb = b;
    const HwConfig hw;
    const Outcome fresh = finish(Simulator(wb, hw, 4, LogLevel::Full));
    QVERIFY(fresh.cycles != finish(Simulator(wa, hw, 4, LogLevel::Full)).cycles);
    Simulator sim(wa, hw, 4, LogLevel::Full);
    int resumed = 0, refused = 0;
    std::size_t last = 0;  // each cycle in which the datapath reads more, near the group
    while (!sim.finished() && sim.requestsRead() <= end + 1) {
      sim.step();
      if (sim.requestsRead() + 4 < lead || sim.requestsRead() == last) continue;
      last = sim.requestsRead();
      std::optional<Simulator> on = sim.resumedOn(wb);
      if (!on) {
        ++refused;
        continue;
      }
      QVERIFY2(sim.requestsRead() < end, "a run that read the changed request was accepted");
      compare(finish(std::move(*on)), fresh);
      ++resumed;
    }
    QVERIFY(resumed >= 1);
    QVERIFY(refused >= 1);
  }

  // Edits that keep the first layers: B starts well after cycle 0 and still matches.
  void runEdits_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::addColumn<bool>("reuses");
    QTest::newRow("token_keep_end") << "token_keep_end" << 0.45 << 0.55 << true;
    QTest::newRow("head_keep_end") << "head_keep_end" << 0.5 << 0.75 << true;
    QTest::newRow("token_keep_start") << "token_keep_start" << 0.9 << 0.6 << true;
    // Every layer computes with these: nothing is read in common, B starts at cycle 0.
    QTest::newRow("value_keep") << "value_keep" << 0.2 << 0.4 << false;
    QTest::newRow("k_msb_bits") << "k_msb_bits" << 6.0 << 4.0 << false;
  }
  void runEdits() {
    QFETCH(QString, field);
    QFETCH(double, from);
    QFETCH(double, to);
    QFETCH(bool, reuses);
    RunConfig a = presetConfig("spatten-gpt2");
    a.generate = 3;  // summarization and generation requests
    RunConfig b = a;
    const auto set = [&](RunConfig& c, double v) {
      if (field == "token_keep_end") c.token_keep_end = v;
      if (field == "head_keep_end") c.head_keep_end = v;
      if (field == "token_keep_start") c.token_keep_start = v;
      if (field == "value_keep") c.value_keep = v;
      if (field == "k_msb_bits") c.k_msb_bits = static_cast<int>(v);
    };
    set(a, from);
    set(b, to);
    const std::uint64_t start = resumeAndCheck(a, b, HwConfig{});
    QCOMPARE(start > 0, reuses);
  }

  // Other hardware, seed or log level: nothing is carried over.
  void otherRunsStartAtZero() {
    RunConfig a = presetConfig("spatten-gpt2"), b = a;
    a.token_keep_end = 0.45;
    b.token_keep_end = 0.55;
    const auto wa = workloadOf(*m_model, a), wb = workloadOf(*m_model, b);
    HwConfig hw, other;
    other.topkParallelism = 8;
    ResumePoints pa(wa, hw, 1, LogLevel::Full, nullptr, 2048, 1000);
    finish(pa.start(), &pa);
    QVERIFY(pa.size() > 3);
    QVERIFY(ResumePoints(wb, hw, 1, LogLevel::Full, &pa).startCycle() > 0);
    QCOMPARE(ResumePoints(wb, other, 1, LogLevel::Full, &pa).startCycle(), std::uint64_t(0));
    QCOMPARE(ResumePoints(wb, hw, 2, LogLevel::Full, &pa).startCycle(), std::uint64_t(0));
    QCOMPARE(ResumePoints(wb, hw, 1, LogLevel::Modules, &pa).startCycle(), std::uint64_t(0));
  }

  // The bound on checkpoints: halved (every other kept) with the interval doubled.
  void boundedCheckpoints() {
    const auto w = workloadOf(*m_model, presetConfig("spatten-gpt2"));
    ResumePoints p(w, HwConfig{}, 1, LogLevel::Off, nullptr, 256, 8);
    finish(p.start(), &p);
    QVERIFY(p.size() <= 8);
    QVERIFY(p.size() >= 4);
  }

  // The GUI's research summary takes its pruned statistics from the timeline's run (LogLevel
  // Full) instead of a LogLevel Off run: the log level must not change any figure.
  void statsIndependentOfLogLevel() {
    const auto w = workloadOf(*m_model, presetConfig("spatten-gpt2"));
    const HwConfig hw;
    QCOMPARE(QString::fromStdString(finish(Simulator(w, hw, 1, LogLevel::Off)).stats),
             QString::fromStdString(finish(Simulator(w, hw, 1, LogLevel::Full)).stats));
  }
};

QTEST_APPLESS_MAIN(TstSimResume)
#include "tst_sim_resume.moc"
