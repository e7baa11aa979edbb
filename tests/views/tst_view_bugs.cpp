// Issue 13 bugs that live in one view, on synthetic data: "-1" headers (bug 4), the token grid's
// fit to width (bug 5), the top-k scale (bug 7), the DRAM selection outline (bug 9d) and the
// heatmap hover readout after a new sentence (bug 9e).
#include <qcustomplot.h>

#include <QHeaderView>
#include <QMouseEvent>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>
#include <QtTest>

#include "synthetic_data.h"
#include "views/common/palette.h"
#include "views/common/session_model.h"
#include "views/plots/attention_heatmap_view.h"
#include "views/plots/dram_traffic_view.h"
#include "views/plots/quantization_view.h"
#include "views/widgets/datapath_view.h"
#include "views/widgets/pruning_grid_view.h"
#include "views/widgets/token_strip.h"
#include "views/widgets/topk_round.h"
#include "views/widgets/topk_view.h"

using namespace spatten;

namespace {

views::SimFramePtr idleFrame() {
  auto f = std::make_shared<views::SimFrame>(*testdata::makeFrame(0));
  f->request = -1;
  f->iteration = f->layer = f->head = f->query = -1;
  f->topk = {};
  f->topk.phase = QStringLiteral("idle");
  return f;
}

// `n` tokens "t0".."t{n-1}" with two layers; token 3 pruned from layer 1.
views::AnalysisPtr wideAnalysis(int n) {
  auto a = std::make_shared<views::AnalysisData>(*testdata::makeAnalysis());
  a->tokens.clear();
  for (int i = 0; i < n; ++i) a->tokens.push_back({i, QStringLiteral("tok%1").arg(i)});
  a->promptLength = n;
  views::PruningIteration it = a->iterations[0];
  it.seqLen = n;
  for (int l = 0; l < 2; ++l) {
    it.tokenAlive[static_cast<std::size_t>(l)].assign(static_cast<std::size_t>(n), 1);
    it.tokenImportance[static_cast<std::size_t>(l)].assign(static_cast<std::size_t>(n), 1.0f);
  }
  it.tokenAlive[1][3] = 0;
  a->iterations = {it};
  return a;
}

// wideAnalysis(n) with n x n attention matrices in every head (the heatmap shows them).
views::AnalysisPtr wideAttention(int n) {
  auto a = std::make_shared<views::AnalysisData>(*wideAnalysis(n));
  views::Matrix m(n, n, 0.0f);
  for (int q = 0; q < n; ++q)
    for (int k = 0; k <= q; ++k) m.at(q, k) = 1.0f / static_cast<float>(q + 1);
  a->denseProbs.assign(a->denseProbs.size(), m);
  a->usedProbs.assign(a->usedProbs.size(), m);
  return a;
}

}  // namespace

class TstViewBugs : public QObject {
  Q_OBJECT

private slots:
  void bug4_headersWithoutRequest() {
    views::SessionModel s;
    views::DatapathView d(&s);
    views::TopKView t(&s);
    s.setFrame(idleFrame());
    QVERIFY2(!d.headline().contains(QStringLiteral("-1")), qPrintable(d.headline()));
    QVERIFY2(!t.headline().contains(QStringLiteral("-1")), qPrintable(t.headline()));
    s.setFrame(testdata::makeFrame(3));
    QVERIFY(d.headline().contains(QStringLiteral("request 1")));
  }

  // The datapath's and the top-k engine's headlines in a 900x600 window (the views about 470 px
  // wide) lost their last words ("... 84 in" without "flight"): three lines of the headline font
  // in a box of two. The font now shrinks until the wrapped text fits the box.
  void headlinesFitTheirBox() {
    const QString text = QStringLiteral(
        "Cycle 1220 \u00b7 Q\u00d7K on request 157 (pass 0, layer 1, head 2, query 1) "
        "\u00b7 77/400 requests done \u00b7 84 in flight");
    QWidget host;
    const double u = QFontMetricsF(host.font()).height();
    const double width = 470 - 2 * u, height = 2.5 * u;  // DatapathView's headline box
    const QFont full = views::headlineFont(host.font());
    const auto needs = [&](const QFont& f) {
      return QFontMetricsF(f)
          .boundingRect(QRectF(0, 0, width, 1e4), Qt::AlignLeft | Qt::TextWordWrap, text)
          .height();
    };
    QVERIFY2(needs(full) > height, "the text fits at full size: nothing is tested");
    const QFont fitted = views::fitHeight(full, text, width, height);
    QVERIFY2(needs(fitted) <= height + 0.5,
             qPrintable(QStringLiteral("%1 px in a %2 px box").arg(needs(fitted)).arg(height)));
    QVERIFY(fitted.pointSizeF() >= 0.75 * full.pointSizeF() - 1e-9);
    QVERIFY(fitted.bold());
    // A text that fits keeps the full size.
    QCOMPARE(views::fitHeight(full, QStringLiteral("Cycle 0"), width, height), full);
  }

