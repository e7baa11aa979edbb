#include "views/models/pruning_grid_model.h"

#include <QColor>
#include <QFont>

#include <algorithm>

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
  const bool pruned = isPruned(l, c);
  const float imp = importance(l, c);
  switch (role) {
    case Qt::DisplayRole:
      if (m_kind == Kind::Heads) return QString::number(static_cast<double>(imp), 'g', 3);
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
    case PrunedRole: return pruned;
    case ImportanceRole: return static_cast<double>(imp);
    case PrunedAfterLayerRole: return prunedFromLayer(c);
    default: return {};
  }
}

QVariant PruningGridModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
  if (orientation == Qt::Vertical) return QStringLiteral("L%1").arg(section);
  if (m_kind == Kind::Heads) return QStringLiteral("H%1").arg(section);
  return QString::number(section);
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
