#include "app/gui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QMenuBar>
#include <QScreen>
#include <QScrollArea>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>

#include "app/gui/actions.h"
#include "app/gui/backend/param_config.h"
#include "app/gui/backend/run_presets.h"
#include "app/gui/compare_controls.h"
#include "app/gui/config_files.h"
#include "app/gui/export_menu.h"
#include "app/gui/help.h"
#include "app/gui/input_panel.h"
#include "app/gui/model_switch.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/presentation.h"
#include "app/gui/sample_locator.h"
#include "app/gui/sample_picker.h"
#include "app/gui/session_document.h"
#include "app/gui/simulation_controller.h"
#include "app/gui/status_panel.h"
#include "app/gui/sweep_dialog.h"
#include "app/gui/tour/tour_panel.h"
#include "views/common/session_model.h"

namespace spatten::app {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_session(new views::SessionModel(this)),
      m_controller(new SimulationController(m_session, this)),
      m_actions(new StudioActions(this)) {
  setWindowTitle(QStringLiteral("SpAtten Studio"));
  // 1600x1000, or the screen's available area when smaller (a 1280x720 projector).
  const QSize avail = screen() ? screen()->availableGeometry().size() : QSize(1600, 1000);
  resize(QSize(1600, 1000).boundedTo(avail));
  m_tabs = new QTabWidget(this);
  m_tabs->setObjectName(QStringLiteral("viewTabs"));
  m_tabs->setDocumentMode(true);
  m_views = createViews(m_session, m_tabs);
  for (const ViewEntry& v : m_views) m_tabs->addTab(v.widget, v.title);
  setCentralWidget(m_tabs);
  addToolBar(Qt::TopToolBarArea, m_actions->toolBar);
  buildDocks();
  m_compare = new CompareControls(this);
  addToolBar(Qt::TopToolBarArea, m_compare->toolBar);
  addDockWidget(Qt::BottomDockWidgetArea, m_compare->dock);
  m_document = new SessionDocument(this);
  m_configFiles = new ConfigFiles(this);
  m_exports = new ExportMenu(this);
  m_presentation = new Presentation(
      this, m_session, m_tabs, findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly));
  connect(m_presentation, &Presentation::message, this,
          [this](const QString& text) { statusBar()->showMessage(text, 8000); });
  buildMenus();
  buildStatusBar();
  connectActions();
  m_presentation->setAppearance(m_session->appearance());  // style and palette of the theme
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
  resizeDocks({inputDock, paramDock}, {250, 740}, Qt::Vertical);

  connect(m_input, &InputPanel::changed, this, &MainWindow::onInputsChanged);
  m_modelSwitch = new ModelSwitch(m_input, m_params, this);
  connect(m_modelSwitch, &ModelSwitch::message, this,
          [this](const QString& text) { statusBar()->showMessage(text, 8000); });
  connect(m_controller, &SimulationController::modelLoaded, m_modelSwitch,
          &ModelSwitch::onModelLoaded);
  connect(m_controller, &SimulationController::modelFailed, m_modelSwitch,
          &ModelSwitch::onModelFailed);
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
  auto* samples = new QMenu(QStringLiteral("&Samples"), file);
  samples->setObjectName(QStringLiteral("samplesMenu"));
  samples->setToolTipsVisible(true);
  const QString root = samplesDir();
  m_samples = new SamplePicker(root.isEmpty() ? QString() : root + QStringLiteral("/sentences"),
                               samples, m_input->sampleCombo(), this);
  connect(m_samples, &SamplePicker::chosen, this, &MainWindow::applySample);
  file->addAction(m_document->newAction);
  file->addAction(m_document->openAction);
  file->addMenu(m_document->recentMenu);
  file->addAction(m_document->saveAction);
  file->addAction(m_document->saveAsAction);
  file->addSeparator();
  file->addAction(m_actions->openModel);
  file->addMenu(samples);
  file->addSeparator();
  for (QAction* a : {m_configFiles->loadRun, m_configFiles->saveRun, m_configFiles->loadHardware,
                     m_configFiles->saveHardware})
    file->addAction(a);
  file->addSeparator();
  file->addMenu(m_exports->menu);
  file->addAction(m_exports->exportAllAction);
  file->addSeparator();
  file->addAction(m_actions->quit);
  QMenu* sim = menuBar()->addMenu(QStringLiteral("&Simulation"));
  sim->addAction(m_actions->recompute);
  sim->addAction(m_actions->cancel);
  sim->addSeparator();
  for (QAction* a : {m_actions->runPause, m_actions->stepCycle, m_actions->nextEvent,
                     m_actions->nextQuery, m_actions->nextHead, m_actions->nextLayer,
                     m_actions->nextTopkRound, m_actions->stepBack, m_actions->reset})
    sim->addAction(a);
  sim->addAction(m_actions->followSimulator);
  sim->addSeparator();
  QAction* sweep = sim->addAction(QStringLiteral("Design-space s&weep..."));
  sweep->setObjectName(QStringLiteral("sweepAction"));
  sweep->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
  connect(sweep, &QAction::triggered, this, [this] {
    sweepDialog()->show();
    m_sweep->raise();
  });
  menuBar()->addMenu(m_compare->menu);
  QMenu* view = menuBar()->addMenu(QStringLiteral("&View"));
  for (int i = 0; i < m_tabs->count(); ++i) {
    QAction* a = view->addAction(m_tabs->tabText(i));
    // Alt+1 ... Alt+9, then Alt+0 for the tenth view (the research summary).
    if (i <= 9) {
      const int key = i < 9 ? Qt::Key_1 + i : Qt::Key_0;
      a->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(key)));
    }
    a->setShortcutContext(Qt::ApplicationShortcut);
    addAction(a);  // Alt+N works with the menu bar hidden (full screen)
    connect(a, &QAction::triggered, m_tabs, [this, i] { m_tabs->setCurrentIndex(i); });
  }
  view->addSeparator();
  m_presentation->fillMenu(view);
  QMenu* help = menuBar()->addMenu(QStringLiteral("&Help"));
  m_help = new HelpMenu(this, m_tabs, m_views, help);
  m_tour = new GuidedTour(this, help);
}

