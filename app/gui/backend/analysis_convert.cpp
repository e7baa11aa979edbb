#include "app/gui/backend/analysis_convert.h"

#include <QString>
#include <algorithm>
#include <array>

#include "core/functional/run_config.h"
#include "core/functional/run_report.h"
#include "core/model/forward.h"

namespace spatten::app {

views::Matrix matrixOf(const core::RowMatrix& p) {
  views::Matrix m;
  m.rows = static_cast<int>(p.rows());
  m.cols = static_cast<int>(p.cols());
  m.values.assign(p.data(), p.data() + p.size());  // both row-major
  return m;
}

void addHeadRows(views::Matrix& m, int length, const std::vector<int>& queryPos,
                 const std::vector<int>& keys, const core::RowMatrix& probs) {
  if (m.rows == 0) m = views::Matrix(length, length, 0.0f);
  const auto cols = static_cast<Eigen::Index>(keys.size());
  for (std::size_t i = 0; i < queryPos.size(); ++i) {
    float* row = &m.at(queryPos[i], 0);
    const float* p = probs.row(static_cast<Eigen::Index>(i)).data();
    if (cols > 0 && keys.back() == cols - 1) {  // keys 0 .. cols-1 (ascending): one copy
      std::copy(p, p + cols, row);
      continue;
    }
    for (Eigen::Index j = 0; j < cols; ++j) row[keys[static_cast<std::size_t>(j)]] = p[j];
  }
}

namespace {

std::vector<std::uint8_t> membership(const std::vector<int>& ids, int n) {
  std::vector<std::uint8_t> out(static_cast<std::size_t>(n), 0);
  for (int id : ids)
    if (id >= 0 && id < n) out[static_cast<std::size_t>(id)] = 1;
  return out;
}

std::vector<float> toFloat(const std::vector<double>& v) {
  return {v.begin(), v.end()};
}

std::array<double, views::kDramKinds> kinds(const core::DramBytes& b) {
  return {static_cast<double>(b.kMsb), static_cast<double>(b.kLsb), static_cast<double>(b.v),
          static_cast<double>(b.q), static_cast<double>(b.meta)};
}

void addPerLayer(std::vector<std::array<double, views::kDramKinds>>& out,
                 const core::DramReport& report, int layers) {
  out.assign(static_cast<std::size_t>(layers), {0, 0, 0, 0, 0});
  for (const core::DramCell& c : report.cells) {
    if (c.layer < 0 || c.layer >= layers) continue;
    const auto k = kinds(c.bytes);
    for (int i = 0; i < views::kDramKinds; ++i)
      out[static_cast<std::size_t>(c.layer)][static_cast<std::size_t>(i)] +=
          k[static_cast<std::size_t>(i)];
  }
}

QString fidelityText(const core::RunReport& r) {
  const core::Fidelity& f = r.fidelity;
  if (r.pruned.family == core::Family::Gpt2)
    return QStringLiteral("top-1 agreement %1%, mean KL %2")
        .arg(100.0 * f.top1Agreement, 0, 'f', 0)
        .arg(f.meanKl, 0, 'g', 3);
  QString text = QStringLiteral("[CLS] cosine %1").arg(f.clsCosine, 0, 'f', 4);
  if (!f.mlmPositions.empty())
    text += QStringLiteral(", MLM agreement %1%").arg(100.0 * f.mlmAgreement, 0, 'f', 0);
  return text;
}

}  // namespace

void addSpattenRun(views::AnalysisData& a, const std::shared_ptr<const core::RunReport>& shared) {
  const core::RunReport& report = *shared;
  const core::RunResult& run = report.pruned;
  a.rowStorage = shared;
  a.iterations.assign(static_cast<std::size_t>(a.passCount), {});
  for (auto& it : a.iterations) {
    it.tokenAlive.resize(static_cast<std::size_t>(a.layers));
    it.tokenImportance.resize(static_cast<std::size_t>(a.layers));
    it.headAlive.resize(static_cast<std::size_t>(a.layers));
    it.headImportance.resize(static_cast<std::size_t>(a.layers));
  }
  for (const core::LayerRecord& r : run.layerRecords) {
    if (r.iteration < 0 || r.iteration >= a.passCount || r.layer < 0 || r.layer >= a.layers)
      continue;
    auto& it = a.iterations[static_cast<std::size_t>(r.iteration)];
    const auto l = static_cast<std::size_t>(r.layer);
    it.seqLen = r.sequenceLength;
    it.tokenAlive[l] = membership(r.computedTokens, r.sequenceLength);
    it.tokenImportance[l] = toFloat(r.tokenImportance);
    it.headAlive[l] = membership(r.computedHeads, a.heads);
    it.headImportance[l] = toFloat(r.headImportance);
    for (auto* v : {&it.tokenKeep, &it.headKeep})
      v->resize(static_cast<std::size_t>(a.layers), 1.0);
    for (auto* v : {&it.tokenBudget, &it.headBudget})
      v->resize(static_cast<std::size_t>(a.layers), 0);
    it.tokenKeep[l] = r.tokenKeep;
    it.headKeep[l] = r.headKeep;
    it.tokenBudget[l] = r.tokenBudget;
    it.headBudget[l] = r.headBudget;
  }

  a.requests.clear();
  a.requests.reserve(run.requests.size());
  for (const core::RequestRecord& r : run.requests) {
    views::RequestInfo info;
    info.iteration = r.iteration;
    info.layer = r.layer;
    info.head = r.head;
    info.query = r.query;
    info.maxProb = r.maxProbFirst;
    info.refetch = r.refetch;
    info.keys = r.keyFetch;
    info.values = r.valueFetch;
    info.keyIndex = r.keys;
    info.msbRow = r.refetch && !r.probsMsb.empty() ? r.probsMsb : r.probs;
    info.fullRow = r.probsFull;  // spans into the report, which a.rowStorage holds
    a.requests.push_back(std::move(info));
  }
  a.runName = QString::fromStdString(core::policyDisplayName(run.config.policy));
  a.pqEnabled = run.config.pq_enabled;
  a.pqThreshold = run.config.pq_threshold;
  a.kMsbBits = run.config.k_msb_bits;
  a.kLsbBits = run.config.k_lsb_bits;
  addPerLayer(a.dram.bytesPerLayer, run.dram, a.layers);
  std::vector<std::array<double, views::kDramKinds>> dense;
  addPerLayer(dense, report.denseBaseline, a.layers);
  a.dram.denseBytesPerLayer.assign(static_cast<std::size_t>(a.layers), 0.0);
  for (std::size_t l = 0; l < dense.size(); ++l)
    for (double b : dense[l]) a.dram.denseBytesPerLayer[l] += b;
  a.fidelitySummary = fidelityText(report);
  const core::Fidelity& f = report.fidelity;
  if (run.family == core::Family::Gpt2) {
    a.fidelity = {{QStringLiteral("top-1 agreement"), f.top1Agreement},
                  {QStringLiteral("mean KL"), f.meanKl}};
  } else {
    a.fidelity = {{QStringLiteral("[CLS] cosine"), f.clsCosine}};
    if (!f.mlmPositions.empty())
      a.fidelity.emplace_back(QStringLiteral("MLM agreement"), f.mlmAgreement);
  }
  a.hasSpatten = true;
}

}  // namespace spatten::app
