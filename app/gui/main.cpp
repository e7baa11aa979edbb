// spatten-studio: the desktop GUI. All logic lives in spatten_app_lib so tests can build the
// same MainWindow.
#include <QApplication>
#include <QIcon>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <cstdio>

#include "app/gui/app_options.h"
#include "app/gui/main_window.h"
#include "app/gui/screenshot_runner.h"
#include "app/gui/settings_store.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("SpAtten Studio"));
  QApplication::setOrganizationName(QStringLiteral("SpAtten Studio"));
  QApplication::setApplicationVersion(QStringLiteral(SPATTEN_VERSION));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/spatten-studio.svg")));
  const spatten::app::AppOptions options = spatten::app::parseAppOptions(app.arguments());

  spatten::app::MainWindow window;
  // Screenshots are reproducible: they neither read nor write the user's settings.
  const bool persist = options.screenshotDir.isEmpty();
  QSettings settings;  // native location from the organization/application names above
  const bool fromCommandLine = !options.modelDir.isEmpty() || !options.text.isEmpty();
  QString settingsNote;
  if (persist) spatten::app::restoreSettings(window, settings, !fromCommandLine, &settingsNote);
  if (QString error; !window.applyAssignments(options.sets, &error)) {
    std::fprintf(stderr, "spatten-studio: %s\n", qPrintable(error));
    return 2;
  }
  window.load(options.modelDir, options.text, options.generate);
  if (!settingsNote.isEmpty())
    std::fprintf(stderr, "spatten-studio: %s\n", qPrintable(settingsNote));
  if (persist)
    QObject::connect(&app, &QApplication::aboutToQuit, &window,
                     [&window, &settings] { spatten::app::saveSettings(window, settings); });
  if (options.quitAfterMs >= 0) QTimer::singleShot(options.quitAfterMs, &app, &QApplication::quit);
  if (!options.screenshotDir.isEmpty()) {
    const int n = spatten::app::takeScreenshots(&window, options.screenshotDir);
    std::printf("wrote %d screenshots to %s\n", n, qPrintable(options.screenshotDir));
    return n > 0 ? 0 : 1;
  }
  window.show();
  // After show(): QStatusBar hides its normal widgets under a message only when they are visible.
  if (!settingsNote.isEmpty()) window.statusBar()->showMessage(settingsNote, 20000);
  return app.exec();
}
