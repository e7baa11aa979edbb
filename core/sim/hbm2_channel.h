#pragma once
// One HBM2 channel (module 14): pseudo-channels, bank groups, banks with open-row buffers,
// HBM2 timing (Ramulator2 HBM2_2Gbps preset, see HwConfig), an FR-FCFS controller issuing at most
// one column command (RD) and one row command (ACT/PRE) per cycle on HBM2's separate column and
// row command buses, and at most `hbm.max_outstanding` requests in the controller.
// All-bank refresh every hbm.nREFI, in step on every channel (as the RTL's one Ramulator2 instance
// per channel, all started at cycle 0; staggered refresh would let one refreshing channel block
// the shared address crossbar most of the time): no new commands, then PREA once every bank may
// precharge, then nRP + nRFC with every bank closed.
// Units: cycles (tCK = 1 accelerator cycle).

#include <array>
#include <cassert>
#include <cstdint>
#include <span>
#include <vector>

#include "core/sim/fifo.h"
#include "core/sim/hw_config.h"
#include "core/sim/vocabulary.h"

namespace spatten::core {

// One 32-byte read transaction: 16 bytes, as it is copied into a lane FIFO, a controller port
// and a slot. Its request, kind and layer are the job's (the fetcher's DramJobs::jobInfo()).
struct DramTx {
  std::uint64_t addr = 0;
  std::uint32_t job = 0;    // fetch-job slot that issued it (the DRAM replay: the trace line)
  std::uint32_t index = 0;  // transaction index inside the job
};

struct DramCompletion {
  DramTx tx;
  std::uint64_t enqueueCycle = 0, issueCycle = 0, doneCycle = 0;
  std::uint16_t bank = 0;  // flat (pseudo-channel, bank group, bank)
  std::uint32_t row = 0;
  bool rowHit = false;
};

// What the data crossbar needs of a finished read (Fetcher::receive): its job slot and index.
struct DramArrival {
  std::uint32_t job = 0, index = 0;
};
// The stack's sink for the reads its channels retire in a cycle: the arrivals, in channel then
// issue order, and the full records only when `detail` is set (the event log at LogLevel::Full).
// Bytes, row hits and latency are counted by each channel (Hbm2Channel::counters()). A channel
// retires at most one read per cycle (one RD issues per cycle): `buffer` holds one per channel,
// the first `count` of them this cycle's (no capacity check per read).
struct DramArrivals {
  std::vector<DramArrival> buffer;
  std::size_t count = 0;
  std::vector<DramCompletion>* detail = nullptr;
  std::span<const DramArrival> arrivals() const { return {buffer.data(), count}; }
};

// Decoded location of a transaction inside its channel ("RoBaBgCoPc": pseudo-channel in the
// lowest bit of the channel-local transaction index, then column, bank group, bank, row).
struct DramLocation {
  int channel = 0, pseudoChannel = 0, bankGroup = 0, bank = 0;
  std::uint32_t row = 0;
};
struct DramGeometry {
  int channelBits = 4, pseudoChannels = 2, columns = 32, bankGroups = 4, banksPerGroup = 4;
  static DramGeometry from(const HwConfig& hw);
};
DramLocation decodeAddress(const DramGeometry& g, std::uint64_t addr);

class Hbm2Channel {
public:
  // Counts of the reads retired so far (whatever the sink). Per kind and layer: the fetcher
  // counts them per job (Fetcher::addStats). Counted when a RD issues (its latency is known
  // then); counters() subtracts the reads still in flight (at most hbm.max_outstanding).
  struct Counters {
    std::uint64_t transactions = 0, rowHits = 0;
    std::uint64_t latencySum = 0;  // done - enqueue, cycles
  };

  Hbm2Channel() = default;
  Hbm2Channel(const HwConfig& hw, int id);

