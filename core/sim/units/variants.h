#pragma once
// The interchangeable units and how the configuration selects them: one row per variant. A new
// local-V top-k engine is one new file (a LocalTopkEngine subclass) plus one row in
// kTopkEngines (variants.cpp); the parameter registry takes topk.model's allowed values from it.

#include <memory>
#include <span>

#include "core/sim/hw_config.h"
#include "core/workload/workload.h"

namespace spatten::core {

class LocalTopkEngine;
class SoftmaxUnit;

struct TopkEngineVariant {
  int value;            // topk.model
  const char* name;     // short name
  const char* summary;  // one line for docs and the GUI
  std::unique_ptr<LocalTopkEngine> (*make)(std::shared_ptr<const Workload>, const HwConfig&);
};
std::span<const TopkEngineVariant> topkEngineVariants();

struct SoftmaxVariant {
  int value;  // softmax.passthrough
  const char* name;
  const char* summary;
  std::unique_ptr<SoftmaxUnit> (*make)(const HwConfig&);
};
std::span<const SoftmaxVariant> softmaxVariants();

std::unique_ptr<LocalTopkEngine> makeLocalTopkEngine(std::shared_ptr<const Workload> workload,
                                                     const HwConfig& hw);
std::unique_ptr<SoftmaxUnit> makeSoftmax(const HwConfig& hw);

}  // namespace spatten::core
