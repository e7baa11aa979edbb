#pragma once
// Colour-blind-safe colours shared by every view: viridis for continuous values, Okabe-Ito for
// categories (module states, DRAM kinds). Thread: pure functions, any thread.

#include <QColor>
#include <QFont>

class QCPColorGradient;

namespace spatten::views {

// Viridis colour for t in [0, 1] (clamped); NaN gives light grey.
QColor viridis(double t);

// Viridis gradient for QCPColorMap (NaN cells drawn transparent, so masks show the background).
QCPColorGradient viridisGradient();

// Text colour with good contrast on the given background.
QColor contrastingText(const QColor& background);

// Okabe-Ito palette (Wong 2011), index modulo 8: black, orange, sky blue, bluish green, yellow,
// blue, vermillion, reddish purple.
QColor okabeIto(int index);

// Module states on the datapath and timeline views.
QColor stateIdleColor();     // light grey
QColor stateBusyColor();     // Okabe-Ito bluish green
QColor stateStalledColor();  // Okabe-Ito vermillion

// Pruned cells (tokens/heads that are not alive anymore).
QColor prunedColor();

// Headline font of the custom-painted views (datapath, top-k): base font, 1.3x, bold.
QFont headlineFont(const QFont& base);

// `f` made smaller, in 5 % steps to 75 % at most, until `text` word-wrapped to `width` px takes
// at most `lines` lines (fitLines) or `height` px (fitHeight), and no word is wider than `width`.
// A word wider than its box was clipped on both sides (":etcher" in a 900 px window); lines past
// the box were cut off (a headline's "... 84 in" without "flight"). Past 75 % the text may still
// not fit: it stays readable rather than tiny.
QFont fitLines(QFont f, const QString& text, double width, int lines);
QFont fitHeight(QFont f, const QString& text, double width, double height);

}  // namespace spatten::views
