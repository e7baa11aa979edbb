// spatten-cli export --session FILE --out DIR [--formats LIST]: every export of a session file.
// The data and trace formats (json, perfetto, vcd, ramulator2, dramsim3, workload) are written
// here through core::writeSessionExports; the chart formats (png, svg, pdf, csv of the views, and
// html: report.html of them all)
// need the views, which are Qt widgets, so spatten-cli (core only, no Qt) runs the spatten-studio
// next to its own executable: `spatten-studio --export-session FILE --out DIR --formats ...` on
// the offscreen platform. The GUI's File > Export all writes the same files (docs/cli.md).
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "app/cli/commands.h"
#include "core/session/session.h"
#include "core/session/session_export.h"
#include "core/util/error.h"
#include "core/util/file_write.h"

extern char** environ;

namespace spatten::cli {
namespace {
namespace fs = std::filesystem;

const std::vector<std::string> kChartFormats = {"png", "svg", "pdf", "csv", "html"};

struct ExportOptions {
  std::string session, out;
  std::string formats = "png,svg,pdf,csv,html,json,perfetto,vcd,ramulator2,dramsim3,workload";
};

std::vector<std::string> splitFormats(const std::string& list) {
  std::vector<std::string> out;
  std::string item;
  for (std::size_t i = 0; i <= list.size(); ++i) {
    if (i == list.size() || list[i] == ',') {
      if (item.empty()) throw core::Error("--formats", "", "an empty format name in the list");
      const auto& data = core::sessionDataFormats();
      const bool known =
          std::find(kChartFormats.begin(), kChartFormats.end(), item) != kChartFormats.end() ||
          std::find(data.begin(), data.end(), item) != data.end();
      if (!known)
        throw core::Error("--formats", item,
                          "unknown format (allowed: png, svg, pdf, csv, html, json, perfetto, vcd, "
                          "ramulator2, dramsim3, workload)");
      if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
      item.clear();
    } else {
      item += list[i];
    }
  }
  return out;
}

// spatten-studio beside this executable (installed: the same bin/), or in the build tree's
// app/gui/ next to app/cli/.
fs::path studioPath() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  const fs::path dir = self.parent_path();
  for (const fs::path& p : {dir / "spatten-studio", dir.parent_path() / "gui" / "spatten-studio"})
    if (::access(p.c_str(), X_OK) == 0) return p;
  throw core::Error(
      "--formats", "",
      fmt::format("png, svg, pdf, csv and html are rendered by spatten-studio, which is "
                  "not next to spatten-cli (looked in {})",
                  dir.string()));
}

void renderCharts(const std::string& session, const std::string& out,
                  const std::vector<std::string>& formats) {
  const std::string studio = studioPath().string();
  std::string list;
  for (const std::string& f : formats) list += (list.empty() ? "" : ",") + f;
  std::vector<std::string> args = {studio,  "-platform", "offscreen", "--export-session",
                                   session, "--out",     out,         "--formats",
                                   list};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (const int err = ::posix_spawn(&pid, studio.c_str(), nullptr, nullptr, argv.data(), environ))
    throw core::Error(studio, "", fmt::format("cannot start: {}", std::strerror(err)));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw core::Error(
        studio, "",
        fmt::format("--export-session failed (exit status {}); its message is above",
                    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)));
}

}  // namespace

void addExportCommand(CLI::App& app) {
  auto opts = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Every chart, data and trace export of a session file into a folder");
  cmd->add_option("--session", opts->session, "Session file (.spatten.json)")->required();
  cmd->add_option("--out", opts->out, "Output folder (created when its parent exists)")->required();
  cmd->add_option(
         "--formats", opts->formats,
         "Comma list of png, svg, pdf, csv, html (charts and the report, by spatten-studio), "
         "json, perfetto, "
         "vcd, ramulator2, dramsim3, workload")
      ->capture_default_str();
  cmd->callback([opts]() {
    const std::vector<std::string> formats = splitFormats(opts->formats);
    std::vector<std::string> charts, data;
    for (const std::string& f : formats)
      (std::find(kChartFormats.begin(), kChartFormats.end(), f) != kChartFormats.end() ? charts
                                                                                       : data)
          .push_back(f);
    if (!charts.empty()) studioPath();  // before the (long) run
    const core::Session s = core::loadSession(opts->session);
    const fs::path out(opts->out);
    core::ensureFolder(out, "--out");
    core::writeSessionExports(s, out, data);
    if (!charts.empty()) renderCharts(opts->session, opts->out, charts);
  });
}

}  // namespace spatten::cli
