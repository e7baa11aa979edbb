// File > Export all writes the same files, byte for byte, as spatten-cli export --session for the
// same session; the data formats run off the GUI thread (the window keeps handling events); Load /
// Save run configuration round-trips the CLI's --config JSON; --export-session creates its folder.
#include <QDirIterator>
#include <QHashFunctions>
#include <QProcess>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/config_files.h"
#include "app/gui/export_menu.h"
#include "app/gui/exports.h"
#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/screenshot_runner.h"
#include "app/gui/session_document.h"
#include "app/gui/simulation_controller.h"
#include "core/session/session.h"
#include "tests/cli/dir_contents.h"
#include "views/common/session_model.h"

using namespace spatten;

namespace {

struct Prompts : app::DocumentPrompts {
  QStringList errors;
  int overwriteAsked = 0;
  bool overwrite = false;
  bool askOverwrite(const QString&) override {
    ++overwriteAsked;
    return overwrite;
  }
  void showError(const QString&, const QString& message) override { errors << message; }
};

// A session of the bundled tiny GPT-2 with the spatten-gpt2 preset on the spatten hardware.
core::Session tinyGpt2Session(const char* text, int generate) {
  core::Session s;
  s.model = SPATTEN_SAMPLES_DIR "/models/tiny-gpt2";
  s.text = text;
  s.run = core::presetConfig("spatten-gpt2");
  s.run.generate = generate;
  s.hw = core::HwConfig::preset("spatten");
  return s;
}

}  // namespace

