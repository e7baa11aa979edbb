#pragma once
// Wheel guard for editors inside a scroll area (the Parameters panel): scrolling the panel with
// the mouse wheel must not change whatever combo box, spin box or slider passes under the
// pointer. A guarded editor takes wheel events only while it has keyboard focus (click or Tab
// into it first); otherwise the event goes on to the scroll area, which scrolls. The editor gets
// Qt::StrongFocus, so the wheel alone never focuses it. Thread: GUI thread.

class QWidget;

namespace spatten::app {

// Installs the guard on `editor` (the filter object is a child of the editor).
void guardWheel(QWidget* editor);

}  // namespace spatten::app
