#pragma once
// The session document of the main window: File > New / Open... / Open Recent / Save / Save As...,
// the file name and "*" in the window title, the unsaved-changes prompt (New, Open, close), and
// autosave to a recovery file that is offered back after a crash (a clean exit deletes it).
// Sessions are core session files (core/session/session.h); state <-> window in session_state.h.
// Every question to the user goes through DocumentPrompts, so tests answer them without dialogs.
// Errors (a bad session file, a failed save) are shown whole in a dialog. Thread: GUI thread.

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <memory>
#include <optional>

#include "core/session/session.h"
#include "views/common/view_data.h"

class QAction;
class QMenu;
class QSettings;
class QWidget;

namespace spatten::app {

class MainWindow;

// The questions SessionDocument (and the exports) ask. The default implementation uses
// QMessageBox / QFileDialog on `parent`; tests substitute scripted answers.
class DocumentPrompts {
public:
  enum class Unsaved { Save, Discard, Cancel };
  virtual ~DocumentPrompts() = default;
  virtual Unsaved askUnsaved(const QString& name);
  // Empty = cancelled. Save dialogs ask before replacing an existing file.
  virtual QString openPath(const QString& title, const QString& filter);
  virtual QString savePath(const QString& title, const QString& suggestion, const QString& filter);
  virtual QString folderPath(const QString& title);
  virtual bool askOverwrite(const QString& what);
  virtual bool askRecover(const QString& what);
  // The whole message, in a dialog (never only the status bar).
  virtual void showError(const QString& title, const QString& message);

  QWidget* parent = nullptr;
};

class SessionDocument : public QObject {
  Q_OBJECT
public:
  static constexpr int kMaxRecent = 8;
  static constexpr int kAutosaveSeconds = 30;

  explicit SessionDocument(MainWindow* window);
  ~SessionDocument() override;

  QAction* newAction;
  QAction* openAction;
  QAction* saveAction;
  QAction* saveAsAction;
  QMenu* recentMenu;  // filled from the settings' list whenever shown

  // The settings holding the recent-files list (nullptr: no list). Not owned.
  void setSettings(QSettings* settings);
  // Enables autosave into `path` (empty: off); `seconds` between two autosaves.
  void setRecoveryFile(const QString& path, int seconds = kAutosaveSeconds);
  void setPrompts(std::unique_ptr<DocumentPrompts> prompts);
  DocumentPrompts* prompts() const { return m_prompts.get(); }

  const QString& path() const { return m_path; }  // empty: untitled
  bool isModified() const;
  QString displayName() const;  // file name or "Untitled"
  const QString& lastError() const { return m_lastError; }

  // The operations behind the actions. Each returns false when cancelled or failed (errors are
  // shown through prompts()->showError and kept in lastError()).
  bool newSession();
  bool open(const QString& path = {});  // empty: ask
  bool openFile(const QString& path);   // no unsaved-changes question
  bool save();
  bool saveAs(const QString& path = {});  // empty: ask
  // Asks to save unsaved changes; false when the user cancels (the caller keeps the window).
  bool maybeKeepChanges();

  // Writes the recovery file now when there are unsaved changes, or removes it when there are
  // none (the timer calls this).
  void autosave();
  // At start: a recovery file left by a crash is offered back (prompts()->askRecover); accepted,
  // its session is applied as unsaved changes of the file it came from. Returns true if restored.
  bool offerRecovery();
  // A clean exit: the recovery file is removed.
  void discardRecovery();

  // The current content is the saved one (after start-up restored the last inputs).
  void markClean();

signals:
  void titleChanged();

private:
  void updateTitle();
  void fillRecent();
  void addRecent(const QString& path);
  void fail(const QString& title, const QString& message);
  std::optional<core::Session> current();  // nullopt (error shown) when the panels are invalid
  // Seeks to the file's cursor after the analysis; the file's selection is set again when the
  // cursor is reached (follow mode selects the simulator's requests on the way).
  void restoreCursorAfterAnalysis(const core::Session& s);

  MainWindow* m_window;
  QSettings* m_settings = nullptr;
  std::unique_ptr<DocumentPrompts> m_prompts;
  QString m_path;
  std::string m_cleanKey;  // contentKey() when last opened/saved
  QString m_lastError;
  QString m_recoveryPath;
  QTimer m_autosave;
  std::optional<core::SessionCursor> m_pendingCursor;  // restored cursor not reached yet
  std::optional<views::Selection> m_pendingSelection;  // set when m_pendingCursor is reached
};

}  // namespace spatten::app
