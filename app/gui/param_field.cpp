#include "app/gui/param_field.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <algorithm>
#include <climits>
#include <cmath>
#include <variant>

#include "app/gui/int64_spin_box.h"
#include "app/gui/wheel_guard.h"
#include "core/util/error.h"

namespace spatten::app {
namespace {

constexpr int kMaxDecimals = 9;
const QString kZeroText = QStringLiteral("0 = float");  // zeroAllowed: 0 means floating point
const QString kProblemStyle = QStringLiteral("color: #D55E00");  // Okabe-Ito vermillion

// Fewest decimals that show `v` exactly (up to kMaxDecimals).
int decimalsFor(double v) {
  for (int d = 0; d < kMaxDecimals; ++d)
    if (QString::number(v, 'f', d).toDouble() == v) return d;
  return kMaxDecimals;
}

// A valid starting value of the spec's type (the panel sets the real one at once).
core::ParamValue initialValue(const core::ParamSpec& s) {
  switch (s.type) {
    case core::ParamType::Bool:
      return false;
    case core::ParamType::Choice:
      if (s.namesOnly) return s.choices.front().name;
      return s.choices.front().value;
    case core::ParamType::Int:
      return static_cast<std::int64_t>(s.minExclusive ? s.min + 1 : s.min);
    case core::ParamType::Real:
      return s.max;
    case core::ParamType::RealList:
      return std::vector<double>{};
  }
  return {};
}

QString listText(const std::vector<double>& l) {
  QStringList parts;
  for (double x : l) parts << QString::number(x, 'f', decimalsFor(x));
  return parts.join(QStringLiteral(", "));
}

}  // namespace

QString ParamField::toolTip(const core::ParamSpec& s) {
  const auto esc = [](const std::string& t) { return QString::fromStdString(t).toHtmlEscaped(); };
  QString tip =
      QStringLiteral(
          "<p><b>%1</b><br>%2</p><p>Allowed: %3<br>Source: %4<br>Key: "
          "<code>%5</code> (--set %5=...)</p>")
          .arg(esc(s.label), esc(s.help), esc(core::allowedValues(s)), esc(s.source), esc(s.key));
  if (s.help.empty()) tip.replace(QStringLiteral("<br></p>"), QStringLiteral("</p>"));
  return tip;
}

ParamField::ParamField(const core::ParamSpec& spec, QWidget* parent)
    : QWidget(parent), m_spec(spec), m_value(initialValue(spec)), m_toolTip(toolTip(spec)) {
  const QString& tip = m_toolTip;
  const QString name = QString::fromStdString(spec.key);
  setObjectName(name + QStringLiteral("Field"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  switch (spec.type) {
    case core::ParamType::Bool: {
      auto* box = new QCheckBox(this);
      connect(box, &QCheckBox::toggled, this, [this](bool on) { userEdited(on); });
      m_editor = box;
      break;
    }
    case core::ParamType::Choice: {
      auto* combo = new QComboBox(this);
      for (std::size_t i = 0; i < spec.choices.size(); ++i) {
        combo->addItem(QString::fromStdString(spec.choices[i].name), static_cast<int>(i));
        combo->setItemData(static_cast<int>(i), QString::fromStdString(spec.choices[i].summary),
                           Qt::ToolTipRole);
      }
      connect(combo, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i < 0) return;
        const core::ParamChoice& c = m_spec.choices[static_cast<std::size_t>(i)];
        userEdited(m_spec.namesOnly ? core::ParamValue(c.name) : core::ParamValue(c.value));
      });
      m_editor = combo;
      break;
    }
    case core::ParamType::RealList: {
      auto* line = new QLineEdit(this);
      line->setPlaceholderText(QStringLiteral("empty: the schedule above"));
      connect(line, &QLineEdit::editingFinished, this, [this, line] {
        QString problem;
        try {
          const core::ParamValue v =
              core::parseParam(m_spec, line->text().toStdString(), "Parameters");
          if (v != m_value) userEdited(v);
        } catch (const core::Error& e) {
          problem = QString::fromUtf8(e.what());
        }
        if (problem == m_inputProblem) return;
        m_inputProblem = problem;
        emit inputProblemChanged();
      });
      m_editor = line;
      break;
    }
    default:
      m_editor = buildNumeric();
      break;
  }
  m_editor->setObjectName(name);
  m_editor->setToolTip(tip);
  guardWheel(m_editor);  // the panel scrolls under the pointer (wheel_guard.h)
  guardWheel(m_slider);
  if (m_slider) {
    m_slider->setToolTip(tip);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_editor);
  } else {
    layout->addWidget(m_editor, 1);
  }
  const bool numeric = spec.type == core::ParamType::Int || spec.type == core::ParamType::Real ||
                       spec.type == core::ParamType::RealList;
  if (numeric && !spec.unit.empty()) {
    m_unit = new QLabel(QString::fromStdString(spec.unit), this);
    m_unit->setObjectName(name + QStringLiteral("Unit"));
    m_unit->setToolTip(tip);
    m_unit->setEnabled(false);  // the palette's secondary text colour
    layout->addWidget(m_unit);
  }
  showValue();
}