void MainWindow::buildStatusBar() {
  m_status = new StatusPanel(statusBar(), m_session, m_controller);
}

void MainWindow::connectActions() {
  StudioActions* a = m_actions;
  SimulationController* c = m_controller;
  connect(a->openModel, &QAction::triggered, m_input, &InputPanel::chooseModelFolder);
  connect(a->quit, &QAction::triggered, this, &QWidget::close);
  connect(a->recompute, &QAction::triggered, this,
          [this] { m_controller->recompute(currentRequest()); });
  connect(a->cancel, &QAction::triggered, c, [c] { c->cancel(); });
  connect(c, &SimulationController::busyChanged, a->cancel, &QAction::setEnabled);
  connect(a->stepCycle, &QAction::triggered, c, [c] { c->step(StepKind::Cycle); });
  connect(a->nextEvent, &QAction::triggered, c, [c] { c->step(StepKind::Event); });
  connect(a->nextQuery, &QAction::triggered, c, [c] { c->step(StepKind::Query); });
  connect(a->nextHead, &QAction::triggered, c, [c] { c->step(StepKind::Head); });
  connect(a->nextLayer, &QAction::triggered, c, [c] { c->step(StepKind::Layer); });
  connect(a->nextTopkRound, &QAction::triggered, c, [c] { c->step(StepKind::TopkRound); });
  connect(a->stepBack, &QAction::triggered, c, &SimulationController::stepBack);
  connect(a->followSimulator, &QAction::toggled, m_session, &views::SessionModel::setFollowFrame);
  m_session->setFollowFrame(a->followSimulator->isChecked());
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
  QString unused;
  load(modelDir, text, generate, {}, &unused);
}

bool MainWindow::load(const QString& modelDir, const QString& text, int generate,
                      const QStringList& sets, QString* error) {
  m_loading = true;  // one request for the whole load, not one per edited field
  if (!modelDir.isEmpty()) m_input->setModelDir(modelDir, text.isEmpty());
  if (!text.isEmpty()) m_input->setText(text);
  if (generate >= 0) m_input->setGenerate(generate);
  m_loading = false;
  if (!applyAssignments(sets, error)) return false;
  m_controller->submitNow(currentRequest());
  return true;
}

void MainWindow::editAsOne(const std::function<void()>& edit) {
  m_loading = true;
  edit();
  m_loading = false;
  m_sampleText.clear();
  m_samples->showChosen(-1);
  m_input->setSampleNote({});
  m_controller->submitNow(currentRequest());
}

