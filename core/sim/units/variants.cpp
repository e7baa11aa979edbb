#include "core/sim/units/variants.h"

#include "core/sim/units/softmax_passthrough.h"
#include "core/sim/units/softmax_pipeline.h"
#include "core/sim/units/topk_quickselect.h"
#include "core/sim/units/topk_rtl_dummy.h"
#include "core/util/error.h"

namespace spatten::core {
namespace {

template <typename T>
std::unique_ptr<LocalTopkEngine> makeEngine(std::shared_ptr<const Workload> w, const HwConfig& hw) {
  return std::make_unique<T>(std::move(w), hw);
}
template <typename T>
std::unique_ptr<SoftmaxUnit> makeSoftmaxOf(const HwConfig& hw) {
  return std::make_unique<T>(hw);
}

constexpr TopkEngineVariant kTopkEngines[] = {
    {0, "alg3", "the paper's Alg. 3 quick-select engine with its zero eliminator",
     &makeEngine<QuickSelectEngine>},
    {1, "rtl-dummy", "the RTL harness's TopKDummy + TopKLatencyModel (paper Fig. 19 runs)",
     &makeEngine<RtlDummyTopk>},
};

constexpr SoftmaxVariant kSoftmaxes[] = {
    {0, "pipeline", "the paper's two-phase softmax pipeline", &makeSoftmaxOf<PipelinedSoftmax>},
    {1, "rtl-passthrough", "the RTL's Softmax.scala: scores pass through one register stage",
     &makeSoftmaxOf<PassthroughSoftmax>},
};

}  // namespace

std::span<const TopkEngineVariant> topkEngineVariants() {
  return kTopkEngines;
}
std::span<const SoftmaxVariant> softmaxVariants() {
  return kSoftmaxes;
}

std::unique_ptr<LocalTopkEngine> makeLocalTopkEngine(std::shared_ptr<const Workload> workload,
                                                     const HwConfig& hw) {
  for (const TopkEngineVariant& v : kTopkEngines)
    if (v.value == hw.topkModel) return v.make(std::move(workload), hw);
  throw Error("<hardware>", "topk.model", "no top-k engine " + std::to_string(hw.topkModel));
}

std::unique_ptr<SoftmaxUnit> makeSoftmax(const HwConfig& hw) {
  for (const SoftmaxVariant& v : kSoftmaxes)
    if (v.value == hw.softmaxPassthrough) return v.make(hw);
  throw Error("<hardware>", "softmax.passthrough",
              "no softmax variant " + std::to_string(hw.softmaxPassthrough));
}

}  // namespace spatten::core
