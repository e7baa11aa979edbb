#pragma once
// Cooperative cancellation of long core computations (forward pass, SpAtten runs). The caller
// passes a predicate; the computation polls it at safe points (before every layer) and throws
// Cancelled when it returns true, leaving no partial result behind (outputs are built locally
// and returned whole). Thread: the predicate runs on the computing thread; it must only read
// atomics (the GUI's worker thread and CLI signal handlers set them).

#include <functional>
#include <stdexcept>

namespace spatten::core {

using CancelCheck = std::function<bool()>;  // empty: never cancelled

class Cancelled : public std::runtime_error {
public:
  Cancelled() : std::runtime_error("cancelled") {}
};

inline void throwIfCancelled(const CancelCheck& cancelled) {
  if (cancelled && cancelled()) throw Cancelled();
}

}  // namespace spatten::core
