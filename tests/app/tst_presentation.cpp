// Teaching features of issue 13 on the real main window: zoom of every view's fonts and marks,
// presentation mode driven by the keyboard only, light/dark themes and high contrast (persisted),
// help (What's This on every view naming the paper's figure, F1, token tooltips, About).
#include <qcustomplot.h>

#include <QAction>
#include <QDockWidget>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QWhatsThis>
#include <QtTest>

#include "app/gui/help.h"
#include "app/gui/key_hint.h"
#include "app/gui/main_window.h"
#include "app/gui/presentation.h"
#include "app/gui/settings_store.h"
#include "app/gui/shortcuts_dialog.h"
#include "app/gui/simulation_controller.h"
#include "views/common/palette.h"
#include "views/common/session_model.h"
#include "views/plots/attention_heatmap_view.h"
#include "views/plots/dram_traffic_view.h"
#include "views/widgets/datapath_view.h"
#include "views/widgets/token_strip.h"

using namespace spatten;

namespace {

void waitForFrame(app::MainWindow& w) {
  QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() != nullptr, 120000);
  QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy(), 120000);
  QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() != nullptr, 120000);
}

QString artifact(const QString& name) {
  const QString dir = qEnvironmentVariable("SPATTEN_TEST_ARTIFACTS", QDir::tempPath());
  QDir().mkpath(dir);
  return dir + QLatin1Char('/') + name;
}

// The colour of a plot's background as drawn.
QColor plotBackground(QCustomPlot* plot) {
  return plot->toPixmap(60, 60).toImage().pixelColor(1, 1);
}

}  // namespace

