#pragma once
// Presentation data the views draw: immutable once published (held as shared_ptr<const ...>).
// The app's worker builds these from core results (app/gui/backend); views never call into core
// computations and never see data change under them. Thread: built on the worker thread, read on
// the GUI thread; never mutated after publication.

#include <QString>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace spatten::views {

// Row-major matrix of floats; NaN marks cells that were not computed (pruned or masked).
struct Matrix {
  int rows = 0;
  int cols = 0;
  std::vector<float> values;

  Matrix() = default;
  Matrix(int r, int c, float fill = std::numeric_limits<float>::quiet_NaN())
      : rows(r), cols(c), values(static_cast<std::size_t>(r) * static_cast<std::size_t>(c), fill) {}
  float at(int r, int c) const { return values[static_cast<std::size_t>(r) * cols + c]; }
  float& at(int r, int c) { return values[static_cast<std::size_t>(r) * cols + c]; }
};

// Matrices shared by every analysis that holds them: the dense attention of an unchanged
// sequence is computed once and reused by each later edit, and copying an AnalysisData copies a
// pointer, not layers x heads x n x n floats (570 MB for GPT-2 small at 995 tokens). Reads like
// a const std::vector<Matrix>; push_back and assign (tests building data by hand) copy the
// matrices first when another holder shares them.
class SharedMatrices {
public:
  SharedMatrices() = default;
  explicit SharedMatrices(std::vector<Matrix> m)
      : m_data(std::make_shared<std::vector<Matrix>>(std::move(m))) {}
  std::size_t size() const { return m_data ? m_data->size() : 0; }
  bool empty() const { return size() == 0; }
  const Matrix& operator[](std::size_t i) const { return (*m_data)[i]; }
  void push_back(Matrix m) { own().push_back(std::move(m)); }
  void assign(std::size_t n, const Matrix& m) { own().assign(n, m); }
  bool sharesWith(const SharedMatrices& o) const { return m_data && m_data == o.m_data; }

private:
  std::vector<Matrix>& own() {
    if (!m_data)
      m_data = std::make_shared<std::vector<Matrix>>();
    else if (m_data.use_count() > 1)
      m_data = std::make_shared<std::vector<Matrix>>(*m_data);
    return *m_data;
  }
  std::shared_ptr<std::vector<Matrix>> m_data;
};

struct TokenText {
  int id = 0;
  QString text;  // display text (byte-level BPE markers already decoded)
};

// Cascade pruning state of one pass (iteration 0 = summarization, then generation steps).
struct PruningIteration {
  int seqLen = 0;
  // layers x seqLen: 1 when the token is alive (processed) in that layer.
  std::vector<std::vector<std::uint8_t>> tokenAlive;
  // layers x seqLen: cumulative token importance s_t after that layer.
  std::vector<std::vector<float>> tokenImportance;
  // layers x heads: 1 when the head is alive in that layer; importance s_h after that layer.
  std::vector<std::vector<std::uint8_t>> headAlive;
  std::vector<std::vector<float>> headImportance;
  // Per layer (docs/semantics.md): keep ratios r_l / r^h_l and budgets k_l / k^h_l of the
  // pruning decision taken after that layer.
  std::vector<double> tokenKeep, headKeep;
  std::vector<int> tokenBudget, headBudget;
};

// One SpAtten request = one query of one head in one layer of one pass.
struct RequestInfo {
  int iteration = 0;
  int layer = 0;
  int head = 0;
  int query = 0;  // sequence index
  float maxProb = 0;
  bool refetch = false;
  int keys = 0;
  int values = 0;
  // Rows of the run's records, not copies (AnalysisData::rowStorage keeps them alive: 430 MB
  // for GPT-2 small at 995 tokens).
  std::span<const float> msbRow;   // probabilities with MSB-only keys (over attended keys)
  std::span<const float> fullRow;  // probabilities with full-precision keys
  std::span<const int> keyIndex;   // sequence index of each entry of the rows
};

// The simulator's DataKind order (core/sim/vocabulary.h); Meta: Quest's page metadata.
enum class DramKind { KMsb = 0, KLsb = 1, V = 2, Q = 3, Meta = 4 };
constexpr int kDramKinds = 5;
const char* dramKindName(DramKind kind);

