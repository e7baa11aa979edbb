// Simulator: cycle-exact module behaviour, conservation, FIFO bounds, determinism, stepping and
// step-back via checkpoints + replay, and a run of the official GPT-2 trace.
#include <QtTest/QtTest>

#include <filesystem>

#include <memory>

#include "core/sim/sim_session.h"
#include "core/sim/simulator.h"
#include "core/util/error.h"
#include "core/workload/workload_csv.h"
#include "sim_test_util.h"

using namespace spatten::core;

namespace {
Request makeReq(int layer, int head, int keys, int vals, bool refetch = false) {
  return test::request(layer, head, keys, vals, keys, 8, refetch);
}
std::shared_ptr<const Workload> make(std::vector<Request> reqs) { return test::workloadOf(std::move(reqs)); }
std::shared_ptr<const Workload> mixed() {
  std::vector<Request> v;
  for (int l = 0; l < 3; ++l)
    for (int h = 0; h < 4; ++h) v.push_back(makeReq(l, h, 300 + 37 * h + 11 * l, 60 + 5 * h, (h + l) % 3 == 0));
  v.push_back(makeReq(3, 0, 100, 200));  // vals >= keys: top-k skipped
  v.push_back(makeReq(3, 1, 0, 0));      // empty request
  return make(v);
}
std::uint64_t firstBusy(const Simulator& s, ModuleId m, std::uint32_t req) {
  std::uint64_t c = ~0ull;
  s.log().forEach([&](const Event& e) {
    if (e.kind == EventKind::ModuleBusy && e.module == static_cast<std::uint8_t>(m) && e.request == req)
      c = std::min(c, e.cycle);
  });
  return c;
}
void compareSnapshots(const SimSnapshot& a, const SimSnapshot& b) {
  QCOMPARE(a.cycle, b.cycle);
  QCOMPARE(a.current.index, b.current.index);
  QCOMPARE(a.inflightRequests, b.inflightRequests);
  QCOMPARE(a.keyBufferUsedLines, b.keyBufferUsedLines);
  QCOMPARE(a.eventCount, b.eventCount);
  QCOMPARE(a.stats.dramBytesTotal(), b.stats.dramBytesTotal());
  QCOMPARE(a.stats.qkMacs, b.stats.qkMacs);
  for (std::size_t m = 0; m < a.modules.size(); ++m) {
    QCOMPARE(a.modules[m].state, b.modules[m].state);
    QCOMPARE(a.modules[m].request.index, b.modules[m].request.index);
    QCOMPARE(a.modules[m].progress, b.modules[m].progress);
    QCOMPARE(a.stats.modules[m].busy, b.stats.modules[m].busy);
    for (std::size_t f = 0; f < a.modules[m].fifos.size(); ++f)
      QCOMPARE(a.modules[m].fifos[f].fill, b.modules[m].fifos[f].fill);
  }
  for (std::size_t c = 0; c < a.channels.size(); ++c) {
    QCOMPARE(a.channels[c].outstanding, b.channels[c].outstanding);
    QCOMPARE(a.channels[c].addrFifo, b.channels[c].addrFifo);
  }
  QCOMPARE(a.topk.phase, b.topk.phase);
  QCOMPARE(a.topk.round, b.topk.round);
  QCOMPARE(a.topk.compared, b.topk.compared);
}
}  // namespace

