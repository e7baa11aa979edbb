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
#include <cstdint>
#include <vector>

#include "core/sim/fifo.h"
#include "core/sim/hw_config.h"
#include "core/sim/vocabulary.h"

namespace spatten::core {

// One 32-byte read transaction.
struct DramTx {
  std::uint64_t addr = 0;
  std::uint32_t job = 0;    // fetch-job slot that issued it
  std::uint32_t index = 0;  // transaction index inside the job
  std::uint32_t request = 0;
  DataKind kind = DataKind::KMsb;
  std::uint8_t layer = 0;
};

struct DramCompletion {
  DramTx tx;
  std::uint64_t enqueueCycle = 0, issueCycle = 0, doneCycle = 0;
  std::uint16_t bank = 0;  // flat (pseudo-channel, bank group, bank)
  std::uint32_t row = 0;
  bool rowHit = false;
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
  Hbm2Channel() = default;
  Hbm2Channel(const HwConfig& hw, int id);

  // The crossbar's output port into the controller (an AXI register slice of kPortDepth
  // entries; the 64-deep address FIFOs are the fetcher's lane FIFOs in front of the crossbar).
  static constexpr std::size_t kPortDepth = 2;
  bool canAccept() const { return !m_inFifo.full(); }
  void push(const DramTx& tx) { m_inFifo.push(tx); }
  // Advances one cycle: retires finished reads into `done`, moves one transaction from the
  // address FIFO into the controller, issues at most one command (FR-FCFS).
  void tick(std::uint64_t cycle, std::vector<DramCompletion>& done) {
    // Quiet cycles inline (most channel-cycles): no refresh due, nothing that can be accepted
    // (the port is empty, or the controller full), and either nothing in the channel or no
    // retire or command possible before m_wake.
    if (cycle < m_nextRefresh && !m_refreshPending &&
        (m_inFifo.empty() || outstanding() >= m_maxOutstanding) &&
        (cycle < m_wake || (m_queued == 0 && m_inflight.empty()))) {
      m_busy = outstanding() > 0;
      return;
    }
    tickActive(cycle, done);
  }
  bool idle() const { return m_inFifo.empty() && m_queued == 0 && m_inflight.empty(); }

  std::size_t inFifoSize() const { return m_inFifo.size(); }
  std::size_t inFifoCapacity() const { return m_inFifo.capacity(); }
  std::size_t outstanding() const { return m_queued + m_inflight.size(); }
  std::size_t maxOutstanding() const { return m_maxOutstanding; }
  bool busyThisCycle() const { return m_busy; }
  bool refreshing(std::uint64_t cycle) const { return m_refreshPending || cycle < m_refreshUntil; }
  std::uint64_t refreshes() const { return m_refreshes; }

private:
  static constexpr std::uint32_t kNil = ~0u;
  // A queued or in-flight read, in a slot of m_slots. Its enqueue cycle is its arrival order:
  // the channel accepts at most one transaction per cycle.
  struct Slot {
    DramTx tx;
    std::uint64_t enqueueCycle = 0;
    std::uint64_t issueCycle = 0;  // of its RD, once issued (in m_inflight)
    std::uint32_t row = 0;
    std::uint32_t next = kNil;  // next younger queued read of the same bank
    std::uint16_t bank = 0;
    bool rowHit = true;  // stays true unless an ACT was needed for it
  };
  // A bank: open-row state and timers, and its queued reads as a list in arrival order (the
  // FR-FCFS scans visit banks, not reads: every command timer is per bank, pseudo-channel or bank
  // group, so within a bank only the oldest read that hits the open row can take a RD, and only
  // the oldest read that misses it can take the bank's PRE/ACT).
  struct Bank {
    std::int64_t openRow = -1;
    std::uint64_t nextAct = 0, nextPre = 0, nextRd = 0;
    std::uint32_t head = kNil, tail = kNil;
    std::uint16_t queued = 0;       // queued reads of this bank
    std::uint16_t pendingHits = 0;  // queued reads to the open row
    std::uint16_t pc = 0;           // index into m_pcs
    std::uint16_t bankGroup = 0;    // index into m_bgNextRd / m_bgNextAct: (pc, bank group)
  };
  struct Pc {
    std::uint64_t nextRd = 0, nextAct = 0;
    std::array<std::uint64_t, 4> actWindow{};  // last four ACT cycles (tFAW)
    int actCount = 0;
  };
  // The command a scan chose: the bank, its read (slot) and the read's predecessor in the bank.
  struct Pick {
    std::uint64_t age = ~0ull;  // the read's enqueue cycle (oldest first)
    std::uint32_t bank = kNil, slot = kNil, prev = kNil;
  };
  void tickActive(std::uint64_t cycle, std::vector<DramCompletion>& done);
  bool tryRefresh(std::uint64_t cycle);  // true while refresh blocks the command buses
  // One pass over the banks with queued reads: the oldest ready RD (column command bus) and
  // the oldest ready PRE-or-ACT (row command bus); lowers m_cmdWake to the ready time of each bank
  // whose command is not ready.
  void scan(std::uint64_t cycle, Pick& col, Pick& row);
  void consider(std::uint64_t cycle, std::uint32_t bank, Pick& col, Pick& row);  // one bank of it
  // A bank whose command is ready: offers its read to the column pick (RD) or the row pick
  // (PRE/ACT) when it is older than the current one.
  static void pickReady(const Bank& b, std::uint32_t bi, const Slot* slots, Pick& col, Pick& row);
  std::uint64_t columnReady(const Bank& b) const;  // RD timing (bank, pseudo-channel, group)
  std::uint64_t rowReady(const Bank& b) const;     // PRE or ACT timing
  std::uint64_t actReady(const Bank& b) const;     // ACT timing without the row-bus slot
  std::uint64_t nextCommand(const Bank& b) const;  // when the bank's next command may issue
  void issueColumn(std::uint64_t cycle, const Pick& p);
  void issueRow(std::uint64_t cycle, const Pick& p);
  std::uint32_t accept(std::uint64_t cycle);  // one transaction from the port into the queue; its bank
  void setQueued(std::size_t bank, bool any) {
    const std::uint64_t bit = 1ull << (bank & 63);
    if (any)
      m_queuedBanks[bank >> 6] |= bit;
    else
      m_queuedBanks[bank >> 6] &= ~bit;
  }

