#include "views/models/pruning_grid_model.h"

#include <QColor>
#include <QFont>
#include <algorithm>
#include <cmath>

#include "views/common/chart_export.h"
#include "views/common/palette.h"

namespace spatten::views {

PruningGridModel::PruningGridModel(Kind kind, QObject* parent)
    : QAbstractTableModel(parent), m_kind(kind) {}

const PruningIteration* PruningGridModel::pass() const {
  if (!m_analysis || !m_analysis->hasSpatten) return nullptr;
  if (m_iteration < 0 || m_iteration >= static_cast<int>(m_analysis->iterations.size()))
    return nullptr;
  return &m_analysis->iterations[static_cast<std::size_t>(m_iteration)];
}

int PruningGridModel::columns(const AnalysisData* a, int iteration) const {
  if (!a || !a->hasSpatten || iteration < 0 || iteration >= static_cast<int>(a->iterations.size()))
    return 0;
  return m_kind == Kind::Heads ? a->heads : a->iterations[static_cast<std::size_t>(iteration)].seqLen;
}

void PruningGridModel::setAnalysis(AnalysisPtr analysis, int iteration) {
  const int oldRows = rowCount();
  const int oldCols = columns(m_analysis.get(), m_iteration);
  const int newRows = analysis && analysis->hasSpatten ? analysis->layers : 0;
  const int newCols = columns(analysis.get(), iteration);
  if (oldRows == newRows && oldCols == newCols) {
    m_analysis = std::move(analysis);
    m_iteration = iteration;
    if (newRows > 0 && newCols > 0) {
      emit dataChanged(index(0, 0), index(newRows - 1, newCols - 1));
      emit headerDataChanged(Qt::Horizontal, 0, newCols - 1);
    }
    return;
  }
  beginResetModel();
  m_analysis = std::move(analysis);
  m_iteration = iteration;
  endResetModel();
}

int PruningGridModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() || !pass()) return 0;
  return m_analysis->layers;
}

int PruningGridModel::columnCount(const QModelIndex& parent) const {
  if (parent.isValid()) return 0;
  return columns(m_analysis.get(), m_iteration);
}

bool PruningGridModel::isPruned(int layer, int column) const {
  const PruningIteration* p = pass();
  if (!p) return false;
  const auto& alive = m_kind == Kind::Heads ? p->headAlive : p->tokenAlive;
  if (layer < 0 || layer >= static_cast<int>(alive.size())) return false;
  const auto& row = alive[static_cast<std::size_t>(layer)];
  return column < 0 || column >= static_cast<int>(row.size()) || !row[static_cast<std::size_t>(column)];
}

float PruningGridModel::importance(int layer, int column) const {
  const PruningIteration* p = pass();
  if (!p) return 0;
  const auto& imp = m_kind == Kind::Heads ? p->headImportance : p->tokenImportance;
  if (layer < 0 || layer >= static_cast<int>(imp.size())) return 0;
  const auto& row = imp[static_cast<std::size_t>(layer)];
  return column >= 0 && column < static_cast<int>(row.size()) ? row[static_cast<std::size_t>(column)]
                                                              : 0.0f;
}

int PruningGridModel::prunedFromLayer(int column) const {
  for (int l = 0; l < rowCount(); ++l)
    if (isPruned(l, column)) return l;
  return -1;
}

