// The Parameters panel is the parameter registry (core/config): one field per registry row with
// the row's label, range, step and unit; the keys spatten-cli lists; core's validation messages;
// a registry row added shows up with no GUI change. Expected values come from core's tables and
// from the spatten-cli binary, never from the panel.
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSpinBox>
#include <QToolButton>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "app/gui/backend/param_config.h"
#include "app/gui/backend/run_presets.h"
#include "app/gui/int64_spin_box.h"
#include "app/gui/param_field.h"
#include "app/gui/parameters_panel.h"
#include "core/config/registry.h"
#include "core/util/error.h"

using namespace spatten;

namespace {

// A panel with the default presets applied, as the main window builds it.
void loadDefaults(app::ParametersPanel& p) {
  p.setRunPresets(app::runPresetNames(), app::defaultRunPreset(false));
  p.setRunValues(app::runPresetValues(app::defaultRunPreset(false)));
  p.setHardwarePresets(app::hardwarePresetNames(), app::defaultHardwarePreset());
  p.setHardwareValues(app::hardwarePresetValues(app::defaultHardwarePreset()));
}

QLabel* labelOf(const app::ParametersPanel& p, const QWidget* editor) {
  for (QLabel* l : p.findChildren<QLabel*>())
    if (l->buddy() == editor) return l;
  return nullptr;
}

// The field shows the spec: its label, its range (the editor's ends), step, unit and choices.
void checkField(const app::ParametersPanel& p, const core::ParamSpec& s) {
  const app::ParamField* f = p.field(s.key);
  QVERIFY2(f, s.key.c_str());
  QCOMPARE(f->spec().key, s.key);
  const QLabel* label = labelOf(p, f->editor());
  QVERIFY2(label, s.key.c_str());
  QCOMPARE(label->text(), QString::fromStdString(s.label));
  QVERIFY(f->editor()->toolTip().contains(
      QString::fromStdString(core::allowedValues(s)).toHtmlEscaped()));
  const bool numeric = s.type == core::ParamType::Int || s.type == core::ParamType::Real ||
                       s.type == core::ParamType::RealList;
  if (numeric && !s.unit.empty()) {
    QVERIFY2(f->unitLabel(), s.key.c_str());
    QCOMPARE(f->unitLabel()->text(), QString::fromStdString(s.unit));
  } else {
    QVERIFY2(!f->unitLabel(), s.key.c_str());
  }
  // The lowest editor position: the "0 = float" slot below min, or just above an open min.
  const double zeroSlot = s.min - s.step;
  switch (s.type) {
    case core::ParamType::Bool:
      QVERIFY(qobject_cast<QCheckBox*>(f->editor()));
      break;
    case core::ParamType::Choice: {
      auto* combo = qobject_cast<QComboBox*>(f->editor());
      QVERIFY(combo);
      QCOMPARE(combo->count(), static_cast<int>(s.choices.size()));
      for (std::size_t i = 0; i < s.choices.size(); ++i)
        QCOMPARE(combo->itemText(static_cast<int>(i)), QString::fromStdString(s.choices[i].name));
      break;
    }
    case core::ParamType::Int:
      if (auto* spin = qobject_cast<QSpinBox*>(f->editor())) {
        QCOMPARE(spin->maximum(), static_cast<int>(s.max));
        QCOMPARE(spin->minimum(), static_cast<int>(s.zeroAllowed ? zeroSlot : s.min));
        QCOMPARE(spin->singleStep(), static_cast<int>(s.step));
      } else {
        auto* big = qobject_cast<app::Int64SpinBox*>(f->editor());
        QVERIFY2(big, s.key.c_str());
        QCOMPARE(big->maximum(), static_cast<qint64>(s.max));
        QCOMPARE(big->minimum(), static_cast<qint64>(s.min));
      }
      break;
    case core::ParamType::Real: {
      auto* spin = qobject_cast<QDoubleSpinBox*>(f->editor());
      QVERIFY2(spin, s.key.c_str());
      QCOMPARE(spin->maximum(), s.max);
      QCOMPARE(spin->singleStep(), s.step);
      if (s.zeroAllowed)
        QCOMPARE(spin->minimum(), zeroSlot);
      else if (s.minExclusive)
        QVERIFY2(spin->minimum() > s.min && spin->minimum() <= s.min + s.step, s.key.c_str());
      else
        QCOMPARE(spin->minimum(), s.min);
      break;
    }
    case core::ParamType::RealList:
      QVERIFY(qobject_cast<QLineEdit*>(f->editor()));
      break;
  }
}

// spatten-cli params --json: the registry as the CLI lists it.
nlohmann::json cliRegistry() {
  QProcess cli;
  cli.start(QString::fromUtf8(SPATTEN_CLI_PATH),
            {QStringLiteral("params"), QStringLiteral("--json")});
  if (!cli.waitForFinished(60000) || cli.exitCode() != 0) return {};
  return nlohmann::json::parse(cli.readAllStandardOutput().toStdString());
}

}  // namespace

