#pragma once
// One parameter's editor, built from its registry row (core::ParamSpec): a check box (Bool), a
// combo box of the choices with their summaries as item tooltips (Choice), a spin box honouring
// min/max/minExclusive/zeroAllowed and step with a slider beside it when the range has at most
// kMaxSliderSteps steps (Int, Real; Int64SpinBox beyond 32 bits), or a line edit of
// comma-separated numbers (RealList). The field holds the exact typed value: a value set from a
// preset, the settings or --set is kept as given (the spin box shows it, with more decimals when
// needed), and only a user edit replaces it with the editor's value. The registry's unit is shown
// beside numeric editors. Thread: GUI thread.

#include <QWidget>

#include "core/config/param.h"

class QLabel;
class QSlider;

namespace spatten::app {

class ParamField : public QWidget {
  Q_OBJECT
public:
  static constexpr int kMaxSliderSteps = 1024;

  ParamField(const core::ParamSpec& spec, QWidget* parent = nullptr);

  const core::ParamSpec& spec() const { return m_spec; }
  // The editor proper (QCheckBox, QComboBox, QSpinBox, Int64SpinBox, QDoubleSpinBox, QLineEdit).
  QWidget* editor() const { return m_editor; }
  QSlider* slider() const { return m_slider; }
  QLabel* unitLabel() const { return m_unit; }  // nullptr when the spec has no unit

  // Text the editor holds but the registry refuses (a list entry out of range): core's message
  // (core::parseParam), empty when the input is valid. value() keeps the last valid value.
  const QString& inputProblem() const { return m_inputProblem; }
  // Marks the field with a validation message (the panel's check of the whole configuration, or
  // inputProblem()); an empty message clears the mark.
  void setProblem(const QString& message);
  const QString& problem() const { return m_problem; }

  // Shows a value valid for the spec (core::checkParam) without emitting edited().
  void setValue(const core::ParamValue& v);
  const core::ParamValue& value() const { return m_value; }

  // The tooltip of a registry row: label, help, allowed values, source, key.
  static QString toolTip(const core::ParamSpec& spec);

signals:
  void edited();  // the user changed the value (m_value already holds it)
  void inputProblemChanged();

private:
  QWidget* buildNumeric();
  void showValue();
  void userEdited(const core::ParamValue& v);
  void syncSlider();

  core::ParamSpec m_spec;
  core::ParamValue m_value;
  QWidget* m_editor = nullptr;
  QSlider* m_slider = nullptr;
  QLabel* m_unit = nullptr;
  QString m_toolTip;       // toolTip(m_spec)
  QString m_inputProblem;  // see inputProblem()
  QString m_problem;       // see setProblem()
  double m_editorMin = 0;  // the spin box's minimum (the zero slot when zeroAllowed)
  bool m_showing = false;  // setValue is updating the editors: their signals are not edits
};

}  // namespace spatten::app
