// Simulator views on a synthetic SimFrame: datapath, top-k engine and timeline render, follow
// frames, and export.
#include <QtTest>
#include <qcustomplot.h>

#include "synthetic_data.h"
#include "views/common/session_model.h"
#include "views/plots/timeline_view.h"
#include "views/widgets/datapath_view.h"
#include "views/widgets/topk_view.h"

using namespace spatten;

class TstSimViews : public QObject {
  Q_OBJECT

private slots:
  void datapathRenders() {
    views::SessionModel s;
    views::DatapathView v(&s);
    v.resize(1400, 800);
    s.setFrame(testdata::makeFrame(42));
    QVERIFY(v.moduleRect(0).isValid());
    QVERIFY(!v.moduleRect(0).intersects(v.moduleRect(2)));
    QVERIFY(v.csv().contains(QStringLiteral("42,Fetcher")));
    QVERIFY(v.grab().save(testdata::artifactPath(QStringLiteral("views_datapath.png"))));
  }

  void topkRenders() {
    views::SessionModel s;
    views::TopKView v(&s);
    v.resize(1400, 800);
    s.setFrame(testdata::makeFrame(7));
    QVERIFY(v.csv().contains(QStringLiteral("7,rounds,1,6,2,0,2,6,6,2,3,1,0.2")));
    QVERIFY(v.grab().save(testdata::artifactPath(QStringLiteral("views_topk.png"))));
  }

  void timelineFollowsFrames() {
    views::SessionModel s;
    views::TimelineView v(&s);
    v.resize(1400, 800);
    s.setFrame(testdata::makeFrame(10));
    QCOMPARE(v.plottedDramBytes(), 96.0);
    QVERIFY(v.activityPlot()->graphCount() == 4);  // 2 modules x (baseline + activity)
    s.setFrame(testdata::makeFrame(20));
    QVERIFY(v.csv().startsWith(QStringLiteral("module,start_cycle,end_cycle,request\nA,0,10,0\n")));
    QVERIFY(v.grab().save(testdata::artifactPath(QStringLiteral("views_timeline.png"))));
  }
};

QTEST_MAIN(TstSimViews)
#include "tst_sim_views.moc"
