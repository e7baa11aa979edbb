#pragma once
// Display text of one token for the views. GPT-2's byte-level BPE splits characters that are not
// in its vocabulary into single bytes: a byte that is not valid UTF-8 on its own is shown as
// "<0xE7>" (its value), not as U+FFFD, so that a lecture can say which byte it is.
// Thread: pure function, any thread.

#include <QString>
#include <string>

namespace spatten::app {

// Valid UTF-8 sequences are decoded; every byte outside one becomes "<0xNN>" (upper-case hex).
QString displayBytes(const std::string& bytes);

}  // namespace spatten::app
