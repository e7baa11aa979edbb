#include "views/common/palette.h"

#include <qcustomplot.h>

#include <QFontMetricsF>
#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace spatten::views {
namespace {

// Viridis sampled at 9 evenly spaced points (matplotlib's _viridis_data), interpolated linearly.
constexpr std::array<std::array<int, 3>, 9> kViridis = {{{68, 1, 84},
                                                         {71, 44, 122},
                                                         {59, 81, 139},
                                                         {44, 113, 142},
                                                         {33, 144, 141},
                                                         {39, 173, 129},
                                                         {92, 200, 99},
                                                         {170, 220, 50},
                                                         {253, 231, 37}}};

constexpr std::array<QRgb, 8> kOkabeIto = {0xff000000, 0xffe69f00, 0xff56b4e9, 0xff009e73,
                                           0xfff0e442, 0xff0072b2, 0xffd55e00, 0xffcc79a7};

}  // namespace

QColor viridis(double t) {
  if (std::isnan(t)) return QColor(220, 220, 220);
  t = std::clamp(t, 0.0, 1.0) * (kViridis.size() - 1);
  const auto i = std::min<std::size_t>(static_cast<std::size_t>(t), kViridis.size() - 2);
  const double f = t - static_cast<double>(i);
  auto mix = [&](int c) {
    return static_cast<int>(std::lround(kViridis[i][c] * (1 - f) + kViridis[i + 1][c] * f));
  };
  return QColor(mix(0), mix(1), mix(2));
}

QCPColorGradient viridisGradient() {
  QCPColorGradient g;
  g.clearColorStops();
  for (std::size_t i = 0; i < kViridis.size(); ++i) {
    g.setColorStopAt(static_cast<double>(i) / (kViridis.size() - 1),
                     QColor(kViridis[i][0], kViridis[i][1], kViridis[i][2]));
  }
  g.setColorInterpolation(QCPColorGradient::ciRGB);
  g.setNanHandling(QCPColorGradient::nhTransparent);
  return g;
}

QColor contrastingText(const QColor& background) {
  const double luma =
      0.299 * background.redF() + 0.587 * background.greenF() + 0.114 * background.blueF();
  return luma > 0.55 ? QColor(Qt::black) : QColor(Qt::white);
}

QColor okabeIto(int index) {
  return QColor::fromRgba(kOkabeIto[static_cast<std::size_t>(((index % 8) + 8) % 8)]);
}

QColor stateIdleColor() { return QColor(215, 215, 215); }
QColor stateBusyColor() { return okabeIto(3); }
QColor stateStalledColor() { return okabeIto(6); }
QColor prunedColor() { return QColor(200, 200, 200); }

QFont headlineFont(const QFont& base) {
  QFont f = base;
  f.setPointSizeF(base.pointSizeF() * 1.3);
  f.setBold(true);
  return f;
}

namespace {

// The largest of 100 %, 95 %, ... 75 % of `f`'s size at which `fits(font, metrics)` holds
// (75 % when none does). `fits` is given the wrapped text's height and its widest word.
template <typename Fits>
QFont shrinkToFit(QFont f, const QString& text, double width, Fits fits) {
  if (width <= 0) return f;
  const auto ok = [&](const QFont& font) {
    const QFontMetricsF fm(font);
    double widest = 0;
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts))
      widest = std::max(widest, fm.horizontalAdvance(word));
    const QRectF r =
        fm.boundingRect(QRectF(0, 0, width, 1e4), Qt::AlignHCenter | Qt::TextWordWrap, text);
    return widest <= width && fits(r.height(), fm);
  };
  const bool points = f.pointSizeF() > 0;
  const double base = points ? f.pointSizeF() : f.pixelSize();
  for (int percent = 100; !ok(f) && percent > 75;) {  // 95 %, 90 %, ... 75 %
    percent -= 5;
    if (points)
      f.setPointSizeF(base * percent / 100.0);
    else
      f.setPixelSize(std::max(1, static_cast<int>(base * percent / 100.0)));
  }
  return f;
}

}  // namespace

QFont fitLines(QFont f, const QString& text, double width, int lines) {
  return shrinkToFit(std::move(f), text, width, [lines](double h, const QFontMetricsF& fm) {
    return h <= lines * fm.height() + 0.5;
  });
}

QFont fitHeight(QFont f, const QString& text, double width, double height) {
  return shrinkToFit(std::move(f), text, width,
                     [height](double h, const QFontMetricsF&) { return h <= height + 0.5; });
}

}  // namespace spatten::views
