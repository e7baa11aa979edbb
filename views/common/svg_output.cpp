#include "views/common/svg_output.h"

#include <QBuffer>
#include <QFont>
#include <QFontInfo>
#include <QRect>
#include <QRegularExpression>
#include <QSvgGenerator>

namespace spatten::views {

QByteArray renderSvg(QSize size, const QString& title, const QString& description,
                     const std::function<bool(QPaintDevice*)>& draw) {
  static const QByteArray kTitle = "@SPATTEN_SVG_TITLE@", kDesc = "@SPATTEN_SVG_DESC@";
  QBuffer buffer;
  bool drawn = false;
  {
    QSvgGenerator gen;  // writes the closing tag when destroyed
    gen.setOutputDevice(&buffer);
    gen.setSize(size);
    gen.setViewBox(QRect(QPoint(0, 0), size));
    gen.setTitle(QString::fromLatin1(kTitle));  // placeholders, replaced by the escaped text
    gen.setDescription(QString::fromLatin1(kDesc));
    drawn = draw(&gen);
  }
  if (!drawn) return {};
  QByteArray bytes = buffer.data();
  bytes.replace(kTitle, title.toHtmlEscaped().toUtf8());
  bytes.replace(kDesc, description.toHtmlEscaped().toUtf8());
  return portableFontFamilies(bytes);
}

QByteArray portableFontFamilies(const QByteArray& svg) {
  static const QRegularExpression family(QStringLiteral("font-family=\"([^\",]*)\""));
  const QString text = QString::fromUtf8(svg);
  QString out;
  qsizetype last = 0;
  for (auto it = family.globalMatch(text); it.hasNext();) {
    const QRegularExpressionMatch m = it.next();
    const QFontInfo info{QFont(m.captured(1))};
    out += QStringView(text).mid(last, m.capturedStart(1) - last);
    out += QStringLiteral("%1, %2").arg(info.family(), info.fixedPitch()
                                                           ? QStringLiteral("monospace")
                                                           : QStringLiteral("sans-serif"));
    last = m.capturedEnd(1);
  }
  out += QStringView(text).mid(last);
  return out.toUtf8();
}

}  // namespace spatten::views
