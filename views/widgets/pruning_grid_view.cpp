#include "views/widgets/pruning_grid_view.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPainter>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "views/common/chart_export.h"
#include "views/common/palette.h"
#include "views/common/session_model.h"
#include "views/models/pruning_grid_model.h"
#include "views/widgets/color_bar.h"
#include "views/widgets/rotated_header.h"

namespace spatten::views {
namespace {

// Keeps the importance colour of selected cells and outlines them instead (the default selection
// highlight would hide the value the user selected); drops the text of cells too narrow for it
// (the rotated header and the tooltip still name the token).
class GridDelegate : public QStyledItemDelegate {
public:
  using QStyledItemDelegate::QStyledItemDelegate;
  double mark = 1;  // outline width scale (Appearance::mark)
  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override {
    QStyleOptionViewItem opt(option);
    const bool selected = opt.state & QStyle::State_Selected;
    opt.state &= ~QStyle::State_Selected;
    opt.state &= ~QStyle::State_HasFocus;
    QStyledItemDelegate::paint(painter, opt, index);
    if (!selected) return;
    painter->save();
    painter->setPen(QPen(okabeIto(6), 3 * mark));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5));
    painter->restore();
  }

protected:
  void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
    QStyledItemDelegate::initStyleOption(option, index);
    if (option->fontMetrics.horizontalAdvance(option->text) > option->rect.width() - 8)
      option->text.clear();
  }
};

QLabel* wrappingLabel(QWidget* parent) {
  auto* l = new QLabel(parent);
  l->setWordWrap(true);
  // Never wider than the view: a long text wraps instead of widening the window (issue 13, bug 1).
  l->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  l->setMinimumWidth(50);
  return l;
}

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
  auto* passLabel = new QLabel(QStringLiteral("Pass"), this);
  passLabel->setToolTip(
      QStringLiteral("0 = summarization (the prompt), then one pass per "
                     "generated token"));
  m_iteration->setToolTip(passLabel->toolTip());
  bar->addWidget(passLabel);
  bar->addWidget(m_iteration);
  m_summary = wrappingLabel(this);
  m_summary->setObjectName(QStringLiteral("gridSummary"));
  bar->addWidget(m_summary, 1);
  layout->addLayout(bar);
  auto* legendRow = new QHBoxLayout;
  m_colours = new ColorBar(tokens ? QStringLiteral("s_t / max of the layer:")
                                  : QStringLiteral("s_h / max of the layer:"),
                           QStringLiteral("0"), QStringLiteral("1"), this);
  m_colours->setObjectName(QStringLiteral("gridColorBar"));
  legendRow->addWidget(m_colours);
  m_legend = wrappingLabel(this);
  m_legend->setObjectName(QStringLiteral("gridLegend"));
  m_legend->setText(normalLegend());
  m_legend->setForegroundRole(QPalette::PlaceholderText);
  legendRow->addWidget(m_legend, 1);
  layout->addLayout(legendRow);

  m_table = new QTableView(this);
  m_table->setObjectName(tokens ? QStringLiteral("tokenGrid") : QStringLiteral("headGrid"));
  if (tokens) m_table->setHorizontalHeader(new RotatedHeader(m_table));
  m_table->setModel(m_model);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setSelectionBehavior(QAbstractItemView::SelectColumns);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
  m_table->horizontalHeader()->setSectionResizeMode(tokens ? QHeaderView::Fixed
                                                           : QHeaderView::Stretch);
  m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  m_table->horizontalHeader()->setMinimumSectionSize(kMinColumn);
  m_delegate = new GridDelegate(m_table);
  m_table->setItemDelegate(m_delegate);
  m_table->viewport()->installEventFilter(this);
  layout->addWidget(m_table, 1);

  installExportMenu(m_table, nullptr, [this] { return m_model->csv(); },
                    tokens ? QStringLiteral("token-pruning") : QStringLiteral("head-pruning"));

  connect(m_session, &SessionModel::analysisChanged, this, &PruningGridView::refresh);
  connect(m_session, &SessionModel::selectionChanged, this, &PruningGridView::refresh);
  connect(m_session, &SessionModel::compareChanged, this, &PruningGridView::refresh);
  connect(m_iteration, &QSpinBox::valueChanged, m_session, &SessionModel::selectIteration);
  connect(m_session, &SessionModel::appearanceChanged, this, &PruningGridView::applyAppearance);
  connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& index) {
    Selection s = m_session->selection();
    s.layer = index.row();
    if (m_kind == Kind::Tokens)
      s.token = index.column();
    else
      s.head = index.column();
    m_session->setSelection(s);
  });
  applyAppearance();
}

