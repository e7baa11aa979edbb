#include "app/gui/compare_controls.h"

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QEvent>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <algorithm>

#include "app/gui/main_window.h"
#include "app/gui/simulation_controller.h"
#include "views/common/session_model.h"
#include "views/widgets/compare_table.h"

namespace spatten::app {
namespace {

QAction* make(QObject* parent, const QString& text, const QKeySequence& key, const QString& name) {
  auto* a = new QAction(text, parent);
  a->setShortcut(key);
  a->setShortcutContext(Qt::ApplicationShortcut);
  a->setObjectName(name);
  a->setToolTip(QStringLiteral("%1 (%2)").arg(text, key.toString(QKeySequence::NativeText)));
  return a;
}

// Covers a view that has no meaningful A - B and says so; follows its size. Shown in A - B only.
class DiffNotice : public QLabel {
public:
  DiffNotice(QWidget* view, views::SessionModel* session, const QString& text)
      : QLabel(text, view), m_session(session) {
    setObjectName(QStringLiteral("diffNotice"));
    setWordWrap(true);
    setAlignment(Qt::AlignCenter);
    setAutoFillBackground(true);
    setMargin(40);
    view->installEventFilter(this);
    connect(session, &views::SessionModel::compareChanged, this, &DiffNotice::update);
    update();
  }
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (watched == parentWidget() && event->type() == QEvent::Resize)
      setGeometry(parentWidget()->rect());
    return QLabel::eventFilter(watched, event);
  }

private:
  void update() {
    setVisible(m_session->compareMode() == views::CompareMode::Diff);
    setGeometry(parentWidget()->rect());
    raise();
  }
  views::SessionModel* m_session;
};

QString jsonText(const core::ParamValue& v) {
  return QString::fromStdString(core::paramToJson(v).dump());
}

}  // namespace

CompareControls::CompareControls(MainWindow* window) : QObject(window), m_window(window) {
  views::SessionModel* session = window->session();
  pinB = make(this, QStringLiteral("&Pin current as B"),
              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B), QStringLiteral("actionPinB"));
  clearB = make(this, QStringLiteral("&Clear B"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_B),
                QStringLiteral("actionClearB"));
  showA = make(this, QStringLiteral("Show &A"), QKeySequence(Qt::CTRL | Qt::Key_1),
               QStringLiteral("actionShowA"));
  showB = make(this, QStringLiteral("Show &B"), QKeySequence(Qt::CTRL | Qt::Key_2),
               QStringLiteral("actionShowB"));
  showDiff = make(this, QStringLiteral("Show A \u2212 B (&difference)"),
                  QKeySequence(Qt::CTRL | Qt::Key_3), QStringLiteral("actionShowDiff"));
  showA->setIconText(QStringLiteral("A"));
  showB->setIconText(QStringLiteral("B"));
  showDiff->setIconText(QStringLiteral("A \u2212 B"));
  auto* group = new QActionGroup(this);
  for (QAction* a : {showA, showB, showDiff}) {
    a->setCheckable(true);
    group->addAction(a);
  }
  showA->setChecked(true);
  connect(showA, &QAction::triggered, session,
          [session] { session->setCompareMode(views::CompareMode::A); });
  connect(showB, &QAction::triggered, session,
          [session] { session->setCompareMode(views::CompareMode::B); });
  connect(showDiff, &QAction::triggered, session,
          [session] { session->setCompareMode(views::CompareMode::Diff); });
  connect(pinB, &QAction::triggered, this,
          [this] { setPinned(m_window->currentRequest().config()); });
  connect(clearB, &QAction::triggered, this, [this] { setPinned(std::nullopt); });

  menu = new QMenu(QStringLiteral("&Compare"), window);
  menu->addAction(pinB);
  menu->addSeparator();
  for (QAction* a : {showA, showB, showDiff}) menu->addAction(a);
  menu->addSeparator();
  menu->addAction(clearB);
  toolBar = new QToolBar(QStringLiteral("Compare"), window);
  toolBar->setObjectName(QStringLiteral("compareToolBar"));
  toolBar->addAction(pinB);
  toolBar->addSeparator();
  for (QAction* a : {showA, showB, showDiff}) toolBar->addAction(a);
  pinB->setIconText(QStringLiteral("Pin as B"));

  table = new views::CompareTable(session, window);
  dock = new QDockWidget(QStringLiteral("Compare"), window);
  dock->setObjectName(QStringLiteral("compareDock"));
  dock->setWidget(table);
  dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                    QDockWidget::DockWidgetClosable);
  dock->hide();
  // View > Compare places the dock as pinning does (below the views when they keep room).
  connect(dock->toggleViewAction(), &QAction::triggered, this, [this](bool shown) {
    if (shown) showDock();
  });

  const QString other = QStringLiteral(
      "A \u2212 B: the %1 view shows one configuration at a time and has no meaningful "
      "difference. Show A (Ctrl+1) or B (Ctrl+2); the Compare dock lists the figures of both.");
  for (const ViewEntry& v : window->views())
    if (v.id != QLatin1String("token-pruning") && v.id != QLatin1String("head-pruning") &&
        v.id != QLatin1String("dram") && v.id != QLatin1String("timeline"))
      new DiffNotice(v.widget, session, other.arg(v.title));
  connect(session, &views::SessionModel::compareChanged, this, &CompareControls::updateActions);
  connect(session, &views::SessionModel::analysisChanged, this, &CompareControls::updateLabels);
  updateActions();
}

