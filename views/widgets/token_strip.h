#pragma once
// The tokens of the current sequence as wrapped chips. Colour = cumulative SpAtten importance
// (viridis) when a SpAtten run is present; pruned tokens (not alive in the selected layer) are
// greyed and struck through; the selected token is outlined. Click selects a token in every view.
// Hover: a tooltip per token (toolTipFor). Thread: GUI thread.

#include <QScrollArea>
#include <QWidget>

#include <vector>

namespace spatten::views {

class SessionModel;

class TokenStrip : public QWidget {
  Q_OBJECT
public:
  explicit TokenStrip(SessionModel* session, QWidget* parent = nullptr);

  QStringList tokenTexts() const;
  // The tooltip of token `index` (rich text): its text and id, prompt or generated, and in the
  // selected pass and layer its cumulative importance, rank and the layer it was pruned from.
  QString toolTipFor(int index) const;
  int chipAt(const QPoint& pos) const;  // token under a widget position, -1 none
  QRect chipRect(int index) const;      // of token `index` at the current width (empty: none)
  int linesHeight(int lines) const;     // the strip's height with `lines` lines of chips
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;

protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

private:
  std::vector<QRect> layoutChips(int width) const;
  int chipHeight() const;  // one chip: a line of the font and its padding
  void refresh();

  SessionModel* m_session;
  std::vector<QRect> m_chips;
};

// The strip in a vertical scroll area as tall as the chips, up to kMaxLines lines of chips: a
// long text (GPT-2 small takes 1024 tokens) scrolls inside it instead of growing the page, and
// with it the window, past the screen. The selected token is scrolled into view.
class TokenStripArea : public QScrollArea {
  Q_OBJECT
public:
  static constexpr int kMaxLines = 5;
  explicit TokenStripArea(SessionModel* session, QWidget* parent = nullptr);
  TokenStrip* strip() const { return m_strip; }
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override { return sizeHint(); }

protected:
  void resizeEvent(QResizeEvent* event) override;

private:
  int contentHeight() const;  // of the chips at the viewport's width, capped at kMaxLines lines
  void showSelected();

  SessionModel* m_session;
  TokenStrip* m_strip;
};

}  // namespace spatten::views
