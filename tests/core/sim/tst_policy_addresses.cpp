// The simulator fetches exactly the keys each request names (Request::keyIds: SpAtten's alive
// tokens, a KV-cache policy's per-head selection), not a stand-in subset of the same size:
// every DRAM read of a finished simulation is mapped back, through the address layout written in
// docs/simulator.md ("DRAM address layout": region ((layer * heads + head) * kinds + kind) << 24,
// token j at j * vector bytes), to the (layer, head, token) whose K MSB vector it carries, and the
// counts must equal those the functional run's request stream implies. Quest's metadata reads map
// back the same way (region (256 * heads * 4 + layer * heads + head) << 24, vector 2p + m of page
// p, m = 0 min, 1 max) to the (layer, head, page) whose metadata they carry: every page but the
// last, min and max, per generation request.
#include <QtTest>
#include <map>
#include <tuple>

#include "core/export/dram_trace.h"
#include "core/sim/simulator.h"
#include "tests/core/sim/policy_workload.h"

using namespace spatten::core;

namespace {

using spatten::test::samples;

using spatten::test::policyTestConfig;
using spatten::test::policyWorkload;

using Key = std::tuple<int, int, int>;  // layer, head, token (or page, for metadata)

// 8-bit keys at D = 64: 64-byte vectors, two whole 32-byte transactions each (no shared blocks);
// Quest's metadata has the keys' width (8 bits): the same vector size.
constexpr int kVectorBytes = 64;
constexpr int kKMsbKind = 0;  // DataKind::KMsb's place in the region order (docs/simulator.md)
constexpr std::uint64_t kKinds = 4;        // K MSB, K LSB, V, Q regions per (layer, head)
constexpr std::uint64_t kMaxLayers = 256;  // metadata regions follow those of 256 layers

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

// Metadata vectors each (layer, head, page) is read for: min and max of pages 0 .. M - 1 of
// every generation request with M = metaFetchNum.
std::map<Key, int> expectedMetaReads(const Workload& w) {
  std::map<Key, int> out;
  for (const Request& r : w.requests)
    for (int p = 0; p < r.metaFetchNum; ++p) out[{r.layer, r.head, p}] += 2;
  return out;
}

// Vectors read per (layer, head, token) of the K MSB regions (meta = false) or per (layer, head,
// page) of the metadata regions (meta = true), from the addresses of every DRAM read.
std::map<Key, int> simulatedReads(const std::shared_ptr<const Workload>& w, const HwConfig& hw,
                                  bool meta = false) {
  Simulator sim(w, hw, 1, LogLevel::Full);
  sim.run();
  const DramOrganisation org(hw, "test");
  const auto heads = static_cast<std::uint64_t>(w->model.heads);
  const std::uint64_t metaStart = kMaxLayers * heads * kKinds;
  std::map<Key, int> blocks;
  for (const DramRequestRecord& rec : dramRequests(sim)) {
    const std::uint64_t a = internalAddress(org, rec);
    const std::uint64_t region = a >> 24;
    const auto vec = static_cast<int>((a & 0xffffff) / kVectorBytes);
    if (meta && region >= metaStart) {
      const std::uint64_t lh = region - metaStart;
      ++blocks[{int(lh / heads), int(lh % heads), vec / 2}];  // page of min/max vector vec
    } else if (!meta && region < metaStart && int(region % kKinds) == kKMsbKind) {
      const std::uint64_t lh = region / kKinds;
      ++blocks[{int(lh / heads), int(lh % heads), vec}];
    }
  }
  std::map<Key, int> vectors;
  for (const auto& [k, n] : blocks) {
    if (n % 2 != 0) throw std::runtime_error("a vector read in part");
    vectors[k] = n / 2;
  }
  return vectors;
}

void compareReads(const std::map<Key, int>& got, const std::map<Key, int>& want) {
  QCOMPARE(got.size(), want.size());
  for (const auto& [k, n] : want) {
    const auto it = got.find(k);
    QVERIFY2(it != got.end() && it->second == n,
             qPrintable(QString("layer %1 head %2 token/page %3: want %4 reads, got %5")
                            .arg(std::get<0>(k))
                            .arg(std::get<1>(k))
                            .arg(std::get<2>(k))
                            .arg(n)
                            .arg(it == got.end() ? 0 : it->second)));
  }
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
    const auto w = policyWorkload(*m_model, policyTestConfig(policy.toStdString()));
    HwConfig hw = HwConfig::load("spatten");
    hw.fuseHeads = false;
    compareReads(simulatedReads(w, hw), expectedReads(*w));
  }

  // Quest's metadata reads, with 16-token pages (the default) and 4-token pages.
  void metadataReadsMapToTheirPages_data() {
    QTest::addColumn<int>("page");
    QTest::newRow("page 16") << 16;
    QTest::newRow("page 4") << 4;
  }
  void metadataReadsMapToTheirPages() {
    QFETCH(int, page);
    RunConfig cfg = policyTestConfig("quest");
    cfg.page = page;
    const auto w = policyWorkload(*m_model, cfg);
    const std::map<Key, int> want = expectedMetaReads(*w);
    QVERIFY(!want.empty());
    const HwConfig hw = HwConfig::load("spatten");
    compareReads(simulatedReads(w, hw, true), want);
    compareReads(simulatedReads(w, hw), expectedReads(*w));  // the keys: whole pages
  }
};

QTEST_APPLESS_MAIN(TestPolicyAddresses)
#include "tst_policy_addresses.moc"
