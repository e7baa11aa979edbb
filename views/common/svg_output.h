#pragma once
// SVG output shared by every chart export (the views' own context menu and the app's File >
// Export): Qt's QSvgGenerator with its two faults of Qt 6.4 mended, so each file is well-formed
// XML that browsers draw in the intended face. Thread: GUI thread (fonts are resolved).

#include <QByteArray>
#include <QSize>
#include <QString>
#include <functional>

class QPaintDevice;

namespace spatten::views {

// The SVG of what `draw` paints on a `size` canvas (user units = pixels), with `title` and
// `description` as the document's <title> and <desc> (XML-escaped here: Qt 6.4 writes them raw,
// so "Pride & Prejudice" made the file ill-formed) and every font family made portable
// (portableFontFamilies). Empty when `draw` returns false.
QByteArray renderSvg(QSize size, const QString& title, const QString& description,
                     const std::function<bool(QPaintDevice*)>& draw);

// QSvgGenerator writes the family names Qt asked for, such as "Sans Serif", Qt's alias that
// browsers do not know (they fell back to their serif default). Each becomes the family it
// resolved to on this machine, then the CSS generic family (font-family="DejaVu Sans, sans-serif").
QByteArray portableFontFamilies(const QByteArray& svg);

}  // namespace spatten::views