void ParamField::setProblem(const QString& message) {
  if (message == m_problem) return;
  m_problem = message;
  m_editor->setStyleSheet(message.isEmpty() ? QString() : kProblemStyle);
  m_editor->setToolTip(
      message.isEmpty()
          ? m_toolTip
          : QStringLiteral("<p><b>%1</b></p>%2").arg(message.toHtmlEscaped(), m_toolTip));
}

QWidget* ParamField::buildNumeric() {
  const core::ParamSpec& s = m_spec;
  const bool isInt = s.type == core::ParamType::Int;
  // Enough decimals for the step and both ends of the range (clock_ghz: step 0.1, min 0.01).
  const int decimals =
      isInt ? 0 : std::max({1, decimalsFor(s.step), decimalsFor(s.min), decimalsFor(s.max)});
  const double tick = isInt ? 1.0 : std::pow(10.0, -decimals);
  m_editorMin = s.zeroAllowed ? s.min - s.step : s.minExclusive ? s.min + tick : s.min;
  QWidget* editor = nullptr;
  if (isInt && m_editorMin >= INT_MIN && s.max <= INT_MAX) {
    auto* spin = new QSpinBox(this);
    spin->setRange(static_cast<int>(m_editorMin), static_cast<int>(s.max));
    spin->setSingleStep(static_cast<int>(s.step));
    if (s.zeroAllowed) spin->setSpecialValueText(kZeroText);
    connect(spin, &QSpinBox::valueChanged, this, [this](int v) {
      userEdited(static_cast<std::int64_t>(m_spec.zeroAllowed && v == m_editorMin ? 0 : v));
    });
    editor = spin;
  } else if (isInt) {
    auto* spin = new Int64SpinBox(this);
    spin->setRange(static_cast<qint64>(m_editorMin), static_cast<qint64>(s.max));
    connect(spin, &Int64SpinBox::valueChanged, this, [this](qint64 v) {
      userEdited(static_cast<std::int64_t>(m_spec.zeroAllowed && v == m_editorMin ? 0 : v));
    });
    editor = spin;
  } else {
    auto* spin = new QDoubleSpinBox(this);
    spin->setDecimals(decimals);
    spin->setRange(m_editorMin, s.max);
    spin->setSingleStep(s.step);
    if (s.zeroAllowed) spin->setSpecialValueText(kZeroText);
    connect(spin, &QDoubleSpinBox::valueChanged, this,
            [this](double v) { userEdited(m_spec.zeroAllowed && v == m_editorMin ? 0.0 : v); });
    editor = spin;
  }
  const double steps = std::floor((s.max - m_editorMin) / s.step + 0.5);
  if (steps >= 1 && steps <= kMaxSliderSteps) {
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, static_cast<int>(steps));
    connect(m_slider, &QSlider::valueChanged, this, [this](int pos) {
      if (m_showing) return;
      const double v = std::min(m_spec.max, m_editorMin + pos * m_spec.step);
      if (auto* spin = qobject_cast<QSpinBox*>(m_editor)) spin->setValue(static_cast<int>(v));
      if (auto* dspin = qobject_cast<QDoubleSpinBox*>(m_editor)) dspin->setValue(v);
    });
  }
  return editor;
}

