#include "app/gui/session_state.h"

#include <QStatusBar>
#include <QTabWidget>

#include "app/gui/backend/param_config.h"
#include "app/gui/backend/run_presets.h"
#include "app/gui/compare_controls.h"
#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "views/common/session_model.h"

namespace spatten::app {
namespace {

nlohmann::json selectionJson(const views::Selection& s) {
  return {{"iteration", s.iteration},
          {"layer", s.layer},
          {"head", s.head},
          {"token", s.token},
          {"request", s.request}};
}

// The view state is GUI-owned and only advisory: a missing or mistyped member keeps the default.
int intOr(const nlohmann::json& j, const char* key, int fallback) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

QString stringOr(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>())
                                          : QString();
}

const char* const kModeNames[] = {"a", "b", "diff"};

// Compare mode's B in the view state: {"run_preset", "hw_preset", "run", "hw" (the whole
// configurations, as the session's own "run" / "hw"), "mode": "a" | "b" | "diff"}.
nlohmann::json compareJson(const AnalysisRequest& b, views::CompareMode mode, bool bert) {
  return {{"run_preset", b.runPreset.toStdString()},
          {"hw_preset", b.hwPreset.toStdString()},
          {"run", core::toJson(runConfigOf(b, bert))},
          {"hw", hwConfigOf(b).toJson()},
          {"mode", kModeNames[static_cast<int>(mode)]}};
}

// Throws core::Error naming the field (view.compare_b.run.token_keep_end, ...).
RunHwConfig compareFromJson(const nlohmann::json& j, views::CompareMode* mode) {
  const std::string source = "session view.compare_b";
  RunHwConfig b;
  b.runPreset = stringOr(j, "run_preset");
  b.hwPreset = stringOr(j, "hw_preset");
  const auto run = j.find("run");
  const auto hw = j.find("hw");
  if (run == j.end() || !run->is_object() || hw == j.end() || !hw->is_object())
    throw core::Error(source, "run", "compare_b needs the objects \"run\" and \"hw\"");
  b.runParams = valuesOf(core::configFromJson(*run, source));
  b.runParams.erase("generate");  // A's (the Input panel's)
  b.hwParams = valuesOf(core::HwConfig::fromJson(*hw, source));
  if (!runPresetNames().contains(b.runPreset)) b.runPreset = defaultRunPreset(false);
  if (!hardwarePresetNames().contains(b.hwPreset)) b.hwPreset = defaultHardwarePreset();
  const QString m = stringOr(j, "mode");
  *mode = m == QLatin1String("b")      ? views::CompareMode::B
          : m == QLatin1String("diff") ? views::CompareMode::Diff
                                       : views::CompareMode::A;
  return b;
}

}  // namespace

core::Session sessionOf(const MainWindow& window, const core::SessionCursor* pendingCursor) {
  const AnalysisRequest request = window.currentRequest();
  core::Session s;
  s.model = request.modelDir.toStdString();
  s.text = request.text.toStdString();
  s.run = runConfigOf(request, window.inputPanel()->isBert());
  s.hw = hwConfigOf(request);
  if (pendingCursor) {
    s.cursor = *pendingCursor;
  } else if (const views::SimFramePtr& f = window.session()->frame()) {
    s.cursor = {f->cycle, f->iteration, f->layer, f->head, f->query};
  }
  const int tab = window.tabs()->currentIndex();
  const auto& views = window.views();
  s.view = {{"tab", tab >= 0 && tab < static_cast<int>(views.size())
                        ? views[static_cast<std::size_t>(tab)].id.toStdString()
                        : std::string()},
            {"run_preset", request.runPreset.toStdString()},
            {"hw_preset", request.hwPreset.toStdString()},
            {"selection", selectionJson(window.session()->selection())}};
  if (const auto& b = window.compare()->pinned())
    s.view["compare_b"] = compareJson(request.with(*b), window.session()->compareMode(),
                                      window.inputPanel()->isBert());
  return s;
}

void applySession(MainWindow& window, const core::Session& s) {
  const nlohmann::json& view = s.view;
  window.editAsOne([&] {
    window.inputPanel()->setModelDir(QString::fromStdString(s.model.string()), false);
    window.inputPanel()->setText(QString::fromStdString(s.text));
    window.inputPanel()->setGenerate(s.run.generate);
    ParametersPanel* p = window.parametersPanel();
    const QString runPreset = stringOr(view, "run_preset");
    if (runPresetNames().contains(runPreset)) p->setRunPresets(runPresetNames(), runPreset);
    QString hwPreset = stringOr(view, "hw_preset");
    if (!hardwarePresetNames().contains(hwPreset)) hwPreset = QString::fromStdString(s.hw.name);
    if (hardwarePresetNames().contains(hwPreset))
      p->setHardwarePresets(hardwarePresetNames(), hwPreset);
    // Every field: the values are the file's whatever the preset says.
    p->setRunValues(valuesOf(s.run));
    p->setHardwareValues(valuesOf(s.hw));
  });
  // Compare mode's B (optional; files without it leave compare mode).
  std::optional<RunHwConfig> b;
  views::CompareMode mode = views::CompareMode::A;
  if (const auto c = view.find("compare_b"); c != view.end() && c->is_object()) {
    try {
      b = compareFromJson(*c, &mode);
    } catch (const std::exception& e) {
      window.statusBar()->showMessage(
          QStringLiteral("Compare mode's B not restored: %1").arg(QString::fromUtf8(e.what())),
          12000);
    }
  }
  if (b || window.compare()->pinned()) window.compare()->setPinned(b);
  if (b) window.session()->setCompareMode(mode);
  const QString tab = stringOr(view, "tab");
  for (std::size_t i = 0; i < window.views().size(); ++i)
    if (window.views()[i].id == tab) window.tabs()->setCurrentIndex(static_cast<int>(i));
  const std::optional<views::Selection> selection = sessionSelection(s);
  if (!selection) return;
  views::SessionModel* model = window.session();
  // After the new analysis (which clamps the selection to its shape): once. SessionDocument sets
  // it again when the frame reaches the restored cursor (follow mode moves it on the way there).
  const QString name = QStringLiteral("pendingSelection");
  for (QObject* o : model->findChildren<QObject*>(name, Qt::FindDirectChildrenOnly)) delete o;
  auto* once = new QObject(model);
  once->setObjectName(name);
  QObject::connect(model, &views::SessionModel::analysisChanged, once,
                   [model, once, sel = *selection] {
                     if (!model->analysis()) return;
                     model->setSelection(sel);
                     once->deleteLater();
                   });
}

std::optional<views::Selection> sessionSelection(const core::Session& s) {
  const auto sel = s.view.find("selection");
  if (sel == s.view.end() || !sel->is_object()) return std::nullopt;
  views::Selection selection;
  selection.iteration = intOr(*sel, "iteration", 0);
  selection.layer = intOr(*sel, "layer", 0);
  selection.head = intOr(*sel, "head", 0);
  selection.token = intOr(*sel, "token", -1);
  selection.request = intOr(*sel, "request", -1);
  return selection;
}

std::string contentKey(const core::Session& s) {
  nlohmann::json j = {{"model", s.model.lexically_normal().generic_string()},
                      {"text", s.text},
                      {"run", core::toJson(s.run)},
                      {"hw", s.hw.toJson()}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace spatten::app
