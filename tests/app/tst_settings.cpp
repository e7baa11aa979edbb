// Settings persistence (app/gui/settings_store.*): what one window saves, a new window restores.
// Every QSettings here is an INI file in a temporary directory, and QStandardPaths test mode is on,
// so the user's own settings are never read or written.
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/backend/run_presets.h"
#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/settings_store.h"

using namespace spatten;

class TstSettings : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
  }

  void roundTrip() {
    QSettings settings(m_dir.filePath(QStringLiteral("studio.ini")), QSettings::IniFormat);
    std::map<std::string, double> savedRun, savedHw;
    QString savedModel;
    {
      app::MainWindow w;
      w.resize(1300, 900);
      w.inputPanel()->setText(QStringLiteral("The settings test sentence."));
      w.inputPanel()->setGenerate(3);
      auto* keep = qobject_cast<QDoubleSpinBox*>(w.parametersPanel()->editor("token_keep_end"));
      QVERIFY(keep);
      keep->setValue(0.35);
      const QStringList hw = app::hardwarePresetNames();
      QVERIFY(!hw.isEmpty());
      w.parametersPanel()->setHardwarePresets(hw, hw.back());
      auto values = w.parametersPanel()->hardwareValues();
      QVERIFY(!values.empty());
      values.begin()->second += 1;  // a hand-edited hardware value
      w.parametersPanel()->setHardwareValues(values);
      savedRun = w.parametersPanel()->runValues();
      savedHw = w.parametersPanel()->hardwareValues();
      savedModel = w.inputPanel()->modelDir();
      app::saveSettings(w, settings);
    }
    QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("studio.ini"))));
    QCOMPARE(settings.value(QStringLiteral("input/text")).toString(),
             QStringLiteral("The settings test sentence."));

    app::MainWindow restored;
    QVERIFY(app::restoreSettings(restored, settings, true));
    QCOMPARE(restored.inputPanel()->text(), QStringLiteral("The settings test sentence."));
    QCOMPARE(restored.inputPanel()->generate(), 3);
    QCOMPARE(restored.inputPanel()->modelDir(), savedModel);
    QCOMPARE(restored.parametersPanel()->hardwarePreset(), app::hardwarePresetNames().back());
    QCOMPARE(restored.parametersPanel()->hardwareValues(), savedHw);
    const auto run = restored.parametersPanel()->runValues();
    QCOMPARE(run.at("token_keep_end"), 0.35);
    QCOMPARE(run, savedRun);
    // restoreGeometry() fits the window to the screen (offscreen: 800x600 unless configured).
    const QSize avail = QGuiApplication::primaryScreen()->availableGeometry().size();
    if (avail.width() >= 1300 && avail.height() >= 900)
      QCOMPARE(restored.size(), QSize(1300, 900));
    else
      QVERIFY(restored.size() != QSize(1600, 1000));  // the constructor's size was replaced

    // Inputs are not restored when the command line names them (geometry still is).
    app::MainWindow cli;
    const QString before = cli.inputPanel()->text();
    QVERIFY(!app::restoreSettings(cli, settings, false));
    QCOMPARE(cli.inputPanel()->text(), before);
  }

  void emptySettingsChangeNothing() {
    QSettings settings(m_dir.filePath(QStringLiteral("empty.ini")), QSettings::IniFormat);
    app::MainWindow w;
    const auto run = w.parametersPanel()->runValues();
    QVERIFY(!app::restoreSettings(w, settings, true));
    QCOMPARE(w.parametersPanel()->runValues(), run);
  }

  // spatten-studio --set KEY=VALUE: applied to the Hardware editors; a bad key or value changes
  // nothing and the error names the argument and the known keys.
  void commandLineHardwareOverrides() {
    app::MainWindow w;
    app::ParametersPanel* p = w.parametersPanel();
    const auto before = p->hardwareValues();
    QString error;
    QVERIFY(p->overrideHardware(
        {QStringLiteral("topk.model=1"), QStringLiteral("topk.parallelism = 4")}, &error));
    QCOMPARE(p->hardwareValues().at("topk.model"), 1.0);
    QCOMPARE(p->hardwareValues().at("topk.parallelism"), 4.0);
    QVERIFY(qobject_cast<QCheckBox*>(p->editor("topk.model"))->isChecked());
    p->setHardwareValues(before);
    for (const char* bad : {"nope=1", "topk.model=2", "topk.parallelism=x", "topk.model", "=3"}) {
      error.clear();
      const QStringList sets{QStringLiteral("multipliers=64"), QString::fromLatin1(bad)};
      QVERIFY2(!p->overrideHardware(sets, &error), bad);
      QVERIFY2(error.contains(QString::fromLatin1(bad)) &&
                   error.contains(QStringLiteral("softmax.passthrough")),
               qPrintable(error));
      QCOMPARE(p->hardwareValues(), before);
    }
  }

private:
  QTemporaryDir m_dir;
};

QTEST_MAIN(TstSettings)
#include "tst_settings.moc"
