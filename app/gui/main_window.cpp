#include "app/gui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QScrollArea>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>

#include "app/gui/actions.h"
#include "app/gui/backend/run_presets.h"
#include "app/gui/input_panel.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/simulation_controller.h"
#include "views/common/session_model.h"

namespace spatten::app {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_session(new views::SessionModel(this)),
      m_controller(new SimulationController(m_session, this)),
      m_actions(new StudioActions(this)) {
  setWindowTitle(QStringLiteral("SpAtten Studio"));
  resize(1600, 1000);
  m_tabs = new QTabWidget(this);
  m_tabs->setObjectName(QStringLiteral("viewTabs"));
  m_tabs->setDocumentMode(true);
  m_views = createViews(m_session, m_tabs);
  for (const ViewEntry& v : m_views) m_tabs->addTab(v.widget, v.title);
  setCentralWidget(m_tabs);
  addToolBar(Qt::TopToolBarArea, m_actions->toolBar);
  buildDocks();
  buildMenus();
  buildStatusBar();
  connectActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildDocks() {
  m_input = new InputPanel(this);
  auto* inputDock = new QDockWidget(QStringLiteral("Input"), this);
  inputDock->setObjectName(QStringLiteral("inputDock"));
  inputDock->setWidget(m_input);
  inputDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  addDockWidget(Qt::LeftDockWidgetArea, inputDock);

  m_params = new ParametersPanel(this);
  m_params->setRunPresets(runPresetNames(), defaultRunPreset(false));
  m_params->setHardwarePresets(hardwarePresetNames(), defaultHardwarePreset());
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(m_params);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  auto* paramDock = new QDockWidget(QStringLiteral("Parameters"), this);
  paramDock->setObjectName(QStringLiteral("parametersDock"));
  paramDock->setWidget(scroll);
  paramDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  addDockWidget(Qt::LeftDockWidgetArea, paramDock);
  resizeDocks({inputDock}, {400}, Qt::Horizontal);
  resizeDocks({inputDock, paramDock}, {190, 800}, Qt::Vertical);

  connect(m_input, &InputPanel::changed, this, &MainWindow::onInputsChanged);
  connect(m_input, &InputPanel::modelChanged, this, [this](const QString&) {
    const QString preset = defaultRunPreset(m_input->isBert());
    m_params->setRunPresets(runPresetNames(), preset);
    onRunPresetChosen(preset);
  });
  connect(m_params, &ParametersPanel::changed, this, &MainWindow::onInputsChanged);
  connect(m_params, &ParametersPanel::runPresetChosen, this, &MainWindow::onRunPresetChosen);
  connect(m_params, &ParametersPanel::hardwarePresetChosen, this,
          [this](const QString& name) { m_params->setHardwareValues(hardwarePresetValues(name)); });
  // Initial values: the current model's run preset and the default hardware preset.
  m_loading = true;
  m_params->setRunPresets(runPresetNames(), defaultRunPreset(m_input->isBert()));
  onRunPresetChosen(defaultRunPreset(m_input->isBert()));
  m_params->setHardwareValues(hardwarePresetValues(defaultHardwarePreset()));
  m_loading = false;
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(QStringLiteral("&File"));
  file->addAction(m_actions->openModel);
  file->addSeparator();
  file->addAction(m_actions->quit);
  QMenu* sim = menuBar()->addMenu(QStringLiteral("&Simulation"));
  sim->addAction(m_actions->recompute);
  sim->addSeparator();
  for (QAction* a : {m_actions->runPause, m_actions->stepCycle, m_actions->nextEvent,
                     m_actions->nextQuery, m_actions->nextHead, m_actions->nextLayer,
                     m_actions->stepBack, m_actions->reset})
    sim->addAction(a);
  QMenu* view = menuBar()->addMenu(QStringLiteral("&View"));
  for (int i = 0; i < m_tabs->count(); ++i) {
    QAction* a = view->addAction(m_tabs->tabText(i));
    a->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
    connect(a, &QAction::triggered, m_tabs, [this, i] { m_tabs->setCurrentIndex(i); });
  }
}

void MainWindow::buildStatusBar() {
  auto add = [this](const QString& name, int minWidth) {
    auto* l = new QLabel(this);
    l->setObjectName(name);
    l->setMinimumWidth(minWidth);
    statusBar()->addPermanentWidget(l);
    return l;
  };
  m_stateLabel = new QLabel(this);
  m_stateLabel->setObjectName(QStringLiteral("statusState"));
  statusBar()->addWidget(m_stateLabel, 1);
  m_cycleLabel = add(QStringLiteral("statusCycle"), 120);
  m_cursorLabel = add(QStringLiteral("statusCursor"), 260);
  m_dramLabel = add(QStringLiteral("statusDram"), 230);
  m_fidelityLabel = add(QStringLiteral("statusFidelity"), 260);
  connect(m_session, &views::SessionModel::analysisChanged, this, &MainWindow::updateStatus);
  connect(m_session, &views::SessionModel::frameChanged, this, &MainWindow::updateStatus);
  connect(m_controller, &SimulationController::busyChanged, this, &MainWindow::updateStatus);
  connect(m_controller, &SimulationController::analysisFailed, this, &MainWindow::updateStatus);
  connect(m_controller, &SimulationController::message, this,
          [this](const QString& text) { statusBar()->showMessage(text, 5000); });
  updateStatus();
}

void MainWindow::connectActions() {
  StudioActions* a = m_actions;
  SimulationController* c = m_controller;
  connect(a->openModel, &QAction::triggered, m_input, &InputPanel::chooseModelFolder);
  connect(a->quit, &QAction::triggered, this, &QWidget::close);
  connect(a->recompute, &QAction::triggered, this, [this] { m_controller->submitNow(currentRequest()); });
  connect(a->stepCycle, &QAction::triggered, c, [c] { c->step(StepKind::Cycle); });
  connect(a->nextEvent, &QAction::triggered, c, [c] { c->step(StepKind::Event); });
  connect(a->nextQuery, &QAction::triggered, c, [c] { c->step(StepKind::Query); });
  connect(a->nextHead, &QAction::triggered, c, [c] { c->step(StepKind::Head); });
  connect(a->nextLayer, &QAction::triggered, c, [c] { c->step(StepKind::Layer); });
  connect(a->stepBack, &QAction::triggered, c, &SimulationController::stepBack);
  connect(a->reset, &QAction::triggered, c, &SimulationController::reset);
  connect(a, &StudioActions::seekRequested, c, &SimulationController::seek);
  connect(a->runPause, &QAction::triggered, this, [this](bool checked) {
    if (checked)
      m_controller->run(m_actions->cyclesPerSecond());
    else
      m_controller->pause();
  });
  connect(c, &SimulationController::runningChanged, this, [this](bool running) {
    m_actions->runPause->setChecked(running);
    m_actions->runPause->setText(running ? QStringLiteral("Pause") : QStringLiteral("Run"));
    m_actions->runPause->setIcon(style()->standardIcon(running ? QStyle::SP_MediaPause
                                                               : QStyle::SP_MediaPlay));
  });
  connect(m_session, &views::SessionModel::frameChanged, this, [this] {
    const auto& f = m_session->frame();
    m_actions->setSimulatorAvailable(f != nullptr);
    if (f) m_actions->showCycle(f->cycle, f->timeline ? f->timeline->lastCycle : 0);
  });
  connect(m_session, &views::SessionModel::analysisChanged, this, [this] {
    if (!m_session->frame()) m_actions->setSimulatorAvailable(false);
  });
}

void MainWindow::load(const QString& modelDir, const QString& text, int generate) {
  m_loading = true;  // one request for the whole load, not one per edited field
  if (!modelDir.isEmpty()) m_input->setModelDir(modelDir, text.isEmpty());
  if (!text.isEmpty()) m_input->setText(text);
  if (generate >= 0) m_input->setGenerate(generate);
  m_loading = false;
  m_controller->submitNow(currentRequest());
}

AnalysisRequest MainWindow::currentRequest() const {
  AnalysisRequest r;
  r.modelDir = m_input->modelDir();
  r.text = m_input->text();
  r.generate = m_input->generate();
  r.runPreset = m_params->runPreset();
  r.runParams = m_params->runValues();
  r.hwPreset = m_params->hardwarePreset();
  r.hwParams = m_params->hardwareValues();
  return r;
}

void MainWindow::onInputsChanged() {
  if (!m_loading) m_controller->submit(currentRequest());
}

void MainWindow::onRunPresetChosen(const QString& name) {
  const auto values = runPresetValues(name);
  if (!values.empty()) m_params->setRunValues(values);
}

QWidget* MainWindow::view(const QString& id) const {
  for (const ViewEntry& v : m_views)
    if (v.id == id) return v.widget;
  return nullptr;
}

void MainWindow::updateStatus() {
  const auto& a = m_session->analysis();
  const auto& f = m_session->frame();
  if (m_controller->isBusy())
    m_stateLabel->setText(QStringLiteral("Computing\u2026"));
  else if (!m_controller->lastError().isEmpty())
    m_stateLabel->setText(QStringLiteral("Error: %1").arg(m_controller->lastError()));
  else if (a)
    m_stateLabel->setText(QStringLiteral("%1: %2 tokens, %3 layers \u00d7 %4 heads (%5 ms)")
                              .arg(a->modelName)
                              .arg(a->tokens.size())
                              .arg(a->layers)
                              .arg(a->heads)
                              .arg(a->elapsedMs, 0, 'f', 0));
  else
    m_stateLabel->setText(QStringLiteral("Ready"));
  m_cycleLabel->setText(f ? QStringLiteral("Cycle %1").arg(f->cycle) : QStringLiteral("Cycle \u2013"));
  m_cursorLabel->setText(f ? QStringLiteral("iter %1 \u00b7 layer %2 \u00b7 head %3 \u00b7 query %4")
                                 .arg(f->iteration)
                                 .arg(f->layer)
                                 .arg(f->head)
                                 .arg(f->query)
                           : QStringLiteral("iter \u2013 \u00b7 layer \u2013 \u00b7 head \u2013"));
  if (a && a->hasSpatten && a->dram.denseTotal() > 0) {
    const double ratio = a->dram.denseTotal() / std::max(1.0, a->dram.total());
    m_dramLabel->setText(QStringLiteral("DRAM %1\u00d7 less than dense").arg(ratio, 0, 'f', 2));
  } else {
    m_dramLabel->setText(QStringLiteral("DRAM \u2013"));
  }
  m_fidelityLabel->setText(a && !a->fidelitySummary.isEmpty()
                               ? QStringLiteral("Fidelity: %1").arg(a->fidelitySummary)
                               : QStringLiteral("Fidelity \u2013"));
}

QString MainWindow::statusText() const {
  return QStringList{m_stateLabel->text(), m_cycleLabel->text(), m_cursorLabel->text(),
                     m_dramLabel->text(), m_fidelityLabel->text()}
      .join(QStringLiteral(" | "));
}

}  // namespace spatten::app
