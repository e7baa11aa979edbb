// Linked selection across views (issue "GUI": selecting a token, head, layer or request in any view
// highlights it in all the others). Clicks are simulated on the timeline and DRAM charts of a
// synthetic session; the shared SessionModel selection and every other view must follow. Also the
// timeline's HBM2 channel lanes and the top-k round data derived from a frame.
#include <qcustomplot.h>

#include <QItemSelectionModel>
#include <QtTest>

#include "matrix_bits.h"
#include "synthetic_data.h"
#include "views/common/session_model.h"
#include "views/models/pruning_grid_model.h"
#include "views/plots/attention_heatmap_view.h"
#include "views/plots/dram_traffic_view.h"
#include "views/plots/quantization_view.h"
#include "views/plots/timeline_view.h"
#include "views/widgets/pruning_grid_view.h"
#include "views/widgets/topk_round.h"
#include "views/widgets/topk_view.h"

using namespace spatten;

namespace {

// The heatmap draws a copy of the used matrix: compared bit for bit.
using testdata::sameBits;

// The synthetic analysis with request 1 moved to layer 1, head 1 (query 1), so that selecting it
// must move the layer and head of every view.
views::AnalysisPtr analysisWithRequestInLayer1() {
  auto a = std::make_shared<views::AnalysisData>(*testdata::makeAnalysis());
  a->requests[1].layer = 1;
  a->requests[1].head = 1;
  return a;
}

QPoint pixelOf(QCustomPlot* plot, double x, double y) {
  return QPoint(static_cast<int>(std::lround(plot->xAxis->coordToPixel(x))),
                static_cast<int>(std::lround(plot->yAxis->coordToPixel(y))));
}

bool columnSelected(const views::PruningGridView& v, int row, int column) {
  return v.table()->selectionModel()->isSelected(v.model()->index(row, column));
}
}  // namespace

class TstSelectionSync : public QObject {
  Q_OBJECT

private slots:
  void timelineClickSelectsRequestEverywhere() {
    views::SessionModel s;
    s.setAnalysis(analysisWithRequestInLayer1());
    s.setFrame(testdata::makeFrame(10));
    views::TimelineView timeline(&s);
    views::QuantizationView quant(&s);
    views::AttentionHeatmapView heat(&s);
    views::PruningGridView heads(views::PruningGridView::Kind::Heads, &s);
    views::PruningGridView tokens(views::PruningGridView::Kind::Tokens, &s);
    views::TopKView topk(&s);
    timeline.resize(1400, 800);
    timeline.show();
    QVERIFY(QTest::qWaitForWindowExposed(&timeline));
    timeline.activityPlot()->replot(QCustomPlot::rpImmediateRefresh);
    QCOMPARE(s.selection().request, -1);
    QCOMPARE(s.selection().layer, 0);

    // Module row 0 is busy on request 1 in cycles [30, 60).
    QCOMPARE(timeline.requestAt(45, 0), std::int64_t{1});
    QCOMPARE(timeline.requestAt(25, 0), std::int64_t{-1});
    QTest::mouseClick(timeline.activityPlot(), Qt::LeftButton, {},
                      pixelOf(timeline.activityPlot(), 45, 0));
    const views::Selection& sel = s.selection();
    QCOMPARE(sel.request, 1);
    QCOMPARE(sel.layer, 1);
    QCOMPARE(sel.head, 1);
    QCOMPARE(sel.token, 1);
    QCOMPARE(timeline.highlightedIntervals(), 1);

    // The other views follow: quantization rows are request 1's, the heatmap shows layer 1 head 1,
    // the grids select (layer 1, head 1) and (layer 1, token 1).
    QVERIFY(quant.rowsCsv().startsWith(QStringLiteral("key,token,prob_msb,prob_full\n0,a,")));
    QCOMPARE(quant.rowsCsv().count(QLatin1Char('\n')), 1 + 2);
    const auto& a = s.analysis();
    const views::Matrix* m = heat.currentMatrix();
    QVERIFY(m && (sameBits(*m, a->usedProbs[3]) || sameBits(*m, a->denseProbs[3])));
    QVERIFY(columnSelected(heads, 1, 1));
    QVERIFY(columnSelected(tokens, 1, 1));
    QVERIFY(topk.grab().save(testdata::artifactPath(QStringLiteral("selection_topk.png"))));

    // A click on an idle cycle selects nothing new; a drag (press and release apart) pans only.
    QTest::mouseClick(timeline.activityPlot(), Qt::LeftButton, {},
                      pixelOf(timeline.activityPlot(), 25, 0));
    QCOMPARE(s.selection().request, 1);
    // Selecting elsewhere moves the timeline outline: request 0 has two intervals.
    s.selectRequest(0);
    QCOMPARE(timeline.highlightedIntervals(), 2);
    QCOMPARE(s.selection().layer, 0);
  }

