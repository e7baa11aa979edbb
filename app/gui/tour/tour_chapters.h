#pragma once
// The guided tour's chapters (issue 13, "Teaching"): which bundled sample each loads, which view
// it opens, and how it finds its point in the ACTUAL analysis and simulator timeline of that
// sample (resolveChapter): the layer, head and request to select, the cycle to step to, what to
// highlight and the text beside it with its numbers filled in from the data. Nothing here is a
// hard-coded layer, head or count: a retrained model or an edited sample changes the numbers and
// the text follows. Pure functions of immutable data; thread: any.

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

#include "views/common/sim_frame.h"
#include "views/common/view_data.h"

namespace spatten::app {

struct TourChapter {
  QString id;        // stable ("token-pruning"); persisted as the resume point
  QString title;     // "Cascade token pruning"
  QString sampleId;  // samples/sentences/index.json id
  QString viewId;    // view_factory id of the tab to open
  QStringList sets;  // overrides on top of the sample's ("key=value", spatten-cli --set)
  QString setsWhy;   // why the chapter overrides the sample
};
const std::vector<TourChapter>& tourChapters();

// What to outline in the chapter's view.
enum class TourMark {
  View,        // the whole view
  GridRow,     // the token-pruning grid's row `selection.layer`
  GridCell,    // the head-pruning grid's cell (selection.layer, selection.head)
  Module,      // the datapath's box of `module`
};

struct TourTarget {
  QString problem;             // non-empty: the data cannot show the chapter's point (why)
  views::Selection selection;  // set on the SessionModel as a whole
  int module = -1;             // core ModuleId whose first busy interval on the request is the moment
  std::uint64_t cycle = 0;     // the moment: the simulator is sought to this cycle
  bool untilTopkRound = false;  // then stepped cycle by cycle until topkRoundRunning()
  TourMark mark = TourMark::View;
  QString text;  // rich text beside the view, numbers from the data; "@cycle@" = the moment's cycle
};

// Resolves chapter `index` on `a` (the chapter's sample) and the whole-run timeline `t`.
TourTarget resolveChapter(int index, const views::AnalysisData& a, const views::SimTimeline& t);
// First busy cycle of `module` (core ModuleId) working on `request`; -1 when it never does.
std::int64_t firstBusyCycle(const views::SimTimeline& t, int module, std::int64_t request);
// The top-k engine compares the candidates of a quick-select round of `request` at frame `f`.
bool topkRoundRunning(const views::SimFrame& f, std::int64_t request);
// The moment of `t` is reached at frame `f` (sought to t.cycle, then stepped): the top-k round
// runs (untilTopkRound), or the simulator's cursor (the Q×K unit's request, shown in the status
// bar) is the selected request when the moment is Q×K's; otherwise at once.
bool momentReached(const TourTarget& t, const views::SimFrame& f);
// The line added below the top-k chapter's text once the round runs (the frame's numbers).
QString topkRoundText(const views::SimFrame& f);

}  // namespace spatten::app