  // The crossbar's output port into the controller (an AXI register slice of kPortDepth
  // entries; the 64-deep address FIFOs are the fetcher's lane FIFOs in front of the crossbar).
  static constexpr std::size_t kPortDepth = 2;
  bool canAccept() const { return !m_inFifo.full(); }
  // Decodes the address on the way in, into the slot the read will keep, and prefetches its
  // bank's line (accepting it writes there): it is accepted one cycle later at the earliest.
  void push(const DramTx& tx);
  // Advances one cycle: retires finished reads into `done` (a std::vector<DramCompletion>, or the
  // stack's DramArrivals), moves one transaction from the address FIFO into the controller,
  // issues at most one command (FR-FCFS).
  // Nothing can change before m_wake (no refresh, no accept, no retire, no command ready), and
  // busyThisCycle() stays what the last active cycle left: whether reads are outstanding, which
  // only an active cycle changes. So the cycles before it are skipped here, inline.
  template <typename Sink>
  void tick(std::uint64_t cycle, Sink& done) {
    if (cycle >= m_wake) tickActive(cycle, done);
  }
  template <typename Sink>
  void tickActive(std::uint64_t cycle, Sink& done);  // tick(), cycle >= wake()
  // tick() of `count` channels in order (a stack's cycle): wakes[c] is channel c's wake(), kept
  // so; bit c of `busy` and `room` is set after each active tick to its busyThisCycle() and
  // canAccept() (left as they were for a channel that is not due). One call per cycle, not one
  // per channel: the channels' active ticks are inlined here. Returns the smallest of the wakes
  // after the cycle: before it no channel is due (until a push()).
  template <typename Sink>
  static std::uint64_t tickDue(Hbm2Channel* channels, std::size_t count, std::uint64_t* wakes,
                               std::uint64_t cycle, Sink& done, std::uint64_t& busy,
                               std::uint64_t& room);
  // The first cycle at which tick() may change anything (given no push() before it).
  std::uint64_t wake() const { return m_wake; }
  bool idle() const { return m_inFifo.empty() && m_outstanding == 0; }

