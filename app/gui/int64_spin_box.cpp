#include "app/gui/int64_spin_box.h"

#include <QLineEdit>
#include <algorithm>

namespace spatten::app {

Int64SpinBox::Int64SpinBox(QWidget* parent) : QAbstractSpinBox(parent) {
  lineEdit()->setText(QString::number(m_value));
  connect(this, &QAbstractSpinBox::editingFinished, this, &Int64SpinBox::commitText);
  connect(lineEdit(), &QLineEdit::textEdited, this, [this](const QString& text) {
    bool ok = false;
    const qint64 v = text.trimmed().toLongLong(&ok);
    if (ok && v >= m_min && v <= m_max && v != m_value) {  // keyboard tracking, as QSpinBox
      m_value = v;
      emit valueChanged(m_value);
    }
  });
}

void Int64SpinBox::setRange(qint64 minimum, qint64 maximum) {
  m_min = minimum;
  m_max = std::max(minimum, maximum);
  setValue(m_value);
}

void Int64SpinBox::setValue(qint64 value) {
  const qint64 v = std::clamp(value, m_min, m_max);
  lineEdit()->setText(QString::number(v));
  if (v == m_value) return;
  m_value = v;
  emit valueChanged(m_value);
}

void Int64SpinBox::stepBy(int steps) {
  // Saturating: no overflow at the ends of the range.
  qint64 v = m_value;
  if (steps > 0)
    v = m_max - v < steps ? m_max : v + steps;
  else if (steps < 0)
    v = v - m_min < -static_cast<qint64>(steps) ? m_min : v + steps;
  setValue(v);
  selectAll();
}

QSize Int64SpinBox::sizeHint() const {
  const QSize base = QAbstractSpinBox::sizeHint();
  const int digits = fontMetrics().horizontalAdvance(QString::number(m_max));
  return {std::max(base.width(), digits + 4 * fontMetrics().averageCharWidth()), base.height()};
}

QAbstractSpinBox::StepEnabled Int64SpinBox::stepEnabled() const {
  StepEnabled e = StepNone;
  if (m_value > m_min) e |= StepDownEnabled;
  if (m_value < m_max) e |= StepUpEnabled;
  return e;
}

QValidator::State Int64SpinBox::validate(QString& input, int&) const {
  const QString t = input.trimmed();
  if (t.isEmpty() || (t == QStringLiteral("-") && m_min < 0)) return QValidator::Intermediate;
  bool ok = false;
  const qint64 v = t.toLongLong(&ok);
  if (!ok) return QValidator::Invalid;
  if (v > m_max || (v < 0 && v < m_min)) return QValidator::Invalid;
  return v < m_min ? QValidator::Intermediate : QValidator::Acceptable;
}

void Int64SpinBox::fixup(QString& input) const {
  input = QString::number(m_value);
}

void Int64SpinBox::commitText() {
  bool ok = false;
  const qint64 v = lineEdit()->text().trimmed().toLongLong(&ok);
  setValue(ok ? v : m_value);
}

}  // namespace spatten::app
