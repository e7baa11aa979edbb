#pragma once
// All output files of one spatten-cli command, handled so that a failed, interrupted or
// mistaken run never leaves a half-written file and never touches a file it was not asked to
// write:
//  * add() validates every output before any computation: a non-empty path, an existing parent
//    directory, not a directory itself, no two outputs naming the same file;
//  * open() creates each output's temporary next to it with a unique name (O_EXCL, never an
//    existing file of the user's such as "OUT.tmp");
//  * commit() moves every temporary into place at the end, one rename each, with SIGINT and
//    SIGTERM held back so that an interrupt sees all of them or none;
//  * the destructor, an error or Ctrl-C (installInterruptCleanup) removes the temporaries.
// Thread: one command, the main thread. The interrupt handler uses a fixed process-wide table of
// temporary paths (a signal handler cannot reach an object); see output_files.cpp.

#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace spatten::cli {

class OutputFiles {
public:
  OutputFiles() = default;
  ~OutputFiles();
  OutputFiles(const OutputFiles&) = delete;
  OutputFiles& operator=(const OutputFiles&) = delete;

  // Registers an output. Throws core::Error(option, "", ...) for an empty path, a missing parent
  // directory, a directory, or the same file as an output added before.
  void add(const std::string& option, const std::string& path);

  // Creates the temporary of `option` and returns a stream onto it (binary, truncated). Throws
  // core::Error(path, "", "cannot create ...") when the directory is not writable.
  std::ostream& open(const std::string& option);

  // Writes the whole `text` as the output of `option` (open + write).
  void write(const std::string& option, const std::string& text);

  // Flushes and closes every opened output, then renames all of them into place. Throws
  // core::Error naming the file on a write or rename failure (the temporaries are removed).
  void commit();

private:
  struct Output {
    std::string option;
    std::string path;  // as given
    std::string tmp;   // unique temporary in the same directory ("" until opened)
    int slot = -1;     // its entry in the interrupt-cleanup table
    std::unique_ptr<std::ofstream> stream;
  };
  Output& find(const std::string& option);
  void removeTemporaries() noexcept;

  std::vector<Output> m_outputs;
};

// Installs SIGINT/SIGTERM/SIGHUP handlers that delete every OutputFiles temporary, print
// "error: interrupted; no output file was written" and exit with 130. Call once from main().
void installInterruptCleanup();

}  // namespace spatten::cli