void MainWindow::resetInputs() {
  editAsOne([this] {
    const auto models = bundledModels();
    if (!models.empty()) m_input->setModelDir(models.front().dir, true);
    const QString run = defaultRunPreset(m_input->isBert());
    m_params->setRunPresets(runPresetNames(), run);
    onRunPresetChosen(run);
    m_params->setHardwarePresets(hardwarePresetNames(), defaultHardwarePreset());
    m_params->setHardwareValues(hardwarePresetValues(defaultHardwarePreset()));
  });
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (m_document->maybeKeepChanges())
    event->accept();
  else
    event->ignore();
}

void MainWindow::applySample(const Sample& sample) {
  QString dir;
  for (const ModelEntry& m : bundledModels())
    if (dir.isEmpty() && isBertModel(m.dir) == sample.bert) dir = m.dir;
  ParamAssignments set;
  const QString family = sample.bert ? QStringLiteral("BERT") : QStringLiteral("GPT-2");
  QString problem = dir.isEmpty() ? QStringLiteral("no bundled %1 model").arg(family) : QString();
  if (problem.isEmpty() && !runPresetNames().contains(sample.runPreset))
    problem = QStringLiteral("unknown run preset \"%1\"").arg(sample.runPreset);
  if (problem.isEmpty()) {
    try {
      set = parseAssignments(sample.sets);
    } catch (const std::exception& e) {
      problem = QString::fromUtf8(e.what());
    }
  }
  if (!problem.isEmpty()) {
    statusBar()->showMessage(
        QStringLiteral("Sample \"%1\" not loaded: %2").arg(sample.title, problem), 12000);
    return;
  }
  m_loading = true;  // one request for the whole sample
  m_input->setModelDir(dir, false);
  m_input->setText(sample.text);
  if (!sample.bert) m_input->setGenerate(sample.generate);
  m_params->setRunPresets(runPresetNames(), sample.runPreset);
  onRunPresetChosen(sample.runPreset);
  set.run.erase("generate");  // the Input panel's (set above)
  m_params->setRunValues(set.run);
  m_params->setHardwareValues(set.hw);
  m_loading = false;
  int index = -1;
  for (std::size_t i = 0; i < m_samples->samples().size(); ++i)
    if (m_samples->samples()[i].id == sample.id) index = static_cast<int>(i);
  m_samples->showChosen(index);
  m_sampleText = sample.text;
  m_input->setSampleNote(QStringLiteral("Look at: %1").arg(sample.lookAt));
  for (int i = 0; i < static_cast<int>(m_views.size()); ++i)
    if (m_views[static_cast<std::size_t>(i)].id == sample.view) m_tabs->setCurrentIndex(i);
  statusBar()->showMessage(QStringLiteral("Sample: %1").arg(sample.title), 8000);
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

bool MainWindow::applyAssignments(const QStringList& sets, QString* error) {
  if (sets.isEmpty()) return true;
  try {
    ParamAssignments a = parseAssignments(sets);
    ParamValues run = m_params->runValues();
    for (const auto& [key, v] : a.run) run[key] = v;
    ParamValues hw = m_params->hardwareValues();
    for (const auto& [key, v] : a.hw) hw[key] = v;
    // The whole configurations as they will run (cross-field rules included).
    runConfigFrom(m_params->runPreset(), run, "--set");
    hwConfigFrom(m_params->hardwarePreset(), hw, "--set");
    m_loading = true;
    if (const auto it = a.run.find("generate"); it != a.run.end())
      m_input->setGenerate(static_cast<int>(std::get<std::int64_t>(it->second)));
    m_params->setRunValues(a.run);
    m_params->setHardwareValues(a.hw);
    m_loading = false;
    return true;
  } catch (const std::exception& e) {
    *error = QString::fromUtf8(e.what());
    return false;
  }
}

void MainWindow::onInputsChanged() {
  if (m_loading) return;
  if (!m_sampleText.isEmpty() && m_input->text() != m_sampleText) {  // no longer the sample
    m_sampleText.clear();
    m_samples->showChosen(-1);
    m_input->setSampleNote({});
  }
  m_controller->submit(currentRequest());
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

QString MainWindow::statusText() const {
  return m_status->text();
}

bool MainWindow::loadAssignments(const QStringList& sets, QString* error) {
  if (!applyAssignments(sets, error)) return false;
  onInputsChanged();
  return true;
}

SweepDialog* MainWindow::sweepDialog() {
  if (!m_sweep) m_sweep = new SweepDialog(this);
  return m_sweep;
}

}  // namespace spatten::app
