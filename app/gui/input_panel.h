#pragma once
// Sentence, model picker (bundled models + "Open model folder..."), generation length.
// Emits changed() on every edit. Thread: GUI thread.

#include <QWidget>

class QComboBox;
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

  // Selects (adding when needed) a model directory; loads its default sentence when
  // `loadSentence` is true.
  void setModelDir(const QString& dir, bool loadSentence = true);
  void setText(const QString& text);
  void setGenerate(int n);
  void chooseModelFolder();  // file dialog

signals:
  void changed();
  void modelChanged(const QString& dir);

private:
  void onModelIndexChanged(int index);

  QComboBox* m_model;
  QPushButton* m_open;
  QPlainTextEdit* m_text;
  QSpinBox* m_generate;
};

}  // namespace spatten::app
