#pragma once
// Simulation > Design-space sweep: axes over registry parameters (one per line, spelled as
// spatten-cli's --grid; the key picker lists the registry), the sentences (one per line; the
// Input panel's text by default), threads, Run / Cancel with progress, and the Pareto view of the
// rows. A click on a point loads its parameters into the Parameters panel, so every view shows
// that point. The sweep runs on SweepJob's thread; this dialog never blocks. Thread: GUI thread.

#include <QDialog>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace spatten::views {
class ParetoView;
}

namespace spatten::app {

class MainWindow;
class SweepJob;

class SweepDialog : public QDialog {
  Q_OBJECT
public:
  explicit SweepDialog(MainWindow* window);

  QPlainTextEdit* axesEdit() const { return m_axes; }
  QPlainTextEdit* sentencesEdit() const { return m_sentences; }
  QPushButton* runButton() const { return m_run; }
  QPushButton* cancelButton() const { return m_cancel; }
  QLabel* statusLabel() const { return m_status; }
  views::ParetoView* pareto() const { return m_pareto; }
  SweepJob* job() const { return m_job; }
  // Starts the sweep of the current axes and sentences; false (reason in the status) when an
  // axis line is wrong.
  bool start();

private:
  void addAxis();
  void loadPoint(int row);
  void setRunning(bool running);

  MainWindow* m_window;
  SweepJob* m_job;
  QComboBox* m_key;
  QPlainTextEdit* m_axes;
  QPlainTextEdit* m_sentences;
  QSpinBox* m_jobs;
  QPushButton* m_run;
  QPushButton* m_cancel;
  QProgressBar* m_progress;
  QLabel* m_status;
  views::ParetoView* m_pareto;
};

}  // namespace spatten::app