  void bug5_tokenGridFitsWidth() {
    views::SessionModel s;
    views::PruningGridView g(views::PruningGridView::Kind::Tokens, &s);
    g.resize(900, 500);
    g.show();
    QVERIFY(QTest::qWaitForWindowExposed(&g));
    s.setAnalysis(wideAnalysis(56));
    QTest::qWait(50);
    QTableView* t = g.table();
    int total = 0;
    for (int c = 0; c < 56; ++c) total += t->columnWidth(c);
    QVERIFY2(total <= t->viewport()->width(),
             qPrintable(QStringLiteral("%1 > %2").arg(total).arg(t->viewport()->width())));
    QVERIFY(t->rowHeight(0) <= 3 * t->fontMetrics().height());
    // ... and fills it, also after a resize while hidden (another tab was shown).
    g.hide();
    g.resize(1300, 500);
    g.show();
    QTRY_VERIFY2(
        t->columnWidth(0) * 56 >= t->viewport()->width() - 56,
        qPrintable(
            QStringLiteral("%1 x 56 in %2").arg(t->columnWidth(0)).arg(t->viewport()->width())));
    QVERIFY(g.findChild<QWidget*>(QStringLiteral("gridColorBar")));
    // ... and after a zoom (fonts, headers and rows change size).
    views::Appearance zoomed;
    zoomed.zoom = 1.5;
    s.setAppearance(zoomed);
    QTRY_VERIFY2(t->columnWidth(0) * 56 >= t->viewport()->width() - 56,
                 qPrintable(QStringLiteral("zoomed: %1 x 56 in %2")
                                .arg(t->columnWidth(0))
                                .arg(t->viewport()->width())));
    QVERIFY(g.grab().save(testdata::artifactPath(QStringLiteral("views_token_grid_56.png"))));
  }

  // Candidates 0.06-0.09 differ visibly (linear scale over a narrow range); a wide range uses a
  // log scale that spans it, with ticks.
  void bug7_topkScale() {
    const views::TopKScale narrow = views::topkScale({0.06f, 0.07f, 0.08f, 0.09f});
    QVERIFY(!narrow.log);
    QVERIFY(narrow.fraction(0.09) - narrow.fraction(0.06) >= 0.25);
    QVERIFY(!narrow.ticks.empty());
    const views::TopKScale wide = views::topkScale({1e-6f, 0.02f, 0.5f});
    QVERIFY(wide.log);
    QVERIFY(wide.lo <= 1e-6 && wide.hi >= 0.5);
    QVERIFY(wide.fraction(1e-6) >= 0.0 && wide.fraction(0.5) <= 1.0);
    QVERIFY(wide.fraction(0.02) > wide.fraction(1e-6));
    QVERIFY(wide.ticks.size() >= 2);
  }

  // The selected layer's outline reaches just above that layer's taller bar, not the plot top.
  void bug9d_dramOutlineFitsBars() {
    views::SessionModel s;
    views::DramTrafficView v(&s);
    v.resize(800, 500);
    s.setAnalysis(testdata::makeAnalysis());
    s.selectLayerHead(1, 0);
    QCOMPARE(v.highlightedLayer(), 1);
    // Layer 1: SpAtten 80+0+40+10 = 130 B, dense 400 B; layer 0's dense bar is as tall.
    const double tallest = 400 / 1024.0;
    const double top = v.selectionMark()->topLeft->coords().y();
    QVERIFY2(top >= tallest && top <= tallest * 1.06, qPrintable(QString::number(top)));
    auto a = std::make_shared<views::AnalysisData>(*testdata::makeAnalysis());
    a->dram.denseBytesPerLayer = {4000, 400};  // layer 0 much taller than layer 1
    s.setAnalysis(a);
    const double top1 = v.selectionMark()->topLeft->coords().y();
    QVERIFY2(top1 <= tallest * 1.06, qPrintable(QString::number(top1)));
  }

