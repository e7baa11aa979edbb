#include "app/gui/parameters_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "app/gui/backend/param_config.h"
#include "app/gui/param_field.h"
#include "app/gui/wheel_guard.h"
#include "core/util/error.h"

namespace spatten::app {
namespace {

// The source core's validation messages name ("Parameters: hw.hbm.channels: ...").
const char* const kSource = "Parameters";

// Owned by the Input panel (the generation length next to the sentence).
bool elsewhere(const core::ParamSpec& s) {
  return s.key == "generate";
}

QFormLayout* newForm(QWidget* parent) {
  auto* form = new QFormLayout(parent);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);  // narrow docks: the field under its label
  return form;
}

template <typename Table>
void split(const Table& table, std::vector<const core::ParamSpec*>& featured,
           std::vector<const core::ParamSpec*>& rest) {
  for (const auto& row : table.rows()) {
    if (elsewhere(row.spec)) continue;
    (row.spec.featured ? featured : rest).push_back(&row.spec);
  }
}

}  // namespace

ParametersPanel::ParametersPanel(QWidget* parent)
    : ParametersPanel(core::runParams(), core::hwParams(), parent) {}

ParametersPanel::ParametersPanel(const core::ParamTable<core::RunConfig>& run,
                                 const core::ParamTable<core::HwConfig>& hw, QWidget* parent)
    : QWidget(parent), m_runTable(run), m_hwTable(hw) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);

  std::vector<const core::ParamSpec*> runFeatured, runRest, hwFeatured, hwRest;
  split(m_runTable, runFeatured, runRest);
  split(m_hwTable, hwFeatured, hwRest);

  auto* runBox = new QGroupBox(QStringLiteral("SpAtten run"), this);
  QFormLayout* runForm = newForm(runBox);
  m_runPreset = new QComboBox(runBox);
  m_runPreset->setObjectName(QStringLiteral("runPreset"));
  m_runPreset->setToolTip(QStringLiteral("Run presets of core/config/presets.cpp"));
  runForm->addRow(QStringLiteral("Preset"), m_runPreset);
  m_runProblem = addProblemLabel(runForm, QStringLiteral("runProblem"));
  addGroups(runForm, runFeatured, true);
  if (!runRest.empty()) addSection(runForm, QStringLiteral("All run parameters"), runRest);
  layout->addWidget(runBox);

  auto* hwBox = new QGroupBox(QStringLiteral("Hardware"), this);
  QFormLayout* hwForm = newForm(hwBox);
  m_hwPreset = new QComboBox(hwBox);
  m_hwPreset->setObjectName(QStringLiteral("hardwarePreset"));
  m_hwPreset->setToolTip(QStringLiteral("Hardware presets of core/config/presets.cpp"));
  hwForm->addRow(QStringLiteral("Preset"), m_hwPreset);
  guardWheel(m_runPreset);  // the panel scrolls under the pointer (wheel_guard.h)
  guardWheel(m_hwPreset);
  m_hwProblem = addProblemLabel(hwForm, QStringLiteral("hardwareProblem"));
  addGroups(hwForm, hwFeatured, false);
  m_allHwToggle = addSection(hwForm, QStringLiteral("All hardware parameters"), hwRest);
  m_allHwToggle->setObjectName(QStringLiteral("allHardwareToggle"));
  layout->addWidget(hwBox);
  layout->addStretch(1);

  connect(m_runPreset, &QComboBox::textActivated, this, &ParametersPanel::runPresetChosen);
  connect(m_hwPreset, &QComboBox::textActivated, this, &ParametersPanel::hardwarePresetChosen);
}

void ParametersPanel::addField(QFormLayout* form, const core::ParamSpec& spec) {
  auto* field = new ParamField(spec, this);
  auto* label = new QLabel(QString::fromStdString(spec.label), this);
  label->setToolTip(ParamField::toolTip(spec));
  label->setBuddy(field->editor());
  form->addRow(label, field);
  m_fields[spec.key] = field;
  connect(field, &ParamField::edited, this, [this] {
    checkValues();
    emit changed();
  });
  connect(field, &ParamField::inputProblemChanged, this, &ParametersPanel::checkValues);
}

QLabel* ParametersPanel::addProblemLabel(QFormLayout* form, const QString& name) {
  auto* label = new QLabel(this);
  label->setObjectName(name);
  label->setWordWrap(true);
  label->setTextFormat(Qt::PlainText);
  label->setStyleSheet(QStringLiteral("color: #D55E00"));  // Okabe-Ito vermillion
  label->setVisible(false);
  form->addRow(label);
  return label;
}

