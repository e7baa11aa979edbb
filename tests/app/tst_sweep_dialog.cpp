// Simulation > Design-space sweep: the dialog's sweep equals `spatten-cli sweep` of the same base
// and axes, the Pareto front is the non-dominated set, a click loads the point into the
// Parameters panel (and so every view), Cancel stops with a prefix, a bad axis line is named.
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QScreen>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <qcustomplot.h>
#include <sstream>

#include "app/gui/backend/sweep_job.h"
#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/simulation_controller.h"
#include "app/gui/sweep_dialog.h"
#include "views/common/session_model.h"
#include "views/plots/pareto_view.h"

using namespace spatten;

class TstSweepDialog : public QObject {
  Q_OBJECT
private:
  static void waitForResult(app::MainWindow& w) {
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() != nullptr, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy(), 120000);
  }

private slots:
  void frontIsTheNonDominatedSet() {
    // (x, y): benefit up, loss down. 1 dominates 0 and 3 dominates 1; 2 has the largest x.
    const std::vector<int> f = views::paretoFront({1, 2, 3, 2.5, 2}, {0.1, 0.05, 0.5, 0.05, 0.2});
    QCOMPARE(f, (std::vector<int>{2, 3}));
    QCOMPARE(views::paretoFront({1, 1}, {0.2, 0.2}), (std::vector<int>{0}));
  }

  // Every point with the same loss (a tiny model's top-1 agreement of 0.8 at every token keep):
  // the y axis shows a narrow range around it, not -3 .. 3; a loss of 0 everywhere starts at 0.
  void equalLossesGetANarrowNonNegativeAxis() {
    views::ParetoView v;
    std::vector<views::ParetoPoint> pts(4);
    for (std::size_t i = 0; i < pts.size(); ++i) {
      pts[i].point = i;
      pts[i].figures = {{"dram_reduction", 2.6 + 0.2 * static_cast<double>(i)},
                        {"fidelity.top1_agreement", 0.8}};
    }
    v.setPoints(pts);
    QCPRange y = v.plot()->yAxis->range();
    QVERIFY2(y.lower >= 0 && y.lower < 0.2 && y.upper > 0.2 && y.size() <= 0.1,
             qPrintable(QStringLiteral("%1 .. %2").arg(y.lower).arg(y.upper)));
    const QCPRange x = v.plot()->xAxis->range();
    QVERIFY(x.lower < 2.6 && x.upper > 3.2 && x.size() < 1.0);  // spread data: its own range
    for (auto& p : pts) p.figures["fidelity.top1_agreement"] = 1.0;
    v.setPoints(pts);
    y = v.plot()->yAxis->range();
    QVERIFY2(y.lower == 0 && y.upper > 0,
             qPrintable(QStringLiteral("%1 .. %2").arg(y.lower).arg(y.upper)));
  }

  // A sweep over a hardware parameter seen as DRAM reduction vs fidelity: points 1 and 3 (the
  // same token keep, another top-k parallelism) have equal figures and are drawn on one spot.
  // Before, the tooltip named only point 1 and a click always loaded point 1: point 3 could not
  // be reached from this plot.
  void overlappingPointsAreAllReachable() {
    views::ParetoView v;
    v.resize(800, 600);
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    std::vector<views::ParetoPoint> pts(4);
    const double reduction[] = {2.0, 3.0, 4.0, 3.0};
    for (std::size_t i = 0; i < pts.size(); ++i) {
      pts[i].point = i;
      pts[i].params = {{"token_keep_end", QString::number(reduction[i])},
                       {"hw.topk.parallelism", i == 3 ? "16" : "4"}};
      pts[i].figures = {{"dram_reduction", reduction[i]}, {"fidelity.top1_agreement", 0.75}};
    }
    v.setPoints(pts);
    v.plot()->replot();
    const QPointF spot = v.pixelOf(1);
    QCOMPARE(v.pixelOf(3), spot);
    QCOMPARE(v.rowsAt(spot), (std::vector<int>{1, 3}));
    QCOMPARE(v.rowsAt(v.pixelOf(0)), (std::vector<int>{0}));
    const QString tip = v.describeAt(spot);
    QVERIFY2(tip.startsWith("2 points here") && tip.contains("point 1") &&
                 tip.contains("point 3") && tip.contains("hw.topk.parallelism = 16"),
             qPrintable(tip));
    QCOMPARE(v.describeAt(v.pixelOf(0)), v.describe(0));
    QVERIFY(v.findChild<QLabel*>("paretoInfo")->text().startsWith("4 points at 3 positions"));
    // Each click on the spot loads the next of its points, then wraps around.
    QSignalSpy activated(&v, &views::ParetoView::pointActivated);
    for (const int want : {1, 3, 1}) {
      QTest::mouseClick(v.plot(), Qt::LeftButton, {}, spot.toPoint());
      QCOMPARE(v.selected(), want);
      QCOMPARE(activated.takeFirst().at(0).toInt(), want);
    }
    QVERIFY(v.describeAt(spot).contains("(selected) point 1"));
    // Apart, the line says nothing about overlaps.
    pts[3].figures["dram_reduction"] = 5.0;
    v.setPoints(pts);
    QVERIFY(v.findChild<QLabel*>("paretoInfo")->text().startsWith("4 points, "));
  }

  void sweepEqualsCliAndClickLoadsThePoint() {
    app::MainWindow w;
    w.resize(1600, 1000);
    w.show();
    w.load({}, {});
    waitForResult(w);
    app::SweepDialog* d = w.sweepDialog();
    d->show();
    // Fits the screen (the offscreen platform's is 800x800): it asked for 820x760 px.
    const QRect avail = d->screen()->availableGeometry();
    QVERIFY2(d->frameGeometry().height() <= avail.height() &&
                 d->frameGeometry().width() <= avail.width(),
             qPrintable(QStringLiteral("%1x%2 on %3x%4")
                            .arg(d->frameGeometry().width())
                            .arg(d->frameGeometry().height())
                            .arg(avail.width())
                            .arg(avail.height())));
    // And shrinks to fit a 1024x600 screen with a 30-px title bar and a 30-px panel.
    QVERIFY2(d->minimumSizeHint().height() <= 540,
             qPrintable(QString::number(d->minimumSizeHint().height())));
    d->axesEdit()->setPlainText("token_keep_end=0.2,0.5\nhw.topk.parallelism=2,16");
    d->sentencesEdit()->setPlainText(w.currentRequest().text);
    QVERIFY(d->start());
    QTRY_VERIFY_WITH_TIMEOUT(!d->job()->running(), 120000);
    QVERIFY2(d->statusLabel()->text().startsWith("Done: 4 points"),
             qPrintable(d->statusLabel()->text()));
    const auto& points = d->pareto()->points();
    QCOMPARE(points.size(), std::size_t(4));

    // The same sweep through spatten-cli (preset, generation length and text of the window).
    QTemporaryDir dir;
    const app::AnalysisRequest r = w.currentRequest();
    QProcess cli;
    cli.start(QString::fromUtf8(SPATTEN_CLI_PATH),
              {"sweep", "--model", r.modelDir, "--text", r.text, "--preset", r.runPreset,
               "--generate", QString::number(r.generate), "--grid", "token_keep_end=0.2,0.5",
               "--grid", "hw.topk.parallelism=2,16", "--quiet", "--jsonl",
               dir.filePath("s.jsonl")});
    QVERIFY(cli.waitForFinished(120000));
    QCOMPARE(cli.exitCode(), 0);
    const QString guiJsonl = d->job()->jsonl();
    std::istringstream rows(guiJsonl.toStdString());
    std::ifstream cliRows(dir.filePath("s.jsonl").toStdString());
    std::string a, b;
    std::getline(rows, a), std::getline(cliRows, b);  // headers: the GUI's run has every key
    for (int i = 0; i < 4; ++i) {
      QVERIFY(std::getline(rows, a) && std::getline(cliRows, b));
      QCOMPARE(QString::fromStdString(a), QString::fromStdString(b));
    }
    // The plotted figures are the rows' (x = DRAM reduction, y = 1 - top-1 agreement).
    QCOMPARE(d->pareto()->xOf(1), points[1].figures.value("dram_reduction"));
    QVERIFY(!d->pareto()->front().empty());

    // Click point 3 (token_keep_end 0.5, P = 16): the panels take its values and recompute.
    const auto first = w.session()->analysis();
    QCustomPlot* plot = d->pareto()->plot();
    d->pareto()->benefitCombo()->setCurrentIndex(1);  // speedup: the 4 points apart
    QTest::mouseClick(plot, Qt::LeftButton, {}, d->pareto()->pixelOf(3).toPoint());
    QCOMPARE(d->pareto()->selected(), 3);
    QCOMPARE(std::get<double>(w.parametersPanel()->runValues().at("token_keep_end")), 0.5);
    QCOMPARE(std::get<std::int64_t>(w.parametersPanel()->hardwareValues().at("hw.topk.parallelism")),
             std::int64_t(16));
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() != first, 120000);
    QVERIFY(d->statusLabel()->text().startsWith("Loaded point 3"));
    QVERIFY(d->pareto()->csv().count('\n') == 5);
  }

  void cancelStopsWithAPrefixAndBadAxesAreNamed() {
    app::MainWindow w;
    w.load({}, {});
    waitForResult(w);
    app::SweepDialog* d = w.sweepDialog();
    d->axesEdit()->setPlainText("token_keep_end=0.1:0.9:0.1\nnosuch=1");
    QVERIFY(!d->start());
    QCOMPARE(d->statusLabel()->text(),
             QString("axis line 2: nosuch: unknown parameter (spatten-cli params lists them)"));
    d->axesEdit()->setPlainText("value_keep=0.02:1:0.02\nhw.topk.parallelism=2,4,8,16");
    QVERIFY(d->start());
    QTRY_VERIFY_WITH_TIMEOUT(d->job()->rows().size() >= 3, 60000);
    d->cancelButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!d->job()->running(), 60000);
    QVERIFY2(d->statusLabel()->text().startsWith("Cancelled after"),
             qPrintable(d->statusLabel()->text()));
    const auto& points = d->pareto()->points();
    QVERIFY(points.size() >= 3 && points.size() < 200);
    for (std::size_t i = 0; i < points.size(); ++i) QCOMPARE(points[i].point, qulonglong(i));
  }
};

QTEST_MAIN(TstSweepDialog)
#include "tst_sweep_dialog.moc"
