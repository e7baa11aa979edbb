// The main window at 900x600 (a small laptop screen, or a projector at a large scale factor):
// every plot's legend stays outside its data area and inside the plot, and the status bar's
// state text is shown in full; an export still gets the legend columns of its own size. At this
// size the inset legends covered the DRAM bars and the timeline's curves, and the state label was
// cut after its second line. The checks measure the laid-out widgets (rectangles, font metrics),
// not the views' own size arithmetic.
#include <qcustomplot.h>

#include <QAction>
#include <QDockWidget>
#include <QFontMetrics>
#include <QImage>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QStatusBar>
#include <QTabWidget>
#include <QtTest>

#include "app/gui/compare_controls.h"
#include "app/gui/main_window.h"
#include "app/gui/simulation_controller.h"
#include "views/common/session_model.h"
#include "views/plots/compare_timeline.h"
#include "views/plots/timeline_view.h"

using namespace spatten;

class TstSmallWindow : public QObject {
  Q_OBJECT

private slots:
  void legendsAndStatusFit() {
    app::MainWindow w;
    const QSize size(900, 600);
    w.resize(size);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.load({}, {}, 2);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() && w.session()->frame()->timeline, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy(), 120000);
    w.session()->selectRequest(0);  // the quantization rows chart has a legend only with a request

    int legends = 0;
    for (int i = 0; i < w.tabs()->count(); ++i) {
      w.tabs()->setCurrentIndex(i);
      QTest::qWait(50);
      QCOMPARE(w.size(), size);  // no legend row widens the window
      for (QCustomPlot* p : w.tabs()->currentWidget()->findChildren<QCustomPlot*>()) {
        if (!p->isVisible() || !p->legend->visible() || p->legend->itemCount() == 0) continue;
        p->replot(QCustomPlot::rpImmediateRefresh);
        const QRect legend = p->legend->outerRect();
        const QString where = QStringLiteral("tab %1, plot %2: legend (%3,%4 %5x%6)")
                                  .arg(w.tabs()->tabText(i), p->objectName())
                                  .arg(legend.x())
                                  .arg(legend.y())
                                  .arg(legend.width())
                                  .arg(legend.height());
        QVERIFY2(p->rect().contains(legend), qPrintable(where + QStringLiteral(" leaves the plot")));
        for (QCPAxisRect* r : p->axisRects())
          QVERIFY2(!legend.intersects(r->rect()),
                   qPrintable(where + QStringLiteral(" covers the data area")));
        // Every item is drawn whole: none is narrower than it needs.
        for (int k = 0; k < p->legend->itemCount(); ++k) {
          const QCPAbstractLegendItem* item = p->legend->item(k);
          if (!item) continue;  // an empty cell of the last row
          QVERIFY2(item->outerRect().width() >= item->minimumOuterSizeHint().width(),
                   qPrintable(where + QStringLiteral(" squeezes item %1").arg(k)));
        }
        ++legends;
      }
    }
    QVERIFY2(legends >= 4, qPrintable(QStringLiteral("%1 legends checked").arg(legends)));
    // A chart export draws at its own size (1200 x 800, exports.cpp) with the columns that size
    // holds, not the narrow widget's.
    auto* dram = w.findChild<QCustomPlot*>(QStringLiteral("dramPlot"));
    QVERIFY(dram);
    dram->replot(QCustomPlot::rpImmediateRefresh);
    const int narrow = dram->legend->wrap();
    QVERIFY2(narrow < dram->legend->itemCount(), "the widget's legend is one row: nothing tested");
    QImage image(1200, 800, QImage::Format_ARGB32);
    QCPPainter painter(&image);
    dram->toPainter(&painter, image.width(), image.height());
    painter.end();
    QVERIFY2(dram->legend->wrap() > narrow, qPrintable(QString::number(dram->legend->wrap())));

