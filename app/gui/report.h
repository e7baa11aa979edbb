#pragma once
// The HTML report (File > Export > HTML report, Export all, spatten-cli export --formats html):
// one self-contained file to mail or put on a web page, readable offline in any browser, with no
// script and no external reference. It holds what the chart exports describe (model, text,
// configuration, position, software: ExportMeta), the research summary as a table of text, and
// every chart of every view as an SVG image (a data: URI each, so the charts' element ids cannot
// clash) with its CSV data as a download link. The same session gives the same bytes.
// Thread: GUI thread.

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <vector>

namespace spatten::app {

class MainWindow;

// RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes); lines starting with
// "# " outside quotes are comments and skipped.
std::vector<QStringList> parseCsv(const QString& text);

// The report of the window as it is now. Empty with *error when a chart cannot be drawn.
QByteArray reportHtml(MainWindow& window, QString* error);

}  // namespace spatten::app
