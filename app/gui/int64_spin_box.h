#pragma once
// A spin box for whole numbers beyond QSpinBox's 32-bit range (the run's seed: 0 .. 2^53), kept
// as qint64 throughout. Thread: GUI thread.

#include <QAbstractSpinBox>

namespace spatten::app {

class Int64SpinBox : public QAbstractSpinBox {
  Q_OBJECT
public:
  explicit Int64SpinBox(QWidget* parent = nullptr);

  void setRange(qint64 minimum, qint64 maximum);
  qint64 minimum() const { return m_min; }
  qint64 maximum() const { return m_max; }
  qint64 value() const { return m_value; }
  void setValue(qint64 value);  // clamped to the range; emits valueChanged when it changes

  void stepBy(int steps) override;
  QSize sizeHint() const override;

signals:
  void valueChanged(qint64 value);

protected:
  StepEnabled stepEnabled() const override;
  QValidator::State validate(QString& input, int& pos) const override;
  void fixup(QString& input) const override;

private:
  void commitText();

  qint64 m_min = 0, m_max = 99, m_value = 0;
};

}  // namespace spatten::app
