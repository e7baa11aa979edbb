#include "views/widgets/model_output_view.h"

#include <QApplication>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <algorithm>

#include "views/common/chart_export.h"
#include "views/common/palette.h"
#include "views/common/session_model.h"

namespace spatten::views {
namespace {

// A token as text in running prose (HTML-escaped; a newline shows as a return arrow).
QString prose(const QString& token) {
  QString t = token.toHtmlEscaped();
  t.replace(QLatin1Char('\n'), QStringLiteral("\u21b5"));
  return t;
}

// A token on its own, quoted so that leading spaces show.
QString quoted(const QString& token) {
  return QStringLiteral("\u201c%1\u201d")
      .arg(prose(token).replace(QLatin1Char(' '), QStringLiteral("&nbsp;")));
}

// A probability in percent: one decimal, or two significant digits below 0.1 % (a flat
// distribution over 30,522 tokens gives 0.0033 %, which one decimal showed as 0.0 %).
QString percent(float prob) {
  const double p = 100.0 * static_cast<double>(prob);
  return p >= 0.1 || p == 0.0 ? QString::number(p, 'f', 1) : QString::number(p, 'g', 2);
}

QString topList(const std::vector<Prediction>& preds) {
  QStringList rows;
  for (std::size_t i = 0; i < preds.size(); ++i) {
    const QString row =
        QStringLiteral("%1 %2 %").arg(quoted(preds[i].token), percent(preds[i].prob));
    rows << (i == 0 ? QStringLiteral("<b>%1</b>").arg(row) : row);
  }
  return rows.join(QStringLiteral("<br>"));
}

bool sameTop(const OutputSlot& s) {
  return !s.dense.empty() && !s.pruned.empty() && s.dense.front().id == s.pruned.front().id;
}

QString mark(bool same, const QString& okColour, const QString& badColour) {
  return same ? QStringLiteral("<span style=\"color:%1\">\u2713</span>").arg(okColour)
              : QStringLiteral("<span style=\"color:%1\">\u2717</span>").arg(badColour);
}

}  // namespace

ModelOutputView::ModelOutputView(SessionModel* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
  setObjectName(QStringLiteral("modelOutputView"));
  auto* layout = new QVBoxLayout(this);
  m_browser = new QTextBrowser(this);
  m_browser->setObjectName(QStringLiteral("modelOutputText"));
  m_browser->setOpenLinks(false);
  layout->addWidget(m_browser);
  connect(session, &SessionModel::analysisChanged, this, &ModelOutputView::rebuild);
  connect(session, &SessionModel::appearanceChanged, this, [this] {
    setFont(zoomedFont(QApplication::font(), m_session->appearance()));
    rebuild();
  });
  setFont(zoomedFont(QApplication::font(), m_session->appearance()));
  installExportMenu(
      m_browser, nullptr, [this] { return csv(); }, QStringLiteral("model-output"));
  rebuild();
}

QString ModelOutputView::html() const {
  return m_browser->toHtml();
}

QString ModelOutputView::csv() const {
  QString out = QStringLiteral("position,side,rank,token,id,probability,kl\n");
  const auto& a = m_session->analysis();
  if (!a || !a->hasSpatten) return out;
  const bool bert = a->family == QStringLiteral("bert");
  for (const OutputSlot& slot : a->output.entries) {
    const QString kl = bert ? QString() : QString::number(slot.kl, 'g', 9);
    for (const auto& [side, preds] :
         {std::pair{QStringLiteral("dense"), &slot.dense},
          std::pair{QStringLiteral("pruned"), &slot.pruned}})
      for (std::size_t r = 0; r < preds->size(); ++r) {
        const Prediction& p = (*preds)[r];
        // One multi-argument arg(): a token such as "%2" is not substituted again.
        out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                   .arg(QString::number(slot.position), side, QString::number(r + 1),
                        csvField(p.token), QString::number(p.id),
                        QString::number(static_cast<double>(p.prob), 'g', 9), kl);
      }
  }
  return out;
}

void ModelOutputView::rebuild() {
  const auto& a = m_session->analysis();
  const Appearance& look = m_session->appearance();
  const QString ok = okabeIto(look.dark ? 2 : 3).name();  // sky blue / bluish green
  const QString bad = okabeIto(6).name();                 // vermillion
  const QString muted = look.muted().name();
  if (!a || !a->hasSpatten) {
    m_browser->setHtml(QStringLiteral("<p>%1</p>")
                           .arg((a ? QStringLiteral("No SpAtten run: %1").arg(a->spattenError)
                                   : m_session->emptyAnalysisText())
                                    .toHtmlEscaped()));
    return;
  }
  const ModelOutput& out = a->output;
  const bool bert = a->family == QStringLiteral("bert");
  QString html;
  if (bert) {
    // The sentence with every [MASK] filled by the dense and the pruned top-1.
    QString sentence;
    for (std::size_t i = 0; i < a->tokens.size(); ++i) {
      const int pos = static_cast<int>(i);
      const auto slot = std::find_if(out.entries.begin(), out.entries.end(),
                                     [pos](const OutputSlot& s) { return s.position == pos; });
      if (slot == out.entries.end() || slot->dense.empty() || slot->pruned.empty()) {
        // WordPiece continuations ("##ing") join the previous piece.
        const QString& t = a->tokens[i].text;
        if (t.startsWith(QStringLiteral("##")) && sentence.endsWith(QLatin1Char(' ')))
          sentence.chop(1);
        sentence += prose(t.startsWith(QStringLiteral("##")) ? t.mid(2) : t) + QLatin1Char(' ');
        continue;
      }
      sentence += QStringLiteral("<b>[%1 | %2 %3]</b> ")
                      .arg(prose(slot->dense.front().token), prose(slot->pruned.front().token),
                           mark(sameTop(*slot), ok, bad));
    }
    html += QStringLiteral(
                "<h3>BERT fills in [MASK]</h3><p>%1</p><p style=\"color:%2\">[dense | "
                "%3 (pruned)] at every [MASK]; \u2713 = same top-1.</p>")
                .arg(sentence, muted, a->runName.toHtmlEscaped());
  } else {
    QString prompt, generated, prunedPicks;
    for (int i = 0; i < a->promptLength && i < static_cast<int>(a->tokens.size()); ++i)
      prompt += prose(a->tokens[static_cast<std::size_t>(i)].text);
    for (std::size_t i = static_cast<std::size_t>(a->promptLength); i < a->tokens.size(); ++i)
      generated += prose(a->tokens[i].text);
    for (const OutputSlot& s : out.entries)
      if (!s.pruned.empty())
        prunedPicks +=
            quoted(s.pruned.front().token) + mark(sameTop(s), ok, bad) + QStringLiteral(" ");
    html += QStringLiteral(
                "<h3>GPT-2 generates</h3><p><span style=\"color:%1\">%2</span><b>%3</b></p>"
                "<p><b>%5 (pruned), step by step:</b> %4</p><p style=\"color:%1\">The dense "
                "model's greedy tokens extend the prompt (bold). At every step the pruned run "
                "sees the same prefix, so each of its picks can be compared with the dense one "
                "(\u2713 = same token).</p>")
                .arg(muted, prompt, generated, prunedPicks, a->runName.toHtmlEscaped());
  }
  if (out.entries.empty()) {
    html += QStringLiteral("<p>%1</p>").arg(out.note.toHtmlEscaped());
  } else {
    html += QStringLiteral(
                "<table border=\"1\" cellspacing=\"0\" cellpadding=\"6\"><tr><th>%1"
                "</th><th>dense: top %2</th><th>%4 (pruned): top %2</th>%3</tr>")
                .arg(bert ? QStringLiteral("[MASK] at") : QStringLiteral("step (predicts token)"))
                .arg(kOutputTopK)
                .arg(bert ? QString() : QStringLiteral("<th>KL(dense\u2016pruned)</th>"),
                     a->runName.toHtmlEscaped());
    for (std::size_t s = 0; s < out.entries.size(); ++s) {
      const OutputSlot& slot = out.entries[s];
      // One multi-argument arg(): chained ones would substitute a token such as "%2" again.
      html += QStringLiteral("<tr><td>%1 %2</td><td>%3</td><td>%4</td>%5</tr>")
                  .arg(bert ? QStringLiteral("token %1").arg(slot.position)
                            : QStringLiteral("%1 (%2)").arg(s).arg(slot.position),
                       mark(sameTop(slot), ok, bad), topList(slot.dense), topList(slot.pruned),
                       bert ? QString() : QStringLiteral("<td>%1</td>").arg(slot.kl, 0, 'g', 3));
    }
    html += QStringLiteral("</table>");
  }
  m_browser->setHtml(html);
}

}  // namespace spatten::views
