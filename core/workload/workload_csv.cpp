#include "core/workload/workload_csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "core/util/error.h"
#include "core/util/file_read.h"
#include "core/util/message_text.h"

namespace spatten::core {
namespace {

constexpr int kColumns = 17;
const char* const kColumnNames[kColumns] = {
    "iteration_id", "layer_id", "head_id", "embedding_length_D", "sentence_length_L",
    "key_fetch_num", "quant_key_bit", "quant_query_bit", "auto_requant_thres", "if_requant",
    "auto_requant_incre", "value_fetch_num", "quant_value_bit", "if_accumulate_importance",
    "if_rescale_previous_importance", "if_topk", "topk"};

// The line's comma-separated fields into `out` (cleared first; the caller keeps it across lines,
// so its storage is allocated once).
void splitFields(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      out.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
}

bool isInteger(std::string_view s) {
  long long v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

struct FieldReader {
  const std::string& file;
  std::size_t line;
  const std::vector<std::string_view>& f;

  [[noreturn]] void fail(int col, const std::string& msg) const {
    throw Error(file,
                "line " + std::to_string(line) + ", column " + std::to_string(col + 1) + " (" +
                    kColumnNames[col] + ")",
                msg + ": " + quoteText(f[col]));
  }
  long long integer(int col, long long lo, long long hi) const {
    long long v = 0;
    std::string_view s = f[col];
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size())
      fail(col, "expected an integer");
    if (v < lo || v > hi)
      fail(col, "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return v;
  }
  double real(int col) const {
    double v = 0;
    std::string_view s = f[col];
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size())
      fail(col, "expected a number");
    return v;
  }
  bool boolean(int col) const {
    std::string_view s = f[col];
    if (s == "True" || s == "true" || s == "1") return true;
    if (s == "False" || s == "false" || s == "0") return false;
    fail(col, "expected True or False");
  }
};

bool isFullWidth(int bits) { return bits == -1 || bits == 10 || bits == 12; }

}  // namespace

Workload parseWorkloadCsv(std::string_view text, const std::string& sourceName) {
  Workload w;
  w.model.name = sourceName;
  bool headerSeen = false;
  bool anyD = false, dFloat = false;
  std::size_t lineNo = 0;
  std::size_t pos = 0;
  // At most one request per line, and a data line has at least 33 characters (17 fields).
  w.requests.reserve(std::min(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')),
                              text.size() / 33) +
                     1);
  std::vector<std::string_view> fields;
  fields.reserve(kColumns);
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.size() - pos
                                                                           : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++lineNo;
    // Every trailing CR: export ends lines with "\n" only, so a kept line ending in CR would not
    // survive a round trip (found by fuzz_workload_csv).
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    splitFields(line, fields);
    if (!headerSeen && line == kWorkloadCsvHeader) {
      headerSeen = true;
      continue;
    }
    // Non-data lines: comments and config-file lines ("configs/...yml,,,,").
    bool restEmpty = true;
    for (std::size_t i = 1; i < fields.size(); ++i) restEmpty = restEmpty && fields[i].empty();
    if (line[0] == '#' || (!isInteger(fields[0]) && restEmpty)) {
      w.csvExtraLines.push_back({w.requests.size(), !headerSeen, std::string(line)});
      continue;
    }
    if (!headerSeen)
      throw Error(sourceName, "line " + std::to_string(lineNo),
                  "data or unknown line before the header (expected: " +
                      std::string(kWorkloadCsvHeader) + ")");
    if (static_cast<int>(fields.size()) != kColumns)
      throw Error(sourceName, "line " + std::to_string(lineNo),
                  "expected 17 columns, found " + std::to_string(fields.size()));
    FieldReader rd{sourceName, lineNo, fields};
    Request r;
    r.iteration = static_cast<int>(rd.integer(0, 0, 1 << 24));
    r.layer = static_cast<int>(rd.integer(1, 0, kMaxWorkloadLayers - 1));
    r.head = static_cast<int>(rd.integer(2, 0, 4096));
    const double d = rd.real(3);
    // Range first: a NaN or 1e308 cast to int is undefined behaviour.
    if (!(d >= 1 && d <= 4096) || d != std::floor(d)) rd.fail(3, "expected a whole number 1..4096");
    r.d = static_cast<int>(d);
    dFloat = dFloat || fields[3].find('.') != std::string_view::npos;
    anyD = true;
    r.sentenceLength = static_cast<int>(rd.integer(4, 1, 1 << 20));
    if (static_cast<long long>(r.d) * r.sentenceLength > kMaxRequestElements)
      rd.fail(4, "embedding_length_D x sentence_length_L = " + std::to_string(r.d) + " x " +
                     std::to_string(r.sentenceLength) + " is more than " +
                     std::to_string(kMaxRequestElements) + " elements per request (the limit)");
    r.keyFetchNum = static_cast<int>(rd.integer(5, 0, r.sentenceLength));
    r.csvKeyBits = static_cast<int>(rd.integer(6, -1, 32));
    r.csvQueryBits = static_cast<int>(rd.integer(7, -1, 32));
    r.requantThreshold = rd.real(8);
    if (!(r.requantThreshold == -1 || (r.requantThreshold >= 0 && r.requantThreshold <= 1)))
      rd.fail(8, "expected -1 (none) or a probability in [0, 1]");
    bool ifRequant = rd.boolean(9);
    r.csvIncrement = static_cast<int>(rd.integer(10, -1, 16));
    r.valueFetchNum = static_cast<int>(rd.integer(11, 0, r.sentenceLength));
    r.csvValueBits = static_cast<int>(rd.integer(12, -1, 32));
    r.accumulateImportance = rd.boolean(13);
    r.rescalePreviousImportance = rd.boolean(14);
    r.topk = rd.boolean(15);
    r.topkNum = static_cast<int>(rd.integer(16, -1, 1 << 20));
    for (int col : {6, 7, 12}) {
      long long b = col == 6 ? r.csvKeyBits : col == 7 ? r.csvQueryBits : r.csvValueBits;
      if (b == 0) rd.fail(col, "bit width 0 is not allowed (use -1 for float)");
    }
    if (isFullWidth(r.csvKeyBits)) {
      r.keyMsbBits = 8;
      r.keyLsbBits = 4;
      r.refetchLsb = true;
    } else {
      r.keyMsbBits = r.csvKeyBits;
      r.keyLsbBits = r.csvIncrement > 0 ? r.csvIncrement : 4;
      r.refetchLsb = ifRequant;
    }
    r.valueBits = isFullWidth(r.csvValueBits) ? 8 : r.csvValueBits;
    r.queryBits = r.csvQueryBits == -1 ? 16 : r.csvQueryBits;
    r.stage = Stage::Generation;
    r.csvIfRequant = ifRequant;
    w.requests.push_back(std::move(r));
  }
  if (!headerSeen) throw Error(sourceName, "header", "missing CSV header line");
  w.csvDAsFloat = anyD ? dFloat : true;
  w.inferModelInfo();
  return w;
}