void ParamField::syncSlider() {
  if (!m_slider) return;
  double shown = 0;
  if (auto* spin = qobject_cast<QSpinBox*>(m_editor)) shown = spin->value();
  if (auto* dspin = qobject_cast<QDoubleSpinBox*>(m_editor)) shown = dspin->value();
  const QSignalBlocker block(m_slider);
  m_slider->setValue(static_cast<int>(std::lround((shown - m_editorMin) / m_spec.step)));
}

void ParamField::userEdited(const core::ParamValue& v) {
  syncSlider();
  if (m_showing) return;
  m_value = v;
  emit edited();
}

void ParamField::setValue(const core::ParamValue& v) {
  core::ParamValue value = v;
  // A choice given by name where the registry stores its number (--set hw.topk.model=rtl-dummy).
  if (const auto* name = std::get_if<std::string>(&value); name && !m_spec.namesOnly)
    for (const core::ParamChoice& c : m_spec.choices)
      if (c.name == *name) value = c.value;
  m_value = std::move(value);
  showValue();
}

void ParamField::showValue() {
  m_showing = true;
  const core::ParamValue& v = m_value;
  if (auto* box = qobject_cast<QCheckBox*>(m_editor)) {
    box->setChecked(std::get<bool>(v));
  } else if (auto* combo = qobject_cast<QComboBox*>(m_editor)) {
    for (std::size_t i = 0; i < m_spec.choices.size(); ++i) {
      const core::ParamChoice& c = m_spec.choices[i];
      const auto* name = std::get_if<std::string>(&v);
      const auto* number = std::get_if<std::int64_t>(&v);
      if ((name && *name == c.name) || (number && *number == c.value))
        combo->setCurrentIndex(static_cast<int>(i));
    }
  } else if (auto* line = qobject_cast<QLineEdit*>(m_editor)) {
    line->setText(listText(std::get<std::vector<double>>(v)));
    if (!m_inputProblem.isEmpty()) {  // the text shown is valid again
      m_inputProblem.clear();
      emit inputProblemChanged();
    }
  } else {
    const double x = core::paramAsDouble(v);
    const double shown = m_spec.zeroAllowed && x == 0 ? m_editorMin : x;
    if (auto* spin = qobject_cast<QSpinBox*>(m_editor)) {
      spin->setValue(static_cast<int>(shown));
    } else if (auto* big = qobject_cast<Int64SpinBox*>(m_editor)) {
      big->setValue(m_spec.zeroAllowed && x == 0 ? static_cast<qint64>(m_editorMin)
                                                 : std::get<std::int64_t>(v));
    } else if (auto* dspin = qobject_cast<QDoubleSpinBox*>(m_editor)) {
      // More decimals when a preset, the settings or --set hold a finer value than the step.
      const int need = decimalsFor(x);
      if (need > dspin->decimals()) {
        dspin->setDecimals(need);
        double lo = m_editorMin;  // the slider keeps its base
        if (m_spec.minExclusive && !m_spec.zeroAllowed)
          lo = std::min(lo, m_spec.min + std::pow(10.0, -need));
        dspin->setRange(lo, m_spec.max);
      }
      dspin->setValue(shown);
    }
    syncSlider();
  }
  m_showing = false;
}

}  // namespace spatten::app
