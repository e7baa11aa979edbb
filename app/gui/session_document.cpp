#include "app/gui/session_document.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>

#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/session_state.h"
#include "app/gui/settings_store.h"
#include "app/gui/simulation_controller.h"
#include "core/util/error.h"
#include "views/common/session_model.h"

namespace spatten::app {
namespace {

const QString kFilter = QStringLiteral("SpAtten sessions (*.spatten.json);;JSON (*.json)");
const char* kRecoveryOf = "recovery_of";  // view member: the file a recovery file belongs to

QAction* makeAction(QObject* parent, const QString& text, const QKeySequence& key,
                    const QString& name) {
  auto* a = new QAction(text, parent);
  a->setShortcut(key);
  a->setShortcutContext(Qt::ApplicationShortcut);
  a->setObjectName(name);
  return a;
}

}  // namespace

DocumentPrompts::Unsaved DocumentPrompts::askUnsaved(const QString& name) {
  const auto answer = QMessageBox::question(
      parent, QStringLiteral("Unsaved changes"),
      QStringLiteral("Save the changes to %1?").arg(name),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (answer == QMessageBox::Save) return Unsaved::Save;
  return answer == QMessageBox::Discard ? Unsaved::Discard : Unsaved::Cancel;
}

QString DocumentPrompts::openPath(const QString& title, const QString& filter) {
  return QFileDialog::getOpenFileName(parent, title, QString(), filter);
}

QString DocumentPrompts::savePath(const QString& title, const QString& suggestion,
                                  const QString& filter) {
  return QFileDialog::getSaveFileName(parent, title, suggestion, filter);
}

QString DocumentPrompts::folderPath(const QString& title) {
  return QFileDialog::getExistingDirectory(parent, title);
}

bool DocumentPrompts::askOverwrite(const QString& what) {
  return QMessageBox::question(parent, QStringLiteral("Replace files?"), what,
                               QMessageBox::Yes | QMessageBox::Cancel,
                               QMessageBox::Cancel) == QMessageBox::Yes;
}

bool DocumentPrompts::askRecover(const QString& what) {
  return QMessageBox::question(parent, QStringLiteral("Recover unsaved work?"), what,
                               QMessageBox::Yes | QMessageBox::Discard,
                               QMessageBox::Yes) == QMessageBox::Yes;
}

void DocumentPrompts::showError(const QString& title, const QString& message) {
  // Non-blocking, the whole text selectable; the window keeps working.
  auto* box = new QMessageBox(QMessageBox::Critical, title, message, QMessageBox::Ok, parent);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setTextInteractionFlags(Qt::TextSelectableByMouse);
  box->setObjectName(QStringLiteral("errorDialog"));
  box->open();
}

SessionDocument::SessionDocument(MainWindow* window)
    : QObject(window), m_window(window), m_prompts(std::make_unique<DocumentPrompts>()) {
  m_prompts->parent = window;
  newAction = makeAction(this, QStringLiteral("&New session"), QKeySequence::New,
                         QStringLiteral("actionNewSession"));
  openAction = makeAction(this, QStringLiteral("&Open session..."), QKeySequence::Open,
                          QStringLiteral("actionOpenSession"));
  saveAction = makeAction(this, QStringLiteral("&Save session"), QKeySequence::Save,
                          QStringLiteral("actionSaveSession"));
  saveAsAction = makeAction(this, QStringLiteral("Save session &as..."), QKeySequence::SaveAs,
                            QStringLiteral("actionSaveSessionAs"));
  recentMenu = new QMenu(QStringLiteral("Open &recent"), window);
  recentMenu->setObjectName(QStringLiteral("recentMenu"));
  connect(recentMenu, &QMenu::aboutToShow, this, &SessionDocument::fillRecent);
  connect(newAction, &QAction::triggered, this, [this] { newSession(); });
  connect(openAction, &QAction::triggered, this, [this] { open(); });
  connect(saveAction, &QAction::triggered, this, [this] { save(); });
  connect(saveAsAction, &QAction::triggered, this, [this] { saveAs(); });
  connect(&m_autosave, &QTimer::timeout, this, &SessionDocument::autosave);
  connect(window->inputPanel(), &InputPanel::changed, this, &SessionDocument::updateTitle);
  connect(window->parametersPanel(), &ParametersPanel::changed, this,
          &SessionDocument::updateTitle);
  // The title follows every edit; the cursor restored from a file is pending until reached.
  connect(window->session(), &views::SessionModel::frameChanged, this, [this] {
    const views::SimFramePtr& f = m_window->session()->frame();
    if (m_pendingCursor && f && (f->cycle == m_pendingCursor->cycle || f->finished)) {
      m_pendingCursor.reset();
      if (m_pendingSelection) m_window->session()->setSelection(*m_pendingSelection);
      m_pendingSelection.reset();
    }
  });
  connect(window->controller(), &SimulationController::analysisFailed, this, [this] {
    m_pendingCursor.reset();
    m_pendingSelection.reset();
  });
  markClean();
}

SessionDocument::~SessionDocument() = default;

void SessionDocument::setSettings(QSettings* settings) {
  m_settings = settings;
}

void SessionDocument::setRecoveryFile(const QString& path, int seconds) {
  m_recoveryPath = path;
  m_autosave.stop();
  if (!path.isEmpty()) m_autosave.start(seconds * 1000);
}

void SessionDocument::setPrompts(std::unique_ptr<DocumentPrompts> prompts) {
  prompts->parent = m_window;
  m_prompts = std::move(prompts);
}

std::optional<core::Session> SessionDocument::current() {
  try {
    return sessionOf(*m_window, m_pendingCursor ? &*m_pendingCursor : nullptr);
  } catch (const std::exception& e) {
    fail(QStringLiteral("Cannot save the session"),
         QStringLiteral("The parameters are not a valid configuration: %1")
             .arg(QString::fromUtf8(e.what())));
    return std::nullopt;
  }
}

bool SessionDocument::isModified() const {
  try {
    return contentKey(sessionOf(*m_window, nullptr)) != m_cleanKey;
  } catch (const std::exception&) {
    return true;  // invalid values are unsaved edits
  }
}

QString SessionDocument::displayName() const {
  return m_path.isEmpty() ? QStringLiteral("Untitled") : QFileInfo(m_path).fileName();
}

void SessionDocument::markClean() {
  try {
    m_cleanKey = contentKey(sessionOf(*m_window, nullptr));
  } catch (const std::exception&) {
    m_cleanKey.clear();
  }
  updateTitle();
}

void SessionDocument::updateTitle() {
  const bool modified = isModified();
  m_window->setWindowTitle(QStringLiteral("%1%2 \u2014 SpAtten Studio")
                               .arg(displayName(), modified ? QStringLiteral("*") : QString()));
  emit titleChanged();
}

void SessionDocument::fail(const QString& title, const QString& message) {
  m_lastError = message;
  m_prompts->showError(title, message);
}

bool SessionDocument::maybeKeepChanges() {
  if (!isModified()) return true;
  switch (m_prompts->askUnsaved(displayName())) {
    case DocumentPrompts::Unsaved::Save:
      return save();
    case DocumentPrompts::Unsaved::Discard:
      return true;
    case DocumentPrompts::Unsaved::Cancel:
      break;
  }
  return false;
}

bool SessionDocument::newSession() {
  if (!maybeKeepChanges()) return false;
  m_window->resetInputs();
  m_path.clear();
  m_pendingCursor.reset();
  m_pendingSelection.reset();
  markClean();
  return true;
}

bool SessionDocument::open(const QString& given) {
  if (!maybeKeepChanges()) return false;
  const QString path =
      given.isEmpty() ? m_prompts->openPath(QStringLiteral("Open session"), kFilter) : given;
  return !path.isEmpty() && openFile(path);
}

bool SessionDocument::openFile(const QString& path) {
  core::Session s;
  try {
    s = core::loadSession(path.toStdString());
  } catch (const std::exception& e) {
    fail(QStringLiteral("Cannot open the session"), QString::fromUtf8(e.what()));
    return false;
  }
  s.view.erase(kRecoveryOf);
  applySession(*m_window, s);
  restoreCursorAfterAnalysis(s);
  m_path = QFileInfo(path).absoluteFilePath();
  addRecent(m_path);
  markClean();
  return true;
}

void SessionDocument::restoreCursorAfterAnalysis(const core::Session& s) {
  m_pendingCursor.reset();
  m_pendingSelection.reset();
  const core::SessionCursor& cursor = s.cursor;
  if (cursor.cycle == 0) return;
  m_pendingCursor = cursor;
  m_pendingSelection = sessionSelection(s);
  // Queued behind the analysis just submitted: the worker replays to the cycle on its new
  // simulator (SimWorker handles its commands in order).
  m_window->controller()->seek(cursor.cycle);
}

bool SessionDocument::save() {
  return m_path.isEmpty() ? saveAs() : saveAs(m_path);
}

bool SessionDocument::saveAs(const QString& given) {
  QString path = given;
  if (path.isEmpty()) {
    const QString suggestion =
        m_path.isEmpty() ? QDir::home().filePath(QStringLiteral("untitled.spatten.json")) : m_path;
    path = m_prompts->savePath(QStringLiteral("Save session"), suggestion, kFilter);
    if (path.isEmpty()) return false;
    if (!path.endsWith(QStringLiteral(".json"))) path += QStringLiteral(".spatten.json");
  }
  const std::optional<core::Session> s = current();
  if (!s) return false;
  try {
    core::saveSession(*s, path.toStdString());
  } catch (const std::exception& e) {
    fail(QStringLiteral("Cannot save the session"), QString::fromUtf8(e.what()));
    return false;
  }
  m_path = QFileInfo(path).absoluteFilePath();
  addRecent(m_path);
  markClean();
  autosave();  // nothing unsaved any more: the recovery file goes
  return true;
}

void SessionDocument::fillRecent() {
  recentMenu->clear();
  const QStringList files = m_settings ? recentSessions(*m_settings) : QStringList();
  for (const QString& file : files) {
    QAction* a = recentMenu->addAction(QFileInfo(file).fileName());
    a->setToolTip(file);
    a->setData(file);
    connect(a, &QAction::triggered, this, [this, file] { open(file); });
  }
  if (files.isEmpty()) recentMenu->addAction(QStringLiteral("(none)"))->setEnabled(false);
}

void SessionDocument::addRecent(const QString& path) {
  if (!m_settings) return;
  QStringList files = recentSessions(*m_settings);
  files.removeAll(path);
  files.prepend(path);
  while (files.size() > kMaxRecent) files.removeLast();
  setRecentSessions(*m_settings, files);
}

void SessionDocument::autosave() {
  updateTitle();
  if (m_recoveryPath.isEmpty()) return;
  if (!isModified()) {
    QFile::remove(m_recoveryPath);
    return;
  }
  std::optional<core::Session> s;
  try {
    s = sessionOf(*m_window, m_pendingCursor ? &*m_pendingCursor : nullptr);
  } catch (const std::exception&) {
    return;  // invalid values: the last recovery file stays
  }
  s->view[kRecoveryOf] = m_path.toStdString();
  try {
    QDir().mkpath(QFileInfo(m_recoveryPath).absolutePath());
    core::saveSession(*s, m_recoveryPath.toStdString());
  } catch (const std::exception& e) {
    m_lastError = QString::fromUtf8(e.what());  // autosave is silent; the next tick retries
  }
}

bool SessionDocument::offerRecovery() {
  if (m_recoveryPath.isEmpty() || !QFileInfo::exists(m_recoveryPath)) return false;
  core::Session s;
  try {
    s = core::loadSession(m_recoveryPath.toStdString());
  } catch (const std::exception& e) {
    fail(QStringLiteral("Cannot recover the last session"), QString::fromUtf8(e.what()));
    QFile::remove(m_recoveryPath);
    return false;
  }
  const auto of = s.view.find(kRecoveryOf);
  const QString original = of != s.view.end() && of->is_string()
                               ? QString::fromStdString(of->get<std::string>())
                               : QString();
  const QString what =
      QStringLiteral("SpAtten Studio did not exit cleanly. Recover the unsaved changes to %1?")
          .arg(original.isEmpty() ? QStringLiteral("an untitled session") : original);
  if (!m_prompts->askRecover(what)) {
    QFile::remove(m_recoveryPath);
    return false;
  }
  s.view.erase(kRecoveryOf);
  m_path = original;
  m_cleanKey.clear();  // everything recovered is unsaved
  applySession(*m_window, s);
  restoreCursorAfterAnalysis(s);
  updateTitle();
  return true;
}

void SessionDocument::discardRecovery() {
  m_autosave.stop();
  if (!m_recoveryPath.isEmpty()) QFile::remove(m_recoveryPath);
}

}  // namespace spatten::app