    // The state text at the label's width needs at most the label's height.
    auto* state = w.statusBar()->findChild<QLabel*>(QStringLiteral("statusState"));
    QVERIFY(state);
    QVERIFY(state->isVisible());
    QVERIFY(state->text().contains(QStringLiteral("first frame")));  // the long form, with timings
    const QFontMetrics fm(state->font());
    const QRect needed = fm.boundingRect(QRect(0, 0, state->contentsRect().width(), 100000),
                                         Qt::TextWordWrap, state->text());
    QVERIFY2(needed.height() > fm.lineSpacing(), "the text fits one line: nothing is tested");
    QVERIFY2(needed.height() <= state->contentsRect().height(),
             qPrintable(QStringLiteral("the text needs %1 px at %2 px wide, the label has %3")
                            .arg(needed.height())
                            .arg(state->contentsRect().width())
                            .arg(state->contentsRect().height())));
    // The cycle count, which stepping changes, is never elided; the other labels give way.
    auto* cycle = w.statusBar()->findChild<QLabel*>(QStringLiteral("statusCycle"));
    QVERIFY(cycle);
    QVERIFY2(cycle->contentsRect().width() >= cycle->fontMetrics().horizontalAdvance(cycle->text()),
             qPrintable(cycle->text()));
  }

  // The cycle scrubber in a 1280 px window: shown, narrower than in a wide one. It had a fixed
  // 300 px and went into the toolbar's extension menu, leaving its "Cycle" label alone on the bar.
  void cycleScrubberFitsA1280Window() {
    for (const auto& [width, least] : {std::pair{1280, 160}, std::pair{1600, 300}}) {
      app::MainWindow w;
      w.resize(width, 720);
      w.show();
      QVERIFY(QTest::qWaitForWindowExposed(&w));
      QTest::qWait(50);
      auto* box = w.findChild<QWidget*>(QStringLiteral("cycleScrubberBox"));
      auto* scrubber = w.findChild<QSlider*>(QStringLiteral("cycleScrubber"));
      QVERIFY(box && scrubber && scrubber->parentWidget() == box);  // the label goes with it
      QVERIFY2(scrubber->isVisible() && scrubber->width() >= least,
               qPrintable(QStringLiteral("%1 px window: scrubber %2 px, visible %3")
                              .arg(width)
                              .arg(scrubber->width())
                              .arg(scrubber->isVisible())));
    }
  }

  // A - B's Timeline tab at 1600x1000 with the Compare dock below the views: both timelines keep
  // plots tall enough to read and scroll. They were squeezed into the ~400 px left, A's module
  // rows overlapping in a 50 px plot and its DRAM plot 20 px high.
  void compareTimelineScrollsInsteadOfSqueezing() {
    app::MainWindow w;
    w.resize(1600, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.load({}, {}, 2);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() && !w.controller()->isBusy(), 120000);
    w.compare()->pinB->trigger();
    w.compare()->showDiff->trigger();
    QVERIFY(w.compare()->dock->isVisible());
    auto* timeline = qobject_cast<views::CompareTimeline*>(w.view(QStringLiteral("timeline")));
    QVERIFY(timeline);
    w.tabs()->setCurrentWidget(timeline);
    QTest::qWait(100);
    for (views::TimelineView* t : {timeline->timelineA(), timeline->timelineB()}) {
      QVERIFY(t->isVisibleTo(timeline));
      QVERIFY2(t->activityPlot()->height() >= 200 && t->dramPlot()->height() >= 200,
               qPrintable(QStringLiteral("%1: activity %2 px, DRAM %3 px")
                              .arg(t->objectName())
                              .arg(t->activityPlot()->height())
                              .arg(t->dramPlot()->height())));
    }
    auto* scroll = timeline->findChild<QScrollArea*>(QStringLiteral("timelineScroll"));
    QVERIFY(scroll && scroll->verticalScrollBar()->maximum() > 0);  // B is reached by scrolling
    QCOMPARE(w.size(), QSize(1600, 1000));                          // and the window kept its size
  }

  // View > Compare in a 1280x720 window: the Compare dock goes beside the Parameters panel, as
  // pinning B puts it. It used to open below the views at its default height and squeeze every
  // chart to a strip (the attention map about 80 px high, its colour-bar title cut).
  void compareDockKeepsTheViews() {
    app::MainWindow w;
    w.resize(1280, 720);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const int before = w.tabs()->height();
    QAction* toggle = w.compare()->dock->toggleViewAction();
    QVERIFY(!toggle->isChecked());
    toggle->trigger();
    QVERIFY(w.compare()->dock->isVisible());
    QTest::qWait(50);  // the layout, and showDock's deferred resize
    auto* params = w.findChild<QDockWidget*>(QStringLiteral("parametersDock"));
    QVERIFY(params);
    QVERIFY2(w.tabifiedDockWidgets(params).contains(w.compare()->dock),
             "the Compare dock is not a tab beside the Parameters panel");
    QVERIFY2(w.tabs()->height() >= before - 10,
             qPrintable(QStringLiteral("the views shrank from %1 to %2 px")
                            .arg(before)
                            .arg(w.tabs()->height())));
    // Hidden and shown again from the menu: the same place.
    toggle->trigger();
    QVERIFY(!w.compare()->dock->isVisible());
    toggle->trigger();
    QTest::qWait(50);
    QVERIFY(w.tabifiedDockWidgets(params).contains(w.compare()->dock));
    QVERIFY(w.tabs()->height() >= before - 10);
  }
};

QTEST_MAIN(TstSmallWindow)
#include "tst_small_window.moc"
