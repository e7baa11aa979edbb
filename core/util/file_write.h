#pragma once
// Atomic whole-file writes for core: the text goes to a unique hidden temporary in the target's
// directory (O_EXCL, never a file of the user's), is flushed to disk, then renamed over the
// target in one step, so a reader sees the old file or the new one, never half of either.
// Thread-safe (no shared state).

#include <filesystem>
#include <string>
#include <string_view>

namespace spatten::core {

// Writes `text` to `path` atomically. Throws Error(path, "", ...) ("cannot create a file in
// 'DIR': ...", "write failed ...", "cannot move the finished file into place: ...") and then
// leaves no temporary behind and the old `path` untouched.
void writeFileAtomic(const std::filesystem::path& path, std::string_view text);

// Makes `dir` an existing folder: creates it when it is missing and its parent exists (one
// level, never a chain of folders). Throws Error(field, "", "'DIR' is not a folder and cannot be
// created") otherwise. The output folder rule of spatten-cli export and spatten-studio
// --export-session.
void ensureFolder(const std::filesystem::path& dir, const std::string& field);

}  // namespace spatten::core
