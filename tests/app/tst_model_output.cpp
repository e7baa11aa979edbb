// The Model output view (issue 13): GPT-2's generated text and BERT's [MASK] predictions, dense
// and pruned. Expected values come from an independent core::runReport on the same input and a
// softmax / top-5 written here, not from app/gui/backend/model_output.cpp.
#include <QComboBox>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "app/gui/backend/model_output.h"
#include "app/gui/backend/run_presets.h"
#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/sample_locator.h"
#include "app/gui/simulation_controller.h"
#include "core/model/model.h"
#include "core/functional/run_report.h"
#include "core/tokenizer/tokenizer.h"
#include "views/common/session_model.h"
#include "views/widgets/model_output_view.h"

using namespace spatten;

namespace {

struct Top {
  std::vector<int> ids;
  std::vector<double> probs;
};

// Softmax (long double, no max subtraction needed at these magnitudes, but kept) and the five
// largest, ties to the lower id.
Top top5(const core::RowVector& logits) {
  long double mx = logits(0);
  for (Eigen::Index i = 1; i < logits.size(); ++i) mx = std::max<long double>(mx, logits(i));
  long double sum = 0;
  for (Eigen::Index i = 0; i < logits.size(); ++i) sum += std::exp(logits(i) - mx);
  std::vector<int> order(static_cast<std::size_t>(logits.size()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return logits(a) > logits(b); });
  Top t;
  for (int i = 0; i < 5; ++i) {
    t.ids.push_back(order[static_cast<std::size_t>(i)]);
    t.probs.push_back(
        static_cast<double>(std::exp(logits(order[static_cast<std::size_t>(i)]) - mx) / sum));
  }
  return t;
}

void compare(const std::vector<views::Prediction>& got, const Top& want, const char* what) {
  QCOMPARE(got.size(), std::size_t{5});
  for (std::size_t i = 0; i < 5; ++i) {
    QVERIFY2(got[i].id == want.ids[i], what);
    QVERIFY2(std::abs(static_cast<double>(got[i].prob) - want.probs[i]) < 1e-5, what);
  }
}

void waitForResult(app::MainWindow& w) {
  QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() != nullptr, 120000);
  QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy(), 120000);
}

}  // namespace

class TstModelOutput : public QObject {
  Q_OBJECT

private slots:
  void gpt2GeneratesDenseAndPruned() {
    app::MainWindow w;
    w.load({}, {}, 3);
    waitForResult(w);
    const auto a = w.session()->analysis();
    QVERIFY(a->hasSpatten);
    const std::filesystem::path dir = w.inputPanel()->modelDir().toStdString();
    const auto tokenizer = core::loadTokenizer(dir);
    const auto model = core::Model::load(dir);
    std::vector<int> ids;
    for (const auto& t : tokenizer->encode(w.inputPanel()->text().toStdString()))
      ids.push_back(t.id);
    core::RunConfig cfg = core::presetConfig(app::defaultRunPreset(false).toStdString());
    cfg.generate = 3;
    const core::RunReport report = core::runReport(*model, ids, cfg);
    // One slot per pass: the prompt's prediction and one per generated token.
    QCOMPARE(a->output.entries.size(), report.dense->stepLogits.size());
    for (std::size_t s = 0; s < a->output.entries.size(); ++s) {
      const views::OutputSlot& slot = a->output.entries[s];
      QCOMPARE(slot.position, static_cast<int>(ids.size() + s));
      compare(slot.dense, top5(report.dense->stepLogits[s]), "dense");
      compare(slot.pruned, top5(report.pruned.stepLogits[s]), "pruned");
      if (s < report.dense->generatedIds.size())
        QCOMPARE(slot.dense.front().id, report.dense->generatedIds[s]);  // greedy
    }
    // The view shows the generated text and the pruned picks.
    auto* view = w.findChild<views::ModelOutputView*>();
    QVERIFY(view);
    const QString html = view->html();
    QVERIFY(html.contains(QStringLiteral("GPT-2 generates")));
    QVERIFY(html.contains(QStringLiteral("SpAtten (pruned)")));
    QVERIFY(w.view(QStringLiteral("output")) != nullptr);
  }

