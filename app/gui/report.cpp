#include "app/gui/report.h"

#include <algorithm>

#include "app/gui/exports.h"
#include "app/gui/main_window.h"
#include "app/gui/session_state.h"
#include "views/common/session_model.h"

namespace spatten::app {
namespace {

QString esc(const QString& s) {
  return s.toHtmlEscaped();
}

QString dataUri(const char* mime, const QByteArray& bytes) {
  return QStringLiteral("data:%1;base64,%2")
      .arg(QString::fromLatin1(mime), QString::fromLatin1(bytes.toBase64()));
}

// A CSV as an HTML table, the first row as its header; numbers right-aligned.
QString htmlTable(const std::vector<QStringList>& rows) {
  if (rows.empty()) return {};
  QString out = QStringLiteral("<table class=\"data\">\n<tr>");
  for (const QString& h : rows.front()) out += QStringLiteral("<th>%1</th>").arg(esc(h));
  out += QStringLiteral("</tr>\n");
  for (std::size_t r = 1; r < rows.size(); ++r) {
    out += QStringLiteral("<tr>");
    for (const QString& cell : rows[r]) {
      bool number = false;
      cell.toDouble(&number);
      out += number ? QStringLiteral("<td class=\"num\">%1</td>").arg(esc(cell))
                    : QStringLiteral("<td>%1</td>").arg(esc(cell));
    }
    out += QStringLiteral("</tr>\n");
  }
  return out + QStringLiteral("</table>\n");
}

// The research summary's CSV (section,item,spatten,dense) as two tables: module utilization
// pivoted to one row per module (busy, stalled, idle cycles and busy %), and every other row.
QString summaryTables(const std::vector<QStringList>& rows) {
  if (rows.empty()) return {};
  std::vector<QStringList> rest{rows.front()},
      modules{{QStringLiteral("module"), QStringLiteral("busy"), QStringLiteral("stalled"),
               QStringLiteral("idle"), QStringLiteral("busy %")}};
  const QStringList states = {QStringLiteral("busy_cycles"), QStringLiteral("stalled_cycles"),
                              QStringLiteral("idle_cycles")};
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const QStringList& row = rows[r];
    const qsizetype state = row.size() >= 3 ? states.indexOf(row[0]) : -1;
    if (state < 0) {
      rest.push_back(row);
      continue;
    }
    auto it = std::find_if(modules.begin() + 1, modules.end(),
                           [&row](const QStringList& m) { return m[0] == row[1]; });
    if (it == modules.end()) {
      modules.push_back({row[1], {}, {}, {}, {}});
      it = modules.end() - 1;
    }
    (*it)[1 + state] = row[2];
  }
  for (std::size_t m = 1; m < modules.size(); ++m) {
    QStringList& row = modules[m];
    const double total = row[1].toDouble() + row[2].toDouble() + row[3].toDouble();
    row[4] = total > 0 ? QString::number(100.0 * row[1].toDouble() / total, 'f', 1) : QString();
  }
  return htmlTable(rest) + (modules.size() > 1 ? QStringLiteral("<h3>Module utilization "
                                                                "(SpAtten run, cycles)</h3>\n") +
                                                     htmlTable(modules)
                                               : QString());
}

const char* kStyle =
    "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;color:#1a1a1a;max-width:1240px;"
    "margin:1.5em auto;padding:0 1em;line-height:1.4}"
    "h1{font-size:1.5em;margin-bottom:.2em}h3{font-size:1em;margin-top:1.2em}h2{font-size:1.2em;"
    "margin-top:2em;"
    "border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;"
    "padding:2px 8px;text-align:left;vertical-align:top}th{background:#f2f2f2}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}"
    "table.meta td:first-child{font-weight:bold;white-space:nowrap}"
    "table.meta td{word-break:break-word}"
    "img{max-width:100%;height:auto;border:1px solid #ddd;background:#fff}"
    "nav li{display:inline;margin-right:1em}.view{color:#555;margin:.2em 0}"
    "pre{font-size:.85em;background:#f7f7f7;padding:.5em;overflow-x:auto}"
    "summary{cursor:pointer;color:#333}";

}  // namespace

