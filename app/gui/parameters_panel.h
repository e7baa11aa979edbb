#pragma once
// Run and hardware parameters: a slider + spin box per parameter (a check box for booleans),
// preset combos. Emits changed() on every edit; the controller debounces. Thread: GUI thread.

#include <QWidget>

#include <map>
#include <string>

class QComboBox;
class QFormLayout;

namespace spatten::app {

struct ParameterSpec;

class ParametersPanel : public QWidget {
  Q_OBJECT
public:
  explicit ParametersPanel(QWidget* parent = nullptr);

  void setRunPresets(const QStringList& names, const QString& current);
  void setHardwarePresets(const QStringList& names, const QString& current);
  QString runPreset() const;
  QString hardwarePreset() const;

  // Sets the editors without emitting changed() per editor; emits it once at the end.
  void setRunValues(const std::map<std::string, double>& values);
  void setHardwareValues(const std::map<std::string, double>& values);
  std::map<std::string, double> runValues() const;
  std::map<std::string, double> hardwareValues() const;
  // Applies "KEY=VALUE" overrides to the Hardware editors (spatten-studio --set). False, with
  // *error naming the bad argument, for an unknown key or a value that is not a number in the
  // editor's range; nothing is changed then.
  bool overrideHardware(const QStringList& sets, QString* error);
  // Test hook: the editor of one parameter (QDoubleSpinBox, QSpinBox or QCheckBox).
  QWidget* editor(const std::string& key) const;

signals:
  void changed();
  void runPresetChosen(const QString& name);
  void hardwarePresetChosen(const QString& name);

private:
  struct Row {
    const ParameterSpec* spec;
    QWidget* editor;
  };
  void addRow(QFormLayout* form, const ParameterSpec& spec, std::map<std::string, Row>& rows);
  static void setValue(const Row& row, double value);
  static double value(const Row& row);
  void setValues(std::map<std::string, Row>& rows, const std::map<std::string, double>& values);

  QComboBox* m_runPreset;
  QComboBox* m_hwPreset;
  std::map<std::string, Row> m_run;
  std::map<std::string, Row> m_hw;
  bool m_silent = false;
};

}  // namespace spatten::app
