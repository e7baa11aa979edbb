// The sample picker (issue 13, "Teaching"): every entry of samples/sentences/index.json, chosen
// from File > Samples or the Input panel's combo, sets the model, sentence, generation length and
// parameters through the panels, and the worker computes it. The expected values are read here
// from index.json and the sentence files with Qt's JSON parser, not through sample_catalog.cpp;
// the effect each sample promises is checked on the analysis the worker published.
#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>

#include "app/gui/backend/param_config.h"
#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/sample_catalog.h"
#include "app/gui/sample_locator.h"
#include "app/gui/sample_picker.h"
#include "app/gui/simulation_controller.h"
#include "core/util/error.h"
#include "views/common/session_model.h"

using namespace spatten;

namespace {

const QString kDir = QStringLiteral(SPATTEN_SAMPLES_DIR "/sentences");

QJsonArray indexEntries() {
  QFile f(kDir + QStringLiteral("/index.json"));
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("samples")).toArray();
}

QString sentence(const QString& file) {
  QFile f(kDir + QLatin1Char('/') + file);
  return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
}

void waitForResult(app::MainWindow& w) {
  QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy(), 120000);
  QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() != nullptr, 120000);
}

// The run configuration the worker will use for the window's current inputs.
core::RunConfig currentRun(const app::MainWindow& w) {
  return app::runConfigOf(w.currentRequest(), w.inputPanel()->isBert());
}

// Checks the window against index entry `e` (model family, text, generate, preset, overrides).
void checkInputs(const app::MainWindow& w, const QJsonObject& e) {
  const bool bert = e.value(QStringLiteral("model")).toString() == QStringLiteral("bert");
  QCOMPARE(w.inputPanel()->isBert(), bert);
  QCOMPARE(w.inputPanel()->text(), sentence(e.value(QStringLiteral("file")).toString()));
  if (!bert) QCOMPARE(w.inputPanel()->generate(), e.value(QStringLiteral("generate")).toInt());
  const QString preset = e.value(QStringLiteral("run_preset")).toString();
  QCOMPARE(w.parametersPanel()->runPreset(), preset);
  // Every run field: the preset's value unless the sample overrides it.
  const app::ParamValues want = app::valuesOf(core::presetConfig(preset.toStdString()));
  const app::ParamValues got = w.parametersPanel()->runValues();
  std::map<std::string, QString> overrides;
  for (const QJsonValue& s : e.value(QStringLiteral("set")).toArray()) {
    const QStringList kv = s.toString().split(QLatin1Char('='));
    overrides[kv.value(0).toStdString()] = kv.value(1);
  }
  for (const auto& [key, value] : want) {
    if (key == "generate") continue;
    const auto it = got.find(key);
    QVERIFY2(it != got.end(), key.c_str());
    if (const auto o = overrides.find(key); o != overrides.end()) {
      QVERIFY2(std::holds_alternative<double>(it->second), key.c_str());
      QCOMPARE(std::get<double>(it->second), o->second.toDouble());
    } else {
      QVERIFY2(it->second == value, key.c_str());
    }
  }
  QVERIFY(!w.inputPanel()->sampleNote().isEmpty());
}

}  // namespace

class TstSamples : public QObject {
  Q_OBJECT

private slots:
  void indexListsFiveEffects() {
    const QJsonArray entries = indexEntries();
    QCOMPARE(entries.size(), 5);
    const auto samples = app::loadSamples(kDir);
    QCOMPARE(samples.size(), std::size_t{5});
    for (qsizetype i = 0; i < entries.size(); ++i) {
      const QJsonObject e = entries[i].toObject();
      QCOMPARE(samples[static_cast<std::size_t>(i)].id, e.value(QStringLiteral("id")).toString());
      QCOMPARE(samples[static_cast<std::size_t>(i)].text,
               sentence(e.value(QStringLiteral("file")).toString()));
    }
  }

  // Each menu action sets every input; the worker then computes that sample.
  void menuSetsModelTextAndParameters() {
    app::MainWindow w;
    w.load({}, {});
    waitForResult(w);
    for (const QJsonValue& v : indexEntries()) {
      const QJsonObject e = v.toObject();
      const QString id = e.value(QStringLiteral("id")).toString();
      auto* action = w.findChild<QAction*>(QStringLiteral("actionSample_") + id);
      QVERIFY2(action, qPrintable(id));
      action->trigger();
      checkInputs(w, e);
      QCOMPARE(w.inputPanel()->sampleCombo()->currentData().toString(), id);
      waitForResult(w);
      const auto a = w.session()->analysis();
      QVERIFY2(a->hasSpatten, qPrintable(a->spattenError));
      QCOMPARE(a->family, e.value(QStringLiteral("model")).toString());
      QCOMPARE(a->passCount, 1 + (a->family == QStringLiteral("bert")
                                      ? 0
                                      : e.value(QStringLiteral("generate")).toInt()));
      QCOMPARE(w.tabs()->currentWidget(), w.view(e.value(QStringLiteral("view")).toString()));
    }
  }