  void dramClickSelectsLayer() {
    views::SessionModel s;
    s.setAnalysis(testdata::makeAnalysis());
    views::DramTrafficView dram(&s);
    views::AttentionHeatmapView heat(&s);
    views::PruningGridView heads(views::PruningGridView::Kind::Heads, &s);
    dram.resize(1000, 700);
    dram.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dram));
    dram.plot()->replot(QCustomPlot::rpImmediateRefresh);
    s.selectLayerHead(0, 1);
    QCOMPARE(dram.highlightedLayer(), 0);
    // Click the dense bar of layer 1 (right of the tick), half way up.
    QTest::mouseClick(dram.plot(), Qt::LeftButton, {}, pixelOf(dram.plot(), 1.2, 100.0 / 1024));
    QCOMPARE(s.selection().layer, 1);
    QCOMPARE(s.selection().head, 1);  // kept
    QCOMPARE(dram.highlightedLayer(), 1);
    const auto& a = s.analysis();
    const views::Matrix* m = heat.currentMatrix();
    QVERIFY(m && (sameBits(*m, a->usedProbs[3]) || sameBits(*m, a->denseProbs[3])));
    QVERIFY(columnSelected(heads, 1, 1));
    // Outside the bars (left of layer 0) nothing changes.
    QCOMPARE(dram.layerAt(pixelOf(dram.plot(), -0.6, 0.05)), -1);
    QVERIFY(dram.grab().save(testdata::artifactPath(QStringLiteral("selection_dram.png"))));
  }

  void timelineShowsHbmChannelLanes() {
    auto f = std::make_shared<views::SimFrame>(*testdata::makeFrame(10));
    auto t = std::make_shared<views::SimTimeline>(*f->timeline);
    t->hbmModule = 1;
    t->channelBusy = {{{0, 2, 8, 0}}, {{1, 4, 6, 2}, {1, 40, 50, -1}}};
    f->timeline = t;
    views::SessionModel s;
    views::TimelineView v(&s);
    v.resize(1400, 800);
    s.setFrame(f);
    // Row 0: baseline + activity; row 1 (HBM2): two lanes of baseline + activity.
    QCOMPARE(v.activityPlot()->graphCount(), 2 + 2 * 2);
    QCOMPARE(v.requestAt(5, 1, 1), std::int64_t{2});
    QCOMPARE(v.requestAt(7, 1, 0), std::int64_t{0});
    QCOMPARE(v.requestAt(20, 1, 1), std::int64_t{-1});
    QCOMPARE(v.requestAt(45, 1, 1), std::int64_t{-1});  // several requests
    QVERIFY(v.csv().contains(QStringLiteral("HBM2 ch 1,40,50,-1\n")));
    QVERIFY(v.grab().save(testdata::artifactPath(QStringLiteral("views_timeline_hbm.png"))));
  }

  void topkRoundDataFromFrame() {
    auto f = std::make_shared<views::SimFrame>(*testdata::makeFrame(7));
    views::TopKFrame& t = f->topk;
    // Round 2 of a request: candidates 1, 2, 4 (values 0.3, 0.2, 0.25), pivot 0.25, 2 compared
    // with 2 comparators: the batch is candidates [0, 2).
    t.round = 1;
    t.parallelism = 2;
    t.select = 1;
    t.pivot = 0.25f;
    t.candidates = {1, 2, 4};
    t.candidateValues = {0.3f, 0.2f, 0.25f};
    t.roundInput = 3;
    t.compared = 2;
    t.leftSize = 1;
    t.rightSize = 1;
    t.eqCount = 1;
    const views::TopKRoundData d = views::topkRoundData(t);
    QVERIFY(d.known);
    QCOMPARE(d.side, (std::vector<int>{1, -1, 0}));
    QCOMPARE(d.left(), t.leftSize);
    QCOMPARE(d.right(), t.rightSize);
    QCOMPARE(d.equal(), t.eqCount);
    QCOMPARE(d.batchBegin, 0u);
    QCOMPARE(d.batchEnd, 2u);
    QCOMPARE(d.toLeft, (std::vector<std::uint32_t>{1}));
    QCOMPARE(d.toRight, (std::vector<std::uint32_t>{0}));
    t.compared = 3;  // last, partial batch: candidate 2 only, equal to the pivot (counted)
    const views::TopKRoundData e = views::topkRoundData(t);
    QCOMPARE(e.batchBegin, 2u);
    QCOMPARE(e.batchEnd, 3u);
    QVERIFY(e.toLeft.empty() && e.toRight.empty());
    views::SessionModel s;
    views::TopKView v(&s);
    v.resize(1400, 800);
    s.setFrame(f);
    QVERIFY(v.grab().save(testdata::artifactPath(QStringLiteral("views_topk_round.png"))));
  }
  // Follow mode: a frame whose cursor is a new request selects it (layer, head, pass, query);
  // a selection made between frames stays while the cursor stays on its request; off, or with no
  // cursor (-1), frames leave the selection alone.
  void followModeSelectsTheCursorRequest() {
    views::SessionModel s;
    s.setAnalysis(analysisWithRequestInLayer1());
    const auto frameOn = [](std::uint64_t cycle, std::int64_t request) {
      auto f = std::make_shared<views::SimFrame>(*testdata::makeFrame(cycle));
      f->request = request;
      return views::SimFramePtr(f);
    };
    QSignalSpy changed(&s, &views::SessionModel::selectionChanged);
    s.setFrame(frameOn(10, 1));  // off by default
    QCOMPARE(s.selection(), views::Selection{});
    views::AttentionHeatmapView heat(&s);
    s.setFollowFrame(true);  // follows the shown frame at once
    QCOMPARE(s.selection(), (views::Selection{0, 1, 1, 1, 1}));
    QCOMPARE(changed.count(), 1);
    // The heatmap outlines the request's query row, not also its column.
    QCOMPARE(heat.outlinedRow(), 1);
    QCOMPARE(heat.outlinedColumn(), -1);
    s.selectLayerHead(0, 0);  // a click between frames
    s.setFrame(frameOn(11, 1));
    QCOMPARE(s.selection(), (views::Selection{0, 0, 0, 1, 1}));
    QCOMPARE(heat.outlinedRow(), -1);  // request 1 is layer 1's; token 1's column instead
    QCOMPARE(heat.outlinedColumn(), 1);
    s.setFrame(frameOn(12, -1));
    QCOMPARE(s.selection(), (views::Selection{0, 0, 0, 1, 1}));
    s.setFrame(frameOn(13, 0));  // the cursor moves on: request 0 (layer 0, head 0, query 0)
    QCOMPARE(s.selection(), (views::Selection{0, 0, 0, 0, 0}));
    s.setFrame(frameOn(14, 1));
    QCOMPARE(s.selection().layer, 1);
    // Handlers of frameChanged see the followed selection (and may replace it).
    int seenLayer = -1;
    connect(&s, &views::SessionModel::frameChanged, this, [&] { seenLayer = s.selection().layer; });
    s.setFrame(frameOn(15, 0));
    QCOMPARE(seenLayer, 0);
    s.setFollowFrame(false);
    s.setFrame(frameOn(16, 1));
    QCOMPARE(s.selection().request, 0);
    // A new analysis forgets the request followed last: the same index is followed again.
    s.setFollowFrame(true);
    QCOMPARE(s.selection().request, 1);
    s.selectRequest(0);
    s.setAnalysis(analysisWithRequestInLayer1());
    s.setFrame(frameOn(0, 1));
    QCOMPARE(s.selection().request, 1);
    // Compare mode: B's frames are followed while B is shown; switching follows the shown frame.
    s.startCompare(QStringLiteral("A"), QStringLiteral("B"));
    s.setAnalysisB(analysisWithRequestInLayer1());
    s.setFrameB(frameOn(20, 0));
    QCOMPARE(s.selection().request, 1);  // A is shown
    s.setCompareMode(views::CompareMode::B);
    QCOMPARE(s.selection().request, 0);
    s.setFrameB(frameOn(21, 1));
    QCOMPARE(s.selection().request, 1);
    s.setFrameB(frameOn(22, 0));
    s.setCompareMode(views::CompareMode::A);
    QCOMPARE(s.selection().request, 1);
  }
};

QTEST_MAIN(TstSelectionSync)
#include "tst_selection_sync.moc"
