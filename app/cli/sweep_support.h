#pragma once
// The parts of `spatten-cli sweep` around the computation (docs/sweeps.md): the --shard option,
// the progress display on stderr and the journal that makes an interrupted sweep resumable.
// Thread: main thread only (rows reach them in point order from core::runPointsOrdered).

#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace spatten::cli {

// "--shard I/N" (1 <= I <= N <= 100000) -> (I, N); "" -> (1, 1). Throws core::Error("--shard").
std::pair<std::uint64_t, std::uint64_t> parseShard(const std::string& text);

// A bar with rate and ETA redrawn in place when stderr is a terminal, plain lines every 10 % in a
// pipe or a log, nothing with `quiet`.
class SweepProgress {
public:
  SweepProgress(std::uint64_t total, std::uint64_t alreadyDone, bool quiet);
  void advance();  // one more point done
  void finish();

private:
  void draw(bool force);
  std::uint64_t m_total, m_done, m_resumed;
  bool m_quiet, m_tty;
  std::chrono::steady_clock::time_point m_start, m_lastDraw;
  std::uint64_t m_nextLine = 0;  // plain mode: next point count to report
  std::uint64_t m_lastLine = ~std::uint64_t{0};  // plain mode: the count last reported
};

// JSONL.partial: the journal of a running sweep, line 1 = `header` (the sweep and the shard),
// then every finished row, flushed as it comes. Ctrl-C (the CLI's interrupt cleanup) removes
// only the final outputs' temporaries, so the journal stays; --resume keeps its rows (the
// complete ones of the same sweep and shard, a cut last line dropped) and continues after them.
class SweepJournal {
public:
  // Opens `path`: with `resume` and a journal of the same header, keeps its rows (returned by
  // rows()); otherwise starts a new one. Throws core::Error(path, ...) for a journal of another
  // sweep or an unwritable directory.
  SweepJournal(std::string path, const std::string& header, std::uint64_t firstPoint,
               bool resume);
  const std::vector<std::string>& rows() const { return m_rows; }
  void append(std::string row);
  void remove();  // after the final outputs are in place

private:
  std::string m_path;
  std::ofstream m_out;
  std::vector<std::string> m_rows;
};

}  // namespace spatten::cli
