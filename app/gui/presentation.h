#pragma once
// Presentation and appearance controls of the main window (issue 13, teaching):
//  - zoom of every view's fonts and marks (Ctrl+= / Ctrl++, Ctrl+-, Ctrl+0);
//  - light / dark theme and high contrast (persisted by settings_store);
//  - full screen (F11) and presentation mode (Ctrl+Shift+P: full screen, docks hidden, zoom at
//    least kPresentationZoom, Esc leaves and restores the window as it was);
//  - keyboard-only navigation: next / previous view (Ctrl+PgDown / Ctrl+PgUp), the Input and
//    Parameters panels on and off; stepping keeps its F-keys (StudioActions), which work wherever
//    the focus is.
// The current Appearance lives in the SessionModel (views restyle themselves); this class also
// applies the matching application palette. Thread: GUI thread.

#include <QObject>

#include "views/common/appearance.h"

class QAction;
class QActionGroup;
class QDockWidget;
class QMainWindow;
class QMenu;
class QTabWidget;

namespace spatten::views {
class SessionModel;
}

namespace spatten::app {

class KeyHint;

class Presentation : public QObject {
  Q_OBJECT
public:
  static constexpr double kPresentationZoom = 1.5;
  static constexpr int kKeyHintMs = 12000;  // how long the key banner stays
  static constexpr double kZoomStep = 1.25;

  Presentation(QMainWindow* window, views::SessionModel* session, QTabWidget* tabs,
               QList<QDockWidget*> docks);

  const views::Appearance& appearance() const;
  void setAppearance(const views::Appearance& a);  // session + application palette + tab bar
  bool inPresentationMode() const { return m_presenting; }
  void setPresentationMode(bool on);
  void zoomBy(double factor);  // clamped to [Appearance::kMinZoom, kMaxZoom]

  // The View menu's entries (zoom, theme, contrast, full screen, presentation, panels, views).
  void fillMenu(QMenu* menu) const;

  QAction* zoomIn;
  QAction* zoomOut;
  QAction* zoomReset;
  QAction* darkTheme;          // checkable; unchecked = light
  QAction* highContrast;       // checkable
  QAction* fullScreen;         // checkable
  QAction* presentationMode;   // checkable
  QAction* leavePresentation;  // Esc, enabled only in presentation mode
  QAction* nextView;
  QAction* previousView;

  // The banner that lists the keys while presentation mode starts (tests).
  KeyHint* keyHint() const { return m_hint; }

signals:
  void message(const QString& text);

private:
  QMainWindow* m_window;
  views::SessionModel* m_session;
  QTabWidget* m_tabs;
  QList<QDockWidget*> m_docks;
  KeyHint* m_hint;  // child of the tab widget
  bool m_presenting = false;
  // What presentation mode changed, restored when it ends.
  struct Saved {
    bool fullScreen = false;
    double zoom = 1;
    QList<bool> docksVisible;
  } m_saved;
};

}  // namespace spatten::app
