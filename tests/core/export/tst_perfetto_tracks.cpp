// Perfetto additions of the Chrome trace (--trace-counters), read back with Qt's JSON parser:
// counter tracks whose bandwidth integrates to the simulator's bytes per channel, DRAM requests
// on one track per HBM2 channel, flow events that start in a token/head top-k slice and end on
// a fetcher slice of the next layer, process / thread names and the cycle convention; the
// default trace is unchanged by the option's code path; same seed, same bytes.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <map>
#include <set>

#include "core/export/chrome_trace_writer.h"
#include "core/export/perfetto_tracks.h"
#include "core/sim/chrome_trace.h"
#include "export_test_util.h"

using namespace spatten::core;

class TestPerfettoTracks : public QObject {
  Q_OBJECT

  static std::string traceOf(std::uint64_t seed, SimStats* stats, std::uint32_t window = 64) {
    Simulator sim(test::exportWorkload(), HwConfig::preset("spatten"), seed, LogLevel::Full);
    PerfettoCounters counters(sim, window);
    runSampled(sim, {&counters});
    if (stats) *stats = sim.stats();
    std::ostringstream out;
    writeChromeTrace(sim, out, {&counters, true});
    return out.str();
  }

private slots:
  void tracksFlowsAndMetadata() {
    SimStats stats;
    const std::string text = traceOf(6, &stats);
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &err);
    QCOMPARE(err.error, QJsonParseError::NoError);
    const QJsonObject other = doc.object()["otherData"].toObject();
    QVERIFY(other["cycle_convention"].toString().contains("cycles of the accelerator clock"));
    QCOMPARE(other["counter_window_cycles"].toInt(), 64);
    QCOMPARE(other["cycles"].toInteger(), static_cast<qint64>(stats.cycles));
    const QJsonArray events = doc.object()["traceEvents"].toArray();
    // Bandwidth counters: value (GB/s at 1 GHz = bytes per cycle) held from its ts to the next.
    std::map<QString, std::vector<std::pair<qint64, double>>> counters;
    std::map<qint64, QJsonObject> flowStart, flowEnd;
    std::vector<QJsonObject> slices;
    std::set<QString> threadNames, processNames;
    for (const QJsonValue& ev : events) {
      const QJsonObject e = ev.toObject();
      const QString ph = e["ph"].toString();
      if (ph == "C") {
        const QJsonObject args = e["args"].toObject();
        QCOMPARE(args.size(), 1);
        counters[e["name"].toString()].push_back({e["ts"].toInteger(), args.begin()->toDouble()});
      } else if (ph == "s") {
        flowStart[e["id"].toInteger()] = e;
      } else if (ph == "f") {
        QCOMPARE(e["bp"].toString(), QString("e"));
        flowEnd[e["id"].toInteger()] = e;
      } else if (ph == "X") {
        slices.push_back(e);
        if (e["name"].toString().startsWith("DRAM")) {
          QCOMPARE(e["pid"].toInt(), kHbmTracePid);
          QCOMPARE(e["tid"].toInt(), e["args"].toObject()["channel"].toInt());
        }
      } else if (ph == "M") {
        (e["name"] == "thread_name" ? threadNames : processNames)
            .insert(e["args"].toObject()["name"].toString());
      }
    }
    for (int c = 0; c < 16; ++c) {
      const auto& pts = counters.at(QString("DRAM bandwidth ch%1").arg(c));
      double bytes = 0;
      for (std::size_t i = 0; i + 1 < pts.size(); ++i)
        bytes += pts[i].second * static_cast<double>(pts[i + 1].first - pts[i].first);
      const double expect =
          static_cast<double>(stats.dramBytesPerChannel[static_cast<std::size_t>(c)]);
      QVERIFY2(std::abs(bytes - expect) <= 0.0005 * static_cast<double>(stats.cycles) + 1e-6,
               qPrintable(QString("ch%1: %2 vs %3").arg(c).arg(bytes).arg(expect)));
    }
    for (const char* name : {"alive tokens", "alive heads", "softmax FIFO", "requant hold buffer",
                             "key buffer", "DRAM reads in flight"})
      QVERIFY2(counters.count(name), name);
    QVERIFY(processNames.count("HBM2") && processNames.count("datapath counters"));
    QVERIFY(threadNames.count("channel 0") && threadNames.count("channel 15"));
    QVERIFY(threadNames.count("topk_token") && threadNames.count("fetcher"));
    // Flows: every start has its end; the start lies inside a token/head top-k slice of its
    // thread, the end is the first cycle of a fetcher slice of the next layer.
    QVERIFY(flowStart.size() >= 4);
    QCOMPARE(flowEnd.size(), flowStart.size());
    auto inside = [&](const QJsonObject& at, bool starts) {
      for (const QJsonObject& s : slices)
        if (s["pid"] == at["pid"] && s["tid"] == at["tid"]) {
          const qint64 ts = s["ts"].toInteger(), end = ts + s["dur"].toInteger();
          if (starts ? ts == at["ts"].toInteger()
                     : (ts <= at["ts"].toInteger() && at["ts"].toInteger() < end))
            return true;
        }
      return false;
    };
    for (const auto& [id, s] : flowStart) {
      const QJsonObject f = flowEnd.at(id);
      QCOMPARE(s["tid"].toInt(), static_cast<int>(ModuleId::TopkToken));
      QCOMPARE(f["tid"].toInt(), static_cast<int>(ModuleId::Fetcher));
      QCOMPARE(f["pid"].toInt(), s["pid"].toInt() + 1);
      QVERIFY(inside(s, false));
      QVERIFY(inside(f, true));
      QVERIFY(s["args"].toObject()["kept"].toInt() <= s["args"].toObject()["of"].toInt());
    }
  }

  void deterministicAndTheDefaultTraceUnchanged() {
    QVERIFY(traceOf(8, nullptr) == traceOf(8, nullptr));
    Simulator sim(test::exportWorkload(), HwConfig::preset("spatten"), 8, LogLevel::Full);
    sim.run();
    std::ostringstream plain;
    writeChromeTrace(sim, plain);
    QVERIFY(plain.str() == chromeTraceJson(sim));
    // A Full log written without its DRAM requests is the Modules-level trace.
    Simulator modules(test::exportWorkload(), HwConfig::preset("spatten"), 8, LogLevel::Modules);
    modules.run();
    std::ostringstream noDram;
    writeChromeTrace(sim, noDram, {nullptr, false});
    QVERIFY(noDram.str() == chromeTraceJson(modules));
  }
};

QTEST_APPLESS_MAIN(TestPerfettoTracks)
#include "tst_perfetto_tracks.moc"