std::vector<QStringList> parseCsv(const QString& text) {
  std::vector<QStringList> rows;
  QStringList row;
  QString field;
  bool quoted = false, atLineStart = true, fieldStarted = false;
  for (qsizetype i = 0; i < text.size(); ++i) {
    const QChar c = text[i];
    if (quoted) {
      if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
        field += c;
        ++i;
      } else if (c == QLatin1Char('"')) {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (atLineStart && c == QLatin1Char('#')) {  // a comment line
      while (i < text.size() && text[i] != QLatin1Char('\n')) ++i;
      continue;
    }
    atLineStart = false;
    if (c == QLatin1Char('"')) {
      quoted = fieldStarted = true;
    } else if (c == QLatin1Char(',')) {
      row << field;
      field.clear();
      fieldStarted = true;
    } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
      if (c == QLatin1Char('\r') && i + 1 < text.size() && text[i + 1] == QLatin1Char('\n')) ++i;
      if (fieldStarted || !field.isEmpty() || !row.isEmpty()) {
        row << field;
        rows.push_back(row);
      }
      row.clear();
      field.clear();
      fieldStarted = false;
      atLineStart = true;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (fieldStarted || !field.isEmpty() || !row.isEmpty()) {
    row << field;
    rows.push_back(row);
  }
  return rows;
}

QByteArray reportHtml(MainWindow& window, QString* error) {
  const std::vector<ChartInfo> charts = chartList(window);
  const ExportMeta meta = exportMeta(window, QStringLiteral("report"));
  QString title = meta.text.simplified();
  if (title.size() > 60) title = title.left(57) + QStringLiteral("...");
  QString html =
      QStringLiteral(
          "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"generator\" content=\"%1\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>SpAtten Studio report: %2: %3</title>\n<style>%4</style>\n</head>\n"
          "<body>\n<h1>SpAtten Studio report</h1>\n")
          .arg(esc(meta.software), esc(meta.model), esc(title), QString::fromLatin1(kStyle));
  html += QStringLiteral("<table class=\"meta\">\n");
  // The configuration as the run preset and two folded, indented JSON blocks (one line of JSON
  // is the width of ten screens).
  QString configuration = esc(meta.configuration);
  try {
    const core::Session s = sessionOf(window, nullptr);
    configuration = QStringLiteral(
                        "run preset %1<details><summary>run (JSON)</summary><pre>%2</pre></details>"
                        "<details><summary>hardware (JSON)</summary><pre>%3</pre></details>")
                        .arg(esc(window.currentRequest().runPreset),
                             esc(QString::fromStdString(core::toJson(s.run).dump(2))),
                             esc(QString::fromStdString(s.hw.toJson().dump(2))));
  } catch (const std::exception&) {  // an invalid configuration: the metadata's text says why
  }
  const std::pair<const char*, QString> rows[] = {
      {"Model", esc(meta.model)},
      {"Text", esc(meta.text).replace(QLatin1Char('\n'), QStringLiteral("<br>"))},
      {"Configuration", configuration},
      {"Position", esc(meta.position)},
      {"Software", esc(meta.software)}};
  for (const auto& [key, value] : rows)
    html +=
        QStringLiteral("<tr><td>%1</td><td>%2</td></tr>\n").arg(QString::fromLatin1(key), value);
  html += QStringLiteral("</table>\n");
  // Each chart's CSV, drawn once: the research summary's is both the result tables and a link.
  std::vector<QByteArray> csvs(charts.size());
  for (std::size_t i = 0; i < charts.size(); ++i)
    if (charts[i].csv) {
      csvs[i] = chartBytes(window, charts[i].name, QStringLiteral("csv"), error);
      if (csvs[i].isEmpty()) return {};
    }
  // The run's result first, as text: the research summary's numbers (cycles, speedup, module
  // utilization, energy, DRAM bytes), then the charts.
  for (std::size_t i = 0; i < charts.size(); ++i)
    if (charts[i].name == QStringLiteral("research-summary") && charts[i].csv) {
      const std::vector<QStringList> summary = parseCsv(QString::fromUtf8(csvs[i]));
      html += QStringLiteral("<h2 id=\"summary\">Result: SpAtten and dense</h2>\n");
      // No rows: the reason the views give (no result yet, or the error), not an empty table.
      html += summary.size() > 1
                  ? summaryTables(summary)
                  : QStringLiteral("<p>%1</p>\n")
                        .arg(esc(window.session()->analysis()
                                     ? QStringLiteral("The research summary is not computed yet.")
                                     : window.session()->emptyAnalysisText()));
    }
  html += QStringLiteral("<h2>Charts</h2>\n<nav><ul>\n");
  for (const ChartInfo& c : charts)
    html += QStringLiteral("<li><a href=\"#chart-%1\">%1</a></li>\n").arg(esc(c.name));
  html += QStringLiteral("</ul></nav>\n");
  for (std::size_t i = 0; i < charts.size(); ++i) {
    const ChartInfo& c = charts[i];
    const QByteArray svg = chartBytes(window, c.name, QStringLiteral("svg"), error);
    if (svg.isEmpty()) return {};
    html +=
        QStringLiteral("<section id=\"chart-%1\">\n<h2>%1</h2>\n<p class=\"view\">View: %2</p>\n")
            .arg(esc(c.name), esc(c.view));
    html += QStringLiteral("<p><img alt=\"%1\" width=\"%2\" height=\"%3\" src=\"%4\"></p>\n")
                .arg(esc(c.name), QString::number(kChartSize.width()),
                     QString::number(kChartSize.height()), dataUri("image/svg+xml", svg));
    if (c.csv)
      html +=
          QStringLiteral("<p>Data: <a download=\"%1.csv\" href=\"%2\">%1.csv</a> (%3 bytes)</p>\n")
              .arg(esc(c.name), dataUri("text/csv;charset=utf-8", csvs[i]),
                   QString::number(csvs[i].size()));
    html += QStringLiteral("</section>\n");
  }
  html += QStringLiteral("</body>\n</html>\n");
  return html.toUtf8();
}

}  // namespace spatten::app
