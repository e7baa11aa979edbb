#include "app/gui/theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace spatten::app {
namespace {

struct Colours {
  QColor window, text, base, alternate, button, placeholder, disabled, highlight, highlightText,
      link, tooltip;
};

Colours coloursFor(const views::Appearance& a) {
  // Okabe-Ito blue (light themes) / sky blue (dark themes) for selections and links.
  if (a.dark && a.highContrast)
    return {QColor(0, 0, 0),    QColor(255, 255, 255), QColor(0, 0, 0),       QColor(20, 20, 20),
            QColor(25, 25, 25), QColor(220, 220, 220), QColor(150, 150, 150), QColor(86, 180, 233),
            QColor(0, 0, 0),    QColor(86, 180, 233),  QColor(25, 25, 25)};
  if (a.dark)
    return {QColor(43, 43, 46), QColor(230, 230, 230), QColor(30, 30, 32),    QColor(40, 40, 44),
            QColor(58, 58, 62), QColor(150, 150, 150), QColor(120, 120, 120), QColor(86, 180, 233),
            QColor(0, 0, 0),    QColor(86, 180, 233),  QColor(58, 58, 62)};
  if (a.highContrast)
    return {QColor(255, 255, 255), QColor(0, 0, 0),    QColor(255, 255, 255), QColor(240, 240, 240),
            QColor(235, 235, 235), QColor(40, 40, 40), QColor(110, 110, 110), QColor(0, 114, 178),
            QColor(255, 255, 255), QColor(0, 90, 150), QColor(255, 255, 220)};
  return {QColor(239, 239, 239), QColor(0, 0, 0),       QColor(255, 255, 255),
          QColor(247, 247, 247), QColor(239, 239, 239), QColor(110, 110, 110),
          QColor(150, 150, 150), QColor(0, 114, 178),   QColor(255, 255, 255),
          QColor(0, 90, 150),    QColor(255, 255, 220)};
}

}  // namespace

QPalette studioPalette(const views::Appearance& a) {
  const Colours c = coloursFor(a);
  QPalette p;
  p.setColor(QPalette::Window, c.window);
  p.setColor(QPalette::WindowText, c.text);
  p.setColor(QPalette::Base, c.base);
  p.setColor(QPalette::AlternateBase, c.alternate);
  p.setColor(QPalette::ToolTipBase, c.tooltip);
  p.setColor(QPalette::ToolTipText, c.text);
  p.setColor(QPalette::PlaceholderText, c.placeholder);
  p.setColor(QPalette::Text, c.text);
  p.setColor(QPalette::Button, c.button);
  p.setColor(QPalette::ButtonText, c.text);
  p.setColor(QPalette::BrightText, a.dark ? QColor(255, 255, 255) : QColor(213, 94, 0));
  p.setColor(QPalette::Highlight, c.highlight);
  p.setColor(QPalette::HighlightedText, c.highlightText);
  p.setColor(QPalette::Link, c.link);
  p.setColor(QPalette::Light, c.button.lighter(150));
  p.setColor(QPalette::Midlight, c.button.lighter(120));
  p.setColor(QPalette::Mid, a.dark ? c.button.lighter(140) : c.button.darker(130));
  p.setColor(QPalette::Dark, a.dark ? c.button.darker(150) : c.button.darker(160));
  p.setColor(QPalette::Shadow, QColor(0, 0, 0));
  for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    p.setColor(QPalette::Disabled, role, c.disabled);
  return p;
}

void applyTheme(QApplication& app, const views::Appearance& a) {
  if (QApplication::style()->name().compare(QStringLiteral("fusion"), Qt::CaseInsensitive) != 0)
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
  app.setPalette(studioPalette(a));
}

}  // namespace spatten::app
