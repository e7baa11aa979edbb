#pragma once
// What pruning cost, measured against the dense run on the same text (docs/semantics.md,
// "Fidelity"). GPT-2: top-1 agreement and KL(dense || pruned) of the next-token distribution
// after summarization and every generation step (the pruned run is teacher-forced with the dense
// run's tokens). BERT: cosine of the final [CLS] state and MLM argmax agreement.

#include <vector>

#include "core/functional/run_result.h"
#include "core/model/model.h"

namespace spatten::core {

struct StepFidelity {
  int iteration = 0;
  int denseTop1 = 0;
  int prunedTop1 = 0;
  double kl = 0.0;  // KL(dense || pruned) in nats
};

struct Fidelity {
  // GPT-2
  std::vector<StepFidelity> steps;
  double top1Agreement = 0.0;  // fraction of steps whose argmax agrees
  double meanKl = 0.0;
  // BERT
  double clsCosine = 0.0;
  std::vector<int> mlmPositions;         // positions compared ([MASK] positions, else all)
  std::vector<int> denseMlm, prunedMlm;  // argmax per position
  double mlmAgreement = 0.0;             // fraction of positions that agree
};

// Every function here throws Error("<fidelity>", what, ...) when an input holds NaN or Inf.
// KL(softmax(p) || softmax(q)), computed in double with max subtraction.
double klDivergence(const RowVector& pLogits, const RowVector& qLogits);
double cosineSimilarity(const RowVector& a, const RowVector& b);
// Ties to the lowest index. A Ref: a row of a row-major matrix is read in place, not copied.
int argmaxLowest(const Eigen::Ref<const RowVector>& v);

// BERT: the dense side of the MLM comparison (the MLM head's argmax at each compared position).
// It depends only on the dense run, so a caller that measures many pruned runs against one dense
// run (the GUI: every parameter edit) computes it once: on BERT base with 128 tokens and no
// [MASK], each side is a 128 x 768 x 30,522 product.
struct DenseMlm {
  std::vector<int> positions;  // as Fidelity::mlmPositions
  std::vector<int> argmax;     // as Fidelity::denseMlm
};
// Empty when the model has no MLM head (or is GPT-2).
DenseMlm denseMlmOf(const Model& model, const RunResult& dense,
                    const std::vector<int>& maskPositions);

// `maskPositions`: BERT [MASK] positions (empty = every position). Runs the MLM head on the
// final (possibly frozen) hidden states when the model has one. `dense` may pass the result of
// denseMlmOf(model, dense, maskPositions) for the same dense run (the figures are identical).
Fidelity measureFidelity(const Model& model, const RunResult& dense, const RunResult& pruned,
                         const std::vector<int>& maskPositions, const DenseMlm* denseMlm = nullptr);

}  // namespace spatten::core
