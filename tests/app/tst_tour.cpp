// The guided tour (issue 13, "Teaching") on the real main window, offscreen: every chapter in
// order with Next (PgDown) and back with Previous (PgUp). For each: the chapter's tab is current,
// the selection is the one this test derives from the published analysis (its own search over
// the analysis, not tour_chapters.cpp's), the simulator's cursor reached the moment this test
// finds in the published timeline, and the numbers of the text are those of the analysis. Then
// leave (Esc) and resume (F2, and through saved settings), presentation mode (Esc leaves it
// first) and a 1280x720 window.
#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/main_window.h"
#include "app/gui/presentation.h"
#include "app/gui/settings_store.h"
#include "app/gui/simulation_controller.h"
#include "app/gui/tour/tour_highlight.h"
#include "app/gui/tour/tour_panel.h"
#include "views/common/session_model.h"

using namespace spatten;
using views::AnalysisData;
using views::RequestInfo;

namespace {

// core::ModuleId order (core/sim/vocabulary.h): Fetcher, HBM, QxK, Softmax, Requant, TopkV, AttnV.
constexpr int kQxK = 2, kRequant = 4, kTopkV = 5, kAttnV = 6;

std::uint64_t firstStart(const views::SimTimeline& t, int module, int request) {
  std::uint64_t best = ~std::uint64_t{0};
  for (const views::ActivityInterval& iv : t.intervals)
    if (iv.module == module && iv.request == request) best = std::min(best, iv.start);
  return best;
}

int alive(const std::vector<std::uint8_t>& v) {
  int n = 0;
  for (std::uint8_t x : v) n += x;
  return n;
}

struct Expect {
  QString view;
  views::Selection sel;
  std::uint64_t cycle = 0;  // ~0: checked separately (top-k round)
  QStringList phrases;      // must appear in the text
  bool cursor = false;      // the moment is Q×K's: stepped on until the cursor is the request
};

QString f1(double x) { return QString::number(x, 'f', 1); }

Expect expected(int chapter, const AnalysisData& a, const views::SimTimeline& t) {
  Expect e;
  auto firstReq = [&](auto pred) {
    for (int i = 0; i < static_cast<int>(a.requests.size()); ++i)
      if (pred(a.requests[static_cast<std::size_t>(i)])) return i;
    return -1;
  };
  auto reqSel = [&](int r) {
    const RequestInfo& q = a.requests[static_cast<std::size_t>(r)];
    return views::Selection{q.iteration, q.layer, q.head, q.query, r};
  };
  const int n = a.promptLength;
  if (chapter == 0) {  // previous-token head
    double best = -1;
    int bl = 0, bh = 0;
    for (int l = 0; l < a.layers; ++l)
      for (int h = 0; h < a.heads; ++h) {
        double s = 0;
        for (int q = 1; q < n; ++q) s += a.denseProbs[static_cast<std::size_t>(l * a.heads + h)].at(q, q - 1);
        if (s / (n - 1) > best) best = s / (n - 1), bl = l, bh = h;
      }
    const views::Matrix& m = a.denseProbs[static_cast<std::size_t>(bl * a.heads + bh)];
    int query = 1;
    for (int q = 1; q < n; ++q)
      if (m.at(q, q - 1) > m.at(query, query - 1)) query = q;
    const int r = firstReq([&](const RequestInfo& q) { return q.iteration == 0 && q.layer == bl && q.head == bh && q.query == query; });
    e = {QStringLiteral("attention"), reqSel(r), firstStart(t, kQxK, r),
         {QStringLiteral("layer %1, head %2").arg(bl).arg(bh), f1(100 * best) + QStringLiteral(" %"),
          QStringLiteral("prompt's %1 tokens make %2").arg(n).arg(n * (n + 1) / 2),
          QString::number(static_cast<long long>(n) * (n + 1) / 2 * a.layers * a.heads),
          QStringLiteral("query %1 ").arg(query), f1(100 * m.at(query, query - 1)) + QStringLiteral(" % on")}};
  } else if (chapter == 1) {  // largest cut of cascade token pruning in pass 0
    const auto& alv = a.iterations[0].tokenAlive;
    int bl = -1, cut = 0;
    for (int l = 0; l < a.layers; ++l) {
      const int c = (l ? alive(alv[static_cast<std::size_t>(l - 1)]) : n) - alive(alv[static_cast<std::size_t>(l)]);
      if (c > cut) cut = c, bl = l;
    }
    int tok = -1;
    for (int k = n - 1; k >= 0; --k)
      if ((bl == 0 || alv[static_cast<std::size_t>(bl - 1)][static_cast<std::size_t>(k)]) && !alv[static_cast<std::size_t>(bl)][static_cast<std::size_t>(k)]) tok = k;
    const int r = firstReq([&](const RequestInfo& q) { return q.iteration == 0 && q.layer == bl; });
    e = {QStringLiteral("token-pruning"), {0, bl, a.requests[static_cast<std::size_t>(r)].head, tok, r},
         firstStart(t, kQxK, r),
         {QStringLiteral("layer %1 computes %2 of the %3 tokens").arg(bl).arg(alive(alv[static_cast<std::size_t>(bl)])).arg(n),
          QStringLiteral("%1 fewer").arg(cut)}};
  } else if (chapter == 2) {  // first head removed
    int p = -1, l = -1, h = -1;
    for (int i = 0; i < static_cast<int>(a.iterations.size()) && p < 0; ++i)
      for (int ll = 0; ll < a.layers && p < 0; ++ll)
        for (int hh = 0; hh < a.heads && p < 0; ++hh)
          if (!a.iterations[static_cast<std::size_t>(i)].headAlive[static_cast<std::size_t>(ll)][static_cast<std::size_t>(hh)]) p = i, l = ll, h = hh;
    const int r = firstReq([&](const RequestInfo& q) { return q.iteration == p && q.layer == l; });
    e = {QStringLiteral("head-pruning"), {p, l, h, -1, r}, firstStart(t, kQxK, r),
         {QStringLiteral("head %1 of layer %2 in pass %3").arg(h).arg(l).arg(p),
          QStringLiteral("computes only %1 of %2 heads").arg(alive(a.iterations[static_cast<std::size_t>(p)].headAlive[static_cast<std::size_t>(l)])).arg(a.heads)}};
  } else if (chapter == 3 || chapter == 4) {
    int r = -1;
    for (int i = 0; i < static_cast<int>(a.requests.size()); ++i) {
      const RequestInfo& q = a.requests[static_cast<std::size_t>(i)];
      if (q.values >= q.keys) continue;
      const RequestInfo* b = r < 0 ? nullptr : &a.requests[static_cast<std::size_t>(r)];
      if (!b || (chapter == 3 ? q.keys - q.values > b->keys - b->values : q.keys > b->keys)) r = i;
    }
    const RequestInfo& q = a.requests[static_cast<std::size_t>(r)];
    if (chapter == 3)
      e = {QStringLiteral("datapath"), reqSel(r), firstStart(t, kAttnV, r),
           {QStringLiteral("attends %1 keys but fetches only %2 values").arg(q.keys).arg(q.values)}};
    else
      e = {QStringLiteral("topk"), reqSel(r), ~std::uint64_t{0},
           {QStringLiteral("k = %1 of n = %2").arg(q.values).arg(q.keys)}};
  } else if (chapter == 5) {
    const int r = firstReq([](const RequestInfo& q) { return q.refetch; });
    int count = 0;
    for (const RequestInfo& q : a.requests) count += q.refetch;
    e = {QStringLiteral("quantization"), reqSel(r), firstStart(t, kRequant, r),
         {QStringLiteral("%1 of %2 requests").arg(count).arg(a.requests.size()),
          QString::number(a.requests[static_cast<std::size_t>(r)].maxProb, 'f', 3) + QStringLiteral(" < ")}};
  } else {
    double spatten = 0, best = 0;
    int bl = 0;
    for (int l = 0; l < a.layers; ++l) {
      double s = 0;
      for (double b : a.dram.bytesPerLayer[static_cast<std::size_t>(l)]) s += b;
      spatten += s;
      if (a.dram.denseBytesPerLayer[static_cast<std::size_t>(l)] / s > best) best = a.dram.denseBytesPerLayer[static_cast<std::size_t>(l)] / s, bl = l;
    }
    e = {QStringLiteral("dram"), {0, bl, 0, -1, -1}, t.lastCycle,
         {QStringLiteral("%1 KiB").arg(f1(spatten / 1024)),
          QStringLiteral("%1\u00d7 less").arg(QString::number(a.dram.denseTotal() / spatten, 'f', 2)),
          QStringLiteral("layer %1 (%2\u00d7 less)").arg(bl).arg(QString::number(best, 'f', 2))}};
  }
  e.cursor = chapter <= 2;  // attention, token and head pruning: Q×K's moments
  return e;
}

}  // namespace

