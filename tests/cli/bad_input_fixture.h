#pragma once
// Builders of hostile inputs for the bad-input catalogue (tst_bad_inputs.cpp): model directories
// with one file broken, FIFOs, sparse huge files, poked weights. Header-only; every path is
// inside one temporary directory.

#include <sys/stat.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

namespace bad_inputs {

namespace fs = std::filesystem;

inline fs::path samples() {
  return fs::path(SPATTEN_SAMPLES_DIR);
}
inline fs::path testData() {
  return fs::path(SPATTEN_TESTDATA_DIR);
}

inline std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Replaces p (a symlink to a sample is removed, never written through).
inline void writeAll(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  fs::remove(p);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// 8-byte little-endian header length + header + data.
inline std::string safetensors(const std::string& header, const std::string& data) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i)
    out[static_cast<std::size_t>(i)] = static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

class Fixture {
public:
  fs::path dir() const { return fs::path(m_tmp.path().toStdString()); }
  fs::path path(const std::string& rel) const { return dir() / rel; }

  // A copy of samples/models/tiny-gpt2 (or tiny-bert) at DIR/<name>; the weights are a symlink
  // unless `copyWeights` (they are then edited).
  fs::path model(const std::string& sample, const std::string& name, bool copyWeights = false) {
    const fs::path src = samples() / "models" / sample;
    const fs::path dst = path(name);
    fs::create_directories(dst);
    for (const auto& e : fs::directory_iterator(src)) {
      const std::string f = e.path().filename().string();
      if (f == "model.safetensors" && !copyWeights)
        fs::create_symlink(e.path(), dst / f);
      else if (f != "README.md" && f != "loss.png" && f != "train_log.json")
        fs::copy_file(e.path(), dst / f);
    }
    return dst;
  }

  // tests/data/model/<fixture> (F32 weights, vocab 50) with a 3-token byte-level vocabulary
  // whose "a" is id 5, so that a text of "a" and "b" reaches rows 5 and 1 of wte.
  fs::path smallModel(const std::string& name) {
    const fs::path dst = path(name);
    fs::create_directories(dst);
    for (const char* f : {"config.json", "model.safetensors"})
      fs::copy_file(testData() / "model" / "gpt2-f32" / f, dst / f);
    writeAll(dst / "vocab.json", R"({"a": 5, "b": 1, "c": 2})");
    writeAll(dst / "merges.txt", "#version: 0.2\n");
    return dst;
  }

  void write(const std::string& rel, const std::string& bytes) { writeAll(path(rel), bytes); }
  void remove(const std::string& rel) { fs::remove_all(path(rel)); }
  void fifo(const std::string& rel) {
    remove(rel);
    ::mkfifo(path(rel).c_str(), 0600);
  }
  void symlink(const fs::path& target, const std::string& rel) {
    remove(rel);
    fs::create_symlink(target, path(rel));
  }
  void directory(const std::string& rel) {
    remove(rel);
    fs::create_directories(path(rel));
  }
  // A sparse file of `bytes` bytes (rejected from its size, never read).
  void sparse(const std::string& rel, std::uintmax_t bytes) {
    write(rel, "");
    fs::resize_file(path(rel), bytes);
  }
  void editJson(const std::string& rel, const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json j = nlohmann::json::parse(readAll(path(rel)));
    edit(j);
    write(rel, j.dump(1));
  }
  // Replaces the JSON header of a safetensors file; the data section stays.
  void editHeader(const std::string& rel, const std::function<void(nlohmann::json&)>& edit) {
    const std::string bytes = readAll(path(rel));
    std::uint64_t len = 0;
    for (int i = 7; i >= 0; --i)
      len = (len << 8) | static_cast<unsigned char>(bytes[std::size_t(i)]);
    nlohmann::json h = nlohmann::json::parse(bytes.substr(8, len));
    edit(h);
    write(rel, safetensors(h.dump(), bytes.substr(8 + len)));
  }
  // Overwrites element `index` of tensor `name` with `raw` (bytes of the tensor's dtype).
  void poke(const std::string& rel, const std::string& name, std::size_t index,
            const std::string& raw) {
    std::string bytes = readAll(path(rel));
    std::uint64_t len = 0;
    for (int i = 7; i >= 0; --i)
      len = (len << 8) | static_cast<unsigned char>(bytes[std::size_t(i)]);
    const auto h = nlohmann::json::parse(bytes.substr(8, len));
    const std::size_t at =
        8 + len + h[name]["data_offsets"][0].get<std::size_t>() + index * raw.size();
    bytes.replace(at, raw.size(), raw);
    write(rel, bytes);
  }

private:
  QTemporaryDir m_tmp;
};

inline std::string f16(std::uint16_t bits) {
  return {char(bits & 0xff), char(bits >> 8)};
}
inline std::string f32(float v) {
  std::string s(4, '\0');
  std::memcpy(s.data(), &v, 4);
  return s;
}

inline const char* kCsvHeader =
    "iteration_id,layer_id,head_id,embedding_length_D,sentence_length_L,key_fetch_num,"
    "quant_key_bit,quant_query_bit,auto_requant_thres,if_requant,auto_requant_incre,"
    "value_fetch_num,quant_value_bit,if_accumulate_importance,if_rescale_previous_importance,"
    "if_topk,topk";

// A workload CSV with one data row.
inline std::string csvRow(const std::string& row) {
  return std::string(kCsvHeader) + "\n" + row + "\n";
}

}  // namespace bad_inputs
