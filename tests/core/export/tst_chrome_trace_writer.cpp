// The streamed Chrome trace is byte-identical to the document chromeTraceJson builds in memory
// (the reference: nlohmann::json's own serialisation), for every event kind.
#include <QtTest>
#include <sstream>

#include "../sim/sim_test_util.h"
#include "core/export/chrome_trace_writer.h"
#include "core/sim/chrome_trace.h"
#include "core/sim/simulator.h"
#include "core/workload/workload_csv.h"

using namespace spatten::core;

class TestChromeTraceWriter : public QObject {
  Q_OBJECT

  static void compare(std::shared_ptr<const Workload> w, const HwConfig& hw, LogLevel level,
                      const std::vector<std::string>& mustHold = {}) {
    Simulator sim(w, hw, 7, level);
    sim.run();
    std::ostringstream streamed;
    writeChromeTrace(sim, streamed);
    const std::string reference = chromeTraceJson(sim);
    QVERIFY(reference.size() > 1000);
    for (const std::string& part : mustHold)
      QVERIFY2(reference.find(part) != std::string::npos, part.c_str());
    QCOMPARE(streamed.str().size(), reference.size());
    QVERIFY(streamed.str() == reference);
  }

private slots:
  void matchesReferenceOnSyntheticRequests() {
    // Two layers, refetches, value pruning, a token top-k: module, DRAM, top-k round and
    // instant events all occur.
    std::vector<Request> reqs;
    for (int layer = 0; layer < 2; ++layer)
      for (int head = 0; head < 3; ++head) {
        Request r = test::request(layer, head, 40 + 7 * head, 9, 60, 6, head == 1);
        r.topk = head == 2;
        r.topkNum = head == 2 ? 30 : -1;
        r.accumulateImportance = true;
        reqs.push_back(r);
      }
    compare(test::workloadOf(reqs), HwConfig::preset("spatten"), LogLevel::Full,
            {"\"name\":\"top-k round\"", "DRAM K MSB", "DRAM K LSB", "DRAM V", "\"LSB refetch\"",
             "\"pruning\"", "\"request done\"", "(LSB recompute)", "\"row_hit\":true"});
    compare(test::workloadOf(reqs), HwConfig::preset("spatten-1of8"), LogLevel::Modules);
    HwConfig dummy = HwConfig::preset("spatten");
    dummy.topkModel = 1;
    compare(test::workloadOf(reqs), dummy, LogLevel::Full);
  }

  void matchesReferenceOnTheOfficialSmallWorkload() {
    const std::string path = std::string(SPATTEN_SHARED_DIR) + "/workloads/small.csv";
    if (!QFile::exists(QString::fromStdString(path))) QSKIP("official workloads not available");
    compare(std::make_shared<const Workload>(loadWorkloadCsv(path)), HwConfig::preset("spatten"),
            LogLevel::Full);
  }
};

QTEST_APPLESS_MAIN(TestChromeTraceWriter)
#include "tst_chrome_trace_writer.moc"
