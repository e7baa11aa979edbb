#pragma once
// The data and trace exports of a session (docs/formats.md, "Session exports"): one functional
// run of the session's model on its text and one cycle simulation with its hardware and seed,
// written into a folder under fixed names. spatten-cli export and the GUI's File > Export all both
// call writeSessionExports, so they write the same bytes. Deterministic: same session, same files.
// The chart formats (png, svg, pdf, csv of the views) are spatten-studio's (app/gui/exports.h).
// Thread-safe (no shared state); long (seconds): call it off the GUI thread.

#include <filesystem>
#include <string>
#include <vector>

#include "core/session/session.h"

namespace spatten::core {

// "json", "perfetto", "vcd", "ramulator2", "dramsim3", "workload", in this order.
const std::vector<std::string>& sessionDataFormats();

// The file names `format` writes in the export folder: run.json; trace.perfetto.json; run.vcd;
// dram.ramulator2.trace + dram.ramulator2.trace.yaml; dram.dramsim3.trace +
// dram.dramsim3.trace.ini;
// workload.csv.
std::vector<std::string> sessionDataFiles(const std::string& format);

// Runs the session and writes `formats` (each one of sessionDataFormats()) into `dir`, every file
// atomically. Throws Error (the session's model, text or configuration; a file that cannot be
// written) before any file is replaced when the run fails. Returns the names written.
std::vector<std::string> writeSessionExports(const Session& s, const std::filesystem::path& dir,
                                             const std::vector<std::string>& formats);

}  // namespace spatten::core
