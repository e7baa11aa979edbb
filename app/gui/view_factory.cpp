#include "app/gui/view_factory.h"

#include <QSplitter>
#include <QVBoxLayout>

#include "views/common/session_model.h"
#include "views/plots/attention_heatmap_view.h"
#include "views/plots/compare_timeline.h"
#include "views/plots/dram_traffic_view.h"
#include "views/plots/quantization_view.h"
#include "views/widgets/datapath_view.h"
#include "views/widgets/model_output_view.h"
#include "views/widgets/pruning_grid_view.h"
#include "views/widgets/summary_view.h"
#include "views/widgets/token_strip.h"
#include "views/widgets/topk_view.h"

namespace spatten::app {
namespace {

// Issue-2 view: the token strip (scrolling when long) above the attention heatmap.
QWidget* makeAttentionTab(views::SessionModel* session, QWidget* parent) {
  auto* page = new QWidget(parent);
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(new views::TokenStripArea(session, page));
  layout->addWidget(new views::AttentionHeatmapView(session, page), 1);
  return page;
}

}  // namespace

std::vector<ViewEntry> createViews(views::SessionModel* session, QWidget* parent) {
  std::vector<ViewEntry> out;
  out.push_back({QStringLiteral("attention"), QStringLiteral("Attention"),
                 makeAttentionTab(session, parent)});
  out.push_back({QStringLiteral("token-pruning"), QStringLiteral("Token pruning"),
                 new views::PruningGridView(views::PruningGridView::Kind::Tokens, session, parent)});
  out.push_back({QStringLiteral("head-pruning"), QStringLiteral("Head pruning"),
                 new views::PruningGridView(views::PruningGridView::Kind::Heads, session, parent)});
  out.push_back({QStringLiteral("quantization"), QStringLiteral("Progressive quantization"),
                 new views::QuantizationView(session, parent)});
  out.push_back({QStringLiteral("dram"), QStringLiteral("DRAM traffic"),
                 new views::DramTrafficView(session, parent)});
  out.push_back({QStringLiteral("topk"), QStringLiteral("Top-k engine"),
                 new views::TopKView(session, parent)});
  out.push_back({QStringLiteral("datapath"), QStringLiteral("Datapath"),
                 new views::DatapathView(session, parent)});
  out.push_back({QStringLiteral("timeline"), QStringLiteral("Timeline"),
                 new views::CompareTimeline(session, parent)});
  out.push_back({QStringLiteral("output"), QStringLiteral("Model output"),
                 new views::ModelOutputView(session, parent)});
  out.push_back({QStringLiteral("summary"), QStringLiteral("Research summary"),
                 new views::SummaryView(session, parent)});
  return out;
}

}  // namespace spatten::app