void ParametersPanel::checkValues() {
  std::string problemKey[2];  // [0] run, [1] hardware
  QString problem[2];
  for (const auto& [key, f] : m_fields) {
    f->setProblem(QString());
    const int h = isHardware(key) ? 1 : 0;
    if (problem[h].isEmpty() && !f->inputProblem().isEmpty()) {
      problem[h] = f->inputProblem();
      problemKey[h] = key;
    }
  }
  // The configurations as the worker builds them (presets are set before values; none yet while
  // the constructor runs).
  try {
    if (problem[0].isEmpty() && !runPreset().isEmpty())
      runConfigFrom(runPreset(), runValues(), kSource, m_runTable);
  } catch (const core::Error& e) {
    problem[0] = QString::fromUtf8(e.what());
    problemKey[0] = e.field();
  }
  try {
    if (problem[1].isEmpty() && !hardwarePreset().isEmpty())
      hwConfigFrom(hardwarePreset(), hardwareValues(), kSource, m_hwTable);
  } catch (const core::Error& e) {
    problem[1] = QString::fromUtf8(e.what());
    problemKey[1] = e.field();
  }
  QLabel* labels[2] = {m_runProblem, m_hwProblem};
  for (int h = 0; h < 2; ++h) {
    labels[h]->setText(problem[h]);
    labels[h]->setVisible(!problem[h].isEmpty());
    // Errors name the registry key (hwConfigFrom validates with the "hw." prefix).
    if (ParamField* f = field(problemKey[h])) f->setProblem(problem[h]);
  }
}

QString ParametersPanel::runProblem() const {
  return m_runProblem->text();
}
QString ParametersPanel::hardwareProblem() const {
  return m_hwProblem->text();
}

std::vector<std::string> ParametersPanel::keys() const {
  std::vector<std::string> out;
  for (const auto& row : m_runTable.rows())
    if (field(row.spec.key)) out.push_back(row.spec.key);
  for (const auto& row : m_hwTable.rows())
    if (field(row.spec.key)) out.push_back(row.spec.key);
  return out;
}

void ParametersPanel::addGroups(QFormLayout* form, const std::vector<const core::ParamSpec*>& specs,
                                bool headings) {
  std::vector<std::string> groups;
  for (const core::ParamSpec* s : specs)
    if (std::find(groups.begin(), groups.end(), s->group) == groups.end())
      groups.push_back(s->group);
  for (const std::string& group : groups) {
    if (headings) {
      auto* heading = new QLabel(
          QStringLiteral("<b>%1</b>").arg(QString::fromStdString(group).toHtmlEscaped()), this);
      heading->setObjectName(QStringLiteral("group:") + QString::fromStdString(group));
      form->addRow(heading);
    }
    for (const core::ParamSpec* s : specs)
      if (s->group == group) addField(form, *s);
  }
}

QToolButton* ParametersPanel::addSection(QFormLayout* parent, const QString& title,
                                         const std::vector<const core::ParamSpec*>& specs) {
  auto* toggle = new QToolButton(this);
  toggle->setText(QStringLiteral("%1 (%2)").arg(title).arg(specs.size()));
  toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toggle->setArrowType(Qt::RightArrow);
  toggle->setCheckable(true);
  toggle->setAutoRaise(true);
  auto* body = new QWidget(this);
  QFormLayout* form = newForm(body);
  form->setContentsMargins(0, 0, 0, 0);
  addGroups(form, specs, true);
  body->setVisible(false);
  connect(toggle, &QToolButton::toggled, body, [toggle, body](bool open) {
    toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    body->setVisible(open);
  });
  parent->addRow(toggle);
  parent->addRow(body);
  return toggle;
}

void ParametersPanel::setValues(const ParamValues& values, bool hardware) {
  for (const auto& [key, v] : values) {
    ParamField* f = field(key);
    if (!f || isHardware(key) != hardware) continue;
    try {
      core::checkParam(f->spec(), v, "Parameters panel");
    } catch (const core::Error&) {
      continue;  // callers pass registry-checked values; anything else is not shown
    }
    f->setValue(v);
  }
  checkValues();
  emit changed();
}

ParamValues ParametersPanel::values(bool hardware) const {
  ParamValues out;
  for (const auto& [key, f] : m_fields)
    if (isHardware(key) == hardware) out[key] = f->value();
  return out;
}

void ParametersPanel::setRunValues(const ParamValues& values) {
  setValues(values, false);
}
void ParametersPanel::setHardwareValues(const ParamValues& values) {
  setValues(values, true);
}
ParamValues ParametersPanel::runValues() const {
  return values(false);
}
ParamValues ParametersPanel::hardwareValues() const {
  return values(true);
}

ParamField* ParametersPanel::field(const std::string& key) const {
  const auto it = m_fields.find(key);
  return it == m_fields.end() ? nullptr : it->second;
}

QWidget* ParametersPanel::editor(const std::string& key) const {
  ParamField* f = field(key);
  return f ? f->editor() : nullptr;
}

// Preset names with core's one-line summaries as item tooltips.
static void fillCombo(QComboBox* combo, const QStringList& names, const QString& current,
                      const std::vector<core::Preset>& presets) {
  QSignalBlocker block(combo);
  combo->clear();
  for (const QString& name : names) {
    combo->addItem(name);
    for (const core::Preset& p : presets)
      if (QString::fromStdString(p.name) == name)
        combo->setItemData(combo->count() - 1, QString::fromStdString(p.summary), Qt::ToolTipRole);
  }
  combo->setCurrentText(current);
}

void ParametersPanel::setRunPresets(const QStringList& names, const QString& current) {
  fillCombo(m_runPreset, names, current, core::runPresets());
  checkValues();
}
void ParametersPanel::setHardwarePresets(const QStringList& names, const QString& current) {
  fillCombo(m_hwPreset, names, current, core::hwPresets());
  checkValues();
}
QString ParametersPanel::runPreset() const { return m_runPreset->currentText(); }
QString ParametersPanel::hardwarePreset() const { return m_hwPreset->currentText(); }

}  // namespace spatten::app
