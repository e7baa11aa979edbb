#pragma once
// Run and hardware parameters, built from core's parameter registry (core::runParams(),
// core::hwParams()): the featured rows in the main "SpAtten run" (by the registry's group) and
// "Hardware" boxes, every other row under a collapsible "All run parameters" / "All hardware
// parameters" section by group. One ParamField per registry row (the run's "generate" is the
// Input panel's). Values are typed (ParamValues by canonical key). Emits changed() on every edit;
// the controller coalesces. After every change the panel checks the whole run and hardware
// configurations as the worker will build them (backend/param_config.h) and shows core's
// validation message under the box and on the field it names. Thread: GUI thread.

#include <QWidget>
#include <map>
#include <string>
#include <vector>

#include "app/gui/backend/analysis_request.h"
#include "core/config/registry.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QToolButton;

namespace spatten::app {

class ParamField;

class ParametersPanel : public QWidget {
  Q_OBJECT
public:
  // The registry's tables (core::runParams(), core::hwParams()).
  explicit ParametersPanel(QWidget* parent = nullptr);
  // Other tables (tests: the registry plus a row); they must outlive the panel.
  ParametersPanel(const core::ParamTable<core::RunConfig>& run,
                  const core::ParamTable<core::HwConfig>& hw, QWidget* parent = nullptr);

  void setRunPresets(const QStringList& names, const QString& current);
  void setHardwarePresets(const QStringList& names, const QString& current);
  QString runPreset() const;
  QString hardwarePreset() const;

  // Sets the fields of the keys given (others keep their values; unknown keys and values the
  // registry refuses are skipped) without an edit signal per field; emits changed() once.
  void setRunValues(const ParamValues& values);
  void setHardwareValues(const ParamValues& values);
  ParamValues runValues() const;       // every run field
  ParamValues hardwareValues() const;  // every "hw.*" field

  // The field / editor of a canonical key (nullptr for "generate" and unknown keys).
  ParamField* field(const std::string& key) const;
  QWidget* editor(const std::string& key) const;
  // Every canonical key with a field, in table order (run keys, then "hw.*").
  std::vector<std::string> keys() const;
  // The collapsible "All hardware parameters" section.
  QToolButton* allHardwareToggle() const { return m_allHwToggle; }
  // core's message for the current values (empty when both configurations are valid), and the
  // label under the run / hardware box that shows it.
  QString runProblem() const;
  QString hardwareProblem() const;
  QLabel* runProblemLabel() const { return m_runProblem; }
  QLabel* hardwareProblemLabel() const { return m_hwProblem; }

signals:
  void changed();
  void runPresetChosen(const QString& name);
  void hardwarePresetChosen(const QString& name);

private:
  void addField(QFormLayout* form, const core::ParamSpec& spec);
  // Rows by group (in the order the groups first appear), each group under a bold heading.
  void addGroups(QFormLayout* form, const std::vector<const core::ParamSpec*>& specs,
                 bool headings);
  QToolButton* addSection(QFormLayout* parent, const QString& title,
                          const std::vector<const core::ParamSpec*>& specs);
  void setValues(const ParamValues& values, bool hardware);
  ParamValues values(bool hardware) const;
  bool isHardware(const std::string& key) const { return m_hwTable.find(key) != nullptr; }
  // Checks both configurations and marks the label and the field core names.
  void checkValues();
  QLabel* addProblemLabel(QFormLayout* form, const QString& name);

  const core::ParamTable<core::RunConfig>& m_runTable;
  const core::ParamTable<core::HwConfig>& m_hwTable;

  QComboBox* m_runPreset;
  QComboBox* m_hwPreset;
  QToolButton* m_allHwToggle = nullptr;
  QLabel* m_runProblem = nullptr;
  QLabel* m_hwProblem = nullptr;
  std::map<std::string, ParamField*> m_fields;  // canonical key -> field
};

}  // namespace spatten::app
