// Every chart says why it is empty inside its plot, without axis ticks or numbers (they would
// describe nothing, or the previous run), and gets its axes back with data
// (views/common/plot_empty.h). Before, the DRAM, quantization and timeline charts kept empty axes,
// the DRAM one with the previous run's range, and said why only in the line above.
#include <qcustomplot.h>

#include <QtTest>

#include "synthetic_data.h"
#include "views/common/plot_empty.h"
#include "views/common/session_model.h"
#include "views/plots/attention_heatmap_view.h"
#include "views/plots/dram_traffic_view.h"
#include "views/plots/quantization_view.h"
#include "views/plots/timeline_view.h"

using namespace spatten;

namespace {

// The text of the plot's visible text items, with line breaks as spaces.
QString shownText(QCustomPlot* plot) {
  QStringList out;
  for (int i = 0; i < plot->itemCount(); ++i)
    if (auto* t = qobject_cast<QCPItemText*>(plot->item(i)); t && t->visible())
      out << t->text().replace(QLatin1Char('\n'), QLatin1Char(' '));
  return out.join(QLatin1Char('|'));
}

bool ticksShown(QCustomPlot* plot) {
  return plot->xAxis->ticks() && plot->xAxis->tickLabels() && plot->yAxis->ticks() &&
         plot->yAxis->tickLabels();
}
bool ticksHidden(QCustomPlot* plot) {
  for (QCPAxis* axis : plot->axisRect()->axes())
    if (axis->visible() && (axis->ticks() || axis->tickLabels())) return false;
  return true;
}

}  // namespace

class TstEmptyStates : public QObject {
  Q_OBJECT
private slots:
  void wrapsAtSpacesAndElidesLongWords() {
    const QFont font;
    const QFontMetrics fm(font);
    const int width = fm.horizontalAdvance(QStringLiteral("cannot read tensor"));
    const QString text = QStringLiteral(
        "cannot read tensor h.3.mlp.c_fc.weight.and.more.parts "
        "from the file model.safetensors");
    const QStringList lines = views::wrapToWidth(text, font, width).split(QLatin1Char('\n'));
    QVERIFY2(lines.size() >= 3, qPrintable(lines.join('|')));
    QCOMPARE(lines[0], QStringLiteral("cannot read tensor"));
    for (const QString& l : lines) QVERIFY2(fm.horizontalAdvance(l) <= width, qPrintable(l));
    QVERIFY(lines[1].startsWith(QStringLiteral("h.3.")) && lines[1].contains(QChar(0x2026)));
    QCOMPARE(views::wrapToWidth(QStringLiteral("short"), font, width), QStringLiteral("short"));
  }

  void restoresTheAxesAsTheyWere() {
    QCustomPlot plot;
    plot.yAxis2->setVisible(true);
    plot.yAxis2->setTickLabels(false);  // a design choice the empty state must not undo
    views::PlotEmptyState empty(&plot);
    empty.show(QStringLiteral("nothing yet"));
    empty.show(QStringLiteral("still nothing"));  // twice: the first state is what is restored
    QVERIFY(ticksHidden(&plot));
    QVERIFY(plot.xAxis2->ticks());  // an invisible axis is left alone
    QCOMPARE(empty.text(), QStringLiteral("still nothing"));
    QCOMPARE(shownText(&plot), QStringLiteral("still nothing"));
    empty.clear();
    QVERIFY(ticksShown(&plot));
    QVERIFY(plot.yAxis2->ticks() && !plot.yAxis2->tickLabels());
    QCOMPARE(shownText(&plot), QString());
    QVERIFY(!empty.shown());
  }

  void chartsSayWhyInsideThePlot() {
    views::SessionModel s;
    views::DramTrafficView dram(&s);
    views::QuantizationView quant(&s);
    views::TimelineView timeline(&s);
    views::AttentionHeatmapView heat(&s);
    QCustomPlot* plots[] = {dram.plot(), quant.scatterPlot(), timeline.activityPlot(), heat.plot()};
    const QString why = s.emptyAnalysisText();
    const auto checkEmpty = [&] {
      for (QCustomPlot* p : plots) {
        QVERIFY2(ticksHidden(p), qPrintable(p->objectName()));
        QVERIFY2(shownText(p).startsWith(p == timeline.activityPlot() ? s.emptyFrameText() : why),
                 qPrintable(p->objectName() + ": " + shownText(p)));
      }
      QVERIFY(ticksHidden(timeline.dramPlot()) && ticksHidden(quant.rowPlot()));
      QVERIFY(!dram.plot()->legend->visible() && !quant.scatterPlot()->legend->visible());
    };
    checkEmpty();
    s.setAnalysis(testdata::makeAnalysis());
    s.setFrame(testdata::makeFrame(10));
    for (QCustomPlot* p : plots) {
      QVERIFY2(ticksShown(p), qPrintable(p->objectName()));
      QCOMPARE(shownText(p), QString());
    }
    QVERIFY(dram.plot()->legend->visible() && quant.scatterPlot()->legend->visible());
    // The rows chart asks for a request until one is selected, then shows its rows.
    QVERIFY(shownText(quant.rowPlot()).startsWith(QStringLiteral("Click a request")));
    QVERIFY(ticksHidden(quant.rowPlot()));
    s.selectRequest(1);
    QVERIFY(ticksShown(quant.rowPlot()) && shownText(quant.rowPlot()).isEmpty());
    // A failed edit: empty again, the previous run's axes gone.
    s.setFrame(nullptr);
    s.setAnalysis(nullptr);
    checkEmpty();
  }
};

QTEST_MAIN(TstEmptyStates)
#include "tst_empty_states.moc"
