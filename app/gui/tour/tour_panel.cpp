#include "app/gui/tour/tour_panel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableView>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

#include "app/gui/main_window.h"
#include "app/gui/presentation.h"
#include "app/gui/sample_catalog.h"
#include "app/gui/sample_picker.h"
#include "app/gui/simulation_controller.h"
#include "app/gui/tour/tour_highlight.h"
#include "views/common/session_model.h"
#include "views/plots/attention_heatmap_view.h"
#include "views/widgets/datapath_view.h"
#include "views/widgets/pruning_grid_view.h"

namespace spatten::app {
namespace {
constexpr int kMaxSteps = 4000;  // cycles stepped looking for a top-k round before giving up

QAction* make(QObject* parent, const QString& text, const QList<QKeySequence>& keys,
              const QString& name) {
  auto* a = new QAction(text, parent);
  a->setShortcuts(keys);
  a->setShortcutContext(Qt::ApplicationShortcut);
  a->setObjectName(name);
  return a;
}

// Rows / cells of a pruning grid, in its viewport's coordinates.
QRect gridArea(QTableView* table, int row, int column) {
  const QAbstractItemModel* m = table->model();
  if (!m || row < 0 || row >= m->rowCount()) return {};
  if (column >= 0) return table->visualRect(m->index(row, column));
  return table->visualRect(m->index(row, 0))
      .united(table->visualRect(m->index(row, m->columnCount() - 1)));
}
}  // namespace

GuidedTour::GuidedTour(MainWindow* window, QMenu* helpMenu)
    : QObject(window), m_window(window), m_highlight(new TourHighlight(window)) {
  toggle = make(this, QStringLiteral("&Guided tour"), {QKeySequence(Qt::Key_F2)},
                QStringLiteral("actionGuidedTour"));
  toggle->setCheckable(true);
  toggle->setToolTip(QStringLiteral(
      "Seven chapters that drive the views on a sample, from attention to the DRAM saved (F2)"));
  next = make(this, QStringLiteral("Tour: next chapter"),
              {QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::ALT | Qt::Key_Right)},
              QStringLiteral("actionTourNext"));
  previous = make(this, QStringLiteral("Tour: previous chapter"),
                  {QKeySequence(Qt::Key_PageUp), QKeySequence(Qt::ALT | Qt::Key_Left)},
                  QStringLiteral("actionTourPrevious"));
  leave = make(this, QStringLiteral("Leave the tour"), {QKeySequence(Qt::Key_Escape)},
               QStringLiteral("actionTourLeave"));
  for (QAction* a : {toggle, next, previous, leave}) window->addAction(a);
  helpMenu->insertAction(helpMenu->actions().value(0), toggle);
  helpMenu->insertSeparator(helpMenu->actions().value(1));

  auto* panel = new QWidget;
  panel->setObjectName(QStringLiteral("tourPanel"));
  // Right dock: the controls above the text; presentation mode: a bottom band, controls at the
  // left of the text (the views keep the full width of a 1280 px projector).
  m_layout = new QBoxLayout(QBoxLayout::TopToBottom, panel);
  auto* side = new QWidget(panel);
  auto* layout = new QVBoxLayout(side);
  layout->setContentsMargins(0, 0, 0, 0);
  m_title = new QLabel(panel);
  m_title->setObjectName(QStringLiteral("tourTitle"));
  m_title->setWordWrap(true);
  m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  m_list = new QComboBox(panel);
  m_list->setObjectName(QStringLiteral("tourChapters"));
  // Narrow docks (1280x720, presentation zoom): the list and the buttons shrink, text wraps.
  m_list->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_list->setMinimumContentsLength(4);
  m_list->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
  for (std::size_t i = 0; i < tourChapters().size(); ++i)
    m_list->addItem(QStringLiteral("%1. %2").arg(i + 1).arg(tourChapters()[i].title));
  m_text = new QLabel(panel);
  m_text->setObjectName(QStringLiteral("tourText"));
  m_text->setWordWrap(true);
  m_text->setTextFormat(Qt::RichText);
  m_text->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* scroll = new QScrollArea(panel);
  scroll->setWidget(m_text);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  m_status = new QLabel(panel);
  m_status->setObjectName(QStringLiteral("tourStatus"));
  m_status->setWordWrap(true);
  m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  auto* buttons = new QHBoxLayout;
  m_prev = new QPushButton(QStringLiteral("\u2190 Back"), panel);
  m_next = new QPushButton(QStringLiteral("Next \u2192"), panel);
  auto* closeButton = new QPushButton(QStringLiteral("Close"), panel);
  for (QPushButton* b : {m_prev, m_next, closeButton}) {
    b->setFocusPolicy(Qt::NoFocus);  // the keys stay with the window's shortcuts
    b->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    b->setMinimumWidth(0);
    buttons->addWidget(b);
  }
  m_prev->setToolTip(QStringLiteral("Previous chapter (PgUp, Alt+Left)"));
  m_next->setToolTip(QStringLiteral("Next chapter (PgDown, Alt+Right)"));
  closeButton->setToolTip(QStringLiteral("Leave the tour; F2 resumes here (Esc)"));
  layout->addWidget(m_title);
  layout->addWidget(m_list);
  layout->addLayout(buttons);
  layout->addWidget(m_status);
  layout->addStretch(1);
  m_side = side;
  m_layout->addWidget(side);
  m_layout->addWidget(scroll, 1);
  panel->setMinimumWidth(260);

