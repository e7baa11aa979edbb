// DRAM request traces: every line against the format's grammar, every address decoded the way
// DRAMsim3 and Ramulator 2 decode it (their algorithms re-implemented here from their sources
// and the configuration file we write, not from core's mapping), the replay of the simulator's
// own trace reproducing every transaction it issued, determinism and bad input.
#include <QRegularExpression>
#include <QtTest>
#include <map>

#include "core/export/dram_replay.h"
#include "core/export/dram_trace.h"
#include "core/util/error.h"
#include "export_test_util.h"

using namespace spatten::core;

namespace {

struct Where {
  int channel, pc, bg, bank;
  std::uint64_t row, col;
};

// key = value lines of an .ini / "  key: value" lines of a YAML, flattened by key name (the
// keys we need are unique in both files).
std::map<std::string, std::string> keyValues(const std::string& text, char sep) {
  std::map<std::string, std::string> kv;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto p = line.find(sep);
    if (p == std::string::npos || line[0] == ';' || line[0] == '#') continue;
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(" \t"));
      s.erase(s.find_last_not_of(" \t") + 1);
      return s;
    };
    kv[trim(line.substr(0, p))] = trim(line.substr(p + 1));
  }
  return kv;
}

int log2i(std::uint64_t v) {
  int n = 0;
  while ((1ull << n) < v) ++n;
  return n;
}

// DRAMsim3's Config::SetAddressMapping / AddressMapping for the .ini we wrote.
Where dramsim3Decode(const std::map<std::string, std::string>& ini, std::uint64_t addr) {
  const int bl = std::stoi(ini.at("BL")), bus = std::stoi(ini.at("bus_width"));
  const int columns = std::stoi(ini.at("columns")) * 2;  // HBM: columns *= 2
  const int shift = log2i(static_cast<std::uint64_t>(bus / 8 * bl));
  std::map<std::string, int> width = {
      {"ch", log2i(std::stoull(ini.at("channels")))},
      {"ra", 0},
      {"bg", log2i(std::stoull(ini.at("bankgroups")))},
      {"ba", log2i(std::stoull(ini.at("banks_per_group")))},
      {"ro", log2i(std::stoull(ini.at("rows")))},
      {"co", log2i(static_cast<std::uint64_t>(columns)) - log2i(static_cast<std::uint64_t>(bl))}};
  const std::string m = ini.at("address_mapping");
  std::map<std::string, int> pos;
  int p = 0;
  for (int i = static_cast<int>(m.size()) - 2; i >= 0; i -= 2) {
    pos[m.substr(static_cast<std::size_t>(i), 2)] = p;
    p += width[m.substr(static_cast<std::size_t>(i), 2)];
  }
  const std::uint64_t a = addr >> shift;
  auto field = [&](const char* f) { return (a >> pos[f]) & ((1ull << width[f]) - 1); };
  const int channels16 = 16;
  const auto ch = static_cast<int>(field("ch"));
  return {ch % channels16,
          ch / channels16,
          static_cast<int>(field("bg")),
          static_cast<int>(field("ba")),
          field("ro"),
          field("co")};
}

// Ramulator 2's RoBaRaCoCh (linear_mappers.cpp) for the YAML we wrote (HBM2 levels: channel,
// pseudochannel, bankgroup, bank, row, column; column bits minus the prefetch of 2).
Where ramulator2Decode(const std::map<std::string, std::string>& y, std::uint64_t addr) {
  const int txBytes = 2 * std::stoi(y.at("channel_width")) / 8;
  std::uint64_t a = addr >> log2i(static_cast<std::uint64_t>(txBytes));
  auto slice = [&](int bits) {
    const std::uint64_t v = a & ((1ull << bits) - 1);
    a >>= bits;
    return v;
  };
  Where w{};
  w.channel = static_cast<int>(slice(log2i(std::stoull(y.at("channel")))));
  w.col = slice(log2i(std::stoull(y.at("column"))) - 1);
  w.pc = static_cast<int>(slice(log2i(std::stoull(y.at("pseudochannel")))));
  w.bg = static_cast<int>(slice(log2i(std::stoull(y.at("bankgroup")))));
  w.bank = static_cast<int>(slice(log2i(std::stoull(y.at("bank")))));
  w.row = slice(log2i(std::stoull(y.at("row"))));
  return w;
}

// The simulator's own record of each DRAM read, in (accept cycle, channel) order.
struct SimTx {
  std::uint64_t enqueue, issue, done;
  int channel, bank;
  std::uint32_t row, column;
  bool hit;
};
std::vector<SimTx> simTransactions(const Simulator& sim) {
  std::vector<SimTx> out;
  sim.log().forEach([&](const Event& e) {
    if (e.kind == EventKind::DramRequest)
      out.push_back({e.cycle, e.cycle + e.extra, e.cycle + e.duration, static_cast<int>(e.a),
                     static_cast<int>(e.b & 0xffff), e.c, e.b >> 16, (e.flags & 1) != 0});
  });
  std::sort(out.begin(), out.end(), [](const SimTx& a, const SimTx& b) {
    return a.enqueue != b.enqueue ? a.enqueue < b.enqueue : a.channel < b.channel;
  });
  return out;
}

