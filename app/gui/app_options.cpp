#include "app/gui/app_options.h"

#include <QCommandLineParser>

namespace spatten::app {

AppOptions parseAppOptions(const QStringList& arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("SpAtten Studio: step through the SpAtten sparse attention accelerator"));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption model(QStringLiteral("model"),
                                 QStringLiteral("Model folder (GPT-2/BERT, Hugging Face layout)."),
                                 QStringLiteral("DIR"));
  const QCommandLineOption text(QStringLiteral("text"), QStringLiteral("Input sentence."),
                                QStringLiteral("TEXT"));
  const QCommandLineOption generate(QStringLiteral("generate"),
                                    QStringLiteral("GPT-2 tokens to generate."),
                                    QStringLiteral("N"));
  const QCommandLineOption shots(
      QStringLiteral("screenshot-dir"),
      QStringLiteral("Render every view to DIR/<nn>-<view>.png at 1600x1000, then quit."),
      QStringLiteral("DIR"));
  const QCommandLineOption quitAfter(QStringLiteral("quit-after"),
                                     QStringLiteral("Quit after MS milliseconds."),
                                     QStringLiteral("MS"));
  const QCommandLineOption set(
      QStringLiteral("set"),
      QStringLiteral("Set a run or hardware parameter (repeatable), spelled as for spatten-cli "
                     "--set: token_keep_end=0.2, policy=h2o, hw.topk.parallelism=4, "
                     "hw.topk.model=rtl-dummy (spatten-cli params lists every key)."),
      QStringLiteral("KEY=VALUE"));
  // Not "--session": QGuiApplication takes -session/--session for X11 session management.
  const QCommandLineOption session(QStringLiteral("open"),
                                   QStringLiteral("Open a session file (.spatten.json)."),
                                   QStringLiteral("FILE"));
  const QCommandLineOption exportSession(
      QStringLiteral("export-session"),
      QStringLiteral("Write the charts of a session file into --out DIR as --formats (png, svg, "
                     "pdf, csv; what spatten-cli export runs), then quit."),
      QStringLiteral("FILE"));
  const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Folder of --export-session."),
                               QStringLiteral("DIR"));
  const QCommandLineOption formats(QStringLiteral("formats"),
                                   QStringLiteral("Chart formats of --export-session."),
                                   QStringLiteral("LIST"), QStringLiteral("png,svg,pdf,csv"));
  parser.addOptions(
      {model, text, generate, shots, quitAfter, set, session, exportSession, out, formats});
  parser.process(arguments);
  AppOptions o;
  o.modelDir = parser.value(model);
  o.text = parser.value(text);
  if (parser.isSet(generate)) o.generate = parser.value(generate).toInt();
  o.screenshotDir = parser.value(shots);
  if (parser.isSet(quitAfter)) o.quitAfterMs = parser.value(quitAfter).toInt();
  o.sets = parser.values(set);
  o.session = parser.value(session);
  o.exportSession = parser.value(exportSession);
  o.out = parser.value(out);
  o.formats = parser.value(formats).split(QLatin1Char(','), Qt::SkipEmptyParts);
  return o;
}

}  // namespace spatten::app
