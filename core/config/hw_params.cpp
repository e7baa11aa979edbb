// The hardware parameter table: every constant of the simulated datapath (HwConfig) with its
// range, unit, source and how people see it. Defaults live in HwConfig's member initialisers
// (Table I of the paper, the authors' RTL); presets in core/config/presets.cpp.
#include "core/config/registry.h"
#include "core/sim/units/variants.h"
#include "core/sim/vocabulary.h"

namespace spatten::core {
namespace {

using Row = ParamTable<HwConfig>::Row;

// One row. Ranges are what the simulator accepts; `featured` rows are in the GUI's main panel.
Row row(const char* path, ParamTable<HwConfig>::Member m, ParamType type, double min, double max,
        const char* unit, const char* label, const char* group, const char* source,
        const char* help, bool featured = false, double step = 1) {
  Row r;
  r.path = path;
  r.member = m;
  r.spec.type = type;
  r.spec.min = min;
  r.spec.max = max;
  r.spec.unit = unit;
  r.spec.label = label;
  r.spec.group = group;
  r.spec.source = source;
  r.spec.help = help;
  r.spec.featured = featured;
  r.spec.step = step;
  return r;
}

template <typename Variants>
std::vector<ParamChoice> choicesOf(const Variants& vs) {
  std::vector<ParamChoice> out;
  for (const auto& v : vs) out.push_back({v.value, v.name, v.summary});
  return out;
}

std::vector<Row> hwRows() {
  constexpr ParamType I = ParamType::Int, R = ParamType::Real, C = ParamType::Choice;
  using H = HwConfig;
  std::vector<Row> rows = {
      row("clock_ghz", &H::clockGhz, R, 0.01, 10, "GHz", "Clock", "Datapath", "Table III: 1 GHz",
          "Accelerator clock; HBM2 tCK is one accelerator cycle", false, 0.1),
      row("qk.multipliers", &H::qkMultipliers, I, 1, 65536, "multipliers", "Q×K multipliers",
          "Datapath", "Table I: 512 x 12-bit", "Multipliers of the Q x K unit (module 7)", true, 8),
      row("qk.pipeline_depth", &H::qkPipelineDepth, I, 1, 64, "cycles", "Q×K latency", "Datapath",
          "RTL DotProduct: SRAM 1 + mult 1 + log2(512/8) tree levels",
          "Cycles from a key-buffer read to its scores"),
      row("av.multipliers", &H::avMultipliers, I, 1, 65536, "multipliers", "Prob×V multipliers",
          "Datapath", "Table I: 512 x 12-bit", "Multipliers of the prob x V unit (module 11)", true,
          8),
      row("av.pipeline_depth", &H::avPipelineDepth, I, 1, 64, "cycles", "Prob×V latency",
          "Datapath", "RTL MultiplyValue / bert.cpp: 1+1+3 + accumulator",
          "Cycles from a value-buffer read to its partial sums"),
      row("softmax.lanes", &H::softmaxLanes, I, 1, 1024, "elements/cycle", "Softmax lanes",
          "Softmax", "Table I: parallelism 8", "Probabilities per cycle (module 8)"),
      row("softmax.fifo_depth", &H::softmaxFifoDepth, I, 1, 65536, "scores", "Softmax FIFO",
          "Softmax", "Table I: FIFO depth 128", "Input FIFO between Q x K and the softmax"),
      row("softmax.dequant_latency", &H::softmaxDequantLatency, I, 0, 1000, "cycles",
          "Dequantize latency", "Softmax", "bert.cpp: 7", "Phase A: dequantize"),
      row("softmax.exp_latency", &H::softmaxExpLatency, I, 0, 1000, "cycles", "Exp latency",
          "Softmax", "bert.cpp: 21", "Phase A: exponent"),
      row("softmax.acc_latency", &H::softmaxAccLatency, I, 0, 1000, "cycles", "Sum latency",
          "Softmax", "bert.cpp: 23", "Phase A: accumulate the sum"),
      row("softmax.div_latency", &H::softmaxDivLatency, I, 0, 1000, "cycles", "Divide latency",
          "Softmax", "bert.cpp: 29", "Phase B: divide by the sum"),
      row("softmax.quant_latency", &H::softmaxQuantLatency, I, 0, 1000, "cycles",
          "Requantize latency", "Softmax", "bert.cpp: 7", "Phase B: quantize"),
      row("softmax.passthrough", &H::softmaxPassthrough, C, 0, 1, "", "RTL pass-through softmax",
          "Softmax", "RTL Softmax.scala: pass-through",
          "Which softmax: the paper's two-phase pipeline, or the RTL's pass-through (no "
          "floating-point IP in Verilator), for reproducing the RTL's cycle counts",
          true),
      row("requant.decision_latency", &H::requantDecisionLatency, I, 0, 1000, "cycles",
          "Requant decision latency", "Progressive quantization", "bert.cpp: 1",
          "Cycles from a request's last probability to the refetch decision"),
      row("requant.buffer_beats", &H::requantBufferBeats, I, 1, 1 << 20, "beats",
          "Requant hold buffer", "Progressive quantization",
          "RTL StageRequantBuffer: numBufferLines x 16 = 4096",
          "Probabilities waiting for the decision and the top-k engine"),
      row("topk.parallelism", &H::topkParallelism, I, 1, 1024, "comparators", "Top-k comparators",
          "Top-k engines", "Table I / §IV-B: 16",
          "Comparators per array of the top-k engines (elements compared per cycle)", true),
      row("topk.fifo_depth", &H::topkFifoDepth, I, 1, 65536, "entries of P elements",
          "Top-k FIFO depth", "Top-k engines", "Alg. 3: 64", "FIFO_L / FIFO_R depth"),
      row("topk.round_overhead", &H::topkRoundOverhead, I, 0, 1000, "cycles",
          "Top-k round overhead", "Top-k engines", "RTL TopKLatencyModel: +3 per round",
          "Cycles per quick-select round beyond ceil(n / P)"),
      row("topk.input_width", &H::topkInputWidth, I, 1, 1024, "elements/cycle", "Top-k input width",
          "Top-k engines", "RTL QuickSelect: 2 x numSoftMaxUnit",
          "Elements per cycle into the engine"),
      row("topk.model", &H::topkModel, C, 0, 1, "", "Local-V top-k engine", "Top-k engines",
          "0: Alg. 3 engine; 1: RTL TopKDummy (paper Fig. 19 runs)",
          "Which local value pruning engine: the paper's Alg. 3 engine, or the RTL harness's "
          "TopKDummy + TopKLatencyModel that the paper's Fig. 19 runs used",
          true),
      row("topk.dummy_fifo_elements", &H::topkDummyFifoElements, I, 16, 1 << 20, "elements",
          "RTL dummy FIFO", "Top-k engines",
          "RTL TopKDummy data FIFO: maxNumKey / 8 beats x 8 = 2048",
          "Data FIFO of the RTL harness's top-k"),
      row("topk.dummy_partner_latency", &H::topkDummyPartnerLatency, I, 0, 1, "0 none, 1 own",
          "RTL dummy partner latency", "Top-k engines",
          "RTL TestSpAtten: latency 0 for the second of a fused pair",
          "1: the second head of a fused pair waits its own top-k latency"),
      row("fetcher.lanes", &H::fetchLanes, I, 1, 1024, "addresses/cycle", "Fetcher lanes",
          "Fetcher", "Table I: 32x16 crossbar", "Transactions issued per cycle (modules 3-6)"),
      row("fetcher.addr_fifo_depth", &H::addrFifoDepth, I, 1, 65536, "entries",
          "Address FIFO depth", "Fetcher", "Table I: 64", "Per-lane address FIFO"),
      row("fetcher.data_fifo_depth", &H::dataFifoDepth, I, 1, 65536, "entries", "Data FIFO depth",
          "Fetcher", "Table I: 64", "Per-port data FIFO (16 B entries; not a back-pressure point)"),
      row("fetcher.fuse_heads", &H::fuseHeads, I, 0, 1, "0 off, 1 on", "Two-head key fusion",
          "Fetcher", "RTL MatrixFetcher profile (6 bit, fused 2): 2 heads' keys in one 96 B vector",
          "Fetch two heads' 6-bit keys as one 96-byte vector"),
      row("fetcher.max_inflight_requests", &H::maxInflightRequests, I, 1, 1024, "requests",
          "Requests per buffer", "Fetcher", "RTL BufferManager maxReq = 16",
          "Requests holding key-buffer (and value-buffer) lines at once"),
      row("sram.key_buffer_bytes", &H::keyBufferBytes, I, 768, 1 << 28, "bytes", "Key buffer",
          "On-chip buffers", "Table I: 196 KB", "Key SRAM"),
      row("sram.value_buffer_bytes", &H::valueBufferBytes, I, 768, 1 << 28, "bytes", "Value buffer",
          "On-chip buffers", "Table I: 196 KB", "Value SRAM"),
      row("sram.word_bits", &H::onChipBits, I, 4, 32, "bits", "On-chip word", "On-chip buffers",
          "§IV-D: 12-bit on chip", "Bits per element on chip"),
      row("hbm.channels", &H::hbmChannels, I, 1, 64, "channels", "HBM2 channels", "HBM2",
          "Table I: 16", "HBM2 channels (a power of two)", true),
      row("hbm.pseudo_channels", &H::hbmPseudoChannels, I, 1, 4, "per channel", "Pseudo-channels",
          "HBM2", "Table I: 2", "Pseudo-channels per channel (a power of two)"),
      row("hbm.bank_groups", &H::hbmBankGroups, I, 1, 16, "per pseudo-channel", "Bank groups",
          "HBM2", "Ramulator2 HBM2_8Gb: 4", "Bank groups per pseudo-channel"),
      row("hbm.banks_per_group", &H::hbmBanksPerGroup, I, 1, 16, "banks", "Banks per group", "HBM2",
          "Ramulator2 HBM2_8Gb: 4", "Banks per bank group"),
      row("hbm.row_bytes", &H::hbmRowBytes, I, 64, 65536, "bytes", "Row size", "HBM2",
          "HBM2 pseudo-channel page: 1 KB (JESD235)", "Row (page) size (a power of two)"),
      row("hbm.transaction_bytes", &H::hbmTransactionBytes, I, kTransactionBytes, kTransactionBytes,
          "bytes", "Transaction", "HBM2", "RTL AXI: 256-bit single beat",
          "Bytes per DRAM read (fixed)"),
      row("hbm.max_outstanding", &H::hbmMaxOutstanding, I, 1, 1024, "requests", "Outstanding reads",
          "HBM2", "RTL DPI driver: 16 per channel", "Reads a channel controller holds"),
  };
  const struct {
    const char* path;
    int HwConfig::*member;
    int min, max;
    const char* source;
  } timing[] = {
      {"hbm.nBL", &H::nBL, 1, 64,
       "32 B BL4 on a 64-bit DDR pseudo-channel = 2 (Ramulator2 preset: 4)"},
      {"hbm.nCL", &H::nCL, 1, 64, "Ramulator2 HBM2_2Gbps: 7"},
      {"hbm.nRCD", &H::nRCD, 1, 64, "Ramulator2 HBM2_2Gbps: 7"},
      {"hbm.nRP", &H::nRP, 1, 64, "Ramulator2 HBM2_2Gbps: 7"},
      {"hbm.nRAS", &H::nRAS, 1, 128, "Ramulator2 HBM2_2Gbps: 17"},
      {"hbm.nRC", &H::nRC, 1, 128, "Ramulator2 HBM2_2Gbps: 19"},
      {"hbm.nRTP", &H::nRTP, 1, 64, "Ramulator2 HBM2_2Gbps: nRTPS 2"},
      {"hbm.nCCDS", &H::nCCDS, 1, 64, "Ramulator2 HBM2_2Gbps: 1"},
      {"hbm.nCCDL", &H::nCCDL, 1, 64, "Ramulator2 HBM2_2Gbps: 2"},
      {"hbm.nRRDS", &H::nRRDS, 1, 64, "Ramulator2 HBM2_2Gbps: 2"},
      {"hbm.nRRDL", &H::nRRDL, 1, 64, "Ramulator2 HBM2_2Gbps: 3"},
      {"hbm.nFAW", &H::nFAW, 1, 256, "Ramulator2 HBM2_2Gbps: 15"},
      {"hbm.nREFI", &H::nREFI, 0, 1000000, "Ramulator2 HBM2_2Gbps: 3900 (3.9 us); 0 = no refresh"},
      {"hbm.nRFC", &H::nRFC, 1, 100000, "JESD235 / Ramulator2 tRFC of an 8 Gb die: 350 ns"},
  };
  for (const auto& t : timing) {
    const std::string name = std::string(t.path).substr(4);  // "nCL"
    rows.push_back(row(t.path, t.member, I, t.min, t.max, "tCK", "", "HBM2 timing", t.source, ""));
    rows.back().spec.label = name;
    rows.back().spec.help = "HBM2 timing " + name;
  }
  const struct {
    const char* path;
    double HwConfig::*member;
    double max;
    const char* unit;
    const char* source;
  } energy[] = {
      {"energy.dram_pj_per_bit", &H::eDramPerBit, 1000, "pJ/bit",
       "O'Connor et al. MICRO'17 HBM2 (notes §3.4)"},
      {"energy.dram_activate_pj", &H::eDramActivate, 1e6, "pJ/ACT", "0: folded into pJ/bit"},
      {"energy.qk_mac_pj", &H::eQkMac, 1000, "pJ/MAC", "Fig. 13: 1.13 W / 512 MAC/ns"},
      {"energy.av_mac_pj", &H::eAvMac, 1000, "pJ/MAC", "Fig. 13: 0.53 W / 512 MAC/ns"},
      {"energy.softmax_pj_per_element", &H::eSoftmaxElem, 1e5, "pJ", "Fig. 13: 0.50 W / 8 elem/ns"},
      {"energy.fetch_pj_per_byte", &H::eFetchByte, 1000, "pJ/B", "Fig. 13: 0.24 W / 512 B/ns"},
      {"energy.topk_pj_per_compare", &H::eTopkCompare, 1000, "pJ",
       "Fig. 13: 0.08 W / 16 compares/ns"},
      {"energy.static_pj_per_cycle", &H::eStaticPerCycle, 1e6, "pJ/cycle",
       "Fig. 13 Others: 0.12 W"},
  };
  for (const auto& e : energy) {
    rows.push_back(
        row(e.path, e.member, R, 0, e.max, e.unit, "", "Energy", e.source, "", false, 0.1));
    rows.back().spec.label = std::string(e.path).substr(7);
    rows.back().spec.help = "Energy per event, " + std::string(e.unit);
  }
  for (Row& r : rows) {
    if (r.path == "topk.model") r.spec.choices = choicesOf(topkEngineVariants());
    if (r.path == "softmax.passthrough") r.spec.choices = choicesOf(softmaxVariants());
  }
  return rows;
}

}  // namespace

const ParamTable<HwConfig>& hwParams() {
  static const ParamTable<HwConfig> table("hw.", hwRows());
  return table;
}

}  // namespace spatten::core
