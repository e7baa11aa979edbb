#pragma once
// Command-line options of spatten-studio. Thread: GUI thread (before the window exists).

#include <QString>
#include <QStringList>

namespace spatten::app {

struct AppOptions {
  QString modelDir;       // --model DIR
  QString text;           // --text TEXT
  int generate = -1;      // --generate N (-1 = keep the default)
  QString screenshotDir;  // --screenshot-dir DIR: render every view to PNG, then quit
  int quitAfterMs = -1;   // --quit-after MS
  QString session;        // --open FILE: a session file (.spatten.json)
  QString exportSession;  // --export-session FILE: write its charts (--out, --formats), quit
  QString out;            // --out DIR
  QStringList formats;    // --formats png,svg,pdf,csv
  QStringList sets;       // --set KEY=VALUE (repeatable): any registry key, as spatten-cli --set
};

// Parses arguments (argv[0] first); exits the process with usage on --help / errors.
AppOptions parseAppOptions(const QStringList& arguments);

}  // namespace spatten::app
