#pragma once
// How every view draws: zoom of fonts and marks (presentation mode, Ctrl+= / Ctrl+-), light or
// dark theme, high contrast. Held by the SessionModel; views re-style on appearanceChanged. The
// data palettes (viridis, Okabe-Ito) stay the same in every theme: they are colour-blind safe.
// Thread: GUI thread (value type; the helpers are pure apart from styling the given plot).

#include <QColor>
#include <QFont>

class QCustomPlot;

namespace spatten::views {

struct Appearance {
  static constexpr double kMinZoom = 0.75;
  static constexpr double kMaxZoom = 3.0;

  double zoom = 1.0;          // view fonts and marks, 1 = the application font
  bool dark = false;          // dark theme
  bool highContrast = false;  // pure black/white, bold text, thicker marks
  bool operator==(const Appearance&) const = default;

  double mark() const { return zoom * (highContrast ? 1.5 : 1.0); }  // line width / marker scale
  QColor background() const;  // plots and custom-painted views
  QColor foreground() const;  // text, axes
  QColor muted() const;       // secondary text, outlines of idle things
  QColor gridLine() const;
  QColor idleFill() const;   // idle module / empty slot
  QColor emptyFill() const;  // bar backgrounds (FIFO and buffer gauges)
};

// `base` scaled by the zoom (point size), bold in high contrast.
QFont zoomedFont(const QFont& base, const Appearance& a);

// Colours and fonts of a QCustomPlot's background, every axis (colour scales included), grid,
// legend and text elements. Data colours (graphs, bars, colour maps) are left to the view.
void applyToPlot(QCustomPlot* plot, const Appearance& a, const QFont& font);

}  // namespace spatten::views