class TstSimulator : public QObject {
  Q_OBJECT
private slots:
  void qkCyclesAndPipelineDepth_data() {
    QTest::addColumn<int>("keys");
    QTest::newRow("1") << 1;
    QTest::newRow("8") << 8;
    QTest::newRow("100") << 100;
    QTest::newRow("993") << 993;
  }
  void qkCyclesAndPipelineDepth() {
    QFETCH(int, keys);
    HwConfig hw;
    Simulator sim(make({makeReq(0, 0, keys, keys)}), hw, 1);
    sim.run();
    QVERIFY(sim.finished());
    // Q x K: ceil(n / (512 / 64)) busy cycles ...
    QCOMPARE(sim.stats().modules[static_cast<int>(ModuleId::QxK)].busy, std::uint64_t((keys + 7) / 8));
    // ... and its first scores reach the softmax exactly qk.pipeline_depth cycles later.
    QCOMPARE(firstBusy(sim, ModuleId::Softmax, 0) - firstBusy(sim, ModuleId::QxK, 0),
             std::uint64_t(hw.qkPipelineDepth));
    QCOMPARE(sim.stats().qkMacs, std::uint64_t(keys) * 64);
  }
  void qkWiderThanSoftmaxFifo_data() {
    QTest::addColumn<int>("multipliers");
    QTest::addColumn<int>("fifoDepth");
    // 65536 / 64 = 1024 scores per cycle into a 128-score FIFO: the beat never fitted (deadlock).
    QTest::newRow("1024 into 128") << 65536 << 128;
    // 65536 / 64 = 1024 per cycle, FIFO 65536: fits as it is.
    QTest::newRow("1024 into 65536") << 65536 << 65536;
  }
  void qkWiderThanSoftmaxFifo() {
    QFETCH(int, multipliers);
    QFETCH(int, fifoDepth);
    HwConfig hw;
    hw.qkMultipliers = multipliers;
    hw.softmaxFifoDepth = fifoDepth;
    const int keys = 3000;
    Simulator sim(make({makeReq(0, 0, keys, 100)}), hw, 1);
    sim.run();
    QVERIFY(sim.finished());
    QCOMPARE(sim.stats().qkMacs, std::uint64_t(keys) * 64);
    QCOMPARE(sim.stats().softmaxElements, std::uint64_t(keys));
    // Q x K is busy ceil(keys / min(1024, fifo)) cycles.
    const int perCycle = std::min(multipliers / 64, fifoDepth);
    QCOMPARE(sim.stats().modules[static_cast<int>(ModuleId::QxK)].busy,
             std::uint64_t((keys + perCycle - 1) / perCycle));
  }
  void softmaxLatency() {
    // The paper's pipeline (default): the scores stream through phase A (dequantize, exp,
    // accumulate: 7 + 21 + 23 cycles); once the last one is out, phase B (divide, re-quantize:
    // 29 + 7) starts, so the first probability reaches module 9 ceil(n / 8) - 1 + 51 + 36 cycles
    // after the first score entered. The RTL's pass-through softmax: one register stage.
    const int keys = 100;
    for (int passthrough : {0, 1}) {
      HwConfig hw;
      hw.softmaxPassthrough = passthrough;
      Simulator sim(make({makeReq(0, 0, keys, keys)}), hw, 1, LogLevel::Full);
      sim.run();
      QVERIFY(sim.finished());
      const std::uint64_t expect = passthrough ? 1 : (keys + 7) / 8 - 1 + 51 + 36;
      QCOMPARE(firstBusy(sim, ModuleId::Requant, 0) - firstBusy(sim, ModuleId::Softmax, 0), expect);
      QCOMPARE(sim.stats().softmaxElements, std::uint64_t(keys));
    }
  }
  void topkRoundCycles() {
    HwConfig hw;
    hw.topkParallelism = 4;
    Simulator sim(make({makeReq(0, 0, 500, 100)}), hw, 3);
    sim.run();
    int rounds = 0;
    std::uint64_t inputs = 0;
    sim.log().forEach([&](const Event& e) {
      if (e.kind != EventKind::TopkRound || e.module != static_cast<std::uint8_t>(ModuleId::TopkV)) return;
      QCOMPARE(e.duration, (e.a + 3) / 4 + std::uint32_t(hw.topkRoundOverhead));
      QCOMPARE(e.b + e.c + e.extra, e.a);
      if (rounds == 0) QCOMPARE(e.a, 500u);
      inputs += e.a;
      ++rounds;
    });
    QVERIFY(rounds >= 2);
    QVERIFY(inputs >= 500);
  }
  void conservationAndBounds() {
    for (const char* preset : {"spatten", "spatten-1of8", "spatten+rtl-topk"}) {
      HwConfig hw = HwConfig::preset(std::string(preset) == "spatten-1of8" ? "spatten-1of8" : "spatten");
      if (std::string(preset) == "spatten+rtl-topk") hw.topkModel = 1;
      Simulator sim(mixed(), hw, 5, LogLevel::Full);
      sim.run();
      const SimStats& s = sim.stats();
      QVERIFY(sim.finished());
      QCOMPARE(s.requestsDone, std::uint64_t(sim.requestCount()));
      QCOMPARE(s.fifoOverflows, std::uint64_t(0));
      for (int k = 0; k < kDataKinds; ++k) QCOMPARE(s.dramBytes[k], s.requestedBytes[k]);
      // Every transaction was logged exactly once (each address once per fetch job).
      std::uint64_t logged = 0;
      sim.log().forEach([&](const Event& e) { logged += e.kind == EventKind::DramRequest; });
      QCOMPARE(logged, s.dramTransactions);
      // LSB refetches: one per refetching request with keys.
      std::uint64_t expect = 0;
      for (const Request& r : sim.workload().requests) expect += r.refetchLsb && r.keyFetchNum > 0;
      QCOMPARE(s.lsbRefetches, expect);
      QCOMPARE(s.qkMacsRecompute > 0, true);
      QCOMPARE(s.dramBytes[static_cast<int>(DataKind::Q)], std::uint64_t(sim.requestCount()) * 128);
    }
  }
  void fifoCapacityNeverExceeded() {
    Simulator sim(mixed(), HwConfig::preset("spatten"), 9);
    while (!sim.finished()) {
      sim.step();
      SnapshotPtr s = sim.snapshot();
      for (const ModuleSnapshot& m : s->modules)
        for (const FifoLevel& f : m.fifos)
          if (f.capacity) QVERIFY2(f.fill <= f.capacity, f.name.c_str());
      for (const ChannelSnapshot& c : s->channels) {
        QVERIFY(c.addrFifo <= c.addrFifoCapacity);
        QVERIFY(c.outstanding <= c.maxOutstanding);
      }
      QVERIFY(s->keyBufferUsedLines <= s->keyBufferLines);
      QVERIFY(s->valueBufferUsedLines <= s->valueBufferLines);
      QVERIFY(s->keyBufferRequests <= 16);
      QVERIFY(s->valueBufferRequests <= 16);
    }
  }
  // The Q×K box and the headline name the same request at every cycle: in the cycle that
  // finished a request the box showed the next one (not started, 0 keys) while the headline, the
  // status bar and current() named the finished one.
  void qkBoxAgreesWithTheHeadline() {
    Simulator sim(mixed(), HwConfig::preset("spatten"), 9);
    int finishing = 0;
    while (!sim.finished()) {
      sim.step();
      SnapshotPtr s = sim.snapshot();
      const ModuleSnapshot& qk = s->module(ModuleId::QxK);
      if (qk.state != ModuleState::Busy) continue;
      QCOMPARE(qk.request.index, s->current.index);
      QCOMPARE(qk.request.pass, s->current.pass);
      QVERIFY(qk.progress > 0 || qk.total == 0);  // busy: it scored keys of this request
      finishing += qk.total > 0 && qk.progress == qk.total;
    }
    QVERIFY(finishing > 0);  // the finishing cycles were checked
  }
  void determinism() {
    Simulator a(mixed(), HwConfig{}, 42, LogLevel::Full), b(mixed(), HwConfig{}, 42, LogLevel::Full);
    a.run();
    b.run();
    QCOMPARE(a.cycle(), b.cycle());
    QCOMPARE(a.log().hash(), b.log().hash());
    Simulator c(mixed(), HwConfig{}, 43, LogLevel::Full);
    c.run();
    std::vector<float> pa, pc;
    a.log().forEach([&](const Event& e) { if (e.kind == EventKind::TopkRound) pa.push_back(e.value); });
    c.log().forEach([&](const Event& e) { if (e.kind == EventKind::TopkRound) pc.push_back(e.value); });
    QVERIFY(pa != pc);
  }
  void stepBackThenForward() {
    SimSession session(Simulator(mixed(), HwConfig{}, 7), 64, 4);
    session.step(1000);
    QCOMPARE(session.cycle(), std::uint64_t(1000));  // the run is longer than 1000 cycles
    SnapshotPtr at1000 = session.snapshot();
    const std::uint64_t hash = session.sim().log().hash();
    session.stepBack(433);
    QCOMPARE(session.cycle(), std::uint64_t(1000 - 433));
    session.step(433);
    compareSnapshots(*at1000, *session.snapshot());
    QCOMPARE(session.sim().log().hash(), hash);
    session.seek(10);
    QCOMPARE(session.cycle(), std::uint64_t(10));
    session.seek(1000);
    compareSnapshots(*at1000, *session.snapshot());
    QVERIFY(session.checkpointCount() <= 4);
  }
  void steppingGranularity() {
    Simulator sim(mixed(), HwConfig{}, 1);
    QVERIFY(sim.stepTo(Granularity::Query));
    const auto first = sim.currentRequest();
    QVERIFY(sim.stepTo(Granularity::Query));
    QVERIFY(sim.currentRequest() != first);
    QVERIFY(sim.stepTo(Granularity::Layer));
    QCOMPARE(sim.workload().requests[static_cast<std::size_t>(sim.currentRequest())].layer, 1);
    Breakpoint bp;
    bp.layer = 2;
    bp.head = 3;
    QVERIFY(sim.runUntil(bp));
    const Request& r = sim.workload().requests[static_cast<std::size_t>(sim.currentRequest())];
    QCOMPARE(r.layer, 2);
    QCOMPARE(r.head, 3);
    Breakpoint cyc;
    cyc.cycle = static_cast<std::int64_t>(sim.cycle() + 100);
    QVERIFY(sim.runUntil(cyc));
    QCOMPARE(sim.cycle(), static_cast<std::uint64_t>(cyc.cycle));
    const std::size_t n = sim.log().size();
    QVERIFY(sim.stepTo(Granularity::Event));
    QVERIFY(sim.log().size() > n);
  }
  // "Next top-k round" stops once per round of module 10, in the cycle after the round ended
  // (the view shows the FIFOs after it), and the token/head engine's rounds do not stop it.
  void steppingByTopkRound() {
    Simulator full(mixed(), HwConfig{}, 1);
    full.run();
    std::vector<std::uint64_t> ends;  // cycle after each module-10 round
    full.log().forEach([&](const Event& e) {
      if (e.kind == EventKind::TopkRound && e.module == static_cast<std::uint8_t>(ModuleId::TopkV))
        ends.push_back(e.cycle + e.duration);
    });
    QVERIFY(ends.size() > 3);
    std::sort(ends.begin(), ends.end());
    ends.erase(std::unique(ends.begin(), ends.end()), ends.end());  // rounds ending together
    Simulator sim(mixed(), HwConfig{}, 1);
    std::vector<std::uint64_t> stops;
    while (sim.stepTo(Granularity::TopkRound)) stops.push_back(sim.cycle());
    QCOMPARE(stops, ends);
  }
  void summarizationReusesKV() {
    std::vector<Request> v;
    for (int q = 0; q < 5; ++q) {
      Request r = makeReq(0, 0, 64, 16, q == 1);
      r.stage = Stage::Summarization;
      r.query = q;
      v.push_back(r);
    }
    Simulator sim(make(v), HwConfig{}, 1);
    sim.run();
    const SimStats& s = sim.stats();
    QCOMPARE(s.requestsDone, std::uint64_t(5));
    QCOMPARE(s.dramBytes[static_cast<int>(DataKind::KMsb)], std::uint64_t(64 * 64));  // once
    QCOMPARE(s.dramBytes[static_cast<int>(DataKind::V)], std::uint64_t(64 * 64));
    QCOMPARE(s.dramBytes[static_cast<int>(DataKind::KLsb)], std::uint64_t(64 * 32));
    QCOMPARE(s.lsbRefetches, std::uint64_t(1));
  }
  // A requant hold buffer too small for the workload deadlocks the datapath: the watchdog's error
  // names the hardware field (the GUI shows it), and the default buffer runs the same requests.
  void deadlockNamesTheField() {
    std::vector<Request> v;
    for (int q = 0; q < 6; ++q) {
      Request r = makeReq(0, q % 2, 64, 16, q % 3 == 1);
      r.stage = Stage::Summarization;
      r.query = q / 2;
      v.push_back(r);
    }
    HwConfig small;
    small.requantBufferBeats = 1;
    Simulator stuck(make(v), small, 1, LogLevel::Off);
    try {
      stuck.run();
      QFAIL("a 1-beat requant buffer did not deadlock");
    } catch (const Error& e) {
      QCOMPARE(QString::fromStdString(e.field()), QStringLiteral("requant.buffer_beats"));
      QCOMPARE(QString::fromStdString(e.file()), QStringLiteral("<hardware>"));
    }
    Simulator fine(make(v), HwConfig{}, 1, LogLevel::Off);
    fine.run();
    QCOMPARE(fine.stats().requestsDone, std::uint64_t(6));
  }
  void officialTraceRuns() {
    if (!std::filesystem::exists(SPATTEN_SHARED_DIR "/workloads"))
      QSKIP("the official SpAtten workloads (../shared/workloads) are not next to this checkout");
    auto w = std::make_shared<const Workload>(loadWorkloadCsv(std::string(SPATTEN_SHARED_DIR) +
                                                              "/workloads/summary-gpt2-small-wikitext2-per8.csv"));
    Simulator sim(w, HwConfig{}, 1, LogLevel::Off);
    sim.run();
    const SimStats& s = sim.stats();
    QCOMPARE(s.requestsDone, std::uint64_t(4608));
    QCOMPARE(s.lsbRefetches, std::uint64_t(323));
    QCOMPARE(s.fifoOverflows, std::uint64_t(0));
    QCOMPARE(s.qkMacs, std::uint64_t(1283172) * 64);  // every key scored once
    QCOMPARE(s.avMacs, std::uint64_t(255180) * 64);   // every kept value once
    for (int k = 0; k < kDataKinds; ++k) QCOMPARE(s.dramBytes[k], s.requestedBytes[k]);
  }
};

QTEST_APPLESS_MAIN(TstSimulator)
#include "tst_simulator.moc"
