// Session files in the GUI: save -> open in a fresh window restores the identical state
// (inputs, every parameter, cursor, selection, tab), the unsaved-changes prompt, the title, the
// recent-files list, autosave + recovery after a "crash", and a bad file's whole error shown.
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/session_document.h"
#include "app/gui/session_state.h"
#include "app/gui/settings_store.h"
#include "app/gui/simulation_controller.h"
#include "views/common/session_model.h"

using namespace spatten;
using app::DocumentPrompts;

namespace {

// Scripted answers; records the errors shown.
struct ScriptedPrompts : DocumentPrompts {
  Unsaved unsaved = Unsaved::Cancel;
  bool recover = true;
  QString path;
  QStringList errors;
  int unsavedAsked = 0;
  Unsaved askUnsaved(const QString&) override {
    ++unsavedAsked;
    return unsaved;
  }
  QString openPath(const QString&, const QString&) override { return path; }
  QString savePath(const QString&, const QString&, const QString&) override { return path; }
  QString folderPath(const QString&) override { return path; }
  bool askOverwrite(const QString&) override { return true; }
  bool askRecover(const QString&) override { return recover; }
  void showError(const QString&, const QString& message) override { errors << message; }
};

ScriptedPrompts* script(app::MainWindow& w) {
  auto p = std::make_unique<ScriptedPrompts>();
  ScriptedPrompts* raw = p.get();
  w.document()->setPrompts(std::move(p));
  return raw;
}

void waitIdle(app::MainWindow& w) {
  QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() != nullptr, 120000);
  QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy(), 120000);
  QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() != nullptr, 120000);
}

}  // namespace

