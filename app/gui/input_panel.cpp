#include "app/gui/input_panel.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>

#include "app/gui/param_field.h"
#include "app/gui/sample_locator.h"
#include "core/config/registry.h"

namespace spatten::app {

InputPanel::InputPanel(QWidget* parent) : QWidget(parent) {
  auto* form = new QFormLayout(this);
  form->setContentsMargins(4, 4, 4, 4);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

  m_sample = new QComboBox(this);
  m_sample->setObjectName(QStringLiteral("sampleCombo"));
  m_sample->setToolTip(
      QStringLiteral("Bundled samples that each show one effect (also File > Samples)"));
  m_sample->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_sample->setMinimumContentsLength(12);
  form->addRow(QStringLiteral("Sample"), m_sample);
  m_sampleNote = new QLabel(this);
  m_sampleNote->setObjectName(QStringLiteral("sampleNote"));
  m_sampleNote->setWordWrap(true);
  // Ignored width: a long note wraps inside the dock and never widens the window (issue 13 bug 1).
  m_sampleNote->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  m_sampleNote->setVisible(false);
  form->addRow(m_sampleNote);

  auto* modelLine = new QWidget(this);
  auto* h = new QHBoxLayout(modelLine);
  h->setContentsMargins(0, 0, 0, 0);
  m_model = new QComboBox(modelLine);
  m_model->setObjectName(QStringLiteral("modelCombo"));
  for (const ModelEntry& m : bundledModels()) m_model->addItem(m.name, m.dir);
  m_open = new QPushButton(QStringLiteral("Open..."), modelLine);
  m_open->setToolTip(QStringLiteral("Open a GPT-2 or BERT model folder (Hugging Face layout)"));
  h->addWidget(m_model, 1);
  h->addWidget(m_open);
  form->addRow(QStringLiteral("Model"), modelLine);

  m_text = new QPlainTextEdit(this);
  m_text->setObjectName(QStringLiteral("sentenceEdit"));
  m_text->setTabChangesFocus(true);
  m_text->setFixedHeight(72);
  form->addRow(QStringLiteral("Sentence"), m_text);

  m_generate = new QSpinBox(this);
  m_generate->setObjectName(QStringLiteral("generateSpin"));
  const core::ParamSpec& generate = core::runParams().find("generate")->spec;
  m_generate->setRange(static_cast<int>(generate.min), static_cast<int>(generate.max));
  m_generate->setValue(4);
  m_generate->setToolTip(ParamField::toolTip(generate));
  form->addRow(QStringLiteral("Generate"), m_generate);
  modelLine->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

  connect(m_open, &QPushButton::clicked, this, &InputPanel::chooseModelFolder);
  connect(m_model, &QComboBox::currentIndexChanged, this, &InputPanel::onModelIndexChanged);
  connect(m_text, &QPlainTextEdit::textChanged, this, &InputPanel::changed);
  connect(m_generate, &QSpinBox::valueChanged, this, &InputPanel::changed);
  if (m_model->count() > 0) {
    onModelIndexChanged(0);
    const QSignalBlocker block(m_text);
    m_text->setPlainText(defaultSentence(modelDir()));
  }
}

QString InputPanel::modelDir() const { return m_model->currentData().toString(); }
QString InputPanel::text() const { return m_text->toPlainText(); }
int InputPanel::generate() const { return m_generate->isEnabled() ? m_generate->value() : 0; }
bool InputPanel::isBert() const { return isBertModel(modelDir()); }

void InputPanel::setModelDir(const QString& dir, bool loadSentence) {
  const QString abs = QFileInfo(dir).absoluteFilePath();
  if (!m_current.isEmpty() && m_current != abs) emit modelAboutToChange(m_current);
  int index = m_model->findData(abs);
  if (index < 0) {
    m_model->addItem(QFileInfo(abs).fileName(), abs);
    index = m_model->count() - 1;
  }
  {
    QSignalBlocker block(m_model);
    m_model->setCurrentIndex(index);
  }
  m_current = abs;
  m_generate->setEnabled(!isBert());
  emit modelChanged(abs, loadSentence);
  emit changed();
}

void InputPanel::removeModel(const QString& dir) {
  const int index = m_model->findData(QFileInfo(dir).absoluteFilePath());
  if (index < 0) return;
  QSignalBlocker block(m_model);
  m_model->removeItem(index);
  if (m_current == QFileInfo(dir).absoluteFilePath()) m_current.clear();
}

void InputPanel::onModelIndexChanged(int index) {
  if (index >= 0) setModelDir(m_model->itemData(index).toString(), true);
}

void InputPanel::setSampleNote(const QString& text) {
  m_sampleNote->setText(text);
  m_sampleNote->setVisible(!text.isEmpty());
}

QString InputPanel::sampleNote() const { return m_sampleNote->text(); }

void InputPanel::setText(const QString& text) { m_text->setPlainText(text); }
void InputPanel::setGenerate(int n) { m_generate->setValue(n); }

void InputPanel::chooseModelFolder() {
  const QString dir = QFileDialog::getExistingDirectory(
      this, QStringLiteral("Open model folder (GPT-2 or BERT, Hugging Face layout)"));
  if (dir.isEmpty()) return;
  if (!QFileInfo::exists(dir + QStringLiteral("/config.json"))) {
    QMessageBox::warning(this, QStringLiteral("Not a model folder"),
                         QStringLiteral("%1 has no config.json.").arg(dir));
    return;
  }
  setModelDir(dir, false);
}

}  // namespace spatten::app
