#pragma once
// The files of a sweep (docs/sweeps.md, "File formats"). JSON Lines: line 1 is the header
// {"sweep": {...}} (base, axes, point count: everything that defines the sweep), then one row per
// point in point order. CSV: one header line of column names, then the same rows flattened
// (nested names joined by '.'). Rows are built once as text; the CSV is always derived from the
// JSONL rows, so `sweep` and `sweep-merge` write the same bytes.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/config/param.h"
#include "core/sweep/sweep_eval.h"

namespace spatten::core {

// One row (compact JSON, no newline). `corpus`: each figure becomes {"mean", "std", "min",
// "max"} over the texts (population standard deviation); otherwise the single text's value.
// Reals are rounded to 7 significant digits (as `spatten-cli run`), counts written exactly.
std::string sweepRow(std::uint64_t point,
                     const std::vector<std::pair<std::string, ParamValue>>& values,
                     std::uint64_t seed, const std::vector<Figures>& perText, bool corpus);

// The header line's text (compact JSON, no newline) for a sweep definition.
std::string sweepHeader(const nlohmann::ordered_json& definition);

// Points [begin, end) of shard `index` (1-based) of `count` over `points`: contiguous slices
// (points sharing functional runs stay together), sizes differing by at most one.
std::pair<std::uint64_t, std::uint64_t> shardRange(std::uint64_t points, std::uint64_t index,
                                                   std::uint64_t count);

// A sweep JSONL file read back: the header line and the row lines (text as written).
struct SweepFile {
  std::string header;
  std::uint64_t points = 0;  // from the header
  std::vector<std::pair<std::uint64_t, std::string>> rows;  // (point, line)
};
// Reads `path`. `tolerateTail`: stop at a last line without '\n' or that does not parse (an
// interrupted writer) instead of failing. Throws Error(path, "line N", ...).
SweepFile readSweepFile(const std::string& path, bool tolerateTail);

// The whole JSONL text and the whole CSV text of a sweep from its header and rows in order.
std::string sweepJsonl(const std::string& header, const std::vector<std::string>& rows);
std::string sweepCsv(const std::vector<std::string>& rows);

// Joins shard files into the file one process would have written: every header equal, every
// point exactly once. Returns (header, rows in point order). Throws Error naming the file.
std::pair<std::string, std::vector<std::string>> mergeSweepFiles(
    const std::vector<std::string>& paths);

// 64-bit FNV-1a of `text` as 16 hex digits (identifies texts and workloads in the header).
std::string fnv1a64(const std::string& text);

}  // namespace spatten::core
