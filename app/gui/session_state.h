#pragma once
// Between the main window and a core session file (core/session/session.h): what the window
// shows as a core::Session, and a core::Session applied to the window. The "view" object of the
// file is owned here: {"tab": view id, "run_preset", "hw_preset", "selection": {iteration, layer,
// head, token, request}, "compare_b" (optional, compare mode's B: {"run_preset", "hw_preset",
// "run", "hw" (whole configurations), "mode": "a" | "b" | "diff"}; files without it are read as
// before and leave compare mode)}. Thread: GUI thread.

#include <QString>
#include <optional>

#include "core/session/session.h"
#include "views/common/view_data.h"

namespace spatten::app {

class MainWindow;

// The window's model, text, configurations (as the worker builds them from the panels), cursor
// (the current frame's cycle; `pendingCursor` while a restored cursor is still being replayed)
// and view state. Throws core::Error when the panels hold values core refuses.
core::Session sessionOf(const MainWindow& window, const core::SessionCursor* pendingCursor);

// Applies `s` as one edit (one request to the worker, submitted now); the tab is set at once, the
// selection once the new analysis arrives. The caller seeks to s.cursor.cycle after the analysis.
void applySession(MainWindow& window, const core::Session& s);

// The file's linked selection ("view"."selection"), nullopt when it has none.
std::optional<views::Selection> sessionSelection(const core::Session& s);

// What "unsaved changes" compares: model, text, run and hardware configuration (not the cursor,
// selection or tab, which change while one only looks around).
std::string contentKey(const core::Session& s);

}  // namespace spatten::app
