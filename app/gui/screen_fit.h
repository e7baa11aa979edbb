#pragma once
// Dialog sizes for small screens (1280x720, 1024x600): what a dialog wants, at most 90 % of the
// available width and 85 % of the available height of the screen `near` is on, so that its title
// bar and buttons stay on the screen. Thread: GUI thread.

#include <QRect>
#include <QScreen>
#include <QSize>
#include <QWidget>
#include <algorithm>

namespace spatten::app {

inline QSize fitToScreen(const QWidget* near, QSize wanted) {
  const QRect avail = near != nullptr && near->screen() != nullptr
                          ? near->screen()->availableGeometry()
                          : QRect(0, 0, 1280, 720);
  return {std::min(wanted.width(), avail.width() * 9 / 10),
          std::min(wanted.height(), avail.height() * 85 / 100)};
}

}  // namespace spatten::app