  std::size_t inFifoSize() const { return m_inFifo.size(); }
  std::size_t inFifoCapacity() const { return m_inFifo.capacity(); }
  std::size_t outstanding() const { return m_outstanding; }
  std::size_t maxOutstanding() const { return m_maxOutstanding; }
  bool busyThisCycle() const { return m_busy; }
  bool refreshing(std::uint64_t cycle) const { return m_refreshPending || cycle < m_refreshUntil; }
  std::uint64_t refreshes() const { return m_refreshes; }
  Counters counters() const;
  // counters().transactions in O(1) (sampled every cycle by the exports' counter tracks).
  std::uint64_t retiredReads() const { return m_issued.transactions - m_inflightCount; }

private:
  static constexpr std::uint32_t kNil = ~0u;
  // A scan key: a read's enqueue cycle above the flat bank index (at most 4 x 16 x 16 banks,
  // hw_params). Enqueue cycles are unique in a channel (one accept per cycle), so the smallest
  // key is the oldest read.
  static constexpr int kBankBits = 10;
  // A transaction in the port, or a queued or in-flight read, in a slot of m_slots. Its enqueue
  // cycle (set when accepted) is its arrival order: the channel accepts at most one per cycle.
  struct alignas(64) Slot {  // one cache line
    DramTx tx;
    std::uint64_t enqueueCycle = 0;
    std::uint64_t issueCycle = 0;  // of its RD, once issued (in flight)
    std::uint32_t row = 0;
    // Queued: the older / younger queued read of the same bank. In flight: `next` is the next
    // read in issue order. Free: `next` is the next free slot.
    std::uint32_t prev = kNil, next = kNil;
    std::uint16_t bank = 0;
    bool rowHit = true;  // stays true unless an ACT was needed for it
  };
  // A bank: open-row state and timers, and its queued reads as a list in arrival order (the
  // FR-FCFS scans visit banks, not reads: every command timer is per bank, pseudo-channel or bank
  // group, so within a bank only the oldest read that hits the open row can take a RD, and only
  // the oldest read, when none hits, can take the bank's PRE/ACT). One cache line: a channel's
  // state is touched every few cycles among 15 other channels', so lines count, not bytes.
  // A scan reads `shared`, the timer it names, and the two keys: the bank's next command may
  // issue at max(timer[shared & 3], m_shared[shared]); timer[] holds the bank's own timers
  // (tRCD, tRP / tRC, tRAS / tRTP) and m_shared the pseudo-channel / bank-group / channel part.
  // m_shared is group-major, kCommands entries per bank group (index into m_groupNextRd), one
  // per Command: shared = group << 2 | command. colKey is the candidate read's scan key when the
  // command is a RD (else ~0), rowKey when it is a PRE or an ACT. updateBank() sets them after
  // every change of the bank.
  enum Command : std::uint32_t { kRd = 0, kAct = 1, kPre = 2, kCommands = 4 };
  struct alignas(64) Bank {
    std::uint64_t colKey = ~0ull, rowKey = ~0ull;
    std::array<std::uint64_t, 3> timer{};  // next RD, ACT, PRE of this bank (by Command)
    std::int64_t openRow = -1;
    std::uint32_t head = kNil, tail = kNil;  // kNil: no queued read
    std::uint32_t hit = kNil;                // the oldest queued read to the open row (kNil: none)
    std::uint16_t shared = kAct;             // see above
    std::uint16_t group = 0;                 // flat (pseudo-channel, bank group)
  };
  static_assert(sizeof(Bank) == 64, "a bank is one cache line");
  struct Pc {
    std::uint64_t nextRd = 0;
    std::uint64_t actReady = 0;                // ACT timing shared by its banks: tRRD_S and tFAW
    std::array<std::uint64_t, 4> actWindow{};  // last four ACT cycles (tFAW)
    int actCount = 0;
  };
  // The commands a scan chose: scan keys (~0: none).
  struct Pick {
    std::uint64_t col = ~0ull, row = ~0ull;
    std::uint32_t colBank() const {
      return static_cast<std::uint32_t>(col & ((1u << kBankBits) - 1));
    }
    std::uint32_t rowBank() const {
      return static_cast<std::uint32_t>(row & ((1u << kBankBits) - 1));
    }
  };
  template <typename Sink>
  void retire(std::uint64_t cycle, Sink& done);
  // One retired read into the sink.
  void deliver(std::vector<DramCompletion>& done, const Slot& s, std::uint64_t latency) const {
    done.push_back(
        {s.tx, s.enqueueCycle, s.issueCycle, s.issueCycle + latency, s.bank, s.row, s.rowHit});
  }
  void deliver(DramArrivals& done, const Slot& s, std::uint64_t latency) const {
    assert(done.count < done.buffer.size());
    done.buffer[done.count++] = {s.tx.job, s.tx.index};
    if (done.detail) deliver(*done.detail, s, latency);
  }
  bool tryRefresh(std::uint64_t cycle);  // true while refresh blocks the command buses
  // One pass over the banks with queued reads: the oldest ready RD (column command bus) and
  // the oldest ready PRE-or-ACT (row command bus); sets m_cmdWake to the first ready cycle of the
  // banks (at most `cycle` when one is ready: then a command issues, see evalBank).
  Pick scan(std::uint64_t cycle);
  void evalBank(std::uint64_t cycle, std::uint32_t bi, std::uint64_t& wake, Pick& p) const;
  void setWake(std::uint64_t cycle);  // m_wake after an active cycle (no refresh pending)
  template <typename Sink>
  void refreshWait(std::uint64_t cycle, Sink& done);  // tickActive() while a refresh is pending
  Pick consider(std::uint64_t cycle, std::uint32_t bank);  // the same, for one bank
  void issueColumn(std::uint64_t cycle, std::uint32_t bank);
  void issueRow(std::uint64_t cycle, std::uint32_t bank);
  std::uint32_t accept(
      std::uint64_t cycle);  // one transaction from the port into the queue; its bank
  // After any change of the bank's reads, open row or own timers (a bank with queued reads).
  void updateBank(std::uint32_t bi) {
    Bank& b = m_banks[bi];
    const bool rd = b.hit != kNil;
    const std::uint32_t cmd = rd ? kRd : b.openRow >= 0 ? kPre : kAct;
    b.shared = static_cast<std::uint16_t>(static_cast<std::uint32_t>(b.group) << 2 | cmd);
    const std::uint64_t key = (m_slots[rd ? b.hit : b.head].enqueueCycle << kBankBits) | bi;
    b.colKey = rd ? key : ~0ull;
    b.rowKey = rd ? ~0ull : key;
  }
  std::uint32_t pcOf(const Bank& b) const { return b.group >> m_groupShift; }
  void updateShared(std::uint32_t pc, bool act);  // m_shared of the pc's groups (all, after ACT)
  void setQueued(std::size_t bank, bool any) {
    const std::uint64_t bit = 1ull << (bank & 63);
    if (any)
      m_queuedBanks[bank >> 6] |= bit;
    else
      m_queuedBanks[bank >> 6] &= ~bit;
  }

  // Touched by every active cycle: first, together.
  std::uint64_t m_wake = 0;     // tick() does nothing before this cycle (see tick())
  std::uint64_t m_cmdWake = 0;  // no queued read's command can become ready before this cycle
  std::uint64_t m_minDone = ~0ull;
  std::uint64_t m_nextRefresh = ~0ull;
  std::uint64_t m_nextRowCmd = 0;   // ACT occupies the row command slot 2 cycles
  std::uint32_t m_outstanding = 0;  // reads queued or in flight (accepted, not retired)
  std::uint32_t m_maxOutstanding = 16;
  bool m_refreshPending = false;
  bool m_busy = false;
  std::uint32_t m_queuedWords = 1;                // used words of m_queuedBanks
  std::array<std::uint64_t, 16> m_queuedBanks{};  // bit set: banks with queued reads
  // Reads whose RD issued (data not yet returned), in issue order: a list through Slot::next.
  std::uint32_t m_inflightHead = kNil, m_inflightTail = kNil, m_inflightCount = 0;
  std::uint32_t m_freeSlot = kNil;  // unused slots, a list through Slot::next (freed at retire)
  InlineFifo<std::uint32_t, kPortDepth> m_inFifo;  // the port: slots of decoded transactions
  std::vector<Slot> m_slots;  // m_maxOutstanding + kPortDepth slots (reads and the port's)
  std::vector<Bank> m_banks;
  std::vector<std::uint64_t> m_shared;  // per (pc, bank group) x Command, see Bank
  std::vector<Pc> m_pcs;
  // Per (pc, bank group): the next RD (tCCD_L) and ACT (tRRD_L) of the group's own timing.
  std::vector<std::uint64_t> m_groupNextRd, m_groupNextAct;

