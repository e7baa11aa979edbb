#pragma once
// Builds every view of the main window (one tab each) over the shared SessionModel, so
// MainWindow only lays them out. Thread: GUI thread.

#include <QString>
#include <QWidget>

#include <vector>

namespace spatten::views {
class SessionModel;
}

namespace spatten::app {

struct ViewEntry {
  QString id;     // stable id: screenshot file names, tests
  QString title;  // tab title
  QWidget* widget;
};

std::vector<ViewEntry> createViews(views::SessionModel* session, QWidget* parent);

}  // namespace spatten::app
