// Workload CSV import/export: byte-identical round trips of the official files (read in place
// from SPATTEN_SHARED_DIR), the RTL's field mapping, and errors naming line and column.
#include <sys/stat.h>

#include <QtTest/QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/util/error.h"
#include "core/workload/workload_csv.h"

using namespace spatten::core;

namespace {
std::string readFile(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
std::string shared(const char* name) { return std::string(SPATTEN_SHARED_DIR) + "/workloads/" + name; }
const std::string kHeader = kWorkloadCsvHeader;
}  // namespace

class TstWorkloadCsv : public QObject {
  Q_OBJECT
private slots:
  void roundTrip_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("rows");
    QTest::newRow("small") << "small.csv" << 1;
    QTest::newRow("gpt2-small") << "summary-gpt2-small-wikitext2-per8.csv" << 4608;
    QTest::newRow("gpt2-small-dense") << "summary-gpt2-small-wikitext2-per8-step1+dedic.csv" << 4608;
    QTest::newRow("gpt2-medium-ptb") << "summary-gpt2-medium-ptb-per0.csv" << 12288;
    QTest::newRow("gpt2-medium-hp") << "summary-gpt2-medium-wikitext2-per0-hp-step5+dedic+glob_p+local_p+hp+topk+quant.csv" << 11328;
  }
  void roundTrip() {
    if (!std::filesystem::exists(SPATTEN_SHARED_DIR "/workloads"))
      QSKIP("the official SpAtten workloads (../shared/workloads) are not next to this checkout");
    QFETCH(QString, file);
    QFETCH(int, rows);
    const std::string path = shared(file.toStdString().c_str());
    const std::string text = readFile(path);
    QVERIFY(!text.empty());
    Workload w = loadWorkloadCsv(path);
    QCOMPARE(static_cast<int>(w.requests.size()), rows);
    QCOMPARE(w.csvExtraLines.size(), std::size_t{1});  // the trailing configs/...yml line
    QVERIFY(workloadToCsv(w) == text);
  }
  void mapping() {
    if (!std::filesystem::exists(SPATTEN_SHARED_DIR "/workloads"))
      QSKIP("the official SpAtten workloads (../shared/workloads) are not next to this checkout");
    Workload w = loadWorkloadCsv(shared("summary-gpt2-small-wikitext2-per8.csv"));
    const Request& r = w.requests[0];
    QCOMPARE(r.iteration, 0);
    QCOMPARE(r.d, 64);
    QCOMPARE(r.sentenceLength, 993);
    QCOMPARE(r.keyFetchNum, 993);
    QCOMPARE(r.valueFetchNum, 204);
    QCOMPARE(r.keyMsbBits, 6);
    QCOMPARE(r.keyLsbBits, 4);
    QCOMPARE(r.valueBits, 6);
    QCOMPARE(r.queryBits, 16);
    QVERIFY(r.refetchLsb);
    QCOMPARE(r.requantThreshold, 0.05);
    QCOMPARE(w.model.layers, 12);
    QCOMPARE(w.model.heads, 12);
    int refetch = 0;
    for (const Request& q : w.requests) refetch += q.refetchLsb;
    QCOMPARE(refetch, 323);  // 7.0 % of the rows (spatten-notes.md §2.5)
    // Dense trace: -1 bits map to 8 MSB + 4 LSB with a forced refetch and 8-bit values (RTL).
    Workload d = loadWorkloadCsv(shared("summary-gpt2-small-wikitext2-per8-step1+dedic.csv"));
    QCOMPARE(d.requests[0].keyMsbBits, 8);
    QVERIFY(d.requests[0].refetchLsb);
    QCOMPARE(d.requests[0].valueBits, 8);
  }
  void configLineBeforeHeader() {
    const std::string text = "configs/x.yml,,,,,,,,,,,,,,,,\n" + kHeader +
                             "\n0,0,0,64.0,10,10,6,16,0.05,True,4,2,6,True,False,False,-1\n";
    Workload w = parseWorkloadCsv(text, "mem.csv");
    QCOMPARE(w.requests.size(), std::size_t{1});
    QVERIFY(w.csvExtraLines[0].beforeHeader);
    QVERIFY(workloadToCsv(w) == text);
  }
  void errors_data() {
    QTest::addColumn<QString>("row");
    QTest::addColumn<QString>("expect");
    QTest::newRow("bool") << "0,0,0,64.0,10,10,6,16,0.05,Maybe,4,2,6,True,False,False,-1" << "line 2, column 10 (if_requant)";
    QTest::newRow("int") << "0,x1,0,64.0,10,10,6,16,0.05,True,4,2,6,True,False,False,-1" << "line 2, column 2 (layer_id)";
    QTest::newRow("range") << "0,0,0,64.0,10,11,6,16,0.05,True,4,2,6,True,False,False,-1" << "line 2, column 6 (key_fetch_num)";
    QTest::newRow("D") << "0,0,0,64.5,10,10,6,16,0.05,True,4,2,6,True,False,False,-1" << "line 2, column 4 (embedding_length_D)";
    QTest::newRow("columns") << "0,0,0,64.0,10,10,6,16" << "line 2";
  }
  void errors() {
    QFETCH(QString, row);
    QFETCH(QString, expect);
    const std::string text = kHeader + "\n" + row.toStdString() + "\n";
    try {
      parseWorkloadCsv(text, "bad.csv");
      QFAIL("no error");
    } catch (const Error& e) {
      const QString msg = QString::fromStdString(e.what());
      QVERIFY2(msg.contains("bad.csv") && msg.contains(expect), qPrintable(msg));
    }
  }
  // Issue 14: a FIFO blocked in open(), /dev/zero was read until memory ran out.
  void notARegularFile() {
    QTemporaryDir dir;
    const std::string fifo = dir.path().toStdString() + "/w.csv";
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    const auto errorOf = [](const std::string& path) -> std::string {
      try {
        spatten::core::loadWorkloadCsv(path);
      } catch (const Error& e) {
        return e.what();
      }
      return "(no error)";
    };
    QCOMPARE(errorOf(fifo), fifo + ": is a named pipe (FIFO), not a regular file");
    QCOMPARE(errorOf("/dev/zero"),
             std::string("/dev/zero: is a character device, not a regular file"));
    QCOMPARE(errorOf(dir.path().toStdString()),
             dir.path().toStdString() + ": is a directory, expected a file");
  }
  // Issue 14: layer_id 300 passed the parser and failed in the simulator as "invalid request
  // fields"; NaN / 1e308 were cast to int (UB); one 140-byte row (D 4096, 2^20 keys) made the
  // simulator grow past 7 GB.
  void exactErrors_data() {
    QTest::addColumn<QString>("row");
    QTest::addColumn<QString>("expect");
    const QString ok = "0,0,0,64.0,10,10,6,16,0.05,True,4,2,6,True,False,False,-1";
    auto with = [&](int col, const QString& value) {
      QStringList f = ok.split(',');
      f[col] = value;
      return f.join(',');
    };
    QTest::newRow("layer 300")
        << with(1, "300") << "bad.csv: line 2, column 2 (layer_id): out of range [0, 255]: '300'";
    QTest::newRow("D nan") << with(3, "nan")
                           << "bad.csv: line 2, column 4 (embedding_length_D): expected a whole "
                              "number 1..4096: 'nan'";
    QTest::newRow("D 1e308") << with(3, "1e308")
                             << "bad.csv: line 2, column 4 (embedding_length_D): expected a whole "
                                "number 1..4096: '1e308'";
    QTest::newRow("D inf") << with(3, "inf")
                           << "bad.csv: line 2, column 4 (embedding_length_D): expected a whole "
                              "number 1..4096: 'inf'";
    QTest::newRow("threshold nan") << with(8, "nan")
                                   << "bad.csv: line 2, column 9 (auto_requant_thres): expected -1 "
                                      "(none) or a probability in [0, 1]: 'nan'";
    QTest::newRow("threshold 2") << with(8, "2")
                                 << "bad.csv: line 2, column 9 (auto_requant_thres): expected -1 "
                                    "(none) or a probability in [0, 1]: '2'";
    QTest::newRow("D x L") << "0,0,0,4096.0,1048576,1048576,32,32,-1,False,-1,1048576,32,False,"
                              "False,False,-1"
                           << "bad.csv: line 2, column 5 (sentence_length_L): embedding_length_D x "
                              "sentence_length_L = 4096 x 1048576 is more than 4194304 elements "
                              "per request (the limit): '1048576'";
    QTest::newRow("escape")
        << with(13, "\x1b[2J")
        << "bad.csv: line 2, column 14 (if_accumulate_importance): expected True "
           "or False: '\\x1B[2J'";
  }
  void exactErrors() {
    QFETCH(QString, row);
    QFETCH(QString, expect);
    try {
      parseWorkloadCsv(kHeader + "\n" + row.toStdString() + "\n", "bad.csv");
      QFAIL("no error");
    } catch (const Error& e) {
      QCOMPARE(QString::fromStdString(e.what()), expect);
    }
  }
  void limitsAreInclusive() {
    // D x L exactly at the limit, layer 255: accepted.
    const auto w = parseWorkloadCsv(kHeader +
                                        "\n0,255,0,4096.0,1024,1024,8,16,-1,False,4,1024,8,"
                                        "False,False,False,-1\n",
                                    "ok.csv");
    QCOMPARE(w.requests.at(0).layer, 255);
  }
  void missingHeader() {
    QVERIFY_THROWS_EXCEPTION(Error, parseWorkloadCsv("0,0,0,64.0,10,10,6,16,0.05,True,4,2,6,True,False,False,-1\n", "h.csv"));
  }
};

QTEST_APPLESS_MAIN(TstWorkloadCsv)
#include "tst_workload_csv.moc"