Workload loadWorkloadCsv(const std::string& path) {
  // A regular file of at most kWorkloadFileLimit bytes (a FIFO or /dev/zero is an error).
  return parseWorkloadCsv(readRegularFile(path, kWorkloadFileLimit), path);
}

namespace {
std::string fmtReal(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}
const char* fmtBool(bool b) { return b ? "True" : "False"; }
}  // namespace

std::string workloadToCsv(const Workload& w) {
  std::string out;
  out.reserve(w.requests.size() * 72 + 256);
  std::size_t extra = 0;
  auto flushExtras = [&](std::size_t row, bool beforeHeader) {
    while (extra < w.csvExtraLines.size() && w.csvExtraLines[extra].beforeRow == row &&
           w.csvExtraLines[extra].beforeHeader == beforeHeader) {
      out += w.csvExtraLines[extra++].text;
      out += '\n';
    }
  };
  flushExtras(0, true);
  out += kWorkloadCsvHeader;
  out += '\n';
  for (std::size_t i = 0; i < w.requests.size(); ++i) {
    flushExtras(i, false);
    const Request& r = w.requests[i];
    // Requests built outside the CSV importer have csv* == 0: derive the CSV fields.
    int kb = r.csvKeyBits != 0 ? r.csvKeyBits : r.keyMsbBits;
    int qb = r.csvQueryBits != 0 ? r.csvQueryBits : r.queryBits;
    int vb = r.csvValueBits != 0 ? r.csvValueBits : r.valueBits;
    int inc = r.csvIncrement != 0 ? r.csvIncrement : r.keyLsbBits;
    bool ifRequant = r.csvKeyBits != 0 ? r.csvIfRequant : r.refetchLsb;
    out += std::to_string(r.iteration) + ',' + std::to_string(r.layer) + ',' +
           std::to_string(r.head) + ',' + std::to_string(r.d) + (w.csvDAsFloat ? ".0," : ",") +
           std::to_string(r.sentenceLength) + ',' + std::to_string(r.keyFetchNum) + ',' +
           std::to_string(kb) + ',' + std::to_string(qb) + ',' + fmtReal(r.requantThreshold) +
           ',' + fmtBool(ifRequant) + ',' + std::to_string(inc) + ',' +
           std::to_string(r.valueFetchNum) + ',' + std::to_string(vb) + ',' +
           fmtBool(r.accumulateImportance) + ',' + fmtBool(r.rescalePreviousImportance) + ',' +
           fmtBool(r.topk) + ',' + std::to_string(r.topkNum) + '\n';
  }
  flushExtras(w.requests.size(), false);
  return out;
}

}  // namespace spatten::core
