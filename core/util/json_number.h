#pragma once
// Numbers written into a JSON text exactly as nlohmann::json::dump() writes a double (the
// shortest decimal that reads back as the same double, ".0" on whole numbers, "null" for NaN
// and infinity), for outputs that stream large arrays instead of building a json value of them
// (`spatten-cli infer` and `run --dump-attention`: hundreds of millions of numbers on a long
// text). Thread-safe: no state.

#include <fmt/format.h>

#include <string_view>

namespace spatten::core {

// Appends d as nlohmann::json(d).dump() would.
void appendJsonDouble(fmt::memory_buffer& out, double d);

// The double read back from `v` printed with fmt's "{}" (the shortest decimal that reads back as
// the same float): std::strtod(fmt::format("{}", v)) without the string.
double shortestDecimal(float v);

// `x` rounded to 7 significant digits (std::strtod(fmt::format("{:.7g}", x))), 0 for NaN and
// infinity: the numbers of the run, compare and sweep documents, byte-identical across runs.
double jsonRound7(double x);

}  // namespace spatten::core