struct DramTraffic {
  std::vector<std::array<double, kDramKinds>> bytesPerLayer;  // SpAtten, bytes, all passes
  std::vector<double> denseBytesPerLayer;                     // dense baseline, bytes
  double total() const;
  double denseTotal() const;
};

// The model's own output, dense and pruned (the "Model output" view). GPT-2: the next-token
// distribution after every pass; the pruned run is fed the dense run's tokens, so both predict
// from the same prefix. BERT: the distribution at every [MASK].
struct Prediction {
  QString token;  // display text
  int id = 0;
  float prob = 0;  // softmax probability
};
struct OutputSlot {
  int position = 0;  // GPT-2: sequence position predicted (prompt + pass); BERT: [MASK] position
  std::vector<Prediction> dense, pruned;  // the top kOutputTopK, most likely first
  double kl = -1;                         // KL(dense || pruned) in nats; -1 = not computed
};
constexpr int kOutputTopK = 5;
struct ModelOutput {
  std::vector<OutputSlot> entries;
  QString note;  // why there are no entries (e.g. no [MASK] in a BERT sentence)
};

// Everything the semantic views show for one (model, text, parameters) triple.
struct AnalysisData {
  QString modelName;
  QString family;  // "gpt2" or "bert"
  int layers = 0;
  int heads = 0;
  int promptLength = 0;
  std::vector<TokenText> tokens;  // prompt + generated
  int passCount = 1;              // 1 (summarization) + generation iterations
  // Dense attention over the whole final sequence, [layer * heads + head], n x n (query x key).
  // GPT-2 is causal, so row q is exactly what pass passOfQuery(q) computed.
  SharedMatrices denseProbs;
  // Attention SpAtten actually used, same shape; NaN where it computed nothing (pruned token,
  // pruned head, masked). Optional: data built by hand (tests) may set it; the app leaves it
  // empty and a view builds the one head it shows with usedAttention() (all heads would be
  // 570 MB for GPT-2 small at 995 tokens).
  std::vector<Matrix> usedProbs;
  // Last query row computed by pass `iteration` (rows 0..lastQuery(i) are known after pass i).
  int lastQuery(int iteration) const { return promptLength - 1 + iteration; }
  int passOfQuery(int q) const { return q < promptLength ? 0 : q - promptLength + 1; }

  bool hasSpatten = false;
  // What the pruned run is called in legends and headings: "SpAtten" for the cascade, else the
  // key-selection policy's display name ("Quest", "H2O", ...; see policyDisplayName).
  QString runName = QStringLiteral("SpAtten");
  QString spattenError;  // why the SpAtten run failed (bad parameters), empty on success
  std::vector<PruningIteration> iterations;
  std::vector<RequestInfo> requests;
  // Owns what the requests' rows point into (the run report).
  std::shared_ptr<const void> rowStorage;
  bool pqEnabled = true;           // progressive quantization on (LSB refetch possible)
  double pqThreshold = 0;          // requant threshold of the run (applied only when pqEnabled)
  int kMsbBits = 0, kLsbBits = 0;  // key bits fetched first / on a refetch (0 = float)
  DramTraffic dram;
  QString fidelitySummary;  // e.g. "top-1 agree 100%, KL 0.002"
  // The same figures as numbers, named (GPT-2: "top-1 agreement" (fraction), "mean KL" (nats);
  // BERT: "[CLS] cosine", "MLM agreement" (fraction) when the sentence has [MASK]s).
  std::vector<std::pair<QString, double>> fidelity;
  ModelOutput output;       // filled only when hasSpatten
  double elapsedMs = 0;     // worker time to compute
};
using AnalysisPtr = std::shared_ptr<const AnalysisData>;

// The attention SpAtten used in (layer, head) when hasSpatten: a.usedProbs' matrix when set,
// else built from a.requests (each request's row as finally used: the full-precision row after
// an LSB refetch, else the first one), NaN where nothing was computed. n x n, n = tokens.
// Thread: any (reads only).
Matrix usedAttention(const AnalysisData& a, int layer, int head);

// The linked selection shared by every view; -1 = nothing selected.
struct Selection {
  int iteration = 0;
  int layer = 0;
  int head = 0;
  int token = -1;
  int request = -1;
  bool operator==(const Selection&) const = default;
};

}  // namespace spatten::views