  // A checkpoint whose output layer is wider than its tokenizer (a BERT-base-shaped model with a
  // smaller vocab.txt, or a padded vocabulary) predicts ids that have no text: they were shown as
  // an empty token ("").
  void idsBeyondTheTokenizerAreNamed() {
    QString bert;
    for (const auto& m : app::bundledModels())
      if (app::isBertModel(m.dir)) bert = m.dir;
    QVERIFY(!bert.isEmpty());
    const auto tokenizer = core::loadTokenizer(bert.toStdString());
    const int vocab = tokenizer->vocabSize();
    core::RowVector logits = core::RowVector::Zero(vocab + 8);
    logits(vocab + 3) = 5.0f;
    logits(7) = 4.0f;
    const auto preds = app::topPredictions(logits, *tokenizer, true);
    QCOMPARE(preds.size(), std::size_t(views::kOutputTopK));
    QCOMPARE(preds[0].id, vocab + 3);
    QCOMPARE(preds[0].token, QStringLiteral("[id %1: not in the tokenizer]").arg(vocab + 3));
    QCOMPARE(preds[1].id, 7);
    QCOMPARE(preds[1].token, QString::fromStdString(tokenizer->tokenText(7)));
    QVERIFY(!preds[1].token.isEmpty());
  }

  void bertFillsMasks() {
    app::MainWindow w;
    QString bert;
    for (const auto& m : app::bundledModels())
      if (app::isBertModel(m.dir)) bert = m.dir;
    QVERIFY(!bert.isEmpty());
    const QString text = app::defaultSentence(bert);
    QVERIFY(text.contains(QStringLiteral("[MASK]")));
    w.load(bert, text);
    waitForResult(w);
    const auto a = w.session()->analysis();
    QVERIFY(a->hasSpatten);
    const std::filesystem::path dir = bert.toStdString();
    const auto tokenizer = core::loadTokenizer(dir);
    const auto model = core::Model::load(dir);
    std::vector<int> ids, masks;
    const int maskId = *tokenizer->specialId("[MASK]");
    for (const auto& t : tokenizer->encode(text.toStdString())) {
      if (t.id == maskId) masks.push_back(static_cast<int>(ids.size()));
      ids.push_back(t.id);
    }
    const core::RunReport report =
        core::runReport(*model, ids, core::presetConfig(app::defaultRunPreset(true).toStdString()));
    QCOMPARE(a->output.entries.size(), masks.size());
    for (std::size_t i = 0; i < masks.size(); ++i) {
      const views::OutputSlot& slot = a->output.entries[i];
      QCOMPARE(slot.position, masks[i]);
      const core::RowMatrix dense =
          model->logits(report.dense->finalHidden({masks[i]}, Eigen::all));
      const core::RowMatrix pruned =
          model->logits(report.pruned.finalHidden({masks[i]}, Eigen::all));
      compare(slot.dense, top5(dense.row(0)), "dense");
      compare(slot.pruned, top5(pruned.row(0)), "pruned");
      QCOMPARE(slot.dense.front().token,
               QString::fromStdString(tokenizer->tokenText(slot.dense.front().id)));
    }
    const QString html = w.findChild<views::ModelOutputView*>()->html();
    QVERIFY(html.contains(QStringLiteral("BERT fills in [MASK]")));
    // A sentence without [MASK] says how to get predictions.
    w.inputPanel()->setText(QStringLiteral("The cat sat on the mat."));
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() && w.session()->analysis() != a, 120000);
    waitForResult(w);
    QVERIFY(w.session()->analysis()->output.entries.empty());
    QVERIFY(w.findChild<views::ModelOutputView*>()->html().contains(QStringLiteral("[MASK]")));
  }
};

QTEST_MAIN(TstModelOutput)
#include "tst_model_output.moc"
