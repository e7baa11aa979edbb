#pragma once
// View (9) the model's output, dense and pruned: GPT-2's generated text and, per generation
// step, the five most likely next tokens of the dense model and of SpAtten (same prefix); BERT's
// five most likely tokens at every [MASK]. Rich text in a read-only browser (zooms with the
// Appearance, colours from the palette). Exports as the "model-output" chart (PNG, SVG, PDF of the
// text; CSV of the predictions). Thread: GUI thread.

#include <QWidget>

class QTextBrowser;

namespace spatten::views {

class SessionModel;

class ModelOutputView : public QWidget {
  Q_OBJECT
public:
  explicit ModelOutputView(SessionModel* session, QWidget* parent = nullptr);
  QString html() const;  // what the browser shows
  // The predictions as CSV: one row per (slot, side, rank): position (GPT-2: the sequence
  // position predicted; BERT: the [MASK] position), side (dense / pruned), rank (1 = top),
  // token, id, probability, and GPT-2's KL(dense || pruned) of the step (empty for BERT).
  QString csv() const;

private:
  void rebuild();

  SessionModel* m_session;
  QTextBrowser* m_browser;
};

}  // namespace spatten::views