void PruningGridView::applyAppearance() {
  const Appearance& a = m_session->appearance();
  setFont(zoomedFont(QApplication::font(), a));
  static_cast<GridDelegate*>(m_delegate)->mark = a.mark();
  m_table->horizontalHeader()->updateGeometry();
  refresh();
}

QString PruningGridView::summary() const {
  return m_summary->text();
}

bool PruningGridView::eventFilter(QObject* watched, QEvent* event) {
  // The viewport's size changes with the window, the docks, the header widths (zoom) and when a
  // hidden tab is shown: refit then (queued, after the table has laid itself out).
  if (watched == m_table->viewport() &&
      (event->type() == QEvent::Resize || event->type() == QEvent::Show))
    QMetaObject::invokeMethod(this, &PruningGridView::fitSections, Qt::QueuedConnection);
  return QWidget::eventFilter(watched, event);
}

void PruningGridView::fitSections() {
  const int rows = m_model->rowCount();
  const int cols = m_model->columnCount();
  const int line = m_table->fontMetrics().height();
  if (rows > 0) {
    // A few text lines per layer; fewer when many layers have to fit the height.
    const int h = std::clamp(m_table->viewport()->height() / rows, line + 6, 2 * line + 8);
    m_table->verticalHeader()->setDefaultSectionSize(h);
  }
  if (m_kind == Kind::Tokens && cols > 0) {
    const int width = m_table->viewport()->width();
    const int w = std::max(kMinColumn, width / cols);
    const int extra = w > kMinColumn ? width - w * cols : 0;  // the first `extra` get 1 px more
    m_table->horizontalHeader()->setDefaultSectionSize(w);
    for (int c = 0; c < cols; ++c) m_table->setColumnWidth(c, w + (c < extra ? 1 : 0));
  }
  m_table->horizontalHeader()->updateGeometry();
}

QString PruningGridView::describePass() const {
  const auto& a = m_session->analysis();
  const int pass = m_model->iteration();
  const int cols = m_model->columnCount();
  const int rows = m_model->rowCount();
  int pruned = 0;
  for (int c = 0; c < cols; ++c) pruned += m_model->prunedFromLayer(c) >= 0 ? 1 : 0;
  const PruningIteration& it = a->iterations[static_cast<std::size_t>(pass)];
  if (m_kind == Kind::Tokens) {
    const QString what = pass == 0 ? QStringLiteral("the prompt")
                                   : QStringLiteral("prompt + %1 generated").arg(pass);
    return QStringLiteral(
               "Pass %1: %2 tokens (%3); %4 of them pruned by the last layer, which "
               "computed %5.")
        .arg(pass)
        .arg(cols)
        .arg(what)
        .arg(pruned)
        .arg(rows > 0 ? m_model->aliveCount(rows - 1) : 0);
  }
  if (pruned > 0)
    return QStringLiteral(
               "Pass %1: %2 of %3 heads pruned by the last layer (budget per layer "
               "k = ceil(keep \u00d7 %3), in the row tooltips).")
        .arg(pass)
        .arg(pruned)
        .arg(cols);
  // Nothing pruned: say why, with the smallest budget of the pass.
  int minLayer = 0;
  for (int l = 1; l < static_cast<int>(it.headBudget.size()); ++l)
    if (it.headBudget[static_cast<std::size_t>(l)] <=  // ties: the later layer (lower keep)
        it.headBudget[static_cast<std::size_t>(minLayer)])
      minLayer = l;
  const double keep = minLayer < static_cast<int>(it.headKeep.size())
                          ? it.headKeep[static_cast<std::size_t>(minLayer)]
                          : 1.0;
  const int budget = minLayer < static_cast<int>(it.headBudget.size())
                         ? it.headBudget[static_cast<std::size_t>(minLayer)]
                         : cols;
  return QStringLiteral(
             "No head pruned in pass %1: a layer keeps ceil(head keep \u00d7 %2) heads, "
             "and the smallest budget, ceil(%3 \u00d7 %2) = %4 (layer %5), keeps all %2. "
             "Set \u201cHead keep (last layer)\u201d to %6 or lower to prune one.")
      .arg(pass)
      .arg(cols)
      .arg(keep, 0, 'f', 2)
      .arg(budget)
      .arg(minLayer)
      .arg(static_cast<double>(cols - 1) / std::max(1, cols), 0, 'f', 2);
}