class TstPresentation : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
  }

  // Ctrl+= / Ctrl+- scale every view's fonts (custom-painted, tables, plot axes) and marks.
  void zoomScalesFontsAndMarks() {
    app::MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.load({}, {}, 1);
    waitForFrame(w);
    auto* heat = w.findChild<views::AttentionHeatmapView*>();
    auto* dram = w.findChild<views::DramTrafficView*>();
    auto* datapath = w.findChild<views::DatapathView*>();
    auto* strip = w.findChild<views::TokenStrip*>();
    const double base = datapath->font().pointSizeF();
    const double tick = heat->plot()->xAxis->tickLabelFont().pointSizeF();
    const double pen = dram->selectionMark()->pen().widthF();
    QVERIFY(base > 0 && tick > 0 && pen > 0);
    QTest::keyClick(&w, Qt::Key_Equal, Qt::ControlModifier);
    QCOMPARE(w.session()->appearance().zoom, app::Presentation::kZoomStep);
    for (QWidget* v : {static_cast<QWidget*>(datapath), static_cast<QWidget*>(strip),
                       static_cast<QWidget*>(heat), static_cast<QWidget*>(dram)})
      QVERIFY2(qAbs(v->font().pointSizeF() - base * app::Presentation::kZoomStep) < 0.01,
               v->metaObject()->className());
    QVERIFY(qAbs(heat->plot()->xAxis->tickLabelFont().pointSizeF() -
                 tick * app::Presentation::kZoomStep) < 0.01);
    QVERIFY(qAbs(dram->selectionMark()->pen().widthF() - pen * app::Presentation::kZoomStep) <
            1e-6);
    QTest::keyClick(&w, Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(w.session()->appearance().zoom, 1.0);
    QCOMPARE(datapath->font().pointSizeF(), base);
    for (int i = 0; i < 20; ++i) QTest::keyClick(&w, Qt::Key_Equal, Qt::ControlModifier);
    QCOMPARE(w.session()->appearance().zoom, views::Appearance::kMaxZoom);
    QTest::keyClick(&w, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(w.session()->appearance().zoom, 1.0);
  }

  // Presentation mode: panels hidden, large fonts, and a lecture driven by keys alone (stepping,
  // views); Esc restores the window.
  void presentationByKeyboardOnly() {
    app::MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.load({}, {}, 1);
    waitForFrame(w);
    QList<QDockWidget*> docks;  // the panels shown (the guided tour's dock is closed)
    for (QDockWidget* d : w.findChildren<QDockWidget*>())
      if (d->isVisible()) docks << d;
    QVERIFY(docks.size() >= 2);
    QTest::keyClick(&w, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(w.presentation()->inPresentationMode());
    for (QDockWidget* d : docks) QVERIFY(!d->isVisible());
    QVERIFY(w.session()->appearance().zoom >= app::Presentation::kPresentationZoom);
    // The keys in a banner over the views, whole and inside the window (the status bar cut the
    // list after "Shift+F9 next layer": its permanent labels take half of 1280 px).
    app::KeyHint* hint = w.presentation()->keyHint();
    QVERIFY(hint->isVisible());
    const QString keys = hint->text();
    for (const char* key : {"Esc", "F5", "F6", "F7", "Shift+F7", "F8", "F9", "Shift+F9", "Ctrl+/"})
      QVERIFY2(keys.contains(QString::fromUtf8(key)), key);
    QVERIFY(w.tabs()->rect().contains(hint->geometry()));
    QVERIFY(hint->height() >= hint->heightForWidth(hint->width()));
    // The status bar's short message fits beside its permanent labels.
    int labels = 0;
    for (QWidget* l : w.statusBar()->findChildren<QLabel*>(QString(), Qt::FindDirectChildrenOnly))
      if (l->isVisible()) labels += l->width();
    const QString short_ = w.statusBar()->currentMessage();
    QVERIFY2(short_.contains(QStringLiteral("Ctrl+/")), qPrintable(short_));
    QVERIFY2(
        w.statusBar()->fontMetrics().horizontalAdvance(short_) + labels <= w.statusBar()->width(),
        qPrintable(QStringLiteral("%1 px of labels").arg(labels)));
    const std::uint64_t cycle = w.session()->frame()->cycle;
    QTest::keyClick(&w, Qt::Key_F6);
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->frame()->cycle, cycle + 1, 10000);
    QTest::keyClick(&w, Qt::Key_F8);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame()->cycle > cycle + 1, 10000);
    // The token grid, shown for the first time after the panels went away, fills the width.
    QTest::keyClick(&w, Qt::Key_2, Qt::AltModifier);
    QCOMPARE(w.tabs()->currentIndex(), 1);
    QTableView* grid = w.findChild<QTableView*>(QStringLiteral("tokenGrid"));
    const int cols = grid->model()->columnCount();
    QTRY_VERIFY2(grid->columnWidth(0) * cols >= grid->viewport()->width() - cols,
                 qPrintable(QStringLiteral("%1 x %2 in %3")
                                .arg(grid->columnWidth(0))
                                .arg(cols)
                                .arg(grid->viewport()->width())));
    QTest::keyClick(&w, Qt::Key_7, Qt::AltModifier);
    QCOMPARE(w.tabs()->currentIndex(), 6);
    QTest::keyClick(&w, Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(w.tabs()->currentIndex(), 7);
    QTest::keyClick(&w, Qt::Key_PageUp, Qt::ControlModifier);
    QTest::keyClick(&w, Qt::Key_PageUp, Qt::ControlModifier);
    QCOMPARE(w.tabs()->currentIndex(), 5);
    QVERIFY(w.grab().save(artifact(QStringLiteral("presentation_topk.png"))));
    QTest::keyClick(&w, Qt::Key_Escape);
    QVERIFY(!w.presentation()->inPresentationMode());
    QVERIFY(!hint->isVisible());
    for (QDockWidget* d : docks) QVERIFY(d->isVisible());
    QCOMPARE(w.session()->appearance().zoom, 1.0);
  }

  // Dark theme and high contrast: the application palette and every plot follow; the data
  // palettes (Okabe-Ito bars) stay; the choice survives a restart.
  void themesFollowAndPersist() {
    QSettings settings(m_dir.filePath(QStringLiteral("theme.ini")), QSettings::IniFormat);
    {
      app::MainWindow w;
      w.show();
      QVERIFY(QTest::qWaitForWindowExposed(&w));
      w.load({}, {}, 0);
      QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() != nullptr, 120000);
      w.tabs()->setCurrentIndex(4);
      auto* dram = w.findChild<views::DramTrafficView*>();
      QVERIFY(plotBackground(dram->plot()).lightness() > 200);
      w.presentation()->darkTheme->trigger();
      QVERIFY(w.session()->appearance().dark);
      QVERIFY(qApp->palette().color(QPalette::Window).lightness() < 80);
      QVERIFY(qApp->palette().color(QPalette::WindowText).lightness() > 180);
      QVERIFY(plotBackground(dram->plot()).lightness() < 60);
      QCOMPARE(dram->plot()->xAxis->tickLabelColor().lightness() > 180, true);
      // Bars keep their Okabe-Ito colours (K MSB = blue).
      auto* bars = qobject_cast<QCPBars*>(dram->plot()->plottable(0));
      QVERIFY(bars);
      QCOMPARE(bars->brush().color(), views::okabeIto(5));
      w.presentation()->highContrast->trigger();
      QVERIFY(w.session()->appearance().highContrast);
      QCOMPARE(plotBackground(dram->plot()), QColor(0, 0, 0));
      QVERIFY(w.grab().save(artifact(QStringLiteral("theme_dark_hc.png"))));
      w.presentation()->zoomBy(app::Presentation::kZoomStep);
      app::saveSettings(w, settings);
    }
    app::MainWindow restored;
    app::restoreSettings(restored, settings, false);
    QVERIFY(restored.session()->appearance().dark);
    QVERIFY(restored.session()->appearance().highContrast);
    QCOMPARE(restored.session()->appearance().zoom, app::Presentation::kZoomStep);
    QVERIFY(restored.presentation()->darkTheme->isChecked());
    restored.presentation()->setAppearance({});  // back to light for the next tests
    QVERIFY(qApp->palette().color(QPalette::Window).lightness() > 200);
  }

  // Every view says what it shows and which figure of the paper it corresponds to (What's This,
  // F1); the token strip explains each token; About cites the paper.
  void helpOnEveryView() {
    app::MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.load({}, {}, 1);
    waitForFrame(w);
    for (const app::ViewEntry& v : w.views()) {
      const QString help = v.widget->whatsThis();
      QVERIFY2(!help.isEmpty(), qPrintable(v.id));
      QVERIFY2(help.contains(QStringLiteral("In the paper")), qPrintable(v.id));
      QVERIFY2(help.contains(QStringLiteral("Fig.")) || help.contains(QStringLiteral("Section")),
               qPrintable(v.id));
    }
    QVERIFY(app::viewHelp(QStringLiteral("datapath")).contains(QStringLiteral("Fig. 8")));
    QVERIFY(app::viewHelp(QStringLiteral("topk")).contains(QStringLiteral("Fig. 9")));
    QVERIFY(app::viewHelp(QStringLiteral("token-pruning")).contains(QStringLiteral("Fig")));
    QVERIFY(app::viewHelp(QStringLiteral("quantization")).contains(QStringLiteral("Fig. 7")));
    // F1 shows the current view's help.
    w.tabs()->setCurrentIndex(6);
    QTest::keyClick(&w, Qt::Key_F1);
    QWidget* popup = nullptr;
    for (QWidget* top : QApplication::topLevelWidgets())
      if (top->inherits("QWhatsThat") && top->isVisible()) popup = top;
    QVERIFY2(popup, "F1 showed no help");
    QWhatsThis::hideText();
    // Token tooltips: text, id, importance in the selected layer.
    auto* strip = w.findChild<views::TokenStrip*>();
    const auto& a = w.session()->analysis();
    const QString tip = strip->toolTipFor(2);
    QVERIFY2(tip.contains(a->tokens[2].text.trimmed().toHtmlEscaped()), qPrintable(tip));
    QVERIFY(tip.contains(QStringLiteral("id %1").arg(a->tokens[2].id)));
    QVERIFY(tip.contains(QStringLiteral("importance")));
    QVERIFY(strip->toolTipFor(static_cast<int>(a->tokens.size())).isEmpty());
    // About: the citation.
    const QString cite = app::paperCitation();
    for (const char* part : {"Hanrui Wang", "Zhekai Zhang", "Song Han",
                             "SpAtten: Efficient Sparse "
                             "Attention Architecture with Cascade Token and Head Pruning",
                             "HPCA", "2021"})
      QVERIFY2(cite.contains(QString::fromUtf8(part)), part);
    // Keyboard shortcuts: every key, grouped by menu, filterable; Ctrl+/ opens the list.
    const std::vector<app::ShortcutRow> rows = app::collectShortcuts(&w);
    const auto keyOf = [&rows](const QString& action) {
      for (const app::ShortcutRow& r : rows)
        if (r.action == action) return r.group + QStringLiteral(": ") + r.keys;
      return QString();
    };
    QCOMPARE(keyOf(QStringLiteral("Next layer")), QStringLiteral("Simulation: Shift+F9"));
    QCOMPARE(keyOf(QStringLiteral("Keyboard shortcuts")), QStringLiteral("Help: Ctrl+/"));
    QVERIFY2(keyOf(QStringLiteral("Next top-k round")).endsWith(QStringLiteral("Shift+F7")),
             qPrintable(keyOf(QStringLiteral("Next top-k round"))));
    QStringList seen;
    for (const app::ShortcutRow& r : rows) seen << r.keys;
    for (const char* key : {"F5", "F6", "F7", "F8", "F9", "Ctrl+Shift+P", "F11", "F1", "Alt+1"})
      QVERIFY2(seen.contains(QString::fromUtf8(key)), key);
    QTimer::singleShot(0, &w, [&w] {
      auto* dialog = w.findChild<app::ShortcutsDialog*>();
      QVERIFY(dialog != nullptr && dialog->isVisible());
      const int all = dialog->visibleRows();
      QCOMPARE(all, static_cast<int>(app::collectShortcuts(&w).size()));
      dialog->setFilter(QStringLiteral("layer"));
      QVERIFY(dialog->visibleRows() >= 1 && dialog->visibleRows() < all);
      dialog->setFilter(QStringLiteral("no such action"));
      QCOMPARE(dialog->visibleRows(), 0);
      // Fits the screen: the list scrolls instead.
      QVERIFY(dialog->frameGeometry().height() <= dialog->screen()->availableGeometry().height());
      dialog->reject();
    });
    QTest::keyClick(&w, Qt::Key_Slash, Qt::ControlModifier);
    QVERIFY(w.findChild<app::ShortcutsDialog*>() == nullptr);  // closed and gone
  }

private:
  QTemporaryDir m_dir;
};

QTEST_MAIN(TstPresentation)
#include "tst_presentation.moc"
