#include "core/functional/fidelity.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/model/ops.h"
#include "core/util/error.h"

namespace spatten::core {
namespace {

// A metric over NaN/Inf is meaningless (KL 0 next to different top-1s, agreement 1.0 for an
// all-NaN model): fail loudly, naming what was compared.
void requireFinite(const Eigen::Ref<const RowVector>& v, const std::string& what) {
  if (ops::allFinite(v)) return;  // the loop names the first bad element
  for (Eigen::Index i = 0; i < v.size(); ++i)
    if (!std::isfinite(v(i)))
      throw Error("<fidelity>", what,
                  fmt::format("element {} is {}: the metric is undefined for non-finite values "
                              "(the model overflows float32 on this input)",
                              i, std::isnan(v(i)) ? "NaN" : "Inf"));
}

// Of finite elements: the maximum by a vectorised reduction, then the first element equal to it.
// The same index as a scan keeping the first strictly larger element (-0 == +0), in a fraction
// of its time (BERT's MLM agreement takes it over 128 x 30,522 logits per edit).
int firstMaximum(const Eigen::Ref<const RowVector>& v) {
  if (v.size() == 0) return 0;
  const float best = v.maxCoeff();
  Eigen::Index i = 0;
  while (v(i) != best) ++i;
  return static_cast<int>(i);
}

}  // namespace

double klDivergence(const RowVector& p, const RowVector& q) {
  requireFinite(p, "kl");
  requireFinite(q, "kl");
  auto logSoftmax = [](const RowVector& x) {
    const double m = static_cast<double>(x.maxCoeff());
    double s = 0.0;
    for (Eigen::Index i = 0; i < x.size(); ++i) s += std::exp(static_cast<double>(x(i)) - m);
    const double lse = m + std::log(s);
    std::vector<double> out(static_cast<size_t>(x.size()));
    for (Eigen::Index i = 0; i < x.size(); ++i) out[size_t(i)] = static_cast<double>(x(i)) - lse;
    return out;
  };
  const std::vector<double> lp = logSoftmax(p), lq = logSoftmax(q);
  double kl = 0.0;
  for (size_t i = 0; i < lp.size(); ++i) kl += std::exp(lp[i]) * (lp[i] - lq[i]);
  return std::max(0.0, kl);
}

double cosineSimilarity(const RowVector& a, const RowVector& b) {
  requireFinite(a, "cosine");
  requireFinite(b, "cosine");
  double ab = 0, aa = 0, bb = 0;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    ab += double(a(i)) * double(b(i));
    aa += double(a(i)) * double(a(i));
    bb += double(b(i)) * double(b(i));
  }
  if (aa == 0.0 || bb == 0.0) return 0.0;
  return ab / std::sqrt(aa * bb);
}

int argmaxLowest(const Eigen::Ref<const RowVector>& v) {
  requireFinite(v, "argmax");
  return firstMaximum(v);
}

namespace {

std::vector<int> mlmPositionsOf(const RunResult& run, const std::vector<int>& maskPositions) {
  if (!maskPositions.empty()) return maskPositions;
  std::vector<int> all(static_cast<std::size_t>(run.finalHidden.rows()));
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  return all;
}

// Argmax of the MLM logits at each of `positions`; `which` ("dense", "pruned") names the run in
// the error for a non-finite row.
std::vector<int> mlmArgmax(const Model& model, const RunResult& run,
                           const std::vector<int>& positions, const char* which) {
  const RowMatrix logits = model.logits(run.finalHidden(positions, Eigen::all));
  std::vector<int> out;
  for (Eigen::Index r = 0; r < logits.rows(); ++r) {
    if (!ops::allFinite(logits.row(r)))
      requireFinite(logits.row(r),
                    fmt::format("{} MLM logits of position {}", which, positions[size_t(r)]));
    out.push_back(firstMaximum(logits.row(r)));
  }
  return out;
}

}  // namespace

DenseMlm denseMlmOf(const Model& model, const RunResult& dense,
                    const std::vector<int>& maskPositions) {
  DenseMlm d;
  if (dense.family != Family::Bert || !model.hasLogits()) return d;
  d.positions = mlmPositionsOf(dense, maskPositions);
  d.argmax = mlmArgmax(model, dense, d.positions, "dense");
  return d;
}

Fidelity measureFidelity(const Model& model, const RunResult& dense, const RunResult& pruned,
                         const std::vector<int>& maskPositions, const DenseMlm* denseMlm) {
  Fidelity f;
  if (dense.family == Family::Gpt2) {
    const size_t steps = std::min(dense.stepLogits.size(), pruned.stepLogits.size());
    int agree = 0;
    double klSum = 0.0;
    for (size_t s = 0; s < steps; ++s) {
      requireFinite(dense.stepLogits[s], fmt::format("dense logits of iteration {}", s));
      requireFinite(pruned.stepLogits[s], fmt::format("pruned logits of iteration {}", s));
      StepFidelity sf;
      sf.iteration = static_cast<int>(s);
      sf.denseTop1 = argmaxLowest(dense.stepLogits[s]);
      sf.prunedTop1 = argmaxLowest(pruned.stepLogits[s]);
      sf.kl = klDivergence(dense.stepLogits[s], pruned.stepLogits[s]);
      agree += sf.denseTop1 == sf.prunedTop1 ? 1 : 0;
      klSum += sf.kl;
      f.steps.push_back(sf);
    }
    if (steps > 0) {
      f.top1Agreement = static_cast<double>(agree) / static_cast<double>(steps);
      f.meanKl = klSum / static_cast<double>(steps);
    }
    return f;
  }
  requireFinite(dense.finalHidden.row(0), "dense final [CLS] state");
  requireFinite(pruned.finalHidden.row(0), "pruned final [CLS] state");
  f.clsCosine = cosineSimilarity(dense.finalHidden.row(0), pruned.finalHidden.row(0));
  if (!model.hasLogits()) return f;
  f.mlmPositions = mlmPositionsOf(dense, maskPositions);
  f.denseMlm = denseMlm && denseMlm->positions == f.mlmPositions
                   ? denseMlm->argmax
                   : mlmArgmax(model, dense, f.mlmPositions, "dense");
  f.prunedMlm = mlmArgmax(model, pruned, f.mlmPositions, "pruned");
  int agree = 0;
  for (std::size_t r = 0; r < f.mlmPositions.size(); ++r)
    agree += f.denseMlm[r] == f.prunedMlm[r] ? 1 : 0;
  if (!f.mlmPositions.empty())
    f.mlmAgreement = static_cast<double>(agree) / static_cast<double>(f.mlmPositions.size());
  return f;
}

}  // namespace spatten::core