QVariant PruningGridModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
  const int l = index.row();
  const int c = index.column();
  if (comparing() && (role == Qt::BackgroundRole || role == Qt::ForegroundRole ||
                      role == Qt::FontRole || role == Qt::ToolTipRole || role == KeepClassRole))
    return compareData(index, role);
  const bool pruned = isPruned(l, c);
  const float imp = importance(l, c);
  switch (role) {
    case Qt::DisplayRole:
      if (m_kind == Kind::Heads) return formatImportance(imp);
      return c < static_cast<int>(m_analysis->tokens.size())
                 ? m_analysis->tokens[static_cast<std::size_t>(c)].text.trimmed()
                 : QString();
    case Qt::BackgroundRole: {
      if (pruned) return prunedColor();
      const PruningIteration* p = pass();
      const auto& imp2 = m_kind == Kind::Heads ? p->headImportance : p->tokenImportance;
      const auto& row = imp2[static_cast<std::size_t>(l)];
      const float mx = row.empty() ? 0.0f : *std::max_element(row.begin(), row.end());
      return viridis(mx > 0 ? imp / mx : 0.0);
    }
    case Qt::ForegroundRole: {
      if (pruned) return QColor(120, 120, 120);
      return contrastingText(data(index, Qt::BackgroundRole).value<QColor>());
    }
    case Qt::FontRole: {
      QFont f;
      f.setStrikeOut(pruned);
      return f;
    }
    case Qt::ToolTipRole: {
      const int from = prunedFromLayer(c);
      const QString what = m_kind == Kind::Heads
                               ? QStringLiteral("head %1").arg(c)
                               : QStringLiteral("token %1 \u201c%2\u201d")
                                     .arg(c)
                                     .arg(data(index, Qt::DisplayRole).toString());
      return QStringLiteral("%1, layer %2: importance %3, %4")
          .arg(what)
          .arg(l)
          .arg(static_cast<double>(imp), 0, 'g', 4)
          .arg(pruned ? QStringLiteral("pruned (from layer %1)").arg(from)
                      : QStringLiteral("alive"));
    }
    case Qt::TextAlignmentRole:
      return QVariant::fromValue(Qt::Alignment(Qt::AlignCenter));
    case PrunedRole: return pruned;
    case ImportanceRole: return static_cast<double>(imp);
    case PrunedAfterLayerRole: return prunedFromLayer(c);
    case KeepClassRole:
      return {};
    default: return {};
  }
}

QString PruningGridModel::formatImportance(float value) {
  const double v = static_cast<double>(value);
  const double a = std::abs(v);
  return QString::number(v, 'f', a >= 100 ? 0 : (a >= 10 ? 1 : 2));
}

int PruningGridModel::aliveCount(int layer) const {
  int alive = 0;
  for (int c = 0; c < columnCount(); ++c) alive += isPruned(layer, c) ? 0 : 1;
  return alive;
}

QString PruningGridModel::tokenText(int column) const {
  if (!m_analysis || column < 0 || column >= static_cast<int>(m_analysis->tokens.size())) return {};
  const QString t = m_analysis->tokens[static_cast<std::size_t>(column)].text.trimmed();
  return t.isEmpty() ? QStringLiteral("\u2423") : t;
}

QVariant PruningGridModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
  const bool tip = role == Qt::ToolTipRole;
  if (orientation == Qt::Vertical) {
    // "L2  4/4": computed (alive) columns in this layer out of all.
    const QString label =
        QStringLiteral("L%1  %2/%3").arg(section).arg(aliveCount(section)).arg(columnCount());
    if (!tip) return label;
    const PruningIteration* p = pass();
    if (!p) return label;
    const auto l = static_cast<std::size_t>(section);
    const bool heads = m_kind == Kind::Heads;
    const auto& keep = heads ? p->headKeep : p->tokenKeep;
    const auto& budget = heads ? p->headBudget : p->tokenBudget;
    QString text = QStringLiteral("layer %1 computed %2 of %3 %4")
                       .arg(section)
                       .arg(aliveCount(section))
                       .arg(columnCount())
                       .arg(heads ? QStringLiteral("heads") : QStringLiteral("tokens"));
    if (l < keep.size() && l < budget.size())
      text += QStringLiteral("; its pruning decision keeps k = %1 (keep ratio %2)")
                  .arg(budget[l])
                  .arg(keep[l], 0, 'f', 2);
    return text;
  }
  if (m_kind == Kind::Heads) return QStringLiteral("H%1").arg(section);
  return tip ? QStringLiteral("token %1 \u201c%2\u201d").arg(section).arg(tokenText(section))
             : tokenText(section);
}

QString PruningGridModel::csv() const {
  QString out = QStringLiteral("layer");
  for (int c = 0; c < columnCount(); ++c) {
    const QString name = m_kind == Kind::Heads
                             ? QStringLiteral("head%1").arg(c)
                             : QStringLiteral("%1:%2").arg(c).arg(
                                   m_analysis->tokens[static_cast<std::size_t>(c)].text.trimmed());
    out += QStringLiteral(",") + csvField(name);
  }
  out += QStringLiteral("\n");
  for (int l = 0; l < rowCount(); ++l) {
    out += QString::number(l);
    for (int c = 0; c < columnCount(); ++c) {
      out += QStringLiteral(",");
      // Importance of alive cells; empty = pruned in this layer.
      if (!isPruned(l, c)) out += QString::number(static_cast<double>(importance(l, c)), 'g', 8);
    }
    out += QStringLiteral("\n");
  }
  return out;
}

}  // namespace spatten::views
