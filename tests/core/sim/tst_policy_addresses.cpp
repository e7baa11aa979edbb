// The simulator fetches exactly the keys each request names (Request::keyIds: SpAtten's alive
// tokens, a KV-cache policy's per-head selection), not a stand-in subset of the same size:
// every DRAM read of a finished simulation is mapped back, through the address layout written in
// docs/simulator.md ("DRAM address layout": region ((layer * heads + head) * kinds + kind) << 24,
// token j at j * vector bytes), to the (layer, head, token) whose K MSB vector it carries, and the
// counts must equal those the functional run's request stream implies.
#include <QtTest>
#include <map>
#include <tuple>

#include "core/export/dram_trace.h"
#include "core/functional/run_report.h"
#include "core/functional/workload_convert.h"
#include "core/model/model.h"
#include "core/sim/simulator.h"
#include "core/tokenizer/tokenizer.h"
#include "tests/core/sample_ids.h"

using namespace spatten::core;

namespace {

using spatten::test::samples;

using Key = std::tuple<int, int, int>;  // layer, head, token

// 8-bit keys at D = 64: 64-byte vectors, two whole 32-byte transactions each (no shared blocks).
constexpr int kVectorBytes = 64;
constexpr int kKMsbKind = 0;  // DataKind::KMsb's place in the region order (docs/simulator.md)

std::shared_ptr<const Workload> policyWorkload(const Model& model, const std::string& policy) {
  // SpAtten prunes with its own cascade (its preset); the KV policies start from dense.
  RunConfig cfg = presetConfig(policy == "spatten" ? "spatten-gpt2" : "dense");
  cfg.policy = policy;
  cfg.kv_budget = 0.3;
  cfg.generate = 6;
  cfg.k_msb_bits = 8;
  cfg.k_lsb_bits = 0;
  RunOptions ro;
  ro.recordAttention = true;
  const RunReport rep = runReport(model, spatten::test::encodeSentenceFile(samples("models/tiny-gpt2"), "persuasion.txt"), cfg, ro);
  return std::make_shared<const Workload>(toWorkload(rep.pruned, "tiny-gpt2"));
}

// K MSB vectors each (layer, head, token) is read for, as the request stream says: a head's
// prefill group reads its keys once, every generation request reads its own keyIds.
std::map<Key, int> expectedReads(const Workload& w) {
  std::map<Key, int> out;
  std::map<std::tuple<int, int>, int> prefill;  // (layer, head) -> keys of the group
  for (const Request& r : w.requests) {
    if (r.stage == Stage::Summarization) {
      int& n = prefill[{r.layer, r.head}];
      n = std::max(n, r.keyFetchNum);
      continue;
    }
    if (!r.keyIds) throw std::runtime_error("generation request without keyIds");
    for (const int t : *r.keyIds) ++out[{r.layer, r.head, t}];
  }
  for (const auto& [lh, n] : prefill)
    for (int t = 0; t < n; ++t) ++out[{std::get<0>(lh), std::get<1>(lh), t}];
  return out;
}

std::map<Key, int> simulatedReads(const std::shared_ptr<const Workload>& w, const HwConfig& hw) {
  Simulator sim(w, hw, 1, LogLevel::Full);
  sim.run();
  const DramOrganisation org(hw, "test");
  const int heads = w->model.heads;
  std::map<Key, int> blocks;
  for (const DramRequestRecord& rec : dramRequests(sim)) {
    const std::uint64_t a = internalAddress(org, rec);
    const std::uint64_t region = a >> 24;
    if (static_cast<int>(region % kDataKinds) != kKMsbKind) continue;
    const int lh = static_cast<int>(region / kDataKinds);
    const int token = static_cast<int>((a & 0xffffff) / kVectorBytes);
    ++blocks[{lh / heads, lh % heads, token}];
  }
  std::map<Key, int> vectors;
  for (const auto& [k, n] : blocks) {
    if (n % 2 != 0) throw std::runtime_error("a key vector read in part");
    vectors[k] = n / 2;
  }
  return vectors;
}

}  // namespace

class TestPolicyAddresses : public QObject {
  Q_OBJECT
  std::unique_ptr<Model> m_model = Model::load(samples("models/tiny-gpt2"));

private slots:
  void simulatorReadsTheNamedKeys_data() {
    QTest::addColumn<QString>("policy");
    for (const char* p : {"spatten", "h2o", "quest", "snapkv", "streaming", "tova"})
      QTest::newRow(p) << QString(p);
  }
  void simulatorReadsTheNamedKeys() {
    QFETCH(QString, policy);
    const auto w = policyWorkload(*m_model, policy.toStdString());
    HwConfig hw = HwConfig::load("spatten");
    hw.fuseHeads = false;
    const std::map<Key, int> want = expectedReads(*w);
    const std::map<Key, int> got = simulatedReads(w, hw);
    QCOMPARE(got.size(), want.size());
    for (const auto& [k, n] : want) {
      const auto it = got.find(k);
      QVERIFY2(it != got.end() && it->second == n,
               qPrintable(QString("layer %1 head %2 token %3: want %4 reads, got %5")
                              .arg(std::get<0>(k))
                              .arg(std::get<1>(k))
                              .arg(std::get<2>(k))
                              .arg(n)
                              .arg(it == got.end() ? 0 : it->second)));
    }
  }
};

QTEST_APPLESS_MAIN(TestPolicyAddresses)
#include "tst_policy_addresses.moc"