void PruningGridView::refresh() {
  const auto& a = m_session->analysis();
  const Selection& sel = m_session->selection();
  if (a != nullptr || m_model->rowCount() > 0) m_model->setAnalysis(a, sel.iteration);
  const bool diff = m_session->compareMode() == CompareMode::Diff;
  m_model->setCompare(diff ? m_session->analysisB() : nullptr);
  m_colours->setVisible(!diff);
  {
    const QSignalBlocker block(m_iteration);
    m_iteration->setRange(0, a ? std::max(0, a->passCount - 1) : 0);
    m_iteration->setValue(sel.iteration);
  }
  if (!a)
    m_summary->setText(m_session->emptyAnalysisText());
  else if (!a->hasSpatten)
    m_summary->setText(QStringLiteral("No SpAtten run: %1").arg(a->spattenError));
  else
    m_summary->setText(diff ? describeCompare() : describePass());
  if (!diff) {
    m_legend->setText(normalLegend());
  } else {
    QString legend;
    for (int k = 0; k < 4; ++k) {
      const auto c = static_cast<PruningGridModel::KeepClass>(k);
      legend +=
          QStringLiteral(
              "<span style=\"background-color:%1\">&nbsp;&nbsp;&nbsp;&nbsp;"
              "</span>&nbsp;%2&nbsp;&nbsp; ")
              .arg(PruningGridModel::keepClassColor(c).name(), PruningGridModel::keepClassName(c));
    }
    m_legend->setText(legend);
  }
  fitSections();
  syncSelection();
}

void PruningGridView::syncSelection() {
  const Selection& sel = m_session->selection();
  const int column = m_kind == Kind::Tokens ? sel.token : sel.head;
  QItemSelectionModel* sm = m_table->selectionModel();
  const QSignalBlocker block(sm);
  if (column >= 0 && column < m_model->columnCount() && m_model->rowCount() > 0) {
    const QModelIndex idx =
        m_model->index(std::clamp(sel.layer, 0, m_model->rowCount() - 1), column);
    sm->select(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Columns);
    m_table->scrollTo(idx);
  } else {
    sm->clearSelection();
  }
  m_table->viewport()->update();
  m_table->horizontalHeader()->viewport()->update();
}

QString PruningGridView::normalLegend() const {
  return m_kind == Kind::Tokens
             ? QStringLiteral(
                   "cumulative token importance (viridis); grey struck through = "
                   "pruned from that layer on; rows: layer, tokens computed / all")
             : QStringLiteral(
                   "cumulative head importance (number and colour); grey = pruned; "
                   "rows: layer, heads computed / all");
}

QString PruningGridView::describeCompare() const {
  const QString what = m_kind == Kind::Tokens ? QStringLiteral("token") : QStringLiteral("head");
  const QString noDiff =
      QStringLiteral("A \u2212 B: no %1 grid to compare (%2). Show A or B (Compare menu).")
          .arg(what);
  if (!m_session->hasCompare()) return noDiff.arg(QStringLiteral("pin a configuration as B"));
  const auto& b = m_session->analysisB();
  if (!b) return noDiff.arg(m_session->compareReason());
  if (!b->hasSpatten) return noDiff.arg(QStringLiteral("B has no SpAtten run: ") + b->spattenError);
  if (!m_model->comparing()) return noDiff.arg(QStringLiteral("A and B have other shapes"));
  int n[4] = {0, 0, 0, 0};
  const int rows = m_model->rowCount();
  const int last = rows - 1;
  for (int c = 0; c < m_model->columnCount(); ++c)
    ++n[static_cast<int>(m_model->keepClass(last, c))];
  return QStringLiteral(
             "A \u2212 B, pass %1 (A: %2; B: %3). Last layer: %4 %5s kept by both, "
             "%6 only by A, %7 only by B, %8 by neither.")
      .arg(m_model->iteration())
      .arg(m_session->labelA(), m_session->labelB())
      .arg(n[0])
      .arg(what)
      .arg(n[1])
      .arg(n[2])
      .arg(n[3]);
}

}  // namespace spatten::views
