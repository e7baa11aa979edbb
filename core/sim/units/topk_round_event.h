#pragma once
// The event a top-k engine logs when a quick-select round ends (EventKind::TopkRound): shared by
// the local-V engine (module 10) and the token/head top-k (module 2), so both log rounds alike.
#include <cstdint>

#include "core/functional/topk.h"
#include "core/sim/event_log.h"
#include "core/sim/vocabulary.h"

namespace spatten::core {

// A round of `cycles` cycles that ends in cycle `lastCycle` (the round started at
// lastCycle + 1 - cycles). `layer` is the request's layer (0 when the engine does not say).
inline Event topkRoundEvent(ModuleId module, std::uint32_t request, std::uint64_t lastCycle,
                            std::uint32_t cycles, const TopKRound& rd, std::uint8_t layer = 0) {
  Event ev;
  ev.kind = EventKind::TopkRound;
  ev.cycle = lastCycle + 1 - cycles;
  ev.duration = cycles;
  ev.request = request;
  ev.a = rd.inputSize;
  ev.b = rd.leftSize;
  ev.c = rd.rightSize;
  ev.extra = rd.eqCount;
  ev.value = rd.pivot;
  ev.flags = rd.select;
  ev.module = static_cast<std::uint8_t>(module);
  ev.layer = layer;
  return ev;
}

}  // namespace spatten::core