class TstParamsPanel : public QObject {
  Q_OBJECT

private slots:
  // Rows == registry entries, in table order ("generate" is the Input panel's), each shown as
  // the registry describes it.
  void fieldsAreTheRegistry() {
    app::ParametersPanel p;
    std::vector<std::string> expected;
    for (const auto& row : core::runParams().rows())
      if (row.spec.key != "generate") expected.push_back(row.spec.key);
    for (const auto& row : core::hwParams().rows()) expected.push_back(row.spec.key);
    QCOMPARE(p.keys(), expected);
    for (const auto& row : core::runParams().rows())
      if (row.spec.key != "generate") checkField(p, row.spec);
    for (const auto& row : core::hwParams().rows()) checkField(p, row.spec);
    // Featured rows are in the main boxes; the others wait in the collapsed sections.
    p.resize(400, 3000);
    p.show();
    QVERIFY(QTest::qWaitForWindowExposed(&p));
    for (const std::string& key : expected)
      QCOMPARE(p.field(key)->isVisible(), p.field(key)->spec().featured);
    p.allHardwareToggle()->click();
    QVERIFY(p.field("hw.hbm.nCL")->isVisible());
  }

  // The keys, ranges and units are the ones spatten-cli lists (one spelling everywhere).
  void cliListsTheSameKeys() {
    const nlohmann::json j = cliRegistry();
    QVERIFY(j.is_object());
    app::ParametersPanel p;
    std::vector<std::string> cliKeys;
    for (const char* part : {"run", "hw"}) {
      for (const auto& e : j.at(part)) {
        const std::string key = e.at("key").get<std::string>();
        if (key == "generate") continue;
        cliKeys.push_back(key);
        const app::ParamField* f = p.field(key);
        QVERIFY2(f, key.c_str());
        QCOMPARE(f->spec().unit, e.at("unit").get<std::string>());
        QCOMPARE(f->spec().label, e.at("label").get<std::string>());
        if (e.contains("max")) QCOMPARE(f->spec().max, e.at("max").get<double>());
      }
    }
    QCOMPARE(p.keys(), cliKeys);
  }

  // A row added to a table (here a copy of the registry's hardware table plus one row) becomes a
  // field with its label, range and unit, and its value reaches the configuration.
  void registryRowAddedAppears() {
    std::vector<core::ParamTable<core::HwConfig>::Row> rows = core::hwParams().rows();
    core::ParamTable<core::HwConfig>::Row extra;
    extra.path = "topk.extra_fifo_depth";
    extra.member = &core::HwConfig::topkFifoDepth;  // any member: the table says which
    extra.spec.type = core::ParamType::Int;
    extra.spec.min = 2;
    extra.spec.max = 128;
    extra.spec.step = 2;
    extra.spec.unit = "slots";
    extra.spec.label = "Extra FIFO depth";
    extra.spec.group = "Top-k engines";
    extra.spec.featured = true;
    rows.push_back(extra);
    const core::ParamTable<core::HwConfig> table("hw.", rows);
    app::ParametersPanel p(core::runParams(), table);
    loadDefaults(p);
    checkField(p, table.find("hw.topk.extra_fifo_depth")->spec);
    QCOMPARE(p.keys().back(), std::string("hw.topk.extra_fifo_depth"));
    auto* spin = qobject_cast<QSpinBox*>(p.editor("hw.topk.extra_fifo_depth"));
    QVERIFY(spin);
    QSignalSpy changed(&p, &app::ParametersPanel::changed);
    spin->setValue(32);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(p.hardwareValues().at("hw.topk.extra_fifo_depth"), core::ParamValue(std::int64_t{32}));
    app::ParamValues only{{"hw.topk.extra_fifo_depth", std::int64_t{32}}};
    QCOMPARE(app::hwConfigFrom(app::defaultHardwarePreset(), only, "test", table).topkFifoDepth,
             32);
    QVERIFY(p.hardwareProblem().isEmpty());
  }

