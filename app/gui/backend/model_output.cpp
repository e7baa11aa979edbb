#include "app/gui/backend/model_output.h"

#include <QString>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "app/gui/backend/token_text.h"
#include "core/functional/run_report.h"
#include "core/model/model.h"
#include "core/tokenizer/tokenizer.h"

namespace spatten::app {
std::vector<views::Prediction> topPredictions(const core::RowVector& logits,
                                              const core::Tokenizer& tok, bool bert) {
  const Eigen::Index n = logits.size();
  std::vector<views::Prediction> out;
  if (n == 0) return out;
  const double mx = static_cast<double>(logits.maxCoeff());
  double sum = 0;
  for (Eigen::Index i = 0; i < n; ++i) sum += std::exp(static_cast<double>(logits(i)) - mx);
  std::vector<int> ids(static_cast<std::size_t>(n));
  std::iota(ids.begin(), ids.end(), 0);
  const auto k = std::min<std::size_t>(views::kOutputTopK, ids.size());
  std::partial_sort(
      ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(k), ids.end(),
      [&](int a, int b) { return logits(a) > logits(b) || (logits(a) == logits(b) && a < b); });
  for (std::size_t i = 0; i < k; ++i) {
    const int id = ids[i];
    // A checkpoint whose output layer is wider than its tokenizer (a vocabulary padded to a
    // round size, or a config that disagrees with vocab.txt) predicts ids with no text: say so
    // rather than show an empty token.
    const QString text = id >= tok.vocabSize()
                             ? QStringLiteral("[id %1: not in the tokenizer]").arg(id)
                         : bert ? QString::fromStdString(tok.tokenText(id))
                                : displayBytes(tok.tokenBytes(id));
    out.push_back(
        {text, id, static_cast<float>(std::exp(static_cast<double>(logits(id)) - mx) / sum)});
  }
  return out;
}

views::ModelOutput modelOutput(const core::Model& model, const core::Tokenizer& tokenizer,
                               const core::RunReport& report, const std::vector<int>& masks) {
  views::ModelOutput out;
  const core::RunResult& dense = *report.dense;
  const core::RunResult& pruned = report.pruned;
  if (dense.family == core::Family::Gpt2) {
    const std::size_t steps = std::min(dense.stepLogits.size(), pruned.stepLogits.size());
    const int prompt = static_cast<int>(dense.promptIds.size());
    for (std::size_t s = 0; s < steps; ++s) {
      views::OutputSlot slot;
      slot.position = prompt + static_cast<int>(s);
      slot.dense = topPredictions(dense.stepLogits[s], tokenizer, false);
      slot.pruned = topPredictions(pruned.stepLogits[s], tokenizer, false);
      if (s < report.fidelity.steps.size()) slot.kl = report.fidelity.steps[s].kl;
      out.entries.push_back(std::move(slot));
    }
    return out;
  }
  if (!model.hasLogits()) {
    out.note = QStringLiteral("this BERT folder has no MLM head (no predictions)");
    return out;
  }
  if (masks.empty()) {
    out.note =
        QStringLiteral("no [MASK] in the sentence: put [MASK] where BERT should guess a word");
    return out;
  }
  const core::RowMatrix dl = model.logits(dense.finalHidden(masks, Eigen::all));
  const core::RowMatrix pl = model.logits(pruned.finalHidden(masks, Eigen::all));
  for (std::size_t i = 0; i < masks.size(); ++i) {
    views::OutputSlot slot;
    slot.position = masks[i];
    slot.dense = topPredictions(dl.row(static_cast<Eigen::Index>(i)), tokenizer, true);
    slot.pruned = topPredictions(pl.row(static_cast<Eigen::Index>(i)), tokenizer, true);
    out.entries.push_back(std::move(slot));
  }
  return out;
}

}  // namespace spatten::app
