#pragma once
// Import/export of the official SpAtten RTL workload CSV
// (mit-han-lab/spatten spatten_hardware/hardware/workloads/*.csv; spatten-notes.md §4.6).
//
// Columns (fixed order): iteration_id, layer_id, head_id, embedding_length_D, sentence_length_L,
// key_fetch_num, quant_key_bit, quant_query_bit, auto_requant_thres, if_requant,
// auto_requant_incre, value_fetch_num, quant_value_bit, if_accumulate_importance,
// if_rescale_previous_importance, if_topk, topk.  -1 means "float/none"; booleans True/False.
//
// Mapping to Request (as TestSpAtten does, spatten-notes.md §4.6):
//  * quant_key_bit in {-1, 10, 12}  -> 8 MSB bits + 4 LSB bits, refetch forced on every request;
//    otherwise MSB = quant_key_bit, LSB = auto_requant_incre (4 if -1), refetch = if_requant.
//  * quant_value_bit in {-1, 10, 12} -> 8 bits.  quant_query_bit -1 -> 16 bits.
//  * every row is a Generation-stage request (the official traces are GPT-2 generation).
// Non-data lines (e.g. "configs/...yml,,,,") anywhere in the file, and lines starting with '#',
// are kept verbatim so that export reproduces the file byte for byte.

#include <string>
#include <string_view>

#include "core/workload/workload.h"

namespace spatten::core {

// Throws Error(file, "line N, column M (name)", message) on malformed input.
Workload parseWorkloadCsv(std::string_view text, const std::string& sourceName);
Workload loadWorkloadCsv(const std::string& path);

// Inverse of parseWorkloadCsv: byte-identical for the official files (see docs/simulator.md for
// the normalisations applied to other inputs: thresholds in shortest form, D as "64.0").
std::string workloadToCsv(const Workload& w);

inline constexpr const char* kWorkloadCsvHeader =
    "iteration_id,layer_id,head_id,embedding_length_D,sentence_length_L,key_fetch_num,"
    "quant_key_bit,quant_query_bit,auto_requant_thres,if_requant,auto_requant_incre,"
    "value_fetch_num,quant_value_bit,if_accumulate_importance,if_rescale_previous_importance,"
    "if_topk,topk";

}  // namespace spatten::core