const std::optional<RunHwConfig>& CompareControls::pinned() const {
  return m_window->controller()->compareB();
}

void CompareControls::setPinned(const std::optional<RunHwConfig>& b) {
  views::SessionModel* session = m_window->session();
  SimulationController* c = m_window->controller();
  c->setCompareB(b);
  if (!b) {
    dock->hide();
    m_window->statusBar()->showMessage(QStringLiteral("Compare mode off (B cleared)"), 6000);
    return;
  }
  const RunHwConfig a = m_window->currentRequest().config();
  session->startCompare(describe(a, *b), describe(*b, a));
  if (dock->isHidden()) showDock();
  // Short enough to fit beside the status bar's permanent labels on a 1280-px window (B's
  // label is in the Compare dock's header).
  m_window->statusBar()->showMessage(
      QStringLiteral("Pinned as B. Edit A in Parameters; Ctrl+1 A, Ctrl+2 B, Ctrl+3 A \u2212 B"),
      10000);
  c->submitNow(m_window->currentRequest());
}

void CompareControls::showDock() {
  // The whole table (about 13 rows) below the views, if they keep kMinViews pixels beside it.
  // Otherwise (a 1280x720 screen or window) a tab beside the Parameters panel: below, it would
  // squeeze every chart to a strip, or the window would outgrow the screen.
  constexpr int kMinViews = 400;
  const int wanted = 16 * (dock->fontMetrics().height() + 4);
  const int chrome = 2 * m_window->menuBar()->height() + 60;  // menu, toolbars, status bar
  const QScreen* screen = m_window->screen();
  const bool smallScreen = screen && screen->availableGeometry().height() < 900;
  if (smallScreen || m_window->height() - chrome - wanted < kMinViews) {
    if (auto* params = m_window->findChild<QDockWidget*>(QStringLiteral("parametersDock")))
      if (!dock->isFloating()) m_window->tabifyDockWidget(params, dock);
    dock->show();
    dock->raise();
    return;
  }
  dock->show();
  QTimer::singleShot(0, this, [this, wanted] {  // after the layout
    m_window->resizeDocks({dock}, {std::max(dock->minimumSizeHint().height(), wanted)},
                          Qt::Vertical);
  });
}

void CompareControls::updateActions() {
  views::SessionModel* session = m_window->session();
  const bool on = session->hasCompare();
  for (QAction* a : {showB, showDiff, clearB}) a->setEnabled(on);
  const views::CompareMode mode = session->compareMode();
  (mode == views::CompareMode::B      ? showB
   : mode == views::CompareMode::Diff ? showDiff
                                      : showA)
      ->setChecked(true);
}

void CompareControls::updateLabels() {
  const auto& b = pinned();
  if (!b) return;
  const RunHwConfig a = m_window->controller()->lastDispatched().config();
  m_window->session()->setCompareLabels(describe(a, *b), describe(*b, a));
}

QString CompareControls::describe(const RunHwConfig& self, const RunHwConfig& other) {
  QStringList diffs;
  const auto add = [&](const ParamValues& mine, const ParamValues& theirs) {
    for (const auto& [key, v] : mine) {
      const auto it = theirs.find(key);
      if (it == theirs.end() || !(it->second == v))
        diffs << QStringLiteral("%1=%2").arg(QString::fromStdString(key), jsonText(v));
    }
  };
  add(self.runParams, other.runParams);
  add(self.hwParams, other.hwParams);
  constexpr int kShown = 6;
  if (diffs.size() > kShown) {
    const auto more = diffs.size() - kShown;
    diffs = diffs.mid(0, kShown);
    diffs << QStringLiteral("%1 more").arg(more);
  }
  QString text = QStringLiteral("%1 / %2").arg(self.runPreset, self.hwPreset);
  if (!diffs.isEmpty())
    text += QStringLiteral(": ") + diffs.join(QStringLiteral(", "));
  else if (self == other)
    text += QStringLiteral(" (same as the other)");
  return text;
}

}  // namespace spatten::app
