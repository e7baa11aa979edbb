#pragma once
// Hardware configuration of the simulated SpAtten datapath. Every latency and size constant of
// the simulator lives here, with its source (see kHwFields in hw_config.cpp and
// docs/simulator.md). Units: cycles of the 1 GHz accelerator clock (HBM2 tCK is 1 ns too, as in
// the RTL's Ramulator2 setup with clock_ratio 1), bytes, picojoules.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace spatten::core {

struct HwConfig {
  std::string name = "spatten";
  double clockGhz = 1.0;
  // Q x K (module 7) and attention-prob x V (module 11).
  int qkMultipliers = 512;
  int qkPipelineDepth = 8;  // 1 SRAM read + 1 multiply + log2(512/8)=6 adder-tree levels (RTL)
  int avMultipliers = 512;
  int avPipelineDepth = 6;  // 1 SRAM + 1 multiply + 3 tree levels + 1 accumulate (RTL/bert.cpp)
  // Softmax (module 8): lanes, input FIFO, pipeline stage latencies (bert.cpp).
  int softmaxLanes = 8;
  int softmaxFifoDepth = 128;
  int softmaxDequantLatency = 7, softmaxExpLatency = 21, softmaxAccLatency = 23;
  int softmaxDivLatency = 29, softmaxQuantLatency = 7;
  // 1: the RTL's Softmax.scala, a pass-through (no floating-point IP in Verilator), so the cycle
  // counts behind the paper's Fig. 19 have no softmax latency: scores go on one beat per cycle.
  int softmaxPassthrough = 0;
  // Progressive quantization (module 9).
  int requantDecisionLatency = 1;  // bert.cpp "+1 [requant]"
  int requantBufferBeats = 4096;   // RTL StageRequantBuffer FIFO: numBufferLines x 16 beats
  // Top-k engines (modules 2/13 and 10).
  int topkParallelism = 16;   // comparators per array (Table I, Alg. 3)
  int topkFifoDepth = 64;     // FIFO_L/FIFO_R entries of `parallelism` elements (Alg. 3)
  int topkRoundOverhead = 3;  // cycles per round beyond ceil(n/P) (RTL TopKLatencyModel)
  int topkInputWidth = 16;    // elements per cycle into the engine (RTL widens 8 -> 16)
  // 0: the Alg. 3 engine, one request at a time (default). 1: the RTL's TopKDummy as the RTL
  // harness (TestSpAtten) drives it, which the paper's Fig. 19 runs used: a request waits at the
  // head of a data FIFO of topkDummyFifoElements elements for TopKLatencyModel's cycles, then its
  // beats pop one per cycle; one request at a time. TestSpAtten gives the second request of a
  // fused 6-bit pair latency 0 (topkDummyPartnerLatency = 0); 1 gives it its own.
  int topkModel = 0;
  int topkDummyFifoElements = 2048;  // RTL: maxNumKey / numSoftMaxUnit beats x numSoftMaxUnit
  int topkDummyPartnerLatency = 0;
  // Fetcher and crossbars (modules 3-6).
  int fetchLanes = 32;           // addresses per cycle (32x16 address crossbar)
  int addrFifoDepth = 64;        // per channel port (Table I)
  int dataFifoDepth = 64;        // per port, 16 B entries (Table I)
  int maxInflightRequests = 16;  // RTL BufferManager maxReq
  // 1: two consecutive requests of the same (iteration, layer) whose key vectors are not a whole
  // number of 32 B transactions but two are (6-bit D = 64: 48 B) share one fetch of 96 B vectors,
  // as the RTL MatrixFetcher's (6 bit, fused 2) profile; 0: every request fetches its own keys.
  int fuseHeads = 1;
  // On-chip buffers (bytes, 12-bit words). 196,608 B = 2 x 1024 x 64 x 12 bit (Table I, §V-C).
  int keyBufferBytes = 196608;
  int valueBufferBytes = 196608;
  int onChipBits = 12;
  // HBM2 (module 14). Organisation: Ramulator2 HBM2_8Gb; timing: HBM2_2Gbps (notes §4.5),
  // except nBL (see docs/simulator.md: 2 tCK for a 32 B BL4 burst on a 64-bit pseudo-channel).
  int hbmChannels = 16, hbmPseudoChannels = 2, hbmBankGroups = 4, hbmBanksPerGroup = 4;
  int hbmRowBytes = 1024;  // per pseudo-channel page
  int hbmTransactionBytes = 32;
  int hbmMaxOutstanding = 16;  // per channel (RTL DPI driver)
  int nBL = 2, nCL = 7, nRCD = 7, nRP = 7, nRAS = 17, nRC = 19, nRTP = 2;
  int nCCDS = 1, nCCDL = 2, nRRDS = 2, nRRDL = 3, nFAW = 15;
  // All-bank refresh (Ramulator2 AllBank, as the RTL's DRAM model): every nREFI a channel
  // precharges all banks and refreshes for nRFC. nREFI = 0 turns refresh off.
  int nREFI = 3900, nRFC = 350;
  // Energy table (pJ per event); see docs/simulator.md for the derivations.
  double eDramPerBit = 3.9;      // O'Connor et al. MICRO'17 (HBM2 access energy)
  double eDramActivate = 0;      // folded into eDramPerBit by default
  double eQkMac = 2.207;         // Fig. 13: 1.13 W / (512 MAC/ns)
  double eAvMac = 1.035;         // Fig. 13: 0.53 W / (512 MAC/ns)
  double eSoftmaxElem = 62.5;    // Fig. 13: 0.50 W / (8 elements/ns)
  double eFetchByte = 0.469;     // Fig. 13: 0.24 W / (512 B/ns)
  double eTopkCompare = 5.0;     // Fig. 13: 0.08 W / (16 compares/ns)
  double eStaticPerCycle = 120;  // Fig. 13 "Others" 0.12 W at 1 GHz

