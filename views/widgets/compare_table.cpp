#include "views/widgets/compare_table.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>
#include <functional>
#include <optional>

#include "views/common/chart_export.h"
#include "views/common/session_model.h"

namespace spatten::views {
namespace {

using Figure = std::optional<double>;

struct Row {
  QString name;
  Figure a, b;
  int decimals = 0;
  QString unit;
};

Figure summaryFigure(const SimFramePtr& f, const std::function<double(const RunSummary&)>& get) {
  if (!f || !f->summary) return std::nullopt;
  return get(*f->summary);
}

QTableWidgetItem* cell(const Figure& v, int decimals, const QString& unit) {
  auto* item = new QTableWidgetItem(v ? QStringLiteral("%1%2").arg(*v, 0, 'f', decimals).arg(unit)
                                      : QStringLiteral("\u2026"));
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  if (v) item->setData(Qt::UserRole, *v);
  return item;
}

}  // namespace

CompareTable::CompareTable(SessionModel* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
  setObjectName(QStringLiteral("compareTable"));
  auto* layout = new QVBoxLayout(this);
  m_info = new QLabel(this);
  m_info->setObjectName(QStringLiteral("compareInfo"));
  m_info->setWordWrap(true);
  m_info->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  layout->addWidget(m_info);
  m_table = new QTableWidget(0, 4, this);
  m_table->setObjectName(QStringLiteral("compareFigures"));
  m_table->setHorizontalHeaderLabels({QStringLiteral("figure"), QStringLiteral("A"),
                                      QStringLiteral("B"), QStringLiteral("A \u2212 B")});
  m_table->verticalHeader()->setVisible(false);
  const int rowHeight = m_table->fontMetrics().height() + 4;
  m_table->verticalHeader()->setDefaultSectionSize(rowHeight);
  // Small minimum (it scrolls): the dock must not make the window taller than a 1280x720
  // screen; CompareControls gives the dock the whole table's height when there is room.
  m_table->setMinimumHeight(4 * rowHeight);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  layout->addWidget(m_table, 1);
  installExportMenu(
      m_table, nullptr, [this] { return csv(); }, QStringLiteral("compare"));
  for (auto signal : {&SessionModel::compareChanged, &SessionModel::frameChanged,
                      &SessionModel::frameBChanged, &SessionModel::analysisChanged})
    connect(session, signal, this, &CompareTable::rebuild);
  rebuild();
}

void CompareTable::rebuild() {
  const AnalysisPtr& a = m_session->analysisA();
  const AnalysisPtr& b = m_session->analysisB();
  const SimFramePtr& fa = m_session->frameA();
  const SimFramePtr& fb = m_session->frameB();
  const void* shown[4] = {a.get(), b.get(), fa ? fa->summary.get() : nullptr,
                          fb ? fb->summary.get() : nullptr};
  if (m_session->hasCompare() && std::equal(shown, shown + 4, m_shown) && m_table->rowCount() > 0)
    return;
  std::copy(shown, shown + 4, m_shown);
  m_table->setRowCount(0);
  if (!m_session->hasCompare()) {
    m_info->setText(
        QStringLiteral("No configuration B. Compare > Pin current as B "
                       "(Ctrl+Shift+B) keeps the current run and hardware "
                       "configuration as B; then change A and compare."));
    return;
  }
  QString info = QStringLiteral("A: %1\nB: %2").arg(m_session->labelA(), m_session->labelB());
  if (!b && !m_session->compareReason().isEmpty())
    info += QStringLiteral("\nB: %1").arg(m_session->compareReason());
  m_info->setText(info);
  std::vector<Row> rows;
  const auto both = [&](const QString& name, const std::function<double(const RunSummary&)>& get,
                        int decimals, const QString& unit) {
    rows.push_back({name, summaryFigure(fa, get), summaryFigure(fb, get), decimals, unit});
  };
  both(QStringLiteral("cycles"), [](const RunSummary& s) { return double(s.pruned.cycles); }, 0,
       {});
  both(QStringLiteral("dense cycles"), [](const RunSummary& s) { return double(s.dense.cycles); },
       0, {});
  both(
      QStringLiteral("speedup vs dense"), [](const RunSummary& s) { return s.speedup(); }, 3,
      QStringLiteral("\u00d7"));
  static const char* const kinds[] = {"K MSB", "K LSB", "V", "Q"};
  for (int k = 0; k < 4; ++k)
    both(QStringLiteral("DRAM %1 [bytes]").arg(QString::fromUtf8(kinds[k])),
         [k](const RunSummary& s) {
           return double(s.pruned.dramBytes[static_cast<std::size_t>(k)]);
         },
         0, {});
  both(QStringLiteral("DRAM total [bytes]"),
       [](const RunSummary& s) { return double(s.pruned.dramTotal()); }, 0, {});
  both(QStringLiteral("energy [\u00b5J]"),
       [](const RunSummary& s) { return s.energyTotal(false) * 1e-6; }, 3, {});
  // Fidelity against the dense model (the same figures for A and B: same model and text).
  const AnalysisData* names = a ? a.get() : b.get();
  for (std::size_t i = 0; names && i < names->fidelity.size(); ++i) {
    const auto figure = [i](const AnalysisPtr& x) -> Figure {
      if (!x || !x->hasSpatten || i >= x->fidelity.size()) return std::nullopt;
      return x->fidelity[i].second;
    };
    rows.push_back({QStringLiteral("fidelity: %1").arg(names->fidelity[i].first),
                    figure(a),
                    figure(b),
                    4,
                    {}});
  }
  m_table->setRowCount(static_cast<int>(rows.size()));
  for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
    const Row& row = rows[static_cast<std::size_t>(r)];
    m_table->setItem(r, 0, new QTableWidgetItem(row.name));
    m_table->setItem(r, 1, cell(row.a, row.decimals, row.unit));
    m_table->setItem(r, 2, cell(row.b, row.decimals, row.unit));
    const Figure diff = row.a && row.b ? Figure(*row.a - *row.b) : std::nullopt;
    m_table->setItem(r, 3, cell(diff, row.decimals, row.unit));
  }
}

int CompareTable::row(const QString& name) const {
  for (int r = 0; r < m_table->rowCount(); ++r)
    if (m_table->item(r, 0)->text() == name) return r;
  return -1;
}

QString CompareTable::csv() const {
  QString out = QStringLiteral("figure,a,b,a_minus_b\n");
  for (int r = 0; r < m_table->rowCount(); ++r) {
    out += csvField(m_table->item(r, 0)->text());
    for (int c = 1; c < 4; ++c) {
      const QVariant v = m_table->item(r, c)->data(Qt::UserRole);
      out +=
          QStringLiteral(",") + (v.isValid() ? QString::number(v.toDouble(), 'g', 12) : QString());
    }
    out += QStringLiteral("\n");
  }
  return out;
}

}  // namespace spatten::views