  m_dock = new QDockWidget(QStringLiteral("Guided tour"), window);
  m_dock->setObjectName(QStringLiteral("tourDock"));
  m_dock->setWidget(panel);
  m_dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
  window->resizeDocks({m_dock}, {340}, Qt::Horizontal);
  m_dock->hide();

  connect(toggle, &QAction::toggled, this, [this](bool on) { on ? open() : close(); });
  connect(next, &QAction::triggered, this, [this] { setChapter(m_chapter + 1); });
  connect(previous, &QAction::triggered, this, [this] { setChapter(m_chapter - 1); });
  connect(leave, &QAction::triggered, this, &GuidedTour::close);
  connect(m_next, &QPushButton::clicked, next, &QAction::trigger);
  connect(m_prev, &QPushButton::clicked, previous, &QAction::trigger);
  connect(closeButton, &QPushButton::clicked, this, &GuidedTour::close);
  connect(m_list, &QComboBox::activated, this, &GuidedTour::setChapter);
  // Esc leaves presentation mode first (its action is enabled only while presenting).
  connect(window->presentation()->leavePresentation, &QAction::changed, this, [this] {
    updateEnabled();
    placeDock();
  });
  views::SessionModel* s = window->session();
  connect(s, &views::SessionModel::analysisChanged, this, &GuidedTour::advance);
  connect(s, &views::SessionModel::frameChanged, this, &GuidedTour::advance);
  connect(window->controller(), &SimulationController::busyChanged, this, &GuidedTour::advance);
  connect(window->controller(), &SimulationController::analysisFailed, this,
          &GuidedTour::advance);
  connect(s, &views::SessionModel::appearanceChanged, this, [this, panel] {
    panel->setFont(views::zoomedFont(QApplication::font(), m_window->session()->appearance()));
  });
  updateEnabled();
}

bool GuidedTour::isOpen() const { return m_state != State::Closed; }

void GuidedTour::open() {
  if (isOpen()) return;
  m_state = State::Loading;
  m_dock->show();
  m_dock->raise();
  toggle->setChecked(true);
  updateEnabled();
  start();
}

void GuidedTour::close() {
  if (!isOpen()) return;
  m_state = State::Closed;
  m_highlight->clear();
  m_dock->hide();
  toggle->setChecked(false);
  updateEnabled();
}

void GuidedTour::setChapter(int index) {
  const int n = static_cast<int>(tourChapters().size());
  if (index < 0 || index >= n) return;
  m_chapter = index;
  if (isOpen()) start();
  updateEnabled();
}

QString GuidedTour::text() const {
  return QTextDocumentFragment::fromHtml(m_text->text()).toPlainText();
}

