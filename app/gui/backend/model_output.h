#pragma once
// The model's predictions, dense and pruned, for the "Model output" view, from the logits the
// functional runs already produced (GPT-2: RunResult::stepLogits of every pass) or from the final
// hidden states of both runs through the MLM head (BERT, at the [MASK] positions). No forward
// pass of its own. Thread: worker thread (reads the model; pure otherwise).

#include <vector>

#include "core/model/tensor_types.h"
#include "views/common/view_data.h"

namespace spatten::core {
class Model;
class Tokenizer;
struct RunReport;
}  // namespace spatten::core

namespace spatten::app {

// The views::kOutputTopK most likely tokens of one logit row: softmax in double with the maximum
// subtracted; ties go to the lower id. An id beyond the tokenizer's vocabulary (an output layer
// wider than the tokenizer) is shown as "[id N: not in the tokenizer]".
std::vector<views::Prediction> topPredictions(const core::RowVector& logits,
                                              const core::Tokenizer& tokenizer, bool bert);

// `masks`: BERT [MASK] positions (ignored for GPT-2).
views::ModelOutput modelOutput(const core::Model& model, const core::Tokenizer& tokenizer,
                               const core::RunReport& report, const std::vector<int>& masks);

}  // namespace spatten::app