class TstTour : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void walkForwardAndBack() {
    app::MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    app::GuidedTour* tour = w.tour();
    QVERIFY(!tour->isOpen());
    QTest::keyClick(&w, Qt::Key_F2);
    QVERIFY(tour->isOpen());
    const int n = static_cast<int>(app::tourChapters().size());
    QCOMPARE(n, 7);
    for (int i = 0; i < n; ++i) {
      if (i > 0) QTest::keyClick(&w, Qt::Key_PageDown);
      checkChapter(w, i);
    }
    QVERIFY(!tour->next->isEnabled());
    for (int i = n - 2; i >= 0; --i) {
      QTest::keyClick(&w, Qt::Key_PageUp);
      checkChapter(w, i);
    }
    QVERIFY(!tour->previous->isEnabled());
  }

  // Esc leaves, F2 resumes at the chapter left; the resume point survives a restart through the
  // settings store; in presentation mode Esc leaves presentation first; 1280x720 fits.
  void leaveAndResume() {
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    {
      app::MainWindow w;
      w.resize(1280, 720);
      w.show();
      QVERIFY(QTest::qWaitForWindowExposed(&w));
      app::GuidedTour* tour = w.tour();
      tour->setChapter(3);
      QTest::keyClick(&w, Qt::Key_F2);
      checkChapter(w, 3);
      QVERIFY(tour->dock()->isVisible());
      QVERIFY(w.width() <= 1280);
      QVERIFY(tour->dock()->width() >= 250);
      QTest::keyClick(&w, Qt::Key_Escape);
      QVERIFY(!tour->isOpen());
      QVERIFY(!tour->dock()->isVisible());
      QVERIFY(!tour->highlight()->isVisible());
      QTest::keyClick(&w, Qt::Key_F2);
      QVERIFY(tour->isOpen());
      checkChapter(w, 3);
      QTest::keyClick(&w, Qt::Key_Right, Qt::AltModifier);
      checkChapter(w, 4);
      // Presentation mode: the tour stays, Esc first leaves presentation, then the tour.
      w.presentation()->setPresentationMode(true);
      QTRY_VERIFY(tour->dock()->isVisible());
      QTest::keyClick(&w, Qt::Key_Left, Qt::AltModifier);
      checkChapter(w, 3);
      // Zoomed fonts: the panel still fits in its dock, the dock in the window, the window on
      // the 1280 px screen.
      QCOMPARE(w.dockWidgetArea(tour->dock()), Qt::BottomDockWidgetArea);  // a band below
      QVERIFY(w.width() <= 1280);
      QVERIFY(tour->dock()->geometry().right() < w.width());
      QVERIFY(tour->dock()->widget()->minimumSizeHint().width() <= tour->dock()->widget()->width());
      QTest::keyClick(&w, Qt::Key_Escape);
      QVERIFY(!w.presentation()->inPresentationMode());
      QVERIFY(tour->isOpen());
      QCOMPARE(w.dockWidgetArea(tour->dock()), Qt::RightDockWidgetArea);
      QTest::keyClick(&w, Qt::Key_Escape);
      QVERIFY(!tour->isOpen());
      app::saveSettings(w, settings);
    }
    app::MainWindow w2;
    app::restoreSettings(w2, settings, false);
    QCOMPARE(w2.tour()->chapter(), 3);
    QVERIFY(!w2.tour()->isOpen());
    w2.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w2));
    QVERIFY(!w2.tour()->dock()->isVisible());
    w2.tour()->toggle->trigger();
    checkChapter(w2, 3);
  }

