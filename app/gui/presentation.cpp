#include "app/gui/presentation.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QTabBar>
#include <QTabWidget>
#include <algorithm>

#include "app/gui/key_hint.h"
#include "app/gui/theme.h"
#include "views/common/session_model.h"

namespace spatten::app {
namespace {
QAction* make(QObject* parent, const QString& text, const QList<QKeySequence>& keys,
              const QString& name, bool checkable = false) {
  auto* a = new QAction(text, parent);
  a->setShortcuts(keys);
  a->setShortcutContext(Qt::ApplicationShortcut);
  a->setObjectName(name);
  a->setCheckable(checkable);
  return a;
}
}  // namespace

Presentation::Presentation(QMainWindow* window, views::SessionModel* session, QTabWidget* tabs,
                           QList<QDockWidget*> docks)
    : QObject(window),
      m_window(window),
      m_session(session),
      m_tabs(tabs),
      m_docks(std::move(docks)),
      m_hint(new KeyHint(tabs)) {
  zoomIn = make(this, QStringLiteral("Zoom &in"),
                {QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus)},
                QStringLiteral("actionZoomIn"));
  zoomOut = make(this, QStringLiteral("Zoom &out"), {QKeySequence(Qt::CTRL | Qt::Key_Minus)},
                 QStringLiteral("actionZoomOut"));
  zoomReset = make(this, QStringLiteral("&Actual size"), {QKeySequence(Qt::CTRL | Qt::Key_0)},
                   QStringLiteral("actionZoomReset"));
  darkTheme =
      make(this, QStringLiteral("&Dark theme"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T)},
           QStringLiteral("actionDarkTheme"), true);
  highContrast =
      make(this, QStringLiteral("&High contrast"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H)},
           QStringLiteral("actionHighContrast"), true);
  fullScreen = make(this, QStringLiteral("&Full screen"), {QKeySequence(Qt::Key_F11)},
                    QStringLiteral("actionFullScreen"), true);
  presentationMode = make(this, QStringLiteral("&Presentation mode"),
                          {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)},
                          QStringLiteral("actionPresentation"), true);
  presentationMode->setToolTip(QStringLiteral(
      "Full screen, panels hidden, large fonts; step with the F-keys, Esc to leave"));
  leavePresentation =
      make(this, QStringLiteral("Leave presentation mode"), {QKeySequence(Qt::Key_Escape)},
           QStringLiteral("actionLeavePresentation"));
  leavePresentation->setEnabled(false);
  nextView = make(this, QStringLiteral("&Next view"), {QKeySequence(Qt::CTRL | Qt::Key_PageDown)},
                  QStringLiteral("actionNextView"));
  previousView =
      make(this, QStringLiteral("P&revious view"), {QKeySequence(Qt::CTRL | Qt::Key_PageUp)},
           QStringLiteral("actionPreviousView"));
  for (QAction* a : {zoomIn, zoomOut, zoomReset, darkTheme, highContrast, fullScreen,
                     presentationMode, leavePresentation, nextView, previousView})
    window->addAction(a);  // shortcuts work with the menu bar hidden (full screen)

  connect(zoomIn, &QAction::triggered, this, [this] { zoomBy(kZoomStep); });
  connect(zoomOut, &QAction::triggered, this, [this] { zoomBy(1 / kZoomStep); });
  connect(zoomReset, &QAction::triggered, this, [this] {
    views::Appearance a = appearance();
    a.zoom = 1;
    setAppearance(a);
  });
  connect(darkTheme, &QAction::toggled, this, [this](bool on) {
    views::Appearance a = appearance();
    a.dark = on;
    setAppearance(a);
  });
  connect(highContrast, &QAction::toggled, this, [this](bool on) {
    views::Appearance a = appearance();
    a.highContrast = on;
    setAppearance(a);
  });
  connect(fullScreen, &QAction::toggled, this, [this](bool on) {
    if (on)
      m_window->showFullScreen();
    else
      m_window->showNormal();
  });
  connect(presentationMode, &QAction::toggled, this, &Presentation::setPresentationMode);
  connect(leavePresentation, &QAction::triggered, this, [this] { setPresentationMode(false); });
  connect(nextView, &QAction::triggered, this,
          [this] { m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count()); });
  connect(previousView, &QAction::triggered, this, [this] {
    m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) % m_tabs->count());
  });
}

