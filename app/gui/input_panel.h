#pragma once
// Sample picker row (filled by SamplePicker), sentence, model picker (bundled models + "Open
// model folder..."), generation length. Emits changed() on every edit. Thread: GUI thread.

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace spatten::app {

class InputPanel : public QWidget {
  Q_OBJECT
public:
  explicit InputPanel(QWidget* parent = nullptr);

  QString modelDir() const;
  QString text() const;
  int generate() const;
  bool isBert() const;

  // Selects (adding when needed) a model directory: modelAboutToChange(previous), then
  // modelChanged(dir, loadSentence) (the receiver decides the sentence and parameters), then
  // changed(). The text is not touched here.
  void setModelDir(const QString& dir, bool loadSentence = true);
  // Drops a folder from the picker (one that could not be loaded); selects nothing else.
  void removeModel(const QString& dir);
  void setText(const QString& text);
  void setGenerate(int n);
  void chooseModelFolder();  // file dialog
  // The "Sample" row: the combo SamplePicker fills, and the line under it that says what to look
  // at in the chosen sample (empty hides it).
  QComboBox* sampleCombo() const { return m_sample; }
  void setSampleNote(const QString& text);
  QString sampleNote() const;

signals:
  void changed();
  void modelAboutToChange(const QString& previousDir);  // inputs still those of previousDir
  void modelChanged(const QString& dir, bool loadSentence);

private:
  void onModelIndexChanged(int index);

  QComboBox* m_sample;
  QLabel* m_sampleNote;
  QComboBox* m_model;
  QPushButton* m_open;
  QPlainTextEdit* m_text;
  QSpinBox* m_generate;
  QString m_current;  // the folder of the last setModelDir (the combo may already show another)
};

}  // namespace spatten::app
