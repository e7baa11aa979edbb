#include "app/gui/actions.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMainWindow>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QToolBar>

namespace spatten::app {
namespace {
constexpr int kScrubberMin = 160;   // px: the slider's width in a narrow window
constexpr int kScrubberWide = 300;  // px: its width when the bar has room

// Asks for kScrubberWide but makes do with kScrubberMin: QToolBar lays its widgets out from their
// size hints and shrinks them down to their minimum before moving them into the extension menu.
class ScrubberBox : public QWidget {
public:
  using QWidget::QWidget;
  QSize sizeHint() const override {
    QSize s = QWidget::sizeHint();
    s.setWidth(s.width() + kScrubberWide - kScrubberMin);
    return s;
  }
};

QAction* make(QObject* parent, const QString& text, const QKeySequence& key, const QString& tip,
              const QString& name) {
  auto* a = new QAction(text, parent);
  a->setShortcut(key);
  a->setObjectName(name);
  a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
  a->setShortcutContext(Qt::ApplicationShortcut);
  return a;
}
}  // namespace

StudioActions::StudioActions(QMainWindow* window) : QObject(window) {
  QStyle* st = window->style();
  openModel = make(
      this, QStringLiteral("Open &model folder..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
      QStringLiteral("Open a GPT-2/BERT Hugging Face folder"), QStringLiteral("actionOpenModel"));
  quit = make(this, QStringLiteral("&Quit"), QKeySequence::Quit, QStringLiteral("Quit"),
              QStringLiteral("actionQuit"));
  stepCycle = make(this, QStringLiteral("Step cycle"), QKeySequence(Qt::Key_F6),
                   QStringLiteral("Advance one cycle"), QStringLiteral("actionStepCycle"));
  nextEvent = make(this, QStringLiteral("Next event"), QKeySequence(Qt::Key_F7),
                   QStringLiteral("Advance to the next event"), QStringLiteral("actionNextEvent"));
  nextQuery = make(this, QStringLiteral("Next query"), QKeySequence(Qt::Key_F8),
                   QStringLiteral("Advance to the next query (request)"),
                   QStringLiteral("actionNextQuery"));
  nextHead = make(this, QStringLiteral("Next head"), QKeySequence(Qt::Key_F9),
                  QStringLiteral("Advance to the next head"), QStringLiteral("actionNextHead"));
  nextLayer = make(this, QStringLiteral("Next layer"), QKeySequence(Qt::SHIFT | Qt::Key_F9),
                   QStringLiteral("Advance to the next layer"), QStringLiteral("actionNextLayer"));
  nextTopkRound = make(this, QStringLiteral("Next top-k round"), QKeySequence(Qt::SHIFT | Qt::Key_F7),
                       QStringLiteral("Advance to the end of the top-k engine's next quick-select "
                                      "round (module 10)"),
                       QStringLiteral("actionNextTopkRound"));
  runPause = make(this, QStringLiteral("Run"), QKeySequence(Qt::Key_F5),
                  QStringLiteral("Run / pause the simulator"), QStringLiteral("actionRunPause"));
  runPause->setCheckable(true);
  runPause->setIcon(st->standardIcon(QStyle::SP_MediaPlay));
  reset = make(this, QStringLiteral("Reset"), QKeySequence(Qt::CTRL | Qt::Key_F5),
               QStringLiteral("Back to cycle 0"), QStringLiteral("actionReset"));
  reset->setIcon(st->standardIcon(QStyle::SP_MediaSkipBackward));
  stepBack = make(this, QStringLiteral("Step back"), QKeySequence(Qt::SHIFT | Qt::Key_F6),
                  QStringLiteral("Go back one cycle (checkpoint + replay)"),
                  QStringLiteral("actionStepBack"));
  stepBack->setIcon(st->standardIcon(QStyle::SP_MediaSeekBackward));
  stepCycle->setIcon(st->standardIcon(QStyle::SP_MediaSeekForward));
  recompute = make(this, QStringLiteral("Recompute"), QKeySequence(Qt::CTRL | Qt::Key_Return),
                   QStringLiteral("Recompute the model and the SpAtten run"),
                   QStringLiteral("actionRecompute"));
  recompute->setIcon(st->standardIcon(QStyle::SP_BrowserReload));
  cancel = make(this, QStringLiteral("Cancel computation"), QKeySequence(Qt::CTRL | Qt::Key_Period),
                QStringLiteral("Stop the model and SpAtten run being computed"),
                QStringLiteral("actionCancel"));
  cancel->setIcon(st->standardIcon(QStyle::SP_BrowserStop));
  cancel->setIconText(QStringLiteral("Cancel"));
  cancel->setEnabled(false);
  followSimulator = make(this, QStringLiteral("Selection &follows the simulator"),
                         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F),
                         QStringLiteral("Stepping selects the request being computed (its layer, "
                                        "head, pass and query) in every view"),
                         QStringLiteral("actionFollowSimulator"));
  followSimulator->setCheckable(true);
  followSimulator->setChecked(true);

  toolBar = new QToolBar(QStringLiteral("Simulation"), window);
  toolBar->setObjectName(QStringLiteral("simToolBar"));
  toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toolBar->addAction(recompute);  // Cancel: Simulation menu and Ctrl+. (the status bar says so)
  toolBar->addSeparator();
  toolBar->addAction(reset);
  toolBar->addAction(stepBack);
  toolBar->addAction(stepCycle);
  for (QAction* a : {nextEvent, nextQuery, nextHead, nextLayer}) toolBar->addAction(a);
  toolBar->addSeparator();
  toolBar->addAction(runPause);
  speed = new QComboBox(toolBar);
  speed->setObjectName(QStringLiteral("speedCombo"));
  speed->setToolTip(QStringLiteral("Run speed (cycles per second)"));
  const std::pair<const char*, double> speeds[] = {
      {"10 cyc/s", 10}, {"100 cyc/s", 100}, {"1k cyc/s", 1e3},
      {"10k cyc/s", 1e4}, {"100k cyc/s", 1e5}, {"max", 0}};
  for (const auto& [label, v] : speeds) speed->addItem(QString::fromUtf8(label), v);
  speed->setCurrentIndex(3);
  toolBar->addWidget(speed);
  toolBar->addSeparator();
  // The label and the slider in one widget: a narrow window moves both into the toolbar's
  // extension menu, not the slider alone (at 1280 px a lone "Cycle" was left on the bar). The
  // slider takes the bar's spare width, at least kScrubberMin px.
  auto* scrubberBox = new ScrubberBox(toolBar);
  scrubberBox->setObjectName(QStringLiteral("cycleScrubberBox"));
  auto* scrubberRow = new QHBoxLayout(scrubberBox);
  scrubberRow->setContentsMargins(0, 0, 0, 0);
  scrubberRow->addWidget(new QLabel(QStringLiteral(" Cycle "), scrubberBox));
  scrubber = new QSlider(Qt::Horizontal, scrubberBox);
  scrubber->setObjectName(QStringLiteral("cycleScrubber"));
  scrubber->setMinimumWidth(kScrubberMin);
  scrubber->setRange(0, 0);
  scrubber->setTracking(false);  // seek on release, not on every pixel of a drag
  scrubber->setToolTip(QStringLiteral("Cycle scrubber: drag to seek"));
  scrubberRow->addWidget(scrubber, 1);
  toolBar->addWidget(scrubberBox);
  connect(scrubber, &QSlider::valueChanged, this, [this](int v) {
    emit seekRequested(static_cast<quint64>(v));
  });
  setSimulatorAvailable(false);
}

double StudioActions::cyclesPerSecond() const { return speed->currentData().toDouble(); }

void StudioActions::showCycle(quint64 cycle, quint64 lastCycle) {
  const QSignalBlocker block(scrubber);
  const quint64 top = std::max(lastCycle, cycle);
  scrubber->setRange(0, static_cast<int>(std::min<quint64>(top, 0x7fffffff)));
  scrubber->setValue(static_cast<int>(std::min<quint64>(cycle, 0x7fffffff)));
}

void StudioActions::setSimulatorAvailable(bool available) {
  for (QAction* a : {stepCycle, nextEvent, nextQuery, nextHead, nextLayer, nextTopkRound, runPause,
                     reset, stepBack})
    a->setEnabled(available);
  scrubber->setEnabled(available);
  speed->setEnabled(available);
}

}  // namespace spatten::app