void GuidedTour::updateEnabled() {
  const bool open = isOpen();
  const int n = static_cast<int>(tourChapters().size());
  next->setEnabled(open && m_chapter + 1 < n);
  previous->setEnabled(open && m_chapter > 0);
  leave->setEnabled(open && !m_window->presentation()->leavePresentation->isEnabled());
  m_next->setEnabled(next->isEnabled());
  m_prev->setEnabled(previous->isEnabled());
}

void GuidedTour::placeDock() {
  const bool band = m_window->presentation()->inPresentationMode();
  const Qt::DockWidgetArea area = band ? Qt::BottomDockWidgetArea : Qt::RightDockWidgetArea;
  if (m_window->dockWidgetArea(m_dock) == area) return;
  m_layout->setDirection(band ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
  const int column = m_side->fontMetrics().averageCharWidth() * 30;
  m_side->setMinimumWidth(band ? column : 0);
  m_side->setMaximumWidth(band ? column : QWIDGETSIZE_MAX);
  m_window->addDockWidget(area, m_dock);
  if (band)
    m_window->resizeDocks({m_dock}, {m_window->height() / 3}, Qt::Vertical);
  else
    m_window->resizeDocks({m_dock}, {340}, Qt::Horizontal);
}

void GuidedTour::showHeader() {
  const TourChapter& c = tourChapters()[static_cast<std::size_t>(m_chapter)];
  m_title->setText(QStringLiteral("<b>Chapter %1 of %2: %3</b>")
                       .arg(m_chapter + 1).arg(tourChapters().size()).arg(c.title));
  m_list->setCurrentIndex(m_chapter);
}

void GuidedTour::start() {
  m_state = State::Loading;
  m_highlight->clear();
  m_target = {};
  showHeader();
  m_text->clear();
  const TourChapter& c = tourChapters()[static_cast<std::size_t>(m_chapter)];
  const auto& f = m_window->session()->frame();
  SimulationController* ctl = m_window->controller();
  if (m_loadedSample == c.sampleId && m_loadedSets == c.sets && f &&
      f->timeline == m_loadedTimeline && !ctl->isBusy())
    return advance();  // the sample's run is still the current one
  const Sample* sample = nullptr;
  for (const Sample& s : m_window->samplePicker()->samples())
    if (s.id == c.sampleId) sample = &s;
  if (!sample) return fail(QStringLiteral("the bundled sample \u201c%1\u201d is missing").arg(c.sampleId));
  m_status->setText(QStringLiteral("Loading the sample \u201c%1\u201d\u2026").arg(sample->title));
  m_staleTimeline = f ? f->timeline : nullptr;
  m_loadedSample.clear();
  m_loadedTimeline.reset();
  const auto generation = ctl->generation();
  Sample chosen = *sample;
  chosen.sets += c.sets;
  m_window->applySample(chosen);
  if (ctl->generation() == generation)
    fail(QStringLiteral("the sample \u201c%1\u201d could not be loaded (see the status bar)")
             .arg(sample->title));
}

void GuidedTour::advance() {
  const views::SessionModel* s = m_window->session();
  const SimulationController* ctl = m_window->controller();
  const auto& f = s->frame();
  switch (m_state) {
    case State::Loading: {
      if (ctl->isBusy()) return;
      const auto& a = s->analysis();
      if (!a) {
        if (!ctl->lastError().isEmpty()) fail(ctl->lastError());
        return;
      }
      if (!a->hasSpatten) return fail(QStringLiteral("no SpAtten run: %1").arg(a->spattenError));
      if (!f || !f->timeline || f->timeline == m_staleTimeline) return;
      m_loadedSample = tourChapters()[static_cast<std::size_t>(m_chapter)].sampleId;
      m_loadedSets = tourChapters()[static_cast<std::size_t>(m_chapter)].sets;
      m_loadedTimeline = f->timeline;
      m_target = resolveChapter(m_chapter, *a, *f->timeline);
      const QString& view = tourChapters()[static_cast<std::size_t>(m_chapter)].viewId;
      for (int i = 0; i < static_cast<int>(m_window->views().size()); ++i)
        if (m_window->views()[static_cast<std::size_t>(i)].id == view)
          m_window->tabs()->setCurrentIndex(i);
      if (!m_target.problem.isEmpty()) return fail(m_target.problem);
      m_window->session()->setSelection(m_target.selection);
      m_state = State::Seeking;
      m_steps = 0;
      m_status->setText(QStringLiteral("Stepping the simulator to cycle %1\u2026").arg(m_target.cycle));
      m_window->controller()->seek(m_target.cycle);
      return;
    }
    case State::Seeking:
    case State::Stepping: {
      if (!f || f->timeline != m_loadedTimeline) {  // the run changed under the tour (an edit)
        if (!ctl->isBusy() && f && f->timeline) start();
        return;
      }
      if (m_state == State::Seeking && f->cycle != m_target.cycle) return;
      if (m_state == State::Stepping && f->cycle == m_stepFrom) return;  // step not done yet
      if (momentReached(m_target, *f)) return arrive();
      if (f->finished || ++m_steps > kMaxSteps)
        return fail(QStringLiteral("the simulator never reached the moment of request %1")
                        .arg(m_target.selection.request));
      m_state = State::Stepping;
      m_stepFrom = f->cycle;  // one step at a time: wait for the frame after this cycle
      m_window->controller()->step(StepKind::Cycle);
      return;
    }
    default:
      return;
  }
}

void GuidedTour::arrive() {
  m_state = State::Ready;
  const auto& f = m_window->session()->frame();
  const auto& a = m_window->session()->analysis();
  QString title;
  for (const Sample& s : m_window->samplePicker()->samples())
    if (s.id == m_loadedSample) title = s.title;
  const TourChapter& c = tourChapters()[static_cast<std::size_t>(m_chapter)];
  QString sample = QStringLiteral("Sample: %1 (%2)")
                       .arg(title, a ? a->modelName : QString());
  if (!c.sets.isEmpty())
    sample += QStringLiteral(", with %1 (%2)").arg(c.sets.join(QStringLiteral(", ")), c.setsWhy);
  QString text = QStringLiteral("<p><i>%1</i></p>").arg(sample.toHtmlEscaped()) + m_target.text;
  if (f) m_target.cycle = f->cycle;  // the moment (after stepping, if it had to)
  // Again: on the way, follow mode (SessionModel::setFollowFrame) selected the simulator's
  // cursor; the chapter's request may be another module's (the top-k engine's, say).
  m_window->session()->setSelection(m_target.selection);
  text.replace(QStringLiteral("@cycle@"), QString::number(m_target.cycle));
  if (m_target.untilTopkRound && f) text += topkRoundText(*f);
  m_text->setText(text);
  m_status->setText(QStringLiteral("Outlined in orange: what to look at. Next: PgDown."));
  mark();
  emit chapterReady(m_chapter);
}

void GuidedTour::fail(const QString& why) {
  m_state = State::Failed;
  m_highlight->clear();
  m_text->setText(QStringLiteral("<p>This chapter cannot be shown: %1.</p>").arg(why.toHtmlEscaped()));
  m_status->clear();
}

void GuidedTour::mark() {
  const QString& view = tourChapters()[static_cast<std::size_t>(m_chapter)].viewId;
  QWidget* w = m_window->view(view);
  if (!w) return;
  const views::Selection sel = m_target.selection;
  switch (m_target.mark) {
    case TourMark::GridRow:
    case TourMark::GridCell:
      if (auto* grid = qobject_cast<views::PruningGridView*>(w)) {
        QTableView* t = grid->table();
        const int column = m_target.mark == TourMark::GridCell ? sel.head : -1;
        return m_highlight->show(t->viewport(), [t, sel, column] {
          return gridArea(t, sel.layer, column).adjusted(-2, -2, 2, 2);
        });
      }
      break;
    case TourMark::Module:
      if (auto* dp = qobject_cast<views::DatapathView*>(w)) {
        const int module = m_target.module;
        return m_highlight->show(dp, [dp, module] {
          return dp->moduleRect(module).toAlignedRect().adjusted(-6, -6, 6, 6);
        });
      }
      break;
    case TourMark::View:
      break;
  }
  if (auto* heatmap = w->findChild<views::AttentionHeatmapView*>()) w = heatmap;
  m_highlight->show(w, [w] { return w->rect(); });
}

}  // namespace spatten::app
