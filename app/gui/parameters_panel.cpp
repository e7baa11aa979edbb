#include "app/gui/parameters_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

#include "app/gui/parameter_specs.h"

namespace spatten::app {

ParametersPanel::ParametersPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);

  auto* runBox = new QGroupBox(QStringLiteral("SpAtten run"), this);
  auto* runForm = new QFormLayout(runBox);
  runForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  m_runPreset = new QComboBox(runBox);
  m_runPreset->setObjectName(QStringLiteral("runPreset"));
  runForm->addRow(QStringLiteral("Preset"), m_runPreset);
  for (const ParameterSpec& spec : runParameterSpecs()) addRow(runForm, spec, m_run);
  layout->addWidget(runBox);

  auto* hwBox = new QGroupBox(QStringLiteral("Hardware"), this);
  auto* hwForm = new QFormLayout(hwBox);
  hwForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  m_hwPreset = new QComboBox(hwBox);
  m_hwPreset->setObjectName(QStringLiteral("hardwarePreset"));
  hwForm->addRow(QStringLiteral("Preset"), m_hwPreset);
  for (const ParameterSpec& spec : hardwareParameterSpecs()) addRow(hwForm, spec, m_hw);
  layout->addWidget(hwBox);
  layout->addStretch(1);

  connect(m_runPreset, &QComboBox::textActivated, this, &ParametersPanel::runPresetChosen);
  connect(m_hwPreset, &QComboBox::textActivated, this, &ParametersPanel::hardwarePresetChosen);
}

void ParametersPanel::addRow(QFormLayout* form, const ParameterSpec& spec,
                             std::map<std::string, Row>& rows) {
  const QString label = QString::fromUtf8(spec.label);
  const QString tip = QString::fromUtf8(spec.tip);
  const QString name = QString::fromUtf8(spec.key);
  if (spec.decimals < 0) {
    auto* box = new QCheckBox(this);
    box->setObjectName(name);
    box->setToolTip(tip);
    box->setChecked(spec.fallback != 0);
    connect(box, &QCheckBox::toggled, this, [this] {
      if (!m_silent) emit changed();
    });
    form->addRow(label, box);
    rows[spec.key] = Row{&spec, box};
    return;
  }
  auto* line = new QWidget(this);
  auto* h = new QHBoxLayout(line);
  h->setContentsMargins(0, 0, 0, 0);
  auto* slider = new QSlider(Qt::Horizontal, line);
  const int steps = static_cast<int>(std::lround((spec.max - spec.min) / spec.step));
  const bool sliderUsable = steps <= 100000;
  slider->setRange(0, sliderUsable ? steps : 0);
  slider->setVisible(sliderUsable);
  QWidget* editor = nullptr;
  if (spec.decimals == 0) {
    auto* spin = new QSpinBox(line);
    spin->setRange(static_cast<int>(spec.min), static_cast<int>(spec.max));
    spin->setSingleStep(static_cast<int>(spec.step));
    spin->setValue(static_cast<int>(spec.fallback));
    connect(spin, &QSpinBox::valueChanged, this, [this, slider, &spec](int v) {
      QSignalBlocker block(slider);
      slider->setValue(static_cast<int>(std::lround((v - spec.min) / spec.step)));
      if (!m_silent) emit changed();
    });
    connect(slider, &QSlider::valueChanged, spin,
            [spin, &spec](int s) { spin->setValue(static_cast<int>(spec.min + s * spec.step)); });
    editor = spin;
  } else {
    auto* spin = new QDoubleSpinBox(line);
    spin->setDecimals(spec.decimals);
    spin->setRange(spec.min, spec.max);
    spin->setSingleStep(spec.step);
    spin->setValue(spec.fallback);
    connect(spin, &QDoubleSpinBox::valueChanged, this, [this, slider, &spec](double v) {
      QSignalBlocker block(slider);
      slider->setValue(static_cast<int>(std::lround((v - spec.min) / spec.step)));
      if (!m_silent) emit changed();
    });
    connect(slider, &QSlider::valueChanged, spin,
            [spin, &spec](int s) { spin->setValue(spec.min + s * spec.step); });
    editor = spin;
  }
  editor->setObjectName(name);
  editor->setToolTip(tip);
  slider->setToolTip(tip);
  slider->setValue(static_cast<int>(std::lround((spec.fallback - spec.min) / spec.step)));
  editor->setMinimumWidth(80);
  h->addWidget(slider, 1);
  h->addWidget(editor);
  form->addRow(label, line);
  rows[spec.key] = Row{&spec, editor};
}

