#include "app/gui/sweep_dialog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QVBoxLayout>
#include <thread>

#include "app/gui/backend/sweep_job.h"
#include "app/gui/main_window.h"
#include "app/gui/screen_fit.h"
#include "core/config/registry.h"
#include "core/util/error.h"
#include "views/plots/pareto_view.h"

namespace spatten::app {
namespace {

// The --set text of a row's parameter value (strings as they are, lists comma-separated).
template <typename Json>
QString assignmentValue(const Json& v) {
  if (v.is_string()) return QString::fromStdString(v.template get<std::string>());
  if (v.is_array()) {
    QStringList items;
    for (const auto& x : v) items << QString::fromStdString(x.dump());
    return items.join(QLatin1Char(','));
  }
  return QString::fromStdString(v.dump());
}

// Numeric leaves of a row by dotted name; a corpus figure ({"mean", ...}) gives its mean.
void collectFigures(const nlohmann::ordered_json& j, const std::string& name,
                    QMap<QString, double>& out) {
  if (j.is_object() && j.contains("mean")) {
    collectFigures(j["mean"], name, out);
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it.key() != "params")
        collectFigures(it.value(), name.empty() ? it.key() : name + "." + it.key(), out);
  } else if (j.is_number()) {
    out.insert(QString::fromStdString(name), j.get<double>());
  }
}

std::vector<views::ParetoPoint> paretoPoints(const std::vector<nlohmann::ordered_json>& rows) {
  std::vector<views::ParetoPoint> out;
  for (const nlohmann::ordered_json& r : rows) {
    views::ParetoPoint p;
    p.point = r["point"].get<qulonglong>();
    for (auto it = r["params"].begin(); it != r["params"].end(); ++it)
      p.params.append({QString::fromStdString(it.key()), assignmentValue(it.value())});
    collectFigures(r, "", p.figures);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

SweepDialog::SweepDialog(MainWindow* window)
    : QDialog(window), m_window(window), m_job(new SweepJob(this)) {
  setObjectName(QStringLiteral("sweepDialog"));
  setWindowTitle(QStringLiteral("Design-space sweep"));
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  auto* keyRow = new QHBoxLayout;
  m_key = new QComboBox(this);
  m_key->setObjectName(QStringLiteral("sweepKey"));
  for (const auto& r : core::runParams().rows())
    if (r.spec.key != "generate")
      m_key->addItem(QString::fromStdString(r.spec.key + "  (" + r.spec.label + ")"),
                     QString::fromStdString(r.spec.key));
  for (const auto& r : core::hwParams().rows())
    m_key->addItem(QString::fromStdString(r.spec.key + "  (" + r.spec.label + ")"),
                   QString::fromStdString(r.spec.key));
  auto* add = new QPushButton(QStringLiteral("Add axis"), this);
  keyRow->addWidget(m_key, 1);
  keyRow->addWidget(add);
  form->addRow(QStringLiteral("Parameter:"), keyRow);
  m_axes = new QPlainTextEdit(this);
  m_axes->setObjectName(QStringLiteral("sweepAxes"));
  m_axes->setPlaceholderText(QStringLiteral("One axis per line: KEY=FROM:TO:STEP or KEY=V1,V2,..."));
  m_axes->setPlainText(QStringLiteral("token_keep_end=0.1:0.9:0.2\nhw.topk.parallelism=4,16"));
  m_axes->setMaximumHeight(90);
  form->addRow(QStringLiteral("Axes:"), m_axes);
  m_sentences = new QPlainTextEdit(this);
  m_sentences->setObjectName(QStringLiteral("sweepSentences"));
  m_sentences->setPlainText(window->currentRequest().text);
  m_sentences->setMaximumHeight(70);
  form->addRow(QStringLiteral("Sentences (one per line):"), m_sentences);
  m_jobs = new QSpinBox(this);
  m_jobs->setRange(1, std::max(1, static_cast<int>(std::thread::hardware_concurrency())));
  m_jobs->setValue(m_jobs->maximum());
  form->addRow(QStringLiteral("Threads:"), m_jobs);
  layout->addLayout(form);
  auto* runRow = new QHBoxLayout;
  m_run = new QPushButton(QStringLiteral("Run"), this);
  m_run->setObjectName(QStringLiteral("sweepRun"));
  m_cancel = new QPushButton(QStringLiteral("Cancel"), this);
  m_cancel->setObjectName(QStringLiteral("sweepCancel"));
  m_progress = new QProgressBar(this);
  runRow->addWidget(m_run);
  runRow->addWidget(m_cancel);
  runRow->addWidget(m_progress, 1);
  layout->addLayout(runRow);
  m_status = new QLabel(QStringLiteral("The base is the current model, text and parameters."), this);
  m_status->setObjectName(QStringLiteral("sweepStatus"));
  m_status->setWordWrap(true);
  layout->addWidget(m_status);
  m_pareto = new views::ParetoView(this);
  layout->addWidget(m_pareto, 1);
  resize(fitToScreen(window, QSize(820, 760)));  // the chart shrinks on a small screen
  setRunning(false);

  connect(add, &QPushButton::clicked, this, &SweepDialog::addAxis);
  connect(m_run, &QPushButton::clicked, this, &SweepDialog::start);
  connect(m_cancel, &QPushButton::clicked, m_job, &SweepJob::cancel);
  connect(m_job, &SweepJob::progress, this, [this](qulonglong done, qulonglong total, double rate) {
    m_progress->setMaximum(static_cast<int>(total));
    m_progress->setValue(static_cast<int>(done));
    const double eta = rate > 0 ? double(total - done) / rate : 0.0;
    m_status->setText(QStringLiteral("%1 / %2 points, %3 points/s, ETA %4 s")
                          .arg(done).arg(total).arg(rate, 0, 'f', 1).arg(eta, 0, 'f', 0));
  });
  connect(m_job, &SweepJob::finished, this, [this](bool complete) {
    setRunning(false);
    m_pareto->setPoints(paretoPoints(m_job->rows()));
    m_status->setText(complete ? QStringLiteral("Done: %1 points.").arg(m_pareto->points().size())
                               : QStringLiteral("Cancelled after %1 points (shown).")
                                     .arg(m_pareto->points().size()));
  });
  connect(m_job, &SweepJob::failed, this, [this](const QString& message) {
    setRunning(false);
    m_status->setText(QStringLiteral("Sweep failed: ") + message);
  });
  connect(m_pareto, &views::ParetoView::pointActivated, this, &SweepDialog::loadPoint);
}

void SweepDialog::addAxis() {
  const std::string key = m_key->currentData().toString().toStdString();
  const AnalysisRequest r = m_window->currentRequest();
  const ParamValues& values = key.rfind("hw.", 0) == 0 ? r.hwParams : r.runParams;
  QString value = QStringLiteral("...");
  if (const auto it = values.find(key); it != values.end())
    value = assignmentValue(core::paramToJson(it->second));
  m_axes->appendPlainText(QString::fromStdString(key) + QLatin1Char('=') + value);
}

bool SweepDialog::start() {
  if (m_job->running()) return false;
  SweepSpec spec;
  const QStringList lines = m_axes->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  try {
    for (int i = 0; i < lines.size(); ++i)
      spec.grid.add(core::parseGridAxis(lines[i].trimmed().toStdString(),
                                        "axis line " + std::to_string(i + 1)),
                    "axis line " + std::to_string(i + 1));
  } catch (const core::Error& e) {
    m_status->setText(QString::fromUtf8(e.what()));
    return false;
  }
  if (spec.grid.axes.empty()) {
    m_status->setText(QStringLiteral("Give at least one axis (Parameter + Add axis)."));
    return false;
  }
  spec.base = m_window->currentRequest();
  for (const QString& s : m_sentences->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
    spec.texts << s;
  if (spec.texts.isEmpty()) spec.texts << spec.base.text;
  spec.jobs = m_jobs->value();
  m_progress->setMaximum(static_cast<int>(spec.grid.points()));
  m_progress->setValue(0);
  m_status->setText(QStringLiteral("Running %1 points...").arg(spec.grid.points()));
  setRunning(true);
  m_job->start(std::move(spec));
  return true;
}

void SweepDialog::loadPoint(int row) {
  const views::ParetoPoint& p = m_pareto->points()[static_cast<std::size_t>(row)];
  QStringList sets;
  for (const auto& kv : p.params) sets << kv.first + QLatin1Char('=') + kv.second;
  QString error;
  if (m_window->loadAssignments(sets, &error))
    m_status->setText(QStringLiteral("Loaded point %1 into every view: %2")
                          .arg(p.point)
                          .arg(sets.join(QStringLiteral(", "))));
  else
    m_status->setText(QStringLiteral("Cannot load point: ") + error);
}

void SweepDialog::setRunning(bool running) {
  m_run->setEnabled(!running);
  m_cancel->setEnabled(running);
  m_axes->setReadOnly(running);
}

}  // namespace spatten::app
