#include "views/widgets/pruning_grid_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

#include "views/common/chart_export.h"
#include "views/common/palette.h"
#include "views/common/session_model.h"
#include "views/models/pruning_grid_model.h"

namespace spatten::views {
namespace {

// Keeps the importance colour of selected cells and outlines them instead (the default selection
// highlight would hide the value the user selected).
class OutlineSelectionDelegate : public QStyledItemDelegate {
public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override {
    QStyleOptionViewItem opt(option);
    const bool selected = opt.state & QStyle::State_Selected;
    opt.state &= ~QStyle::State_Selected;
    opt.state &= ~QStyle::State_HasFocus;
    QStyledItemDelegate::paint(painter, opt, index);
    if (!selected) return;
    painter->save();
    painter->setPen(QPen(okabeIto(6), 3));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5));
    painter->restore();
  }
};

}  // namespace

PruningGridView::PruningGridView(Kind kind, SessionModel* session, QWidget* parent)
    : QWidget(parent), m_kind(kind), m_session(session) {
  const bool tokens = kind == Kind::Tokens;
  setObjectName(tokens ? QStringLiteral("tokenPruningView") : QStringLiteral("headPruningView"));
  m_model = new PruningGridModel(
      tokens ? PruningGridModel::Kind::Tokens : PruningGridModel::Kind::Heads, this);
  auto* layout = new QVBoxLayout(this);
  auto* bar = new QHBoxLayout;
  m_iteration = new QSpinBox(this);
  m_iteration->setObjectName(tokens ? QStringLiteral("tokenGridIteration")
                                    : QStringLiteral("headGridIteration"));
  bar->addWidget(new QLabel(QStringLiteral("Pass (0 = summarization, then generation steps)"), this));
  bar->addWidget(m_iteration);
  m_summary = new QLabel(this);
  m_summary->setObjectName(QStringLiteral("gridSummary"));
  bar->addWidget(m_summary, 1);
  auto* legend = new QLabel(
      tokens ? QStringLiteral("colour = cumulative token importance s_t (viridis, per layer); "
                              "grey struck-through = pruned")
             : QStringLiteral("value & colour = cumulative head importance s_h; grey = pruned"),
      this);
  legend->setStyleSheet(QStringLiteral("color: #555"));
  bar->addWidget(legend);
  layout->addLayout(bar);

  m_table = new QTableView(this);
  m_table->setObjectName(tokens ? QStringLiteral("tokenGrid") : QStringLiteral("headGrid"));
  m_table->setModel(m_model);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setSelectionBehavior(QAbstractItemView::SelectColumns);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->horizontalHeader()->setSectionResizeMode(
      tokens ? QHeaderView::ResizeToContents : QHeaderView::Stretch);
  m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_table->horizontalHeader()->setMinimumSectionSize(28);
  m_table->setItemDelegate(new OutlineSelectionDelegate(m_table));
  layout->addWidget(m_table, 1);

  installExportMenu(m_table, nullptr, [this] { return m_model->csv(); },
                    tokens ? QStringLiteral("token-pruning") : QStringLiteral("head-pruning"));

  connect(m_session, &SessionModel::analysisChanged, this, &PruningGridView::refresh);
  connect(m_session, &SessionModel::selectionChanged, this, &PruningGridView::refresh);
  connect(m_iteration, &QSpinBox::valueChanged, m_session, &SessionModel::selectIteration);
  connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& index) {
    Selection s = m_session->selection();
    s.layer = index.row();
    if (m_kind == Kind::Tokens)
      s.token = index.column();
    else
      s.head = index.column();
    m_session->setSelection(s);
  });
  refresh();
}

void PruningGridView::refresh() {
  const auto& a = m_session->analysis();
  const Selection& sel = m_session->selection();
  if (a != nullptr || m_model->rowCount() > 0) m_model->setAnalysis(a, sel.iteration);
  {
    const QSignalBlocker block(m_iteration);
    m_iteration->setRange(0, a ? std::max(0, a->passCount - 1) : 0);
    m_iteration->setValue(sel.iteration);
  }
  if (!a) {
    m_summary->setText(QStringLiteral("No result yet"));
  } else if (!a->hasSpatten) {
    m_summary->setText(QStringLiteral("No SpAtten run: %1").arg(a->spattenError));
  } else {
    const int cols = m_model->columnCount();
    int pruned = 0;
    for (int c = 0; c < cols; ++c) pruned += m_model->prunedFromLayer(c) >= 0 ? 1 : 0;
    m_summary->setText(QStringLiteral("  %1 of %2 %3 pruned by the last layer")
                           .arg(pruned)
                           .arg(cols)
                           .arg(m_kind == Kind::Tokens ? QStringLiteral("tokens")
                                                       : QStringLiteral("heads")));
  }
  syncSelection();
}

void PruningGridView::syncSelection() {
  const Selection& sel = m_session->selection();
  const int column = m_kind == Kind::Tokens ? sel.token : sel.head;
  QItemSelectionModel* sm = m_table->selectionModel();
  const QSignalBlocker block(sm);
  if (column >= 0 && column < m_model->columnCount() && m_model->rowCount() > 0) {
    const QModelIndex idx = m_model->index(std::clamp(sel.layer, 0, m_model->rowCount() - 1), column);
    sm->select(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Columns);
    m_table->scrollTo(idx);
  } else {
    sm->clearSelection();
  }
  m_table->viewport()->update();
}

}  // namespace spatten::views