  // The combo does the same; editing the sentence afterwards clears the choice and its note.
  void comboSetsInputsAndEditClearsIt() {
    app::MainWindow w;
    const QJsonArray entries = indexEntries();
    QComboBox* combo = w.inputPanel()->sampleCombo();
    QCOMPARE(combo->count(), entries.size() + 1);  // placeholder first
    const int refetch = combo->findData(QStringLiteral("refetch"));
    QVERIFY(refetch > 0);
    emit combo->activated(refetch);
    checkInputs(w, entries[refetch - 1].toObject());
    QCOMPARE(currentRun(w).pq_threshold, 0.4);
    waitForResult(w);
    w.inputPanel()->setText(QStringLiteral("Something else entirely."));
    QCOMPARE(combo->currentIndex(), 0);
    QVERIFY(w.inputPanel()->sampleNote().isEmpty());
    QCOMPARE(currentRun(w).pq_threshold, 0.4);  // the parameters stay
  }

  // The effects the index promises are there in what the worker computed.
  void samplesShowTheirEffect() {
    app::MainWindow w;
    const auto samples = w.samplePicker()->samples();
    auto pick = [&](const QString& id) {
      for (const auto& s : samples)
        if (s.id == id) w.applySample(s);
      waitForResult(w);
      return w.session()->analysis();
    };
    // Threshold 0.4: most requests refetch their key LSBs.
    auto a = pick(QStringLiteral("refetch"));
    std::size_t refetched = 0;
    for (const auto& r : a->requests) refetched += r.refetch ? 1 : 0;
    QVERIFY2(2 * refetched > a->requests.size(), "fewer than half the requests refetch");
    // Function words: the last layer of pass 0 skips many tokens, every one a function word or
    // punctuation.
    a = pick(QStringLiteral("function-words"));
    const auto& alive = a->iterations.front().tokenAlive.back();
    const QStringList function = QStringLiteral("it that as were all there was to and but , .")
                                     .split(QLatin1Char(' '));
    int skipped = 0;
    for (std::size_t i = 0; i < alive.size(); ++i) {
      if (alive[i]) continue;
      ++skipped;
      const QString word = a->tokens[i].text.trimmed().toLower();
      QVERIFY2(function.contains(word), qPrintable(word));
    }
    QVERIFY(3 * skipped > static_cast<int>(alive.size()));  // 17 of 35
    // Long generation: 32 generated tokens, and DRAM falls more than with Generate 4.
    a = pick(QStringLiteral("long-generation"));
    QCOMPARE(static_cast<int>(a->tokens.size()) - a->promptLength, 32);
    const double longReduction = a->dram.denseTotal() / a->dram.total();
    w.inputPanel()->setGenerate(4);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() && w.session()->analysis()->passCount == 5,
                             120000);
    const auto shortRun = w.session()->analysis();
    QVERIFY(longReduction > shortRun->dram.denseTotal() / shortRun->dram.total());
  }

  // A broken index names the file and the field; the picker says so and offers nothing.
  void brokenIndexNamesFileAndField() {
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("index.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"samples": [{"id": "x", "title": "X", "file": "x.txt", "model": "t5",
               "run_preset": "dense", "look_at": "-"}]})");
    f.close();
    try {
      app::loadSamples(dir.path());
      QFAIL("no error");
    } catch (const core::Error& e) {
      QVERIFY(QString::fromStdString(e.file()).endsWith(QStringLiteral("index.json")));
      QCOMPARE(QString::fromStdString(e.field()), QStringLiteral("samples[0].model"));
    }
    QMenu menu;
    QComboBox combo;
    app::SamplePicker picker(dir.path(), &menu, &combo, nullptr);
    QVERIFY(picker.samples().empty());
    QVERIFY(picker.error().contains(QStringLiteral("samples[0].model")));
    QVERIFY(!combo.isEnabled());
    QCOMPARE(menu.actions().size(), 1);
    QVERIFY(!menu.actions().front()->isEnabled());
  }
};

QTEST_MAIN(TstSamples)
#include "tst_samples.moc"
