#pragma once
// Helper threads of the worker run below it: they take a core the worker and the GUI thread leave
// idle and yield it whenever those have work.

namespace spatten::app {

// The calling thread at the lowest priority: SCHED_IDLE (Linux), which runs only on a core no
// other thread wants, else nice 19. Lowering is always allowed; the thread never raises it again
// (that would need a privilege). Elsewhere: nothing.
void lowestPriority();

// The calling thread at nice 10: it yields to the app's other threads (about 10 : 1 when both
// want a core) but, unlike SCHED_IDLE, still makes progress on a machine busy with other
// programs, so that the worker can wait for it or stop it (BackgroundRun).
void lowPriority();

}  // namespace spatten::app