const views::Appearance& Presentation::appearance() const {
  return m_session->appearance();
}

void Presentation::setAppearance(const views::Appearance& in) {
  views::Appearance a = in;
  a.zoom = std::clamp(a.zoom, views::Appearance::kMinZoom, views::Appearance::kMaxZoom);
  if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance())) applyTheme(*app, a);
  m_session->setAppearance(a);
  m_tabs->tabBar()->setFont(views::zoomedFont(QApplication::font(), a));
  for (QAction* act : {darkTheme, highContrast}) act->blockSignals(true);
  darkTheme->setChecked(a.dark);
  highContrast->setChecked(a.highContrast);
  for (QAction* act : {darkTheme, highContrast}) act->blockSignals(false);
  zoomIn->setEnabled(a.zoom < views::Appearance::kMaxZoom);
  zoomOut->setEnabled(a.zoom > views::Appearance::kMinZoom);
}

void Presentation::zoomBy(double factor) {
  views::Appearance a = appearance();
  a.zoom *= factor;
  if (std::abs(a.zoom - 1.0) < 0.02) a.zoom = 1.0;  // steps land back on 100 %
  setAppearance(a);
  emit message(QStringLiteral("Zoom %1 %").arg(appearance().zoom * 100, 0, 'f', 0));
}

void Presentation::setPresentationMode(bool on) {
  if (on == m_presenting) return;
  m_presenting = on;
  if (on) {
    m_saved.fullScreen = m_window->isFullScreen();
    m_saved.zoom = appearance().zoom;
    m_saved.docksVisible.clear();
    for (QDockWidget* d : m_docks) {
      m_saved.docksVisible << d->isVisible();
      d->hide();
    }
    views::Appearance a = appearance();
    a.zoom = std::max(a.zoom, kPresentationZoom);
    setAppearance(a);
    m_window->showFullScreen();
    // The keys in a banner over the views for a few seconds: the status bar's message area is
    // what its permanent labels leave, about half of a 1280-px screen. How to leave comes first.
    m_hint->showText(
        QStringLiteral(
            "<b>Presentation mode</b> \u00b7 <b>Esc</b> leaves<br>"
            "<b>F5</b> run/pause \u00b7 <b>F6</b> step \u00b7 <b>Shift+F6</b> step back \u00b7 "
            "<b>F7</b> next event \u00b7 <b>Shift+F7</b> next top-k round<br>"
            "<b>F8</b> next query \u00b7 <b>F9</b> next head \u00b7 <b>Shift+F9</b> next layer "
            "\u00b7 <b>Alt+1</b>\u2026<b>Alt+0</b> views \u00b7 <b>Ctrl+=</b> / <b>Ctrl+-</b> "
            "zoom<br><b>Ctrl+/</b> lists every key"),
        kKeyHintMs);
    emit message(QStringLiteral("Presentation mode: Esc leaves, Ctrl+/ lists every key"));
  } else {
    m_hint->hideNow();
    for (int i = 0; i < m_docks.size() && i < m_saved.docksVisible.size(); ++i)
      m_docks[i]->setVisible(m_saved.docksVisible[i]);
    views::Appearance a = appearance();
    a.zoom = m_saved.zoom;
    setAppearance(a);
    if (!m_saved.fullScreen) m_window->showNormal();
  }
  presentationMode->blockSignals(true);
  presentationMode->setChecked(on);
  presentationMode->blockSignals(false);
  fullScreen->blockSignals(true);
  fullScreen->setChecked(m_window->isFullScreen() || on);
  fullScreen->blockSignals(false);
  leavePresentation->setEnabled(on);
}

void Presentation::fillMenu(QMenu* menu) const {
  menu->addAction(presentationMode);
  menu->addAction(fullScreen);
  menu->addSeparator();
  menu->addAction(zoomIn);
  menu->addAction(zoomOut);
  menu->addAction(zoomReset);
  menu->addSeparator();
  menu->addAction(darkTheme);
  menu->addAction(highContrast);
  menu->addSeparator();
  for (QDockWidget* d : m_docks) menu->addAction(d->toggleViewAction());
  menu->addSeparator();
  menu->addAction(nextView);
  menu->addAction(previousView);
}

}  // namespace spatten::app
