#include "core/functional/head_attention.h"

#include <algorithm>

#include "core/model/ops.h"

namespace spatten::core {

HeadAttentionOutput computeHeadAttention(const Model& model, const HeadAttentionInput& in,
                                         const HeadAttentionOptions& options,
                                         const TopKSelector& selector) {
  const Eigen::Index rows = in.q.rows();
  const int nKeys = static_cast<int>(in.keys.size());
  HeadAttentionOutput res;
  res.rows.resize(static_cast<size_t>(rows));

  // First pass: MSB-only keys (PQ) or the static/float keys.
  res.probs = model.attentionScores(in.q, in.kFirst);
  model.maskScores(res.probs, in.queryPos, in.keys);
  Model::softmaxRows(res.probs);

  std::vector<Eigen::Index> refetchRows;
  for (Eigen::Index i = 0; i < rows; ++i) {
    HeadRowInfo& info = res.rows[static_cast<size_t>(i)];
    const int qpos = in.queryPos[static_cast<size_t>(i)];
    info.attended = model.causal()
                        ? static_cast<int>(std::upper_bound(in.keys.begin(), in.keys.end(), qpos) -
                                           in.keys.begin())
                        : nKeys;
    float mx = 0.0f;
    for (int j = 0; j < info.attended; ++j) mx = std::max(mx, res.probs(i, j));
    info.maxProbFirst = mx;
    if (options.pqActive && static_cast<double>(mx) < options.pqThreshold) {
      info.refetch = true;
      refetchRows.push_back(i);
      if (options.keepFirstRows)
        info.probsFirst.assign(res.probs.row(i).data(), res.probs.row(i).data() + info.attended);
    }
  }
  if (!refetchRows.empty()) {
    // Recompute only the refetched rows with the full-precision keys.
    RowMatrix qSub(static_cast<Eigen::Index>(refetchRows.size()), in.q.cols());
    std::vector<int> posSub;
    for (size_t r = 0; r < refetchRows.size(); ++r) {
      qSub.row(static_cast<Eigen::Index>(r)) = in.q.row(refetchRows[r]);
      posSub.push_back(in.queryPos[static_cast<size_t>(refetchRows[r])]);
    }
    RowMatrix p2 = model.attentionScores(qSub, in.kFull);
    model.maskScores(p2, posSub, in.keys);
    Model::softmaxRows(p2);
    for (size_t r = 0; r < refetchRows.size(); ++r)
      res.probs.row(refetchRows[r]) = p2.row(static_cast<Eigen::Index>(r));
  }

  // Local value pruning: the probabilities of values that are not fetched zeroed, in a copy made
  // at the first row that prunes a value (without one, e.g. in a dense run, res.probs is used
  // itself: a copy of n x n floats per head saved).
  RowMatrix pv;
  bool pruned = false;
  for (Eigen::Index i = 0; i < rows; ++i) {
    HeadRowInfo& info = res.rows[static_cast<size_t>(i)];
    const int m = info.attended;
    const int k = valueKeepCount(options.valueKeep, m);
    if (m == 0) continue;
    if (k >= m) {  // every attended value
      info.valueFetch = m;
      if (options.keepKeptValues) info.keptValues.assign(in.keys.begin(), in.keys.begin() + m);
      continue;
    }
    std::vector<float> row(res.probs.row(i).data(), res.probs.row(i).data() + m);
    const std::vector<int> kept = selector(row, k);
    if (!pruned) {
      pv = res.probs;
      pruned = true;
    }
    std::vector<char> keep(static_cast<size_t>(nKeys), 0);
    for (int j : kept) keep[static_cast<size_t>(j)] = 1;
    for (int j = 0; j < nKeys; ++j)
      if (!keep[static_cast<size_t>(j)]) pv(i, j) = 0.0f;
    info.valueFetch = static_cast<int>(kept.size());
    if (!options.keepKeptValues) continue;
    info.keptValues.reserve(kept.size());
    for (int j : kept) info.keptValues.push_back(in.keys[static_cast<size_t>(j)]);
  }
  res.out.resize(rows, in.v.cols());
  ops::matmul(res.out, pruned ? pv : res.probs, ops::viewOf(in.v), false);
  return res;
}

}  // namespace spatten::core