private:
  void checkChapter(app::MainWindow& w, int i) {
    app::GuidedTour* tour = w.tour();
    QCOMPARE(tour->chapter(), i);
    if (!QTest::qWaitFor([tour] { return tour->isReady(); }, 120000))
      QFAIL(qPrintable(QStringLiteral("chapter %1 not ready: %2").arg(i).arg(tour->text())));
    const auto& a = w.session()->analysis();
    const auto& f = w.session()->frame();
    QVERIFY(a && f && f->timeline);
    const Expect e = expected(i, *a, *f->timeline);
    QCOMPARE(w.views()[static_cast<std::size_t>(w.tabs()->currentIndex())].id, e.view);
    QCOMPARE(w.session()->selection(), e.sel);
    QCOMPARE(tour->target().selection, e.sel);
    QVERIFY(tour->text().contains(QStringLiteral("cycle %1").arg(f->cycle)));
    QCOMPARE(tour->target().cycle, f->cycle);
    if (e.cycle != ~std::uint64_t{0} && !e.cursor) {
      QCOMPARE(f->cycle, e.cycle);
    } else if (e.cursor) {  // Q×K's moment: the first cycle from its start where it is the cursor
      QVERIFY(f->cycle >= e.cycle);
      QCOMPARE(f->request, static_cast<std::int64_t>(e.sel.request));
    } else {  // top-k: mid-round on the chosen request, at the first such cycle from its start
      QCOMPARE(f->topk.request, static_cast<std::int64_t>(e.sel.request));
      QCOMPARE(f->topk.phase, QStringLiteral("rounds"));
      QVERIFY(f->topk.compared > 0);
      QVERIFY(f->cycle >= firstStart(*f->timeline, kTopkV, e.sel.request));
      QCOMPARE(static_cast<int>(f->topk.k), a->requests[static_cast<std::size_t>(e.sel.request)].values);
      QCOMPARE(static_cast<int>(f->topk.inputSize), a->requests[static_cast<std::size_t>(e.sel.request)].keys);
      QVERIFY(tour->text().contains(QStringLiteral("cycle %1: round %2").arg(f->cycle).arg(f->topk.round + 1)));
    }
    const QString text = tour->text();
    qInfo().noquote() << "chapter" << i << ":" << text;
    for (const QString& p : e.phrases) QVERIFY2(text.contains(p), qPrintable(p + QStringLiteral(" | ") + text));
    QVERIFY(tour->highlight()->isVisible());
    QVERIFY(!tour->highlight()->outlined().isEmpty());
  }
};

QTEST_MAIN(TstTour)
#include "tst_tour.moc"
