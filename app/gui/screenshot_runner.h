#pragma once
// --screenshot-dir: waits for the first result, then renders every view (the whole window at
// 1600x1000, one tab at a time) to DIR/<nn>-<view id>.png and quits. Thread: GUI thread.

#include <QObject>
#include <QString>

namespace spatten::app {

class MainWindow;

// Returns the number of PNGs written (also when waiting timed out: the views are shot as they are).
int takeScreenshots(MainWindow* window, const QString& dir, int timeoutMs = 120000);

// Handles events for `ms` milliseconds (the worker's results arrive as queued signals).
void pumpEvents(int ms);
// Waits (at most `timeoutMs`) for the current request's result, then for the
// whole-run timeline and the research summary of the simulator (computed in slices).
void waitForViews(MainWindow* window, int timeoutMs);

}  // namespace spatten::app
