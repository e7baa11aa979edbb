// Simulates the whole summary-gpt2-small-wikitext2-per8.csv trace (4608 requests, `spatten`
// preset) and exports it to each trace format of docs/formats.md; prints the wall time of
// simulation + export per iteration and the bytes written (the files are counted, not kept).
// Target (issue 12): each format under 5 s on one core. BM_SimulateOnly is the baseline at the
// log level the exports need.
#include <benchmark/benchmark.h>

#include <memory>
#include <ostream>
#include <streambuf>

#include "core/export/chrome_trace_writer.h"
#include "core/export/dram_trace.h"
#include "core/export/perfetto_tracks.h"
#include "core/export/vcd_writer.h"
#include "core/sim/simulator.h"
#include "core/workload/workload_csv.h"

using namespace spatten::core;

namespace {

// An output stream that counts what it is given and keeps nothing.
class CountingBuf : public std::streambuf {
public:
  std::uint64_t bytes = 0;

protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<std::uint64_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) ++bytes;
    return c;
  }
};

std::shared_ptr<const Workload> gpt2() {
  static auto w = std::make_shared<const Workload>(loadWorkloadCsv(
      std::string(SPATTEN_SHARED_DIR) + "/workloads/summary-gpt2-small-wikitext2-per8.csv"));
  return w;
}

enum Format { kVcd, kPerfetto, kDramSim3, kRamulator2 };

void BM_Export(benchmark::State& state) {
  const auto format = static_cast<Format>(state.range(0));
  const HwConfig hw;
  std::uint64_t bytes = 0, cycles = 0;
  for (auto _ : state) {
    CountingBuf buf;
    std::ostream out(&buf);
    const LogLevel level = format == kVcd ? LogLevel::Modules : LogLevel::Full;
    Simulator sim(gpt2(), hw, 1, level);
    if (format == kVcd) {
      VcdWriter vcd(sim, out);
      runSampled(sim, {&vcd});
    } else if (format == kPerfetto) {
      PerfettoCounters counters(sim, 256);
      runSampled(sim, {&counters});
      writeChromeTrace(sim, out, {&counters, true});
    } else {
      sim.run();
      const auto f = format == kDramSim3 ? DramTraceFormat::DramSim3 : DramTraceFormat::Ramulator2;
      const auto reqs = dramRequests(sim);
      writeDramTrace(reqs, hw, f, out);
      out << dramConfigText(reqs, hw, f, "trace");
    }
    bytes = buf.bytes;
    cycles = sim.cycle();
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.counters["simulated_cycles"] = static_cast<double>(cycles);
}

void BM_SimulateOnly(benchmark::State& state) {
  const auto level = static_cast<LogLevel>(state.range(0));
  for (auto _ : state) {
    Simulator sim(gpt2(), HwConfig{}, 1, level);
    sim.run();
    benchmark::DoNotOptimize(sim.cycle());
  }
}

}  // namespace

// Args: format (0 VCD, 1 Perfetto with --trace-counters, 2 DRAMsim3, 3 Ramulator 2).
BENCHMARK(BM_Export)
    ->Arg(kVcd)
    ->Arg(kPerfetto)
    ->Arg(kDramSim3)
    ->Arg(kRamulator2)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
// Args: log level (1 modules: what the VCD needs; 2 full: Perfetto and DRAM traces).
BENCHMARK(BM_SimulateOnly)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
