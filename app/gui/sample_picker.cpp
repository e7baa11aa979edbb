#include "app/gui/sample_picker.h"

#include <QAction>
#include <QComboBox>
#include <QMenu>
#include <QSignalBlocker>
#include <exception>
#include <stdexcept>

namespace spatten::app {

SamplePicker::SamplePicker(const QString& sentencesDir, QMenu* menu, QComboBox* combo,
                           QObject* parent)
    : QObject(parent), m_combo(combo) {
  try {
    if (sentencesDir.isEmpty()) throw std::runtime_error("no bundled samples found");
    m_samples = loadSamples(sentencesDir);
  } catch (const std::exception& e) {
    m_samples.clear();
    m_error = QString::fromUtf8(e.what());
  }
  const QSignalBlocker block(combo);
  combo->clear();
  combo->addItem(m_error.isEmpty() ? QStringLiteral("Choose a sample...")
                                   : QStringLiteral("No samples"));
  if (!m_error.isEmpty()) {
    combo->setToolTip(m_error);
    combo->setEnabled(false);
    menu->addAction(QStringLiteral("No samples: %1").arg(m_error))->setEnabled(false);
    return;
  }
  for (std::size_t i = 0; i < m_samples.size(); ++i) {
    const Sample& s = m_samples[i];
    const QString family = s.bert ? QStringLiteral("BERT") : QStringLiteral("GPT-2");
    combo->addItem(s.title, s.id);
    combo->setItemData(combo->count() - 1, s.lookAt, Qt::ToolTipRole);
    QAction* a = menu->addAction(QStringLiteral("%1 (%2)").arg(s.title, family));
    a->setObjectName(QStringLiteral("actionSample_") + s.id);
    a->setToolTip(s.lookAt);
    a->setStatusTip(s.lookAt);
    connect(a, &QAction::triggered, this, [this, i] { emit chosen(m_samples[i]); });
  }
  connect(combo, &QComboBox::activated, this, [this](int index) {
    if (index >= 1 && index <= static_cast<int>(m_samples.size()))
      emit chosen(m_samples[static_cast<std::size_t>(index - 1)]);
  });
}

void SamplePicker::showChosen(int index) {
  const QSignalBlocker block(m_combo);
  m_combo->setCurrentIndex(index < 0 ? 0 : index + 1);
}

}  // namespace spatten::app