class TstSessionExports : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() { QVERIFY(m_dir.isValid()); }

  void exportAllEqualsCli() {
    core::Session s = tinyGpt2Session("The export of the GUI and of the command line agree.", 1);
    s.run.token_keep_end = 0.25;
    s.cursor.cycle = 250;
    s.view = {{"tab", "datapath"}, {"run_preset", "spatten-gpt2"}};
    const QString file = m_dir.filePath(QStringLiteral("e.spatten.json"));
    core::saveSession(s, file.toStdString());

    app::MainWindow w;
    auto prompts = std::make_unique<Prompts>();
    Prompts* p = prompts.get();
    w.document()->setPrompts(std::move(prompts));
    w.resize(1600, 1000);
    w.show();
    QVERIFY(w.document()->openFile(file));
    app::waitForViews(&w, 300000);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame()->cycle == 250, 60000);
    const QString gui = m_dir.filePath(QStringLiteral("gui"));
    QDir().mkpath(gui);
    QSignalSpy done(w.exports(), &app::ExportMenu::finished);
    QVERIFY(w.exports()->exportAll(gui));
    QVERIFY(w.exports()->isBusy());  // the data formats run on a pool thread
    QVERIFY(done.wait(300000));
    QCOMPARE(done.front().front().toString(), QString());
    QVERIFY(p->errors.isEmpty());
    QCOMPARE(p->overwriteAsked, 0);  // an empty folder: nothing to replace

    QProcess cli;
    cli.setProcessChannelMode(QProcess::ForwardedChannels);
    const QString out = m_dir.filePath(QStringLiteral("cli"));
    cli.start(QStringLiteral(SPATTEN_CLI_PATH),
              {QStringLiteral("export"), QStringLiteral("--session"), file, QStringLiteral("--out"),
               out});
    QVERIFY(cli.waitForFinished(600000));
    QCOMPARE(cli.exitCode(), 0);
    const auto a = dirContents(gui), b = dirContents(out);
    QCOMPARE(a.keys(), b.keys());
    QVERIFY(a.size() >= 60);
    for (const QString& name : a.keys()) QVERIFY2(a[name] == b[name], qPrintable(name));

    // Again into the same folder: asks first; refused, nothing is touched.
    QVERIFY(!w.exports()->exportAll(gui));
    QCOMPARE(p->overwriteAsked, 1);
    QCOMPARE(dirContents(gui), a);
  }

  void runConfigRoundTrip() {
    app::MainWindow w;
    auto prompts = std::make_unique<Prompts>();
    Prompts* p = prompts.get();
    w.document()->setPrompts(std::move(prompts));
    w.load({}, {});
    QString error;
    QVERIFY(w.applyAssignments({QStringLiteral("value_keep=0.45"), QStringLiteral("policy=h2o"),
                                QStringLiteral("hw.topk.parallelism=8")},
                               &error));
    const QString run = m_dir.filePath(QStringLiteral("run.json"));
    const QString hw = m_dir.filePath(QStringLiteral("hw.json"));
    QVERIFY(w.configFiles()->saveRunFile(run));
    QVERIFY(w.configFiles()->saveHardwareFile(hw));
    // What the CLI reads with --config / --hw.
    const core::RunConfig cfg = core::loadConfigFile(run.toStdString());
    QCOMPARE(cfg.value_keep, 0.45);
    QCOMPARE(cfg.policy, std::string("h2o"));
    QCOMPARE(core::HwConfig::load(hw.toStdString()).topkParallelism, 8);

    app::MainWindow v;
    auto prompts2 = std::make_unique<Prompts>();
    Prompts* p2 = prompts2.get();
    v.document()->setPrompts(std::move(prompts2));
    v.load({}, {});
    QVERIFY(v.configFiles()->loadRunFile(run));
    QVERIFY(v.configFiles()->loadHardwareFile(hw));
    QCOMPARE(v.parametersPanel()->runValues(), w.parametersPanel()->runValues());
    QCOMPARE(v.parametersPanel()->hardwareValues(), w.parametersPanel()->hardwareValues());
    // A bad file: the whole message, nothing changed.
    QFile bad(m_dir.filePath(QStringLiteral("bad.json")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"value_keep": 3})");
    bad.close();
    QVERIFY(!v.configFiles()->loadRunFile(bad.fileName()));
    QCOMPARE(p2->errors.size(), 1);
    QVERIFY2(p2->errors.front().startsWith(bad.fileName() + QStringLiteral(": value_keep: ")),
             qPrintable(p2->errors.front()));
    QCOMPARE(v.parametersPanel()->runValues(), w.parametersPanel()->runValues());
    QVERIFY(p->errors.isEmpty());
  }

  // spatten-studio --export-session creates its --out folder when the parent exists (as
  // spatten-cli export does), and refuses one whose parent is missing before it runs anything.
  void exportSessionCreatesItsFolder() {
    const QString file = m_dir.filePath(QStringLiteral("f.spatten.json"));
    core::saveSession(tinyGpt2Session("A folder of its own.", 0), file.toStdString());
    // Installed or built, spatten-studio is where spatten-cli looks for it (cmd_export.cpp).
    const QFileInfo cli(QStringLiteral(SPATTEN_CLI_PATH));
    const QString studio = cli.dir().filePath(QStringLiteral("../gui/spatten-studio"));
    QVERIFY2(QFileInfo(studio).isExecutable(), qPrintable(studio));
    const auto run = [&](const QString& out, QString* err) {
      QProcess p;
      p.start(studio, {QStringLiteral("-platform"), QStringLiteral("offscreen"),
                       QStringLiteral("--export-session"), file, QStringLiteral("--out"), out,
                       QStringLiteral("--formats"), QStringLiteral("csv")});
      if (!p.waitForFinished(300000)) return -1;
      *err = QString::fromUtf8(p.readAllStandardError());
      return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    };
    QString err;
    const QString fresh = m_dir.filePath(QStringLiteral("fresh"));
    QCOMPARE(run(fresh, &err), 0);
    QVERIFY2(QFileInfo::exists(QDir(fresh).filePath(QStringLiteral("dram-traffic.csv"))),
             qPrintable(err));
    const QString orphan = m_dir.filePath(QStringLiteral("missing/child"));
    QCOMPARE(run(orphan, &err), 2);
    QVERIFY2(err.contains(QStringLiteral("--out: '%1' is not a folder").arg(orphan)),
             qPrintable(err));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("missing"))));
  }

  // The HTML report of a window whose model did not load: written, with the reason in the
  // result section (not an empty table) and in the charts' empty states.
  void reportOfAFailedLoad() {
    const QString bad = m_dir.filePath(QStringLiteral("badmodel"));
    QVERIFY(QDir().mkpath(bad));
    QFile config(bad + QStringLiteral("/config.json"));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("{\"model_type\": \"gpt2\", \"n_layer\": 2");
    config.close();
    app::MainWindow w;
    w.resize(1280, 720);
    w.show();
    QString error;
    w.load(bad, QStringLiteral("Pride & Prejudice"), 0, {}, &error);
    QTRY_VERIFY_WITH_TIMEOUT(
        w.session()->emptyAnalysisText().startsWith(QStringLiteral("No result: ")), 60000);
    // The report draws every chart, switching tabs: the current tab and the tab bar's scroll
    // position are as they were after it (the bar overflows at 1280 px; the last tabs are
    // further right than the current one).
    QTabBar* bar = w.tabs()->tabBar();
    w.tabs()->setCurrentIndex(5);
    const auto firstShown = [bar] { return bar->tabAt(QPoint(1, bar->height() / 2)); };
    QCOMPARE(firstShown(), 0);
    QVERIFY(bar->tabRect(bar->count() - 1).right() > bar->width());
    const QString path = m_dir.filePath(QStringLiteral("bad_report.html"));
    QVERIFY2(app::exportReport(w, path, &error), qPrintable(error));
    QCOMPARE(w.tabs()->currentIndex(), 5);
    QCOMPARE(firstShown(), 0);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(f.readAll());
    const QString reason = w.session()->emptyAnalysisText().toHtmlEscaped();
    QVERIFY2(reason.contains(QStringLiteral("config.json")), qPrintable(reason));
    QVERIFY2(html.contains(QStringLiteral("<p>%1</p>").arg(reason)), qPrintable(reason));
    QVERIFY(html.contains(QStringLiteral("<td>Pride &amp; Prejudice</td>")));
    QVERIFY(!html.contains(QStringLiteral("<table class=\"data\">")));
  }

private:
  QTemporaryDir m_dir;
};

int main(int argc, char** argv) {
  QHashSeed::setDeterministicGlobalSeed();  // as spatten-studio's main(): PDF font order
  QApplication app(argc, argv);
  TstSessionExports t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_session_exports.moc"