void ParametersPanel::setValue(const Row& row, double v) {
  if (auto* box = qobject_cast<QCheckBox*>(row.editor)) box->setChecked(v != 0);
  if (auto* spin = qobject_cast<QSpinBox*>(row.editor)) spin->setValue(static_cast<int>(v));
  if (auto* dspin = qobject_cast<QDoubleSpinBox*>(row.editor)) dspin->setValue(v);
}

double ParametersPanel::value(const Row& row) {
  if (auto* box = qobject_cast<QCheckBox*>(row.editor)) return box->isChecked() ? 1 : 0;
  if (auto* spin = qobject_cast<QSpinBox*>(row.editor)) return spin->value();
  if (auto* dspin = qobject_cast<QDoubleSpinBox*>(row.editor)) return dspin->value();
  return 0;
}

void ParametersPanel::setValues(std::map<std::string, Row>& rows,
                                const std::map<std::string, double>& values) {
  m_silent = true;
  for (const auto& [key, v] : values) {
    auto it = rows.find(key);
    if (it != rows.end()) setValue(it->second, v);
  }
  m_silent = false;
  emit changed();
}

void ParametersPanel::setRunValues(const std::map<std::string, double>& values) {
  setValues(m_run, values);
}
void ParametersPanel::setHardwareValues(const std::map<std::string, double>& values) {
  setValues(m_hw, values);
}

std::map<std::string, double> ParametersPanel::runValues() const {
  std::map<std::string, double> out;
  for (const auto& [key, row] : m_run) out[key] = value(row);
  return out;
}

std::map<std::string, double> ParametersPanel::hardwareValues() const {
  std::map<std::string, double> out;
  for (const auto& [key, row] : m_hw) out[key] = value(row);
  return out;
}

bool ParametersPanel::overrideHardware(const QStringList& sets, QString* error) {
  std::map<std::string, double> values = hardwareValues();
  for (const QString& kv : sets) {
    const qsizetype eq = kv.indexOf(QLatin1Char('='));
    std::string key = kv.left(eq).trimmed().toStdString();
    if (key.rfind("hw.", 0) == 0) key = key.substr(3);  // the canonical spelling, as spatten-cli
    bool ok = eq > 0;
    const double v = ok ? kv.mid(eq + 1).trimmed().toDouble(&ok) : 0.0;
    const auto row = m_hw.find(key);
    if (!ok || row == m_hw.end() || v < row->second.spec->min || v > row->second.spec->max) {
      QStringList keys;
      for (const auto& [k, r] : m_hw)
        keys << QStringLiteral("%1 (%2..%3)")
                    .arg(QString::fromStdString(k))
                    .arg(r.spec->min)
                    .arg(r.spec->max);
      *error = QStringLiteral("--set %1: expected KEY=VALUE with KEY one of %2")
                   .arg(kv, keys.join(QStringLiteral(", ")));
      return false;
    }
    values[key] = v;
  }
  setHardwareValues(values);
  return true;
}

QWidget* ParametersPanel::editor(const std::string& key) const {
  if (auto it = m_run.find(key); it != m_run.end()) return it->second.editor;
  if (auto it = m_hw.find(key); it != m_hw.end()) return it->second.editor;
  return nullptr;
}

static void fillCombo(QComboBox* combo, const QStringList& names, const QString& current) {
  QSignalBlocker block(combo);
  combo->clear();
  combo->addItems(names);
  combo->setCurrentText(current);
}

void ParametersPanel::setRunPresets(const QStringList& names, const QString& current) {
  fillCombo(m_runPreset, names, current);
}
void ParametersPanel::setHardwarePresets(const QStringList& names, const QString& current) {
  fillCombo(m_hwPreset, names, current);
}
QString ParametersPanel::runPreset() const { return m_runPreset->currentText(); }
QString ParametersPanel::hardwarePreset() const { return m_hwPreset->currentText(); }

}  // namespace spatten::app