  // A value the rules refuse shows core's message (the text core::Error gives for the same
  // configuration) under the box and on the field; a valid value clears it.
  void invalidValuesShowCoresMessage() {
    app::ParametersPanel p;
    loadDefaults(p);
    QVERIFY(p.runProblem().isEmpty());
    QVERIFY(p.hardwareProblem().isEmpty());

    auto* channels = qobject_cast<QSpinBox*>(p.editor("hw.hbm.channels"));
    QVERIFY(channels);
    channels->setValue(3);
    QString expected;
    try {
      core::HwConfig hw = core::HwConfig::preset(app::defaultHardwarePreset().toStdString());
      hw.hbmChannels = 3;
      hw.validate("Parameters", "hw.");  // the panel names the key
    } catch (const core::Error& e) {
      expected = QString::fromUtf8(e.what());
    }
    QVERIFY(expected.contains(QStringLiteral("power of two")));
    QCOMPARE(p.hardwareProblem(), expected);
    QVERIFY(!p.hardwareProblemLabel()->isHidden());
    QCOMPARE(p.field("hw.hbm.channels")->problem(), expected);
    QVERIFY(p.editor("hw.hbm.channels")->toolTip().contains(expected.toHtmlEscaped()));
    channels->setValue(4);
    QVERIFY(p.hardwareProblem().isEmpty());
    QVERIFY(p.hardwareProblemLabel()->isHidden());
    QVERIFY(p.field("hw.hbm.channels")->problem().isEmpty());

    // A cross-field run rule: k_msb_bits + k_lsb_bits >= 2.
    qobject_cast<QSpinBox*>(p.editor("k_lsb_bits"))->setValue(0);
    qobject_cast<QSpinBox*>(p.editor("k_msb_bits"))->setValue(1);
    QVERIFY2(p.runProblem().contains(QStringLiteral("k_msb_bits + k_lsb_bits must be at least 2")),
             qPrintable(p.runProblem()));
    QVERIFY(!p.field("k_lsb_bits")->problem().isEmpty());
    qobject_cast<QSpinBox*>(p.editor("k_lsb_bits"))->setValue(4);
    QVERIFY(p.runProblem().isEmpty());

    // A list entry out of range: core::parseParam's message; the last valid value stays.
    auto* list = qobject_cast<QLineEdit*>(p.editor("token_keep_per_layer"));
    QVERIFY(list);
    const core::ParamValue before = p.field("token_keep_per_layer")->value();
    list->setText(QStringLiteral("0.5, 1.5"));
    emit list->editingFinished();
    QString listError;
    try {
      core::parseParam(core::runParams().find("token_keep_per_layer")->spec, "0.5, 1.5",
                       "Parameters");
    } catch (const core::Error& e) {
      listError = QString::fromUtf8(e.what());
    }
    QVERIFY(!listError.isEmpty());
    QCOMPARE(p.runProblem(), listError);
    QVERIFY(p.field("token_keep_per_layer")->value() == before);
    list->setText(QStringLiteral("0.5, 0.25"));
    emit list->editingFinished();
    QVERIFY(p.runProblem().isEmpty());
    QCOMPARE(p.runValues().at("token_keep_per_layer"),
             core::ParamValue(std::vector<double>{0.5, 0.25}));
  }

  // The preset boxes list core's presets, and choosing one sets exactly core's values.
  void presetsAreCores() {
    QStringList hw, run;
    for (const core::Preset& preset : core::hwPresets()) hw << QString::fromStdString(preset.name);
    for (const core::Preset& preset : core::runPresets())
      run << QString::fromStdString(preset.name);
    QCOMPARE(app::hardwarePresetNames(), hw);
    QCOMPARE(app::runPresetNames(), run);
    app::ParametersPanel p;
    loadDefaults(p);
    p.setHardwareValues(app::hardwarePresetValues(QStringLiteral("spatten-1of8")));
    for (const auto& [key, value] : core::hwPresets().at(1).values)
      QVERIFY2(p.hardwareValues().at(key) == value, key.c_str());
  }

  // Scrolling the panel with the wheel changes no editor under the pointer; a focused editor
  // still takes the wheel (wheel_guard.h). Found by hand: scrolling switched the hardware preset.
  void wheelChangesOnlyAFocusedEditor() {
    app::ParametersPanel p;
    loadDefaults(p);
    p.show();
    QVERIFY(QTest::qWaitForWindowExposed(&p));
    auto* preset = p.findChild<QComboBox*>(QStringLiteral("hardwarePreset"));
    QVERIFY(preset && preset->count() > 1);
    auto* spin = p.findChild<QDoubleSpinBox*>();
    QVERIFY(spin);
    const auto wheel = [](QWidget* w) {
      QWheelEvent ev(QPointF(5, 5), w->mapToGlobal(QPointF(5, 5)), QPoint(), QPoint(0, -120),
                     Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
      QApplication::sendEvent(w, &ev);
    };
    const int index = preset->currentIndex();
    const double value = spin->value();
    wheel(preset);
    wheel(spin);
    QCOMPARE(preset->currentIndex(), index);
    QCOMPARE(spin->value(), value);
    QCOMPARE(preset->focusPolicy(), Qt::StrongFocus);  // the wheel alone never focuses it
    p.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&p));
    spin->setFocus();
    QTRY_VERIFY(spin->hasFocus());
    wheel(spin);
    QVERIFY(spin->value() != value);
  }
};

QTEST_MAIN(TstParamsPanel)
#include "tst_params_panel.moc"
