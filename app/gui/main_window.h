#pragma once
// SpAtten Studio's main window: input and parameter docks on the left, one tab per view in the
// centre, the stepping toolbar and the status bar. It only wires pieces together: computation is
// in SimWorker (via SimulationController), drawing in views/. Thread: GUI thread.

#include <QMainWindow>
#include <functional>
#include <vector>

#include "app/gui/backend/analysis_request.h"
#include "app/gui/view_factory.h"

class QTabWidget;

namespace spatten::views {
class SessionModel;
}

namespace spatten::app {

class CompareControls;
class GuidedTour;
class ConfigFiles;
class ExportMenu;
class HelpMenu;
class InputPanel;
class ModelSwitch;
class ParametersPanel;
class Presentation;
class SamplePicker;
class SessionDocument;
struct Sample;
class SimulationController;
class StatusPanel;
class StudioActions;
class SweepDialog;

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Loads a model (empty = first bundled) and text (empty = the model's default sentence) and
  // starts the computation immediately.
  void load(const QString& modelDir, const QString& text, int generate = -1);
  // The command line's inputs as one request: load()'s, then the --set assignments over them (a
  // model switch resets the run parameters to the new model's preset, so they must come after
  // it). False with core's error text in *error; nothing is submitted then.
  bool load(const QString& modelDir, const QString& text, int generate, const QStringList& sets,
            QString* error);

  views::SessionModel* session() const { return m_session; }
  SimulationController* controller() const { return m_controller; }
  StudioActions* actions() const { return m_actions; }
  InputPanel* inputPanel() const { return m_input; }
  ParametersPanel* parametersPanel() const { return m_params; }
  Presentation* presentation() const { return m_presentation; }
  HelpMenu* help() const { return m_help; }
  GuidedTour* tour() const { return m_tour; }
  SessionDocument* document() const { return m_document; }
  ConfigFiles* configFiles() const { return m_configFiles; }
  ExportMenu* exports() const { return m_exports; }
  CompareControls* compare() const { return m_compare; }
  SamplePicker* samplePicker() const { return m_samples; }
  QTabWidget* tabs() const { return m_tabs; }
  const std::vector<ViewEntry>& views() const { return m_views; }
  QWidget* view(const QString& id) const;
  AnalysisRequest currentRequest() const;
  // spatten-studio --set KEY=VALUE (every registry key, spelled as spatten-cli's --set): parsed
  // and checked by core (the values and the resulting configurations) before anything changes;
  // false with core's error text in *error, nothing changed. "generate" sets the Input panel.
  bool applyAssignments(const QStringList& sets, QString* error);
  QString statusText() const;
  // applyAssignments, then one request to the worker with the new values (the Sweep dialog's
  // "load this point into every view"). Never blocks.
  bool loadAssignments(const QStringList& sets, QString* error);
  // Simulation > Design-space sweep (created on first use; non-modal).
  SweepDialog* sweepDialog();  // the status bar labels joined, for tests and screenshots
  // Applies a bundled sample through the Input and Parameters panels as one edit: the bundled
  // model of its family (the previous model's inputs are remembered by ModelSwitch), its
  // sentence and generation length, its run preset plus its overrides; opens its view and submits
  // one request to the worker (never blocks). A sample whose model or overrides are unusable
  // changes nothing and says why in the status bar.
  void applySample(const Sample& sample);
  // Runs `edit` (panel changes) without a request per field, then submits one request now.
  void editAsOne(const std::function<void()>& edit);
  // File > New session: the first bundled model, its sentence, the default presets.
  void resetInputs();

protected:
  // Asks to save unsaved session changes; cancelling keeps the window open.
  void closeEvent(QCloseEvent* event) override;

private:
  void buildDocks();
  void buildMenus();
  void buildStatusBar();
  void connectActions();
  void onInputsChanged();
  void onRunPresetChosen(const QString& name);

  views::SessionModel* m_session;
  SimulationController* m_controller;
  StudioActions* m_actions;
  InputPanel* m_input = nullptr;
  ParametersPanel* m_params = nullptr;
  QTabWidget* m_tabs = nullptr;
  std::vector<ViewEntry> m_views;
  StatusPanel* m_status = nullptr;
  ModelSwitch* m_modelSwitch = nullptr;
  Presentation* m_presentation = nullptr;
  HelpMenu* m_help = nullptr;
  GuidedTour* m_tour = nullptr;
  SamplePicker* m_samples = nullptr;
  SweepDialog* m_sweep = nullptr;
  SessionDocument* m_document = nullptr;
  ConfigFiles* m_configFiles = nullptr;
  ExportMenu* m_exports = nullptr;
  CompareControls* m_compare = nullptr;
  QString m_sampleText;  // the chosen sample's sentence; editing it away clears the choice
  bool m_loading = false;
};

}  // namespace spatten::app
