#pragma once
// Persists the session between runs with QSettings: window geometry and dock state, the model
// folder, sentence, generation length, run preset + parameter values and hardware preset +
// values. The caller owns the QSettings object (main() builds the default one from the
// organization/application names; tests pass a file in a temporary directory), so nothing here
// is global. Thread: GUI thread.

#include <QStringList>

class QSettings;
class QString;

namespace spatten::app {

class MainWindow;

// Writes everything listed above. Call before the window is destroyed (e.g. on aboutToQuit).
void saveSettings(const MainWindow& window, QSettings& settings);

// Restores the window geometry/state always and, when `inputs` is true, the model folder (only if
// it still holds a config.json), sentence, generation length and parameters. Emits the panels'
// changed() signals (a debounced recompute); callers that want an immediate run call
// MainWindow::load({}, {}) afterwards. Returns true when saved inputs were found and applied.
// Settings written before the parameter registry (version 1: "topk.parallelism" = 16) are read
// under the registry's keys ("hw.topk.parallelism"); *note then says what was migrated or
// ignored (for the status bar), and the next saveSettings() writes the new keys.
bool restoreSettings(MainWindow& window, QSettings& settings, bool inputs, QString* note = nullptr);

// File > Open Recent: session files, most recent first (SessionDocument keeps at most 8).
QStringList recentSessions(QSettings& settings);
void setRecentSessions(QSettings& settings, const QStringList& files);

}  // namespace spatten::app
