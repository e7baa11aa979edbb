// Compare mode's A - B pruning grid: PruningGridModel's cells classified by which configuration
// keeps (computes) them. Thread: GUI thread.
#include <QColor>
#include <QFont>

#include "views/common/palette.h"
#include "views/models/pruning_grid_model.h"

namespace spatten::views {

QColor PruningGridModel::keepClassColor(KeepClass c) {
  switch (c) {
    case KeepClass::Both:
      return QColor(196, 228, 214);  // pale bluish green
    case KeepClass::OnlyA:
      return okabeIto(1);  // orange
    case KeepClass::OnlyB:
      return okabeIto(5);  // blue
    case KeepClass::Neither:
      break;
  }
  return prunedColor();
}

QString PruningGridModel::keepClassName(KeepClass c) {
  switch (c) {
    case KeepClass::Both:
      return QStringLiteral("kept by A and B");
    case KeepClass::OnlyA:
      return QStringLiteral("kept only by A");
    case KeepClass::OnlyB:
      return QStringLiteral("kept only by B");
    case KeepClass::Neither:
      break;
  }
  return QStringLiteral("pruned by both");
}

void PruningGridModel::setCompare(AnalysisPtr b) {
  if (b == m_compareB) return;
  m_compareB = std::move(b);
  if (rowCount() > 0 && columnCount() > 0)
    emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

const PruningIteration* PruningGridModel::passB() const {
  if (!m_compareB || !m_compareB->hasSpatten || m_iteration < 0 ||
      m_iteration >= static_cast<int>(m_compareB->iterations.size()))
    return nullptr;
  return &m_compareB->iterations[static_cast<std::size_t>(m_iteration)];
}

bool PruningGridModel::comparing() const {
  const PruningIteration* a = pass();
  const PruningIteration* b = passB();
  if (!a || !b || m_compareB->layers != m_analysis->layers) return false;
  return m_kind == Kind::Heads ? m_compareB->heads == m_analysis->heads : a->seqLen == b->seqLen;
}

PruningGridModel::KeepClass PruningGridModel::keepClass(int layer, int column) const {
  const PruningIteration* b = passB();
  const auto& alive = m_kind == Kind::Heads ? b->headAlive : b->tokenAlive;
  const auto l = static_cast<std::size_t>(layer);
  const auto c = static_cast<std::size_t>(column);
  const bool keptB = l < alive.size() && c < alive[l].size() && alive[l][c];
  const bool keptA = !isPruned(layer, column);
  if (keptA && keptB) return KeepClass::Both;
  if (keptA) return KeepClass::OnlyA;
  return keptB ? KeepClass::OnlyB : KeepClass::Neither;
}

QVariant PruningGridModel::compareData(const QModelIndex& index, int role) const {
  const KeepClass k = keepClass(index.row(), index.column());
  switch (role) {
    case Qt::BackgroundRole:
      return keepClassColor(k);
    case Qt::ForegroundRole:
      return k == KeepClass::Neither ? QColor(120, 120, 120) : contrastingText(keepClassColor(k));
    case Qt::FontRole: {
      QFont f;
      f.setStrikeOut(k == KeepClass::Neither);
      return f;
    }
    case Qt::ToolTipRole: {
      const QString what = m_kind == Kind::Heads ? QStringLiteral("head %1").arg(index.column())
                                                 : QStringLiteral("token %1 \u201c%2\u201d")
                                                       .arg(index.column())
                                                       .arg(tokenText(index.column()));
      return QStringLiteral("%1, layer %2: %3").arg(what).arg(index.row()).arg(keepClassName(k));
    }
    case KeepClassRole:
      return static_cast<int>(k);
    default:
      return {};
  }
}

}  // namespace spatten::views