  int m_id = 0;
  DramGeometry m_geo;
  // decodeAddress for power-of-two geometries with at most 16 banks per pseudo-channel (the row
  // fold has 4 bits): bank group and bank are adjacent bit fields, XORed with the fold at once.
  // m_banksPerPc must equal bankGroups x banksPerGroup (it does: the constructor sets it so).
  bool m_pow2 = false;
  int m_localShift = 0, m_bgShift = 0, m_rowShift = 0, m_bgBits = 0, m_bankBits = 0;
  std::uint64_t m_pcMask = 0;
  std::uint32_t m_bgBankMask = 0, m_bgMask = 0;
  // Timings in cycles, unsigned and 64-bit as the cycles they are added to (hw_params checks
  // them non-negative); m_latency, m_rdGapPc and m_rdGapGroup are derived once (RD to data end,
  // RD to RD in the pseudo-channel and in the bank group).
  std::uint64_t m_nBL = 2, m_nCL = 7, m_nRCD = 7, m_nRP = 7, m_nRAS = 17, m_nRC = 19, m_nRTP = 2;
  std::uint64_t m_nCCDS = 1, m_nCCDL = 2, m_nRRDS = 2, m_nRRDL = 3, m_nFAW = 15;
  std::uint64_t m_nREFI = 0, m_nRFC = 350;
  std::uint64_t m_latency = 9, m_rdGapPc = 2, m_rdGapGroup = 2;
  std::uint64_t m_refreshUntil = 0, m_refreshes = 0;
  Counters m_issued;  // every RD issued so far (counters() subtracts the in-flight ones)
  int m_banksPerPc = 16, m_banksPerGroup = 4, m_groupsPerPc = 4;
  int m_groupShift = 2;  // log2(m_groupsPerPc): bank groups per pseudo-channel are a power of two
};

// In the header: the address crossbar calls it for every transaction.
inline void Hbm2Channel::push(const DramTx& tx) {
  // Into a free slot at once (one exists: at most m_maxOutstanding reads are queued or in
  // flight, and the port holds fewer than kPortDepth), written in place: accepting it then only
  // links it into its bank's queue.
  const std::uint32_t si = m_freeSlot;
  Slot& s = m_slots[si];
  m_freeSlot = s.next;
  s.tx = tx;
  if (m_pow2) {  // decodeAddress with precomputed shifts and masks
    const std::uint64_t local = tx.addr >> m_localShift;  // channel-local transaction index
    const auto pc = static_cast<std::uint32_t>(local & m_pcMask);
    const std::uint64_t t = local >> m_bgShift;  // drops the pseudo-channel and column
    s.row = static_cast<std::uint32_t>(t >> m_rowShift);
    std::uint32_t fold = s.row;  // as decodeAddress
    fold ^= fold >> 16;
    fold ^= fold >> 8;
    fold ^= fold >> 4;
    fold &= 15u;
    // Bank group (low bits) and bank (above), both XORed with the fold's matching bits; the flat
    // index has the bank group above the bank.
    const auto x = (static_cast<std::uint32_t>(t) ^ fold) & m_bgBankMask;
    s.bank = static_cast<std::uint16_t>(pc * static_cast<std::uint32_t>(m_banksPerPc) +
                                        ((x & m_bgMask) << m_bankBits) + (x >> m_bgBits));
  } else {
    const DramLocation loc = decodeAddress(m_geo, tx.addr);
    s.row = loc.row;
    s.bank = static_cast<std::uint16_t>(loc.pseudoChannel * m_banksPerPc +
                                        loc.bankGroup * m_banksPerGroup + loc.bank);
  }
  m_inFifo.push(si);
  __builtin_prefetch(&m_banks[s.bank], 1);
  // Accepted in the next tick: the wake drops to 0 (by a mask, not a branch: which way it went
  // changed from push to push).
  m_wake &= 0 - static_cast<std::uint64_t>(m_outstanding >= m_maxOutstanding);
}

}  // namespace spatten::core
