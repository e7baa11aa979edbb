#pragma once
// The sample picker (issue 13): File > Samples and the "Sample" combo of the Input panel, both
// filled from the bundled catalog (sample_catalog.h, samples/sentences/index.json). Choosing an
// entry in either emits chosen(sample); MainWindow applies it through the Input and Parameters
// panels, so the worker recomputes as after any edit. A catalog that cannot be read leaves one
// disabled entry that says why. Thread: GUI thread.

#include <QObject>
#include <vector>

#include "app/gui/sample_catalog.h"

class QComboBox;
class QMenu;

namespace spatten::app {

class SamplePicker : public QObject {
  Q_OBJECT
public:
  // Reads the catalog from `sentencesDir` (errors are kept, not thrown) and fills both widgets;
  // the combo's first entry is a placeholder ("Choose a sample...").
  SamplePicker(const QString& sentencesDir, QMenu* menu, QComboBox* combo, QObject* parent);

  const std::vector<Sample>& samples() const { return m_samples; }
  const QString& error() const { return m_error; }  // why there are no samples ("" if fine)
  // Shows sample `index` as the combo's selection without emitting chosen (-1: placeholder).
  void showChosen(int index);

signals:
  void chosen(const spatten::app::Sample& sample);

private:
  std::vector<Sample> m_samples;
  QString m_error;
  QComboBox* m_combo;
};

}  // namespace spatten::app
