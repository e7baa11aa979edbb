#include "app/gui/help.h"

#include <QAction>
#include <QApplication>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QTabWidget>
#include <QWhatsThis>
#include <map>

#include "app/gui/shortcuts_dialog.h"
#include "core/model/gemm.h"

namespace spatten::app {
namespace {

struct Help {
  const char* title;
  const char* body;   // what it shows and how to read it
  const char* paper;  // where it is in the paper
};

// Figure numbers follow the paper (arXiv 2012.09852, HPCA 2021); see
// /work/shared/reference/spatten-notes.md for the sources of each fact.
const std::map<QString, Help>& helpTable() {
  static const std::map<QString, Help> table = {
      {QStringLiteral("attention"),
       {"Attention",
        "Top: the tokens of the sentence; their colour is the cumulative token importance s_t in "
        "the selected layer (brighter = more important), struck through when cascade token "
        "pruning removed them. Hover a token for its importance and rank; click it to select it "
        "everywhere. Below: the attention probabilities of one layer and head (rows = queries, "
        "columns = keys, viridis colour scale). With <i>Mask pruned</i> on, it is the attention "
        "SpAtten actually computed: hatched cells were not computed (pruned tokens or heads, or "
        "GPT-2's causal mask). <i>Log colour</i> colours by the logarithm of the probability: on "
        "a long text a row's probabilities are near 1/n and look all dark on the linear scale.",
        "Attention itself: Section II-A, Algorithm 1 and Fig. 3. The importance that colours the "
        "tokens is the column sum of these probabilities, accumulated over heads and layers "
        "(Algorithm 2, Fig. 4)."}},
      {QStringLiteral("token-pruning"),
       {"Token pruning",
        "Layers (rows) by tokens (columns) of one pass. Colour: cumulative token importance s_t "
        "after that layer, normalised per layer (colour bar). A grey, struck-through cell is a "
        "token pruned from that layer on: once pruned it never comes back (the cascade). Row "
        "labels: tokens computed in the layer / all. Pass 0 is the prompt; GPT-2 generation adds "
        "one pass per generated token.",
        "Cascade token pruning: Section III-A, Algorithm 2, Figs. 4 and 5."}},
      {QStringLiteral("head-pruning"),
       {"Head pruning",
        "Layers by heads: the cumulative head importance s_h (sum of |attention output| of the "
        "head, accumulated over layers), as a number and a colour. Grey = pruned head. The budget "
        "of a layer is ceil(head keep \u00d7 heads); the summary says why nothing is pruned when "
        "the budget keeps every head.",
        "Cascade head pruning: Section III-B and Algorithm 2 (the same cascade as Figs. 4-5 for "
        "tokens)."}},
      {QStringLiteral("quantization"),
       {"Progressive quantization",
        "Left: every request (one query of one head) in processing order, at the maximum "
        "attention probability it reached with MSB-only keys. Below the threshold (dashed) the "
        "distribution is flat, so the accelerator fetches the key LSBs and recomputes: those "
        "requests are crosses. Right: the selected request's probabilities with MSB-only and "
        "with full-precision keys.",
        "Progressive quantization: Section III-D, Fig. 6 and Fig. 7 (Fig. 7: the quantization "
        "error of the probabilities falls as the maximum probability rises, which is why only "
        "flat rows refetch); the \u201cmax < threshold\u201d check in the softmax module is in "
        "Fig. 12."}},
      {QStringLiteral("dram"),
       {"DRAM traffic",
        "Bytes fetched from DRAM per layer, all passes: SpAtten stacked by kind (key MSBs, key "
        "LSB refetches, values, queries) next to the dense baseline (12-bit, nothing pruned). "
        "The header gives the reduction. Click a layer to select it.",
        "DRAM access reduction (abstract and Section V-B: 10\u00d7 on average); DRAM is about 70 % "
        "of SpAtten's power (Table II)."}},
      {QStringLiteral("topk"),
       {"Top-k engine",
        "Module 10, the local value pruning top-k engine, at the current cycle: the candidates of "
        "the current quick-select round against the pivot (blue larger, yellow equal, orange "
        "smaller; pale = not compared yet), the comparator array, the FIFO_L / FIFO_R counts "
        "and the zero eliminator compacting this cycle's comparator lanes into the FIFO writes. "
        "Step with F6 (cycle), Shift+F7 (to the end of its next round) or F8 (next query) to "
        "watch it work.",
        "The top-k engine: Section IV-B, Algorithm 3 and Fig. 9; the zero eliminator: Section "
        "IV-C, Fig. 10."}},
      {QStringLiteral("datapath"),
       {"Datapath",
        "The accelerator's modules at the current cycle: green busy, vermillion stalled, grey "
        "idle, with the request each works on, its progress and FIFO fill; at the side the HBM2 "
        "channels and the on-chip key and value buffers. Click a module to select its request.",
        "The architecture of Fig. 8 (module numbers in brackets) and Table I."}},
      {QStringLiteral("timeline"),
       {"Timeline",
        "The whole simulated run: one row per module, filled where it is busy (the HBM2 row has "
        "one lane per channel); below, cumulative DRAM bytes and the bandwidth of each channel. "
        "The red line is the current cycle. Wheel: zoom, drag: pan; click a busy interval to "
        "select its request.",
        "The modules of Fig. 8 over time; the pipelining described in Section IV-A."}},
      {QStringLiteral("output"),
       {"Model output",
        "What the model says, dense and pruned. GPT-2: the generated text and, for every "
        "generation step, the five most likely next tokens of the dense model and of SpAtten "
        "(pruned) given the same prefix. BERT: the five most likely tokens at every [MASK], "
        "dense and pruned.",
        "Accuracy under pruning: Section V-A and Fig. 21 (the paper fine-tunes to recover it; "
        "these models are not fine-tuned)."}},
      {QStringLiteral("summary"),
       {"Research summary",
        "The whole run as a result: cycles of the SpAtten (pruned) run and of the dense "
        "configuration (the \u201cdense\u201d run preset: nothing pruned, float Q/K/V) simulated "
        "to the end on the same hardware, and the speedup = dense cycles / SpAtten cycles. Module "
        "utilization: busy (green), stalled (vermillion) and idle cycles of every module of Fig. "
        "8; the bottleneck is the module with the most busy cycles. Energy: core's energy model "
        "(pJ per DRAM bit, MAC, softmax element, fetched byte, top-k compare, and static energy "
        "per cycle; Parameters > All hardware parameters > Energy) by module and DRAM, next to the "
        "dense run's; DRAM bytes by kind. Computed on the worker thread after the timeline; "
        "export with the context menu (PNG, CSV).",
        "Speedup and energy: Section V-B and Fig. 14 (there against CPUs and GPUs; here against "
        "the dense configuration on the same accelerator); power by module: Table II and Fig. "
        "13; what bounds a run: the roofline of Fig. 18 and the top-k parallelism sweep of Fig. "
        "19 (raise hw.topk.parallelism when Top-k (V) is the bottleneck)."}},
  };
  return table;
}

}  // namespace

QString paperCitation() {
  return QStringLiteral(
      "Hanrui Wang, Zhekai Zhang, Song Han. \u201cSpAtten: Efficient Sparse Attention Architecture "
      "with Cascade Token and Head Pruning.\u201d IEEE International Symposium on High-Performance "
      "Computer Architecture (HPCA), 2021. arXiv:2012.09852.");
}

QString viewHelp(const QString& viewId) {
  const auto it = helpTable().find(viewId);
  if (it == helpTable().end()) return {};
  const Help& h = it->second;
  return QStringLiteral("<h3>%1</h3><p>%2</p><p><b>In the paper:</b> %3</p>")
      .arg(QString::fromUtf8(h.title), QString::fromUtf8(h.body), QString::fromUtf8(h.paper));
}

HelpMenu::HelpMenu(QMainWindow* window, QTabWidget* tabs, const std::vector<ViewEntry>& views,
                   QMenu* menu)
    : QObject(window), m_window(window), m_tabs(tabs), m_views(views) {
  for (const ViewEntry& v : m_views) v.widget->setWhatsThis(viewHelp(v.id));
  viewHelpAction = new QAction(QStringLiteral("&Help on this view"), this);
  viewHelpAction->setObjectName(QStringLiteral("actionViewHelp"));
  viewHelpAction->setShortcut(QKeySequence::HelpContents);  // F1
  viewHelpAction->setShortcutContext(Qt::ApplicationShortcut);
  whatsThis = QWhatsThis::createAction(this);  // Shift+F1, then click any view
  whatsThis->setShortcutContext(Qt::ApplicationShortcut);
  shortcuts = new QAction(QStringLiteral("&Keyboard shortcuts"), this);
  shortcuts->setObjectName(QStringLiteral("actionShortcuts"));
  shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
  shortcuts->setShortcutContext(Qt::ApplicationShortcut);
  about = new QAction(QStringLiteral("&About SpAtten Studio"), this);
  about->setObjectName(QStringLiteral("actionAbout"));
  auto* aboutQt = new QAction(QStringLiteral("About &Qt"), this);
  // On the window too: the keys work with the menu bar hidden (presentation mode, full screen).
  for (QAction* a : {viewHelpAction, whatsThis, shortcuts}) window->addAction(a);
  menu->addAction(viewHelpAction);
  menu->addAction(whatsThis);
  menu->addAction(shortcuts);
  menu->addSeparator();
  menu->addAction(about);
  menu->addAction(aboutQt);

  connect(viewHelpAction, &QAction::triggered, this, &HelpMenu::showViewHelp);
  connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
  connect(shortcuts, &QAction::triggered, this, [this] {
    ShortcutsDialog dialog(m_window);
    dialog.exec();
  });
  connect(about, &QAction::triggered, this, [this] {
    QMessageBox::about(
        m_window, QStringLiteral("About SpAtten Studio"),
        QStringLiteral("<h3>SpAtten Studio %1</h3><p>See, step through and measure the SpAtten "
                       "sparse attention accelerator: a real transformer's attention, cascade "
                       "token and head pruning, local value pruning, the top-k engine, "
                       "progressive quantization and a cycle-level simulator of the datapath."
                       "</p><p>Based on the paper:<br>%2</p><p>MIT licence. Bundled models "
                       "trained on public-domain text.</p><p>Matrix products: %3.</p>")
            .arg(QApplication::applicationVersion(), paperCitation().toHtmlEscaped(),
                 QString::fromStdString(core::gemm::describeLevel()).toHtmlEscaped()));
  });
}

void HelpMenu::showViewHelp() {
  const int i = m_tabs->currentIndex();
  if (i < 0 || i >= static_cast<int>(m_views.size())) return;
  QWidget* view = m_views[static_cast<std::size_t>(i)].widget;
  QWhatsThis::showText(view->mapToGlobal(QPoint(view->width() / 8, view->height() / 8)),
                       view->whatsThis(), view);
}

}  // namespace spatten::app
