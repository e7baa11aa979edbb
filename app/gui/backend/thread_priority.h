#pragma once
// Helper threads of the worker (TimelinePrefetch, BackgroundRun) run at the lowest priority: they
// take a core no other thread of the app wants and yield it whenever the worker or the GUI thread
// has work.

namespace spatten::app {

// The calling thread at the lowest priority: SCHED_IDLE (Linux), which runs only on a core no
// other thread wants, else nice 19. Lowering is always allowed; the thread never raises it again
// (that would need a privilege). Elsewhere: nothing.
void lowestPriority();

}  // namespace spatten::app