class TstSessionDocument : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() { QVERIFY(m_dir.isValid()); }

  void saveThenOpenRestoresIdenticalState() {
    const QString file = m_dir.filePath(QStringLiteral("round.spatten.json"));
    std::string saved;
    views::Selection selection;
    {
      app::MainWindow a;
      a.show();
      a.load({}, QStringLiteral("Session files keep the work of an afternoon."), 2);
      waitIdle(a);
      QString error;
      QVERIFY2(
          a.applyAssignments({QStringLiteral("value_keep=0.35"),
                              QStringLiteral("hw.topk.parallelism=4"), QStringLiteral("seed=77")},
                             &error),
          qPrintable(error));
      a.controller()->submitNow(a.currentRequest());
      waitIdle(a);
      a.controller()->seek(120);
      QTRY_COMPARE_WITH_TIMEOUT(a.session()->frame()->cycle, std::uint64_t{120}, 60000);
      a.session()->selectLayerHead(1, 3);
      selection = a.session()->selection();
      a.tabs()->setCurrentIndex(2);
      QVERIFY(a.document()->isModified());
      QVERIFY(a.windowTitle().startsWith(QStringLiteral("Untitled*")));
      QVERIFY(a.document()->saveAs(file));
      QVERIFY(!a.document()->isModified());
      QCOMPARE(a.windowTitle(), QStringLiteral("round.spatten.json \u2014 SpAtten Studio"));
      saved = core::sessionText(app::sessionOf(a, nullptr), file.toStdString());
    }
    app::MainWindow b;
    ScriptedPrompts* prompts = script(b);
    b.show();
    b.load({}, {});
    waitIdle(b);
    QVERIFY(b.document()->openFile(file));
    QVERIFY(prompts->errors.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(b.session()->frame() && b.session()->frame()->cycle == 120, 120000);
    QTRY_COMPARE_WITH_TIMEOUT(b.session()->selection(), selection, 60000);
    QCOMPARE(b.tabs()->currentIndex(), 2);
    QCOMPARE(b.inputPanel()->generate(), 2);
    QCOMPARE(std::get<double>(b.parametersPanel()->runValues().at("value_keep")), 0.35);
    const std::string reopened = core::sessionText(app::sessionOf(b, nullptr), file.toStdString());
    QCOMPARE(QString::fromStdString(reopened), QString::fromStdString(saved));
    QVERIFY(!b.document()->isModified());
    QCOMPARE(b.windowTitle(), QStringLiteral("round.spatten.json \u2014 SpAtten Studio"));
  }

  void unsavedChangesPrompt() {
    app::MainWindow w;
    ScriptedPrompts* prompts = script(w);
    w.load({}, {});
    waitIdle(w);
    w.document()->markClean();
    QVERIFY(w.document()->newSession());  // nothing unsaved: no question
    QCOMPARE(prompts->unsavedAsked, 0);
    w.inputPanel()->setText(QStringLiteral("an unsaved edit"));
    QVERIFY(w.windowTitle().startsWith(QStringLiteral("Untitled*")));
    prompts->unsaved = DocumentPrompts::Unsaved::Cancel;
    QVERIFY(!w.document()->newSession());
    QVERIFY(!w.close());  // closing asks too, and Cancel keeps the window
    QCOMPARE(prompts->unsavedAsked, 2);
    QCOMPARE(w.inputPanel()->text(), QStringLiteral("an unsaved edit"));
    prompts->unsaved = DocumentPrompts::Unsaved::Save;  // Save -> Save As with the given path
    prompts->path = m_dir.filePath(QStringLiteral("prompted.spatten.json"));
    QVERIFY(w.document()->newSession());
    QVERIFY(QFileInfo::exists(prompts->path));
    QVERIFY(w.inputPanel()->text() != QStringLiteral("an unsaved edit"));
    QVERIFY(w.document()->path().isEmpty());
  }

  void recentFilesList() {
    QSettings settings(m_dir.filePath(QStringLiteral("recent.ini")), QSettings::IniFormat);
    app::MainWindow w;
    script(w);
    w.document()->setSettings(&settings);
    w.load({}, {});
    waitIdle(w);
    for (const char* name : {"r1.spatten.json", "r2.spatten.json", "r1.spatten.json"})
      QVERIFY(w.document()->saveAs(m_dir.filePath(QString::fromLatin1(name))));
    QCOMPARE(app::recentSessions(settings),
             QStringList({m_dir.filePath(QStringLiteral("r1.spatten.json")),
                          m_dir.filePath(QStringLiteral("r2.spatten.json"))}));
  }

  void recoveryAfterCrash() {
    const QString recovery = m_dir.filePath(QStringLiteral("data/recovery.spatten.json"));
    {
      app::MainWindow w;
      script(w);
      w.document()->setRecoveryFile(recovery, 3600);
      w.load({}, {});
      waitIdle(w);
      w.document()->markClean();
      w.document()->autosave();
      QVERIFY(!QFileInfo::exists(recovery));  // nothing unsaved, nothing written
      w.inputPanel()->setText(QStringLiteral("work that must survive a crash"));
      w.document()->autosave();
      QVERIFY(QFileInfo::exists(recovery));
      w.hide();  // "crash": no discardRecovery
    }
    QVERIFY(QFileInfo::exists(recovery));
    app::MainWindow w;
    ScriptedPrompts* prompts = script(w);
    w.document()->setRecoveryFile(recovery, 3600);
    w.load({}, {});
    QVERIFY(w.document()->offerRecovery());
    QCOMPARE(w.inputPanel()->text(), QStringLiteral("work that must survive a crash"));
    QVERIFY(w.document()->isModified());
    QVERIFY(prompts->errors.isEmpty());
    w.document()->discardRecovery();  // a clean exit
    QVERIFY(!QFileInfo::exists(recovery));
    QVERIFY(!w.document()->offerRecovery());
  }

  void badSessionErrorIsShownWhole() {
    const QString file = m_dir.filePath(QStringLiteral("bad.spatten.json"));
    {
      QFile f(file);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(R"({"format":"spatten-session","version":1,"model":"/nonexistent/model"})");
    }
    app::MainWindow w;
    ScriptedPrompts* prompts = script(w);
    w.load({}, {});
    waitIdle(w);
    const QString before = w.inputPanel()->text();
    QVERIFY(!w.document()->openFile(file));
    QCOMPARE(prompts->errors.size(), 1);
    QCOMPARE(prompts->errors.front(),
             file + QStringLiteral(": model: no model folder at '/nonexistent/model'"));
    QCOMPARE(w.inputPanel()->text(), before);  // nothing changed
    QVERIFY(w.document()->path().isEmpty());
  }

private:
  QTemporaryDir m_dir;
};

QTEST_MAIN(TstSessionDocument)
#include "tst_session_document.moc"
