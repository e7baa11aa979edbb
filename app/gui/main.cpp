// spatten-studio: the desktop GUI. All logic lives in spatten_app_lib so tests can build the
// same MainWindow.
#include <QApplication>
#include <QHashFunctions>
#include <QIcon>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <cstdio>

#include "app/gui/app_options.h"
#include "app/gui/exports.h"
#include "app/gui/main_window.h"
#include "app/gui/screenshot_runner.h"
#include "app/gui/session_document.h"
#include "app/gui/settings_store.h"

int main(int argc, char** argv) {
  // Qt's hash order decides the order of the fonts in a PDF: fixed, so that exports of the same
  // session are byte-identical between runs (and with spatten-cli export).
  QHashSeed::setDeterministicGlobalSeed();
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("SpAtten Studio"));
  QApplication::setOrganizationName(QStringLiteral("SpAtten Studio"));
  QApplication::setApplicationVersion(QStringLiteral(SPATTEN_VERSION));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/spatten-studio.svg")));
  const spatten::app::AppOptions options = spatten::app::parseAppOptions(app.arguments());

  spatten::app::MainWindow window;
  if (!options.exportSession.isEmpty())  // spatten-cli export: no settings, no recovery
    return spatten::app::exportSessionCharts(window, options.exportSession, options.out,
                                             options.formats);
  // Screenshots are reproducible: they neither read nor write the user's settings.
  const bool persist = options.screenshotDir.isEmpty();
  QSettings settings;  // native location from the organization/application names above
  const bool fromCommandLine = !options.modelDir.isEmpty() || !options.text.isEmpty();
  QString settingsNote;
  if (persist) spatten::app::restoreSettings(window, settings, !fromCommandLine, &settingsNote);
  if (QString error;
      !window.load(options.modelDir, options.text, options.generate, options.sets, &error)) {
    std::fprintf(stderr, "spatten-studio: %s\n", qPrintable(error));
    return 2;
  }
  if (!settingsNote.isEmpty())
    std::fprintf(stderr, "spatten-studio: %s\n", qPrintable(settingsNote));
  spatten::app::SessionDocument* document = window.document();
  document->markClean();  // the restored inputs are an untitled session, not unsaved edits
  if (persist) {
    document->setSettings(&settings);
    // Autosave of unsaved session changes; offered back at the next start after a crash.
    document->setRecoveryFile(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                              QStringLiteral("/recovery.spatten.json"));
    QObject::connect(&app, &QApplication::aboutToQuit, &window, [&window, &settings, document] {
      spatten::app::saveSettings(window, settings);
      document->discardRecovery();  // a clean exit
    });
  }
  if (!options.session.isEmpty() && !document->openFile(options.session)) {
    std::fprintf(stderr, "spatten-studio: %s\n", qPrintable(document->lastError()));
    return 2;
  }
  // exit(), not quit(): quit() would close the window, which may ask about unsaved changes.
  if (options.quitAfterMs >= 0)
    QTimer::singleShot(options.quitAfterMs, &app, [] { QCoreApplication::exit(0); });
  if (!options.screenshotDir.isEmpty()) {
    const int n = spatten::app::takeScreenshots(&window, options.screenshotDir);
    std::printf("wrote %d screenshots to %s\n", n, qPrintable(options.screenshotDir));
    return n > 0 ? 0 : 1;
  }
  window.show();
  if (persist) QTimer::singleShot(0, document, [document] { document->offerRecovery(); });
  // After show(): QStatusBar hides its normal widgets under a message only when they are visible.
  if (!settingsNote.isEmpty()) window.statusBar()->showMessage(settingsNote, 20000);
  return app.exec();
}
