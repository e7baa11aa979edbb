#pragma once
// The application palette for an Appearance: light or dark, normal or high contrast, on the
// Fusion style (the same on every platform; the views draw with Appearance's colours). Highlight
// colours come from the Okabe-Ito palette, so selection stays colour-blind safe.
// Thread: GUI thread.

#include <QPalette>

#include "views/common/appearance.h"

class QApplication;

namespace spatten::app {

QPalette studioPalette(const views::Appearance& a);
// Sets the Fusion style (once) and the palette of `app` for `a`.
void applyTheme(QApplication& app, const views::Appearance& a);

}  // namespace spatten::app