  // The hover readout belongs to the matrix under the mouse: a new analysis clears it.
  void bug9e_hoverClearedByNewAnalysis() {
    views::SessionModel s;
    views::AttentionHeatmapView v(&s);
    v.resize(800, 600);
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    s.setAnalysis(testdata::makeAnalysis());
    v.plot()->replot(QCustomPlot::rpImmediateRefresh);
    const QPointF cell(v.plot()->xAxis->coordToPixel(1), v.plot()->yAxis->coordToPixel(2));
    QMouseEvent move(QEvent::MouseMove, cell, v.plot()->mapToGlobal(cell), Qt::NoButton,
                     Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(v.plot(), &move);
    QVERIFY2(!v.hoverText().isEmpty(), "no hover readout over a cell");
    s.setAnalysis(testdata::makeAnalysis());  // a new sentence's result
    QVERIFY2(v.hoverText().isEmpty(), qPrintable(v.hoverText()));
  }

  // The request's title over its attention row fits the plot: at 1280 px (a 365-px plot) it was
  // one centred line cut at both ends ("0, layer 1, head 0, query 2, max prob 0.649 (no ...").
  void quantizationRowTitleFitsThePlot() {
    views::SessionModel s;
    views::QuantizationView v(&s);
    v.resize(700, 500);
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    s.setAnalysis(testdata::makeAnalysis());
    s.selectRequest(1);
    for (int pass = 0; pass < 3; ++pass) v.rowPlot()->replot(QCustomPlot::rpImmediateRefresh);
    const QString title = v.rowTitle();
    QVERIFY2(title.startsWith(QStringLiteral("request 1:")), qPrintable(title));
    QVERIFY2(title.contains(QLatin1Char('\n')), qPrintable(title));
    const QFontMetrics fm(v.rowPlot()->font());
    for (const QString& line : title.split(QLatin1Char('\n')))
      QVERIFY2(fm.horizontalAdvance(line) <= v.rowPlot()->width(), qPrintable(line));
    v.resize(1600, 500);  // wider: fewer lines
    QCoreApplication::processEvents();
    for (int pass = 0; pass < 3; ++pass) v.rowPlot()->replot(QCustomPlot::rpImmediateRefresh);
    QVERIFY(v.rowTitle().count(QLatin1Char('\n')) < title.count(QLatin1Char('\n')));
  }

  // A long text (GPT-2 small takes 1,024 tokens) scrolls inside the token strip's area: the
  // strip grew the attention page, and the window with it, past the screen (1,370 px at 995
  // tokens in a 900 px window), and pushed the heatmap out of sight.
  void longTokenStripScrollsInItsArea() {
    views::SessionModel s;
    QWidget page;
    auto* layout = new QVBoxLayout(&page);
    auto* area = new views::TokenStripArea(&s, &page);
    layout->addWidget(area);
    layout->addWidget(new QWidget(&page), 1);
    page.resize(900, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    s.setAnalysis(wideAnalysis(600));
    QCoreApplication::processEvents();
    const views::TokenStrip* strip = area->strip();
    const int cap = strip->linesHeight(views::TokenStripArea::kMaxLines);
    QVERIFY2(area->height() <= cap,
             qPrintable(QStringLiteral("%1 > %2").arg(area->height()).arg(cap)));
    QCOMPARE(area->height(), cap);  // exactly five lines of chips
    QVERIFY(page.minimumSizeHint().height() <= 600);
    QVERIFY(area->verticalScrollBar()->maximum() > 0);
    // The selected token is scrolled into view.
    s.selectToken(599);
    QCoreApplication::processEvents();
    const QRect chip = strip->chipRect(599);
    const QRect shown(QPoint(0, area->verticalScrollBar()->value()), area->viewport()->size());
    QVERIFY2(shown.contains(chip), qPrintable(QStringLiteral("chip at y %1, shown %2..%3")
                                                  .arg(chip.y())
                                                  .arg(shown.top())
                                                  .arg(shown.bottom())));
    // A short text takes its own height, without a scroll bar.
    s.setAnalysis(testdata::makeAnalysis());
    QCoreApplication::processEvents();
    QCOMPARE(area->height(), strip->heightForWidth(area->width()));
    QCOMPARE(area->verticalScrollBar()->maximum(), 0);
  }

  // The heatmap's token labels keep a line apart however many tokens: cells narrower than a
  // pixel counted as one pixel wide, so 600 tokens got a label every 16 rows, 10 px apart.
  void heatmapLabelsKeepALineApartAtManyTokens() {
    views::SessionModel s;
    views::AttentionHeatmapView v(&s);
    v.resize(800, 600);
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    s.setAnalysis(wideAttention(600));
    for (int pass = 0; pass < 3; ++pass) v.plot()->replot(QCustomPlot::rpImmediateRefresh);
    const int line = QFontMetrics(v.plot()->yAxis->tickLabelFont()).height();
    for (QCPAxis* axis : {v.plot()->xAxis, v.plot()->yAxis}) {
      const auto ticker = qSharedPointerCast<QCPAxisTickerText>(axis->ticker());
      QVERIFY(ticker);
      const QList<double> at = ticker->ticks().keys();
      QVERIFY2(at.size() >= 2, qPrintable(QString::number(at.size())));
      for (qsizetype i = 1; i < at.size(); ++i) {
        const double gap = std::abs(axis->coordToPixel(at[i]) - axis->coordToPixel(at[i - 1]));
        QVERIFY2(gap >= line, qPrintable(QStringLiteral("%1 px between labels %2 and %3")
                                             .arg(gap)
                                             .arg(at[i - 1])
                                             .arg(at[i])));
      }
    }
  }
};

QTEST_MAIN(TstViewBugs)
#include "tst_view_bugs.moc"
