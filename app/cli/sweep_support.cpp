#include "app/cli/sweep_support.h"

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>

#include "core/sweep/sweep_rows.h"
#include "core/util/error.h"
#include "core/util/message_text.h"

namespace spatten::cli {

std::pair<std::uint64_t, std::uint64_t> parseShard(const std::string& text) {
  if (text.empty()) return {1, 1};
  const auto slash = text.find('/');
  std::uint64_t i = 0, n = 0;
  const auto number = [](const std::string& s, std::uint64_t& v) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
  };
  if (slash == std::string::npos || !number(text.substr(0, slash), i) ||
      !number(text.substr(slash + 1), n) || i < 1 || i > n || n > 100000)
    throw core::Error("--shard", "",
                      fmt::format("{} is not I/N with 1 <= I <= N <= 100000 (e.g. 2/4)",
                                  core::quoteText(text)));
  return {i, n};
}

SweepProgress::SweepProgress(std::uint64_t total, std::uint64_t alreadyDone, bool quiet)
    : m_total(total), m_done(alreadyDone), m_resumed(alreadyDone), m_quiet(quiet),
      m_tty(::isatty(STDERR_FILENO) == 1), m_start(std::chrono::steady_clock::now()),
      m_lastDraw(m_start) {
  m_nextLine = m_done + std::max<std::uint64_t>(1, total / 10);
}

void SweepProgress::advance() {
  ++m_done;
  draw(false);
}

void SweepProgress::draw(bool force) {
  if (m_quiet) return;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - m_start).count();
  const double rate = elapsed > 0 ? static_cast<double>(m_done - m_resumed) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(m_total - m_done) / rate : 0.0;
  if (m_tty) {
    if (!force && now - m_lastDraw < std::chrono::milliseconds(200)) return;
    m_lastDraw = now;
    const int width = 30;
    const int filled = m_total ? static_cast<int>(width * m_done / m_total) : width;
    std::fprintf(stderr, "\r[%s%s] %llu/%llu points  %.1f points/s  ETA %d:%02d ",
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), '.').c_str(),
                 static_cast<unsigned long long>(m_done), static_cast<unsigned long long>(m_total),
                 rate, static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
    std::fflush(stderr);
    return;
  }
  if (!force && m_done < m_nextLine) return;
  m_nextLine = m_done + std::max<std::uint64_t>(1, m_total / 10);
  m_lastLine = m_done;
  std::fprintf(stderr, "sweep: %llu/%llu points (%.1f points/s)\n",
               static_cast<unsigned long long>(m_done), static_cast<unsigned long long>(m_total),
               rate);
}

void SweepProgress::finish() {
  if (m_quiet) return;
  if (m_tty) {
    draw(true);
    std::fprintf(stderr, "\n");
  } else if (m_lastLine != m_done) {
    draw(true);
  }
}

SweepJournal::SweepJournal(std::string path, const std::string& header, std::uint64_t firstPoint,
                           bool resume)
    : m_path(std::move(path)) {
  std::error_code ec;
  std::uintmax_t keep = 0;  // bytes of the journal to keep (header + complete rows)
  if (resume && std::filesystem::exists(m_path, ec)) {
    const core::SweepFile f = core::readSweepFile(m_path, /*tolerateTail=*/true);
    if (f.header != header)
      throw core::Error(m_path, "line 1",
                        "the journal of a different sweep (base, grid, seed or shard differ); "
                        "remove it or run without --resume");
    keep = header.size() + 1;
    for (const auto& [point, line] : f.rows) {
      if (point != firstPoint + m_rows.size()) break;
      m_rows.push_back(line);
      keep += line.size() + 1;
    }
  }
  if (keep > 0) {
    std::filesystem::resize_file(m_path, keep, ec);  // drops a cut last line
    if (ec) throw core::Error(m_path, "", "cannot be truncated: " + ec.message());
    m_out.open(m_path, std::ios::binary | std::ios::app);
  } else {
    m_out.open(m_path, std::ios::binary | std::ios::trunc);
    m_out << header << '\n';
    m_out.flush();
  }
  if (!m_out) throw core::Error(m_path, "", "cannot be written");
}

void SweepJournal::append(std::string row) {
  m_out << row << '\n';
  m_out.flush();
  if (!m_out) throw core::Error(m_path, "", "write failed (disk full?)");
  m_rows.push_back(std::move(row));
}

void SweepJournal::remove() {
  m_out.close();
  std::error_code ec;
  std::filesystem::remove(m_path, ec);
}

}  // namespace spatten::cli