std::string traceText(const Simulator& sim, DramTraceFormat f) {
  std::ostringstream s;
  writeDramTrace(dramRequests(sim), sim.hw(), f, s);
  return s.str();
}

}  // namespace

class TestDramTrace : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;
  std::string path(const char* name) { return (m_dir.path() + "/" + name).toStdString(); }

private slots:
  void linesFollowTheGrammarAndDecodeAsTheToolsDo() {
    Simulator sim(test::exportWorkload(), HwConfig::preset("spatten"), 3, LogLevel::Full);
    sim.run();
    const std::vector<SimTx> txs = simTransactions(sim);
    QVERIFY(txs.size() > 500);
    const std::vector<DramRequestRecord> reqs = dramRequests(sim);
    for (DramTraceFormat f : {DramTraceFormat::DramSim3, DramTraceFormat::Ramulator2}) {
      const std::string text = traceText(sim, f);
      const auto cfg = keyValues(dramConfigText(reqs, sim.hw(), f, "t.trace"),
                                 f == DramTraceFormat::DramSim3 ? '=' : ':');
      const QRegularExpression grammar(f == DramTraceFormat::DramSim3
                                           ? "^0x([0-9a-f]{8,16}) READ ([0-9]+)$"
                                           : "^LD 0x([0-9a-f]{8,16})$");
      const QStringList lines = QString::fromStdString(text).split('\n');
      QCOMPARE(lines.size(), static_cast<qsizetype>(txs.size() + 1));
      QVERIFY(lines.back().isEmpty());
      for (std::size_t i = 0; i < txs.size(); ++i) {
        const auto m = grammar.match(lines[static_cast<qsizetype>(i)]);
        QVERIFY2(m.hasMatch(), qPrintable(lines[static_cast<qsizetype>(i)]));
        const std::uint64_t addr = m.captured(1).toULongLong(nullptr, 16);
        const Where w = f == DramTraceFormat::DramSim3 ? dramsim3Decode(cfg, addr)
                                                       : ramulator2Decode(cfg, addr);
        const SimTx& t = txs[i];
        QCOMPARE(w.channel, t.channel);
        QCOMPARE(w.pc * 16 + w.bg * 4 + w.bank, t.bank);  // flat bank: (pc, bank group, bank)
        QCOMPARE(w.row, static_cast<std::uint64_t>(t.row));
        QCOMPARE(w.col, static_cast<std::uint64_t>(t.column));
        if (f == DramTraceFormat::DramSim3) QCOMPARE(m.captured(2).toULongLong(), t.enqueue);
      }
      // The configuration carries the preset's HBM2 timing.
      if (f == DramTraceFormat::DramSim3) {
        QCOMPARE(cfg.at("CL"), std::string("7"));
        QCOMPARE(cfg.at("tRFC"), std::string("350"));
        QCOMPARE(cfg.at("channels"), std::string("32"));
      } else {
        QCOMPARE(cfg.at("nRC"), std::string("19"));
        QCOMPARE(cfg.at("nBL"), std::string("2"));
        QCOMPARE(cfg.at("density"), std::string("8192"));
        QCOMPARE(cfg.at("path"), std::string("t.trace"));
      }
    }
  }

  void replayOfTheSimulatorsTraceReproducesItsTransactions() {
    for (const char* preset : {"spatten", "spatten-1of8"}) {
      Simulator sim(test::exportWorkload(), HwConfig::preset(preset), 5, LogLevel::Full);
      sim.run();
      const std::vector<SimTx> txs = simTransactions(sim);
      test::writeAll(path("sim.trace"), traceText(sim, DramTraceFormat::DramSim3));
      const DramTrace trace = readDramTrace(path("sim.trace"), DramTraceFormat::DramSim3, sim.hw());
      QVERIFY(trace.timed);
      const DramReplayResult r = replayDramTrace(trace, sim.hw());
      QCOMPARE(r.txs.size(), txs.size());
      std::uint64_t hits = 0;
      for (std::size_t i = 0; i < txs.size(); ++i) {
        const DramReplayTx& a = r.txs[i];
        const SimTx& b = txs[i];
        QCOMPARE(a.where.cycle, b.enqueue);
        QCOMPARE(a.issueCycle, b.issue);
        QCOMPARE(a.doneCycle, b.done);
        QCOMPARE(a.where.channel, b.channel);
        QCOMPARE(static_cast<int>(a.bank), b.bank);
        QCOMPARE(a.where.row, b.row);
        QCOMPARE(a.rowHit, b.hit);
        hits += b.hit;
      }
      QCOMPARE(r.rowHits, hits);
      QCOMPARE(r.rowHits, sim.stats().rowHits);
      // Untimed (Ramulator 2): the same reads in the same order, at the frontend's pace.
      test::writeAll(path("sim.ld"), traceText(sim, DramTraceFormat::Ramulator2));
      const DramTrace ld = readDramTrace(path("sim.ld"), DramTraceFormat::Ramulator2, sim.hw());
      QVERIFY(!ld.timed);
      QCOMPARE(ld.requests.size(), trace.requests.size());
      for (std::size_t i = 0; i < ld.requests.size(); ++i) {
        DramRequestRecord a = ld.requests[i], b = trace.requests[i];
        b.cycle = 0;
        QVERIFY(a == b);
      }
      const DramReplayResult one = replayDramTrace(ld, sim.hw(), 1);
      QCOMPARE(one.txs.size(), txs.size());
      QVERIFY(one.cycles >= txs.size());  // one request per cycle at most
      const nlohmann::json j = dramReplayJson(one, ld, sim.hw(), 1);
      QCOMPARE(j["requests"].get<std::uint64_t>(), txs.size());
      std::uint64_t binned = 0;
      for (const auto& b : j["latency_cycles"]["histogram"])
        binned += b["count"].get<std::uint64_t>();
      QCOMPARE(binned, txs.size());
    }
  }

  void sameConfigAndSeedGiveIdenticalBytes() {
    std::string first[2];
    for (int run = 0; run < 2; ++run) {
      Simulator sim(test::exportWorkload(), HwConfig::preset("spatten"), 9, LogLevel::Full);
      sim.run();
      first[run] = traceText(sim, DramTraceFormat::DramSim3) +
                   traceText(sim, DramTraceFormat::Ramulator2) +
                   dramConfigText(dramRequests(sim), sim.hw(), DramTraceFormat::Ramulator2, "x");
    }
    QVERIFY(first[0] == first[1]);
  }

  void badTracesNameFileLineAndField_data() {
    QTest::addColumn<int>("format");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    const int d = 0, r = 1;
    QTest::newRow("fields") << d << QByteArray("0x20 READ 1\n0x40 READ\n")
                            << "line 2: fields: 2 fields; a DRAMsim3 line is";
    QTest::newRow("write") << d << QByteArray("0x20 WRITE 1\n") << "line 1: command: WRITE";
    QTest::newRow("hex") << d << QByteArray("0x2g READ 1\n")
                         << "line 1: address: address '2g' is not a hexadecimal number";
    QTest::newRow("no 0x") << d << QByteArray("20 READ 1\n")
                           << "line 1: address: address '20' must be hexadecimal with 0x";
    QTest::newRow("backwards") << d << QByteArray("0x20 READ 9\n0x40 READ 3\n")
                               << "line 2: cycle: cycle 3 is before the previous request's 9";
    QTest::newRow("huge cycle") << d << QByteArray("0x20 READ 99999999999\n")
                                << "line 1: cycle: cycle 99999999999 is beyond the replay limit";
    QTest::newRow("overflow") << d << QByteArray("0x20 READ 1\n0x1ffffffffffffffff READ 2\n")
                              << "line 2: address: address '1ffffffffffffffff' is not a 64-bit";
    QTest::newRow("store") << r << QByteArray("LD 0x20\nST 0x40\n") << "line 2: command: ST";
    QTest::newRow("opcode") << r << QByteArray("RD 0x40\n")
                            << "line 1: command: 'RD' is not LD or ST";
    QTest::newRow("empty") << r << QByteArray("\n\n") << "no requests: the trace is empty";
  }
  void badTracesNameFileLineAndField() {
    QFETCH(int, format);
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    test::writeAll(path("bad.trace"), text.toStdString());
    try {
      readDramTrace(path("bad.trace"),
                    format == 0 ? DramTraceFormat::DramSim3 : DramTraceFormat::Ramulator2,
                    HwConfig::preset("spatten"));
      QFAIL("no error");
    } catch (const Error& e) {
      const QString what = QString::fromUtf8(e.what());
      QVERIFY2(what.startsWith(QString::fromStdString(path("bad.trace")) + ": "), qPrintable(what));
      QVERIFY2(what.contains(message), qPrintable(what));
    }
  }

  void formatNamesAreChecked() {
    QCOMPARE(parseDramTraceFormat("ramulator2", "--format"), DramTraceFormat::Ramulator2);
    try {
      parseDramTraceFormat("ramulator", "--format");
      QFAIL("no error");
    } catch (const Error& e) {
      QCOMPARE(QString(e.what()),
               QString("--format: unknown format 'ramulator'; allowed: dramsim3, ramulator2"));
    }
  }
};

QTEST_APPLESS_MAIN(TestDramTrace)
#include "tst_dram_trace.moc"
