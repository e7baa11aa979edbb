#pragma once
// The simulator's input: a stream of requests, one query of one head each (the unit of work of
// the SpAtten RTL). A Workload is obtained from the official RTL CSV (workload_csv.h) or from a
// functional run; the simulator does not care which.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace spatten::core {

// Limits of a request read from a file (docs/reliability.md, "Limits"). The simulator's event
// log stores 8-bit layer ids; D x L bounds the keys and values one request moves (4M elements:
// 16 MiB of 32-bit keys), so one CSV row cannot make the simulator allocate gigabytes.
inline constexpr int kMaxWorkloadLayers = 256;
inline constexpr long long kMaxRequestElements = 1LL << 22;

// Summarization: the head's K/V are resident on chip and reused across its queries.
// Generation: K/V are streamed from DRAM for every request.
enum class Stage : std::uint8_t { Summarization, Generation };

// How a request's attention row updates a KV-cache policy's on-chip scores (issue 15; what each
// needs is in docs/policies.md, "What the simulator needs").
enum class ScoreUpdate : std::uint8_t {
  None,               // no policy scores (SpAtten's own accumulator is accumulateImportance)
  AccumulatePerHead,  // H2O: score[head][key] += p for every fetched key, kept across steps
  LayerSum,           // TOVA: score[key] = sum over the layer's heads of p, this step only
  WindowVote,         // SnapKV: prefill rows of the observation window vote for prefix keys
};

struct Request {
  int iteration = 0;
  int layer = 0;
  int head = 0;
  int query = -1;  // query index within the pass, -1 if unknown (CSV imports)
  Stage stage = Stage::Generation;
  int d = 64;              // head dimension D
  int sentenceLength = 0;  // L: tokens in the sequence so far
  int keyFetchNum = 0;     // keys the query attends to (after cascade token pruning)
  int keyMsbBits = 8;      // bits fetched first (CSV quant_key_bit; -1 in CSV = float)
  int keyLsbBits = 4;      // refetch increment (CSV auto_requant_incre)
  int queryBits = 16;
  int valueBits = 8;
  double requantThreshold = -1;  // max-prob threshold; -1 = none
  bool refetchLsb = false;       // decision known from the functional run or CSV if_requant
  int valueFetchNum = 0;         // values kept by local value pruning
  bool accumulateImportance = false;
  bool rescalePreviousImportance = false;
  bool topk = false;  // cascade token top-k after this request (CSV if_topk)
  int topkNum = -1;   // tokens kept by that top-k (CSV topk)
  // Optional: the request's attention probabilities (the local-V top-k engine's real input).
  std::shared_ptr<const std::vector<float>> probs;

  // KV-cache policies (issue 15; docs/policies.md, "What the simulator needs"). keyIds: the exact
  // token ids whose keys this request fetches (ascending, keyFetchNum of them; generation requests
  // of functional runs), null = unknown; the simulator fetches exactly these, Quest's metadata
  // first, and charges the score updates and selections (core/sim/units/select_plan.h).
  std::shared_ptr<const std::vector<int>> keyIds;
  int pageSize = 0;      // Quest: keys are fetched in whole pages of this many tokens (0: tokens)
  int metaFetchNum = 0;  // Quest: pages whose metadata (a min and a max key vector) is read first
  int metaBits = 0;      // bits per metadata element (the full key width; 32 = float)
  ScoreUpdate scoreUpdate = ScoreUpdate::None;
  int selectCandidates = 0;  // scores the policy ranked to choose this request's keys (0: none)
  int poolKernel = 0;        // SnapKV: width of the vote pooling (adds per prefix position)

  // Raw CSV field values kept for a byte-identical export (-1 = "float/none" in the CSV).
  int csvKeyBits = 0, csvQueryBits = 0, csvValueBits = 0, csvIncrement = 0;
  bool csvIfRequant = false;
};

// True when a and b are the same request for the simulator: every field equal, probs and keyIds
// compared by value (null equals only null).
bool sameRequest(const Request& a, const Request& b);

struct ModelInfo {
  std::string name;  // free text (file name or model id)
  int layers = 0;
  int heads = 0;
  int d = 64;
};

// Non-data lines of an imported CSV (config-file lines), kept so the export is byte-identical.
struct CsvPassthroughLine {
  std::size_t beforeRow = 0;  // index of the data row this line preceded (rows.size() = at end)
  bool beforeHeader = false;
  std::string text;
};

struct Workload {
  ModelInfo model;
  std::vector<Request> requests;
  // CSV formatting memory (for round trips); ignored by the simulator.
  std::vector<CsvPassthroughLine> csvExtraLines;
  bool csvDAsFloat = true;  // "64.0" (as in the official files) versus "64"

  // Derives layers/heads/d from the requests (max ids + 1).
  void inferModelInfo();
};

// The index of the first request in which a and b differ (sameRequest), or the shorter length
// when one is a prefix of the other.
std::size_t firstDifference(const Workload& a, const Workload& b);

}  // namespace spatten::core
