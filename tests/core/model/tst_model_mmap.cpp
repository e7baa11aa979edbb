// Real-size loading (issue 17): a GPT-2-small-shaped checkpoint (124 M random weights written
// by the test, 498 MB in F32) loads from the mapped file in place for F32 and converted once for
// F16/BF16. Checked per dtype: the peak resident-set growth of loading and running it stays
// under the bound (F32: the file + 150 MB; F16/BF16: the converted floats + 150 MB, so a second
// copy of the weights or the converted file's pages left resident would fail), and the forward
// output equals, bit for bit, that of the same floats copied into memory (Model::fromTensors).
#include <malloc.h>

#include <QtTest>
#include <cstdio>
#include <fstream>
#include <string>

#include "checkpoint_writer.h"
#include "core/model/forward.h"
#include "core/model/model.h"
#include "core/model/model_config.h"
#include "core/model/safetensors.h"

using namespace spatten::core;
namespace fs = std::filesystem;

namespace {

// A field of /proc/self/status in kB ("VmRSS", "VmHWM"); -1 if absent.
long statusKb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return -1;
}

// Returns freed heap to the system (the previous row's buffers) and resets VmHWM to the current
// VmRSS (Linux >= 4.0).
bool resetPeak() {
  malloc_trim(0);
  std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
  if (!f) return false;
  const bool ok = std::fputs("5", f) >= 0;
  return std::fclose(f) == 0 && ok;
}

constexpr long kSlackKb = 150 * 1024;

std::vector<int> someIds(int vocab) {
  std::vector<int> ids;
  for (int i = 0; i < 24; ++i) ids.push_back((i * 7919 + 13) % vocab);
  return ids;
}

bool sameMatrix(const RowMatrix& a, const RowMatrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() && (a.array() == b.array()).all();
}

}  // namespace

class TestModelMmap : public QObject {
  Q_OBJECT
  QTemporaryDir m_tmp;

private slots:
  void realSizeLoad_data() {
    QTest::addColumn<int>("dtype");
    QTest::newRow("F32") << int(model_test::CkptDType::F32);
    QTest::newRow("F16") << int(model_test::CkptDType::F16);
    QTest::newRow("BF16") << int(model_test::CkptDType::BF16);
  }

  void realSizeLoad() {
    QFETCH(int, dtype);
    const auto dt = static_cast<model_test::CkptDType>(dtype);
    const fs::path dir = fs::path(m_tmp.path().toStdString()) / model_test::ckptDTypeName(dt);
    const model_test::Gpt2Shape shape;
    const auto fileBytes = model_test::writeGpt2Checkpoint(dir, shape, dt);
    std::int64_t params = 0;
    for (const auto& t : model_test::gpt2Tensors(shape)) params += t.numel();
    const long floatKb = static_cast<long>(params * 4 / 1024);
    const long boundKb =
        (dt == model_test::CkptDType::F32 ? static_cast<long>(fileBytes / 1024) : floatKb) +
        kSlackKb;

    const std::vector<int> ids = someIds(shape.vocab);
    ForwardOptions opt;
    opt.keepHeads = false;
    QVERIFY(resetPeak());
    const long before = statusKb("VmRSS");
    QVERIFY(before > 0);
    ForwardTrace mapped;
    {
      const auto model = Model::load(dir);
      mapped = forward(*model, ids, opt);  // touches every weight (the tied LM head: all of wte)
    }
    const long growth = statusKb("VmHWM") - before;
    qInfo("%s: file %.0f MB, peak RSS growth %.0f MB, bound %.0f MB", model_test::ckptDTypeName(dt),
          double(fileBytes) / 1048576.0, double(growth) / 1024.0, double(boundKb) / 1024.0);
    QVERIFY2(growth <= boundKb, "loading holds more than one copy of the weights");
    QVERIFY(growth >= floatKb * 9 / 10);  // the measurement sees the weights at all

    // The copy-based path: the same floats in memory, copied into the model.
    ForwardTrace copied;
    {
      TensorMap tensors;
      const SafetensorsFile file = SafetensorsFile::open(dir / "model.safetensors");
      for (const std::string& name : file.names()) {
        const FloatTensor t = file.floats(name);
        tensors[name] = HostTensor{t.shape(), std::vector<float>(t.data(), t.data() + t.size())};
      }
      const auto model = Model::fromTensors(loadModelConfig(dir / "config.json"), tensors);
      copied = forward(*model, ids, opt);
    }
    QVERIFY(sameMatrix(mapped.logits, copied.logits));
    QCOMPARE(mapped.layers.size(), copied.layers.size());
    for (std::size_t l = 0; l < mapped.layers.size(); ++l)
      QVERIFY(sameMatrix(mapped.layers[l].hidden, copied.layers[l].hidden));
    fs::remove_all(dir);
  }
};

QTEST_GUILESS_MAIN(TestModelMmap)
#include "tst_model_mmap.moc"