  int m_id = 0;
  DramGeometry m_geo;
  // decodeAddress for power-of-two geometries with at most 16 banks per pseudo-channel (the row
  // fold has 4 bits): bank group and bank are adjacent bit fields, XORed with the fold at once.
  // m_banksPerPc must equal bankGroups x banksPerGroup (it does: the constructor sets it so).
  bool m_pow2 = false;
  int m_localShift = 0, m_bgShift = 0, m_rowShift = 0, m_bgBits = 0, m_bankBits = 0;
  std::uint64_t m_pcMask = 0;
  std::uint32_t m_bgBankMask = 0, m_bgMask = 0;
  int m_nBL = 2, m_nCL = 7, m_nRCD = 7, m_nRP = 7, m_nRAS = 17, m_nRC = 19, m_nRTP = 2;
  int m_nCCDS = 1, m_nCCDL = 2, m_nRRDS = 2, m_nRRDL = 3, m_nFAW = 15;
  int m_nREFI = 0, m_nRFC = 350;
  std::uint64_t m_nextRefresh = ~0ull, m_refreshUntil = 0, m_refreshes = 0;
  bool m_refreshPending = false;
  int m_banksPerPc = 16, m_banksPerGroup = 4;
  std::size_t m_maxOutstanding = 16;
  RingFifo<DramTx> m_inFifo{1};
  std::vector<Slot> m_slots;               // m_maxOutstanding slots
  std::vector<std::uint32_t> m_freeSlots;  // unused slots (a read's slot is freed when it retires)
  std::size_t m_queued = 0;                // not yet issued
  RingFifo<std::uint32_t> m_inflight{1};  // slots of reads whose RD issued (data not yet
                                          // returned), in issue order
  std::vector<Bank> m_banks;
  std::vector<std::uint64_t> m_queuedBanks;  // bit set: banks with queued reads
  std::vector<Pc> m_pcs;
  std::vector<std::uint64_t> m_bgNextRd, m_bgNextAct;  // per (pc, bank group)
  std::uint64_t m_nextRowCmd = 0;                      // ACT occupies the row command slot 2 cycles
  std::uint64_t m_minDone = ~0ull;
  std::uint64_t m_cmdWake = 0;  // no queued read's command can become ready before this cycle
  std::uint64_t m_wake = 0;     // min(m_cmdWake, m_minDone): nothing happens before this cycle
  bool m_busy = false;
};

}  // namespace spatten::core