  // JSON I/O through the parameter registry (core/config/registry.h): toJson gives every
  // parameter nested by path plus "name"; fromJson accepts {"base": "<preset>", "name": ...,
  // ...fields...}; unknown keys and bad values throw Error(source, "<field path>", "... allowed
  // range ...").
  nlohmann::json toJson() const;
  static HwConfig fromJson(const nlohmann::json& j, const std::string& source);
  // A preset of the registry ("spatten": Table I; "spatten-1of8": the RTL run script); throws
  // Error naming the allowed presets on an unknown name.
  static HwConfig preset(const std::string& name);
  // --hw argument: a preset name or a JSON file path.
  static HwConfig load(const std::string& presetOrPath);
  // Applies "hw.<path>=value" (e.g. "hw.topk.parallelism=32"), checked.
  void set(const std::string& assignment);
  // Every parameter in its range, plus the rules between parameters.
  // Cross-field rules; the error field is the JSON path ("hbm.nREFI") after `keyPrefix` ("hw."
  // where the user spelled registry keys, as with --set).
  void validate(const std::string& source, const std::string& keyPrefix = "") const;

  // Buffer lines of multipliers x onChipBits bits each; in 64 bits (the byte counts go up to
  // 2^28, whose bit count overflows int), at most INT_MAX.
  int keyBufferLines() const { return bufferLines(keyBufferBytes, qkMultipliers); }
  int valueBufferLines() const { return bufferLines(valueBufferBytes, avMultipliers); }
  double peakBytesPerCycle() const;

private:
  int bufferLines(int bytes, int multipliers) const {
    const std::int64_t lines = std::int64_t{bytes} * 8 / (std::int64_t{multipliers} * onChipBits);
    return static_cast<int>(std::min<std::int64_t>(lines, std::numeric_limits<int>::max()));
  }
};

}  // namespace spatten::core
