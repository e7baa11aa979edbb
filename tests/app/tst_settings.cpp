// Settings persistence (app/gui/settings_store.*): what one window saves, a new window restores.
// Every QSettings here is an INI file in a temporary directory, and QStandardPaths test mode is on,
// so the user's own settings are never read or written.
#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/actions.h"
#include "app/gui/backend/param_config.h"
#include "app/gui/backend/run_presets.h"
#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "default_request.h"
#include "views/common/session_model.h"
#include "app/gui/param_field.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/sample_locator.h"
#include "app/gui/settings_store.h"
#include "core/config/assign.h"

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
    app::ParamValues savedRun, savedHw;
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
      // Hand-edited values of every type: int, choice by number, choice by name, bool, list.
      w.parametersPanel()->setHardwareValues({{"hw.topk.parallelism", std::int64_t{4}},
                                              {"hw.topk.model", std::int64_t{1}},
                                              {"hw.energy.qk_mac_pj", 0.123456789}});
      w.parametersPanel()->setRunValues({{"policy", std::string("h2o")},
                                         {"pq_enabled", true},
                                         {"seed", std::int64_t{9007199254740991}},
                                         {"token_keep_per_layer", std::vector<double>{0.9, 0.5}}});
      savedRun = w.parametersPanel()->runValues();
      savedHw = w.parametersPanel()->hardwareValues();
      savedModel = w.inputPanel()->modelDir();
      w.actions()->followSimulator->trigger();  // off (on by default)
      QVERIFY(!w.session()->followsFrame());
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
    QVERIFY(restored.parametersPanel()->hardwareValues() == savedHw);
    const auto run = restored.parametersPanel()->runValues();
    QCOMPARE(run.at("token_keep_end"), core::ParamValue(0.35));
    QCOMPARE(run.at("seed"), core::ParamValue(std::int64_t{9007199254740991}));
    QCOMPARE(restored.parametersPanel()->hardwareValues().at("hw.energy.qk_mac_pj"),
             core::ParamValue(0.123456789));
    QVERIFY(run == savedRun);
    QVERIFY(!restored.actions()->followSimulator->isChecked());
    QVERIFY(!restored.session()->followsFrame());
    // Saved with the registry's keys and JSON values.
    QCOMPARE(settings.value(QStringLiteral("settings/version")).toInt(), 2);
    QCOMPARE(settings.value(QStringLiteral("hardware/hw.topk.parallelism")).toString(),
             QStringLiteral("4"));
    QCOMPARE(settings.value(QStringLiteral("run/policy")).toString(), QStringLiteral("\"h2o\""));
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
    QVERIFY(w.parametersPanel()->runValues() == run);
    QVERIFY(w.session()->followsFrame());
  }

  // Settings written before the registry (version 1: the old panel's keys, plain numbers) load
  // under the registry's keys, with a note that says so; a value the registry refuses is
  // ignored and named.
  void version1SettingsMigrate() {
    const QString path = m_dir.filePath(QStringLiteral("v1.ini"));
    {
      QSettings old(path, QSettings::IniFormat);
      old.setValue(QStringLiteral("input/modelDir"), QString());
      old.setValue(QStringLiteral("input/text"), QStringLiteral("Old settings."));
      old.setValue(QStringLiteral("parameters/hardwarePreset"), QStringLiteral("spatten"));
      old.setValue(QStringLiteral("run/token_keep_end"), 0.25);
      old.setValue(QStringLiteral("run/pq_enabled"), 1.0);
      old.setValue(QStringLiteral("run/k_msb_bits"), 6.0);
      old.setValue(QStringLiteral("hardware/multipliers"), 64.0);
      old.setValue(QStringLiteral("hardware/topk.parallelism"), 8.0);
      old.setValue(QStringLiteral("hardware/topk.model"), 1.0);
      old.setValue(QStringLiteral("hardware/hbm.channels"), 4.0);
      old.setValue(QStringLiteral("hardware/softmax.passthrough"), 0.0);
      old.setValue(QStringLiteral("hardware/topk.fifo_depth"), 0.0);  // below the range 1..65536
      old.sync();
    }
    QSettings settings(path, QSettings::IniFormat);
    app::MainWindow w;
    QString note;
    QVERIFY(app::restoreSettings(w, settings, true, &note));
    const auto run = w.parametersPanel()->runValues();
    QCOMPARE(run.at("token_keep_end"), core::ParamValue(0.25));
    QCOMPARE(run.at("pq_enabled"), core::ParamValue(true));
    QCOMPARE(run.at("k_msb_bits"), core::ParamValue(std::int64_t{6}));
    const auto hw = w.parametersPanel()->hardwareValues();
    QCOMPARE(hw.at("hw.qk.multipliers"), core::ParamValue(std::int64_t{64}));
    QCOMPARE(hw.at("hw.av.multipliers"), core::ParamValue(std::int64_t{64}));
    QCOMPARE(hw.at("hw.topk.parallelism"), core::ParamValue(std::int64_t{8}));
    QCOMPARE(hw.at("hw.topk.model"), core::ParamValue(std::int64_t{1}));
    QCOMPARE(hw.at("hw.hbm.channels"), core::ParamValue(std::int64_t{4}));
    QCOMPARE(hw.at("hw.topk.fifo_depth"), core::ParamValue(std::int64_t{64}));  // kept
    QVERIFY2(note.contains(QStringLiteral("topk.parallelism \u2192 hw.topk.parallelism")) &&
                 note.contains(QStringLiteral("multipliers \u2192 hw.qk.multipliers+"
                                              "hw.av.multipliers")),
             qPrintable(note));
    // The ignored value is named with core's range message.
    QVERIFY2(note.contains(QStringLiteral("topk.fifo_depth = 0")) &&
                 note.contains(QString::fromStdString(
                     core::allowedValues(*core::findParam("hw.topk.fifo_depth")))),
             qPrintable(note));
    // Saving writes version 2 with the new keys only.
    app::saveSettings(w, settings);
    QCOMPARE(settings.value(QStringLiteral("settings/version")).toInt(), 2);
    QVERIFY(!settings.contains(QStringLiteral("hardware/multipliers")));
    QCOMPARE(settings.value(QStringLiteral("hardware/hw.qk.multipliers")).toString(),
             QStringLiteral("64"));
    app::MainWindow again;
    QString none;
    QVERIFY(app::restoreSettings(again, settings, true, &none));
    QVERIFY2(none.isEmpty(), qPrintable(none));
    QVERIFY(again.parametersPanel()->hardwareValues() == hw);
  }

  // spatten-studio --set KEY=VALUE: the registry's keys as spatten-cli spells them, applied to
  // the panels (and "generate" to the Input panel); a bad key or value, or a configuration the
  // rules refuse, changes nothing and the error is core's (the same text spatten-cli prints).
  // --model DIR --set KEY=VALUE: the assignments apply to the model given, after its switch
  // resets the run parameters to that model's preset (they were applied first and lost).
  void commandLineAssignmentsOutliveTheModelSwitch() {
    app::MainWindow w;
    const QString bert = test::bundledModelDir(QStringLiteral("tiny-bert"));
    QVERIFY(!bert.isEmpty());
    QString error;
    QVERIFY2(w.load(bert, {}, -1, {QStringLiteral("value_keep=0.3")}, &error), qPrintable(error));
    QVERIFY(w.inputPanel()->isBert());
    QCOMPARE(w.parametersPanel()->runPreset(), app::defaultRunPreset(true));
    QCOMPARE(w.parametersPanel()->runValues().at("value_keep"), core::ParamValue(0.3));
    QCOMPARE(w.currentRequest().runParams.at("value_keep"), core::ParamValue(0.3));
    QVERIFY(!w.load(bert, {}, -1, {QStringLiteral("value_keep=7")}, &error));
    QVERIFY2(error.contains(QStringLiteral("value_keep")), qPrintable(error));
  }

  void commandLineAssignments() {
    app::MainWindow w;
    app::ParametersPanel* p = w.parametersPanel();
    const auto beforeHw = p->hardwareValues();
    const auto beforeRun = p->runValues();
    QString error;
    QVERIFY2(w.applyAssignments(
                 {QStringLiteral("hw.topk.model=rtl-dummy"),
                  QStringLiteral("hw.topk.parallelism=4"), QStringLiteral("token_keep_end=0.2"),
                  QStringLiteral("policy=h2o"), QStringLiteral("generate=3")},
                 &error),
             qPrintable(error));
    QCOMPARE(p->hardwareValues().at("hw.topk.model"), core::ParamValue(std::int64_t{1}));
    QCOMPARE(p->hardwareValues().at("hw.topk.parallelism"), core::ParamValue(std::int64_t{4}));
    QCOMPARE(p->runValues().at("token_keep_end"), core::ParamValue(0.2));
    QCOMPARE(p->runValues().at("policy"), core::ParamValue(std::string("h2o")));
    QCOMPARE(w.inputPanel()->generate(), 3);
    QCOMPARE(qobject_cast<QComboBox*>(p->editor("hw.topk.model"))->currentText(),
             QStringLiteral("rtl-dummy"));
    p->setHardwareValues(beforeHw);
    p->setRunValues(beforeRun);
    for (const char* bad :
         {"nope=1", "topk.parallelism=4", "hw.topk.model=2", "hw.topk.parallelism=x",
          "hw.topk.parallelism=2000", "hw.topk.model", "hw.topk.parallelism = 4", "=3",
          "hw.hbm.channels=3", "pool_kernel=4"}) {
      error.clear();
      const QStringList sets{QStringLiteral("hw.qk.multipliers=64"), QString::fromLatin1(bad)};
      QVERIFY2(!w.applyAssignments(sets, &error), bad);
      // What spatten-cli says for the same assignment (it applies them one by one with
      // core::applyParameter, with the same cross-field rules).
      core::RunConfig run = core::presetConfig("spatten-gpt2");
      core::HwConfig hw;
      QString cli;
      try {
        core::applyParameter(bad, &run, &hw);
      } catch (const core::Error& e) {
        cli = QString::fromUtf8(e.what());
      }
      QVERIFY2(!cli.isEmpty(), bad);
      QCOMPARE(error, cli);
      QVERIFY(p->hardwareValues() == beforeHw);
      QVERIFY(p->runValues() == beforeRun);
    }
  }

private:
  QTemporaryDir m_dir;
};

QTEST_MAIN(TstSettings)
#include "tst_settings.moc"
