#pragma once
// Output port of a unit for control messages. The wiring (core/sim/datapath.cpp) connects it to
// the consumers' handlers; send() delivers at once. Because the units tick in a fixed order
// (consumers before producers, docs/simulator.md), a message sent in cycle c is seen by a
// consumer ticked later in cycle c and by one ticked earlier in cycle c + 1, as a registered
// handshake between modules would be.
// Copying a port does not copy its connections: a copied datapath is rewired (the connections
// point into the datapath that made them).

#include <functional>
#include <utility>
#include <vector>

namespace spatten::core {

template <typename T>
class OutPort {
public:
  OutPort() = default;
  OutPort(const OutPort&) {}
  OutPort(OutPort&&) noexcept {}
  OutPort& operator=(const OutPort&) { return *this; }  // keeps this datapath's connections
  OutPort& operator=(OutPort&&) noexcept { return *this; }
  ~OutPort() = default;

  void connect(std::function<void(const T&)> sink) { m_sinks.push_back(std::move(sink)); }
  void disconnect() { m_sinks.clear(); }
  void send(const T& msg) const {
    for (const auto& sink : m_sinks) sink(msg);
  }

private:
  std::vector<std::function<void(const T&)>> m_sinks;
};

}  // namespace spatten::core
