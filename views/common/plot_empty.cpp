#include "views/common/plot_empty.h"

#include <qcustomplot.h>

#include <QFontMetrics>
#include <QStringList>
#include <algorithm>

namespace spatten::views {

QString wrapToWidth(const QString& text, const QFont& font, int width) {
  const QFontMetrics fm(font);
  QStringList lines;
  QString line;
  for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
    const QString candidate = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
    if (!line.isEmpty() && fm.horizontalAdvance(candidate) > width) {
      lines << line;
      line = word;
    } else {
      line = candidate;
    }
  }
  if (!line.isEmpty()) lines << line;
  for (QString& l : lines) l = fm.elidedText(l, Qt::ElideMiddle, width);
  return lines.join(QLatin1Char('\n'));
}

PlotEmptyState::PlotEmptyState(QCustomPlot* plot)
    : QObject(plot), m_plot(plot), m_item(new QCPItemText(plot)) {
  m_item->setPositionAlignment(Qt::AlignCenter);
  m_item->position->setType(QCPItemPosition::ptAxisRectRatio);
  m_item->position->setCoords(0.5, 0.5);
  m_item->setVisible(false);
  connect(plot, &QCustomPlot::afterLayout, this, &PlotEmptyState::wrap);
}

void PlotEmptyState::show(const QString& text) {
  if (!m_shown) {
    for (QCPAxis* axis : m_plot->axisRect()->axes()) {
      if (!axis->visible()) continue;
      m_hidden.push_back({axis, axis->ticks(), axis->tickLabels()});
      axis->setTicks(false);
      axis->setTickLabels(false);
    }
    m_legendWasVisible = m_plot->legend->visible();
    m_plot->legend->setVisible(false);
  }
  m_shown = true;
  m_text = text;
  m_item->setVisible(true);
  m_item->setText(QString());  // wrap() sets it
  wrap();
}

void PlotEmptyState::clear() {
  if (!m_shown) return;
  for (const AxisState& s : m_hidden) {
    s.axis->setTicks(s.ticks);
    s.axis->setTickLabels(s.labels);
  }
  m_hidden.clear();
  m_plot->legend->setVisible(m_legendWasVisible);
  m_shown = false;
  m_text.clear();
  m_item->setVisible(false);
}

void PlotEmptyState::setStyle(const QFont& font, const QColor& colour) {
  m_item->setFont(font);
  m_item->setColor(colour);
  m_item->setText(QString());
  wrap();
}

void PlotEmptyState::wrap() {
  if (!m_shown) return;
  const int width = std::max(100, m_plot->axisRect()->width() - 20);
  const QString text = wrapToWidth(m_text, m_item->font(), width);
  if (text == m_item->text()) return;
  m_item->setText(text);
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace spatten::views
