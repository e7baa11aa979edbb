#pragma once
// Wires between units that are status signals rather than streams: how much of a fetch has
// arrived in the on-chip buffers (from the data crossbar), and whether the top-k engine still
// holds a request. Small interfaces, so that a unit can be driven by hand in its tests.

#include <cstdint>

#include "core/sim/vocabulary.h"

namespace spatten::core {

class DataReady {
public:
  virtual ~DataReady() = default;
  // Vectors of the fetch (owner, kind) that have arrived in order; 0 without such a fetch.
  virtual std::uint32_t readyVectors(std::uint32_t owner, DataKind kind) const = 0;
  virtual bool complete(std::uint32_t owner, DataKind kind) const = 0;
  virtual bool has(std::uint32_t owner, DataKind kind) const = 0;
};

class RequestHolder {
public:
  virtual ~RequestHolder() = default;
  // True while the unit still has work on `request` (not yet taken, or not yet released).
  virtual bool holds(std::uint32_t request) const = 0;
};

}  // namespace spatten::core
