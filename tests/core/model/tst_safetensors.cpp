// safetensors reader: dtype conversion, zero-copy F32 views, and every malformed-file error
// naming the file and the tensor/field.
#include <sys/stat.h>

#include <QtTest>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/model/half.h"
#include "core/model/safetensors.h"
#include "core/util/error.h"
#include "model_test_util.h"

using spatten::core::SafetensorsFile;
namespace fs = std::filesystem;

class TestSafetensors : public QObject {
  Q_OBJECT

  QTemporaryDir m_tmp;
  fs::path path(const char* name) const { return fs::path(m_tmp.path().toStdString()) / name; }
  fs::path write(const char* name, const std::string& bytes) const {
    model_test::writeAll(path(name), bytes);
    return path(name);
  }

  template <typename F>
  static std::string errorOf(F&& f) {
    try {
      f();
    } catch (const spatten::core::Error& e) {
      return e.what();
    }
    return "(no error)";
  }

private slots:
  void halfConversion() {
    using spatten::core::halfToFloat;
    QCOMPARE(halfToFloat(0x3c00), 1.0f);
    QCOMPARE(halfToFloat(0xc000), -2.0f);
    QCOMPARE(halfToFloat(0x7bff), 65504.0f);               // largest normal
    QCOMPARE(halfToFloat(0x0400), std::ldexp(1.0f, -14));  // smallest normal
    QCOMPARE(halfToFloat(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
    QCOMPARE(halfToFloat(0x03ff), std::ldexp(1023.0f, -24));  // largest subnormal
    QCOMPARE(halfToFloat(0x8001), -std::ldexp(1.0f, -24));
    QVERIFY(std::signbit(halfToFloat(0x8000)) && halfToFloat(0x8000) == 0.0f);
    QCOMPARE(halfToFloat(0x7c00), std::numeric_limits<float>::infinity());
    QCOMPARE(halfToFloat(0xfc00), -std::numeric_limits<float>::infinity());
    QVERIFY(std::isnan(halfToFloat(0x7e00)));
    QVERIFY(std::isnan(halfToFloat(0x7c01)));  // signalling NaN stays NaN
    QCOMPARE(halfToFloat(0x3555), 0.333251953125f);
  }

  // Every one of the 65,536 F16 values against its value computed from the fields with ldexp
  // (independent of the bit manipulation in half.h), NaN payloads in the top mantissa bits.
  void halfConversionExhaustive() {
    for (std::uint32_t h = 0; h <= 0xffffu; ++h) {
      const float got = spatten::core::halfToFloat(static_cast<std::uint16_t>(h));
      const int exp = static_cast<int>((h >> 10) & 0x1fu), mant = static_cast<int>(h & 0x3ffu);
      const float sign = (h & 0x8000u) ? -1.0f : 1.0f;
      if (exp == 0x1f) {
        std::uint32_t bits;
        std::memcpy(&bits, &got, sizeof bits);
        QCOMPARE(bits,
                 ((h & 0x8000u) << 16) | 0x7f800000u | (static_cast<std::uint32_t>(mant) << 13));
        continue;
      }
      const float want = exp == 0 ? sign * std::ldexp(float(mant), -24)
                                  : sign * std::ldexp(float(1024 + mant), exp - 25);
      QVERIFY2(got == want && std::signbit(got) == std::signbit(want),
               qPrintable(QString::number(h, 16)));
    }
  }

  void bf16Conversion() {
    using spatten::core::bf16ToFloat;
    QCOMPARE(bf16ToFloat(0x3f80), 1.0f);
    QCOMPARE(bf16ToFloat(0xc0a0), -5.0f);
    QCOMPARE(bf16ToFloat(0x7f80), std::numeric_limits<float>::infinity());
    QVERIFY(std::isnan(bf16ToFloat(0x7fc0)));
    QCOMPARE(bf16ToFloat(0x0001), std::ldexp(1.0f, -133));  // bf16 subnormal
  }

  void readsAllDtypes() {
    // a: F32 [2,2] at 0..16, b: F16 [3] at 16..22, c: BF16 [1] at 22..24, d: I64 [1] 24..32.
    const std::string header =
        R"({"__metadata__":{"format":"pt"},)"
        R"("a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},)"
        R"("b":{"dtype":"F16","shape":[3],"data_offsets":[16,22]},)"
        R"("c":{"dtype":"BF16","shape":[1],"data_offsets":[22,24]},)"
        R"("d":{"dtype":"I64","shape":[1],"data_offsets":[24,32]}})";
    std::string padded = header;
    while ((padded.size() + 8) % 8 != 0) padded += ' ';
    std::string data = model_test::floatBytes({1.5f, -2.0f, 3.25f, 0.0f});
    data += std::string("\x00\x3c\x01\x00\x00\x7c", 6);  // 1.0, 2^-24, +inf
    data += std::string("\x80\x3f", 2);                  // 1.0
    data += std::string(8, '\0');
    const auto f = SafetensorsFile::open(write("ok.safetensors", model_test::safetensorsBytes(padded, data)));
    QCOMPARE(f.names().size(), std::size_t(4));
    QCOMPARE(f.metadata().at("format"), std::string("pt"));
    const auto a = f.floats("a");
    QVERIFY(a.isView());  // F32: no copy
    QCOMPARE(a.shape(), (std::vector<std::int64_t>{2, 2}));
    QCOMPARE(a.data()[2], 3.25f);
    const auto b = f.floats("b");
    QVERIFY(!b.isView());
    QCOMPARE(b.data()[0], 1.0f);
    QCOMPARE(b.data()[1], std::ldexp(1.0f, -24));
    QVERIFY(std::isinf(b.data()[2]));
    QCOMPARE(f.floats("c").data()[0], 1.0f);
    EXPECT_MODEL_ERROR(f.floats("d"), "ok.safetensors", "d: dtype I64");
    EXPECT_MODEL_ERROR(f.floats("zz"), "ok.safetensors", "zz: missing tensor");
  }

  void emptyTensorAndHeaderOnly() {
    const auto f = SafetensorsFile::open(write(
        "empty.safetensors",
        model_test::safetensorsBytes(R"({"e":{"dtype":"F32","shape":[0,4],"data_offsets":[0,0]}})", "")));
    QCOMPARE(f.floats("e").size(), std::size_t(0));
  }

  void truncatedFile() {
    EXPECT_MODEL_ERROR(SafetensorsFile::open(write("t1.safetensors", "abc")), "t1.safetensors",
                       "header length");
    EXPECT_MODEL_ERROR(SafetensorsFile::open(write("t0.safetensors", "")), "t0.safetensors",
                       "header length");
    // Header fine but the data section is cut short.
    const std::string hdr = R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})";
    EXPECT_MODEL_ERROR(
        SafetensorsFile::open(write("t2.safetensors", model_test::safetensorsBytes(hdr, std::string(10, '\0')))),
        "t2.safetensors", "w: data_offsets [0, 16] out of range");
  }

  void headerLengthPastEnd() {
    EXPECT_MODEL_ERROR(SafetensorsFile::open(write("h.safetensors",
                                                   model_test::safetensorsBytes("{}", "", 1000))),
                       "h.safetensors", "header length 1000 runs past the end");
    EXPECT_MODEL_ERROR(SafetensorsFile::open(write("h2.safetensors",
                                                   model_test::safetensorsBytes("{}", "", UINT64_MAX - 1))),
                       "h2.safetensors", "header length");
  }

  void headerNotJson() {
    EXPECT_MODEL_ERROR(SafetensorsFile::open(write("j.safetensors", model_test::safetensorsBytes("{not json", ""))),
                       "j.safetensors", "header: not valid JSON");
    EXPECT_MODEL_ERROR(SafetensorsFile::open(write("j2.safetensors", model_test::safetensorsBytes("[1,2]", ""))),
                       "j2.safetensors", "header: must be a JSON object");
  }

  void unknownDtype() {
    const std::string hdr = R"({"w":{"dtype":"F7","shape":[1],"data_offsets":[0,4]}})";
    EXPECT_MODEL_ERROR(SafetensorsFile::open(write("d.safetensors", model_test::safetensorsBytes(hdr, std::string(4, '\0')))),
                       "d.safetensors", "w: unknown dtype 'F7'");
  }

  void offsetsOutOfRangeOrInconsistent() {
    const std::string data(16, '\0');
    auto open = [&](const char* name, const std::string& hdr) {
      return SafetensorsFile::open(write(name, model_test::safetensorsBytes(hdr, data)));
    };
    EXPECT_MODEL_ERROR(open("o1.safetensors", R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}})"),
                       "o1.safetensors", "w: data_offsets [12, 20] out of range");
    EXPECT_MODEL_ERROR(open("o2.safetensors", R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})"),
                       "o2.safetensors", "w: data_offsets [0, 8] span 8 bytes but shape [3] of F32 needs 12");
    EXPECT_MODEL_ERROR(open("o3.safetensors", R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}})"),
                       "o3.safetensors", "w: data_offsets [8, 4]: begin > end");
    EXPECT_MODEL_ERROR(open("o4.safetensors", R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})"),
                       "o4.safetensors", "w: shape must hold non-negative integers");
    EXPECT_MODEL_ERROR(open("o5.safetensors", R"({"w":{"dtype":"F32","shape":[1]}})"), "o5.safetensors",
                       "w: data_offsets must be an array");
    // Out-of-order tensors are allowed (the header is a JSON object).
    const auto f =
        open("o6.safetensors", R"({"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},)"
                               R"("a":{"dtype":"F16","shape":[4],"data_offsets":[0,8]}})");
    QCOMPARE(f.names().size(), std::size_t(2));
  }

  // Issue 14: overlapping data_offsets were accepted (two tensors aliasing the same bytes). The
  // format requires the tensors to cover the data section exactly: no overlap, gap or tail.
  void offsetsMustTileTheDataSection() {
    const std::string data(16, '\0');
    auto err = [&](const char* name, const std::string& hdr) {
      const fs::path p = write(name, model_test::safetensorsBytes(hdr, data));
      std::string m = errorOf([&] { SafetensorsFile::open(p); });
      return m.substr(m.find(name));
    };
    QCOMPARE(err("v1.safetensors", R"({"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},)"
                                   R"("a":{"dtype":"F16","shape":[6],"data_offsets":[0,12]}})"),
             std::string("v1.safetensors: b: data_offsets [8, 16] overlap those of 'a' [0, 12]"));
    QCOMPARE(err("v2.safetensors", R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                   R"("b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}})"),
             std::string("v2.safetensors: b: data_offsets [12, 16] leave bytes [8, 12) of the data "
                         "section unused (the format allows no gaps)"));
    QCOMPARE(err("v3.safetensors", R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})"),
             std::string("v3.safetensors: data_offsets: the tensors cover 8 bytes but the data "
                         "section holds 16 (the format allows no trailing bytes)"));
    QCOMPARE(err("v4.safetensors", R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                                   R"("z":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})"),
             std::string("v4.safetensors: z: data_offsets [0, 16] overlap those of 'a' [0, 16]"));
  }

  void fromBytesMatchesOpen() {
    const std::string hdr = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    const std::string raw =
        model_test::safetensorsBytes(hdr, model_test::floatBytes({7.0f, -1.0f}));
    std::vector<std::byte> bytes(raw.size());
    std::memcpy(bytes.data(), raw.data(), raw.size());
    const auto f = SafetensorsFile::fromBytes(std::move(bytes), "<memory>");
    QCOMPARE(f.floats("w").data()[1], -1.0f);
    QCOMPARE(f.fileName(), std::string("<memory>"));
  }

  void misalignedF32IsCopied() {
    // Header of odd length (not padded): the F32 data starts at an unaligned address.
    const std::string hdr = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} )";
    const auto f = SafetensorsFile::open(write("m.safetensors", model_test::safetensorsBytes(hdr, model_test::floatBytes({7.0f, -1.0f}))));
    QCOMPARE(f.floats("w").data()[0], 7.0f);
    QCOMPARE(f.floats("w").data()[1], -1.0f);
  }

  // Issue 14: hostile headers end in an exact error, never a crash or a hang.
  void deepJsonHeader() {
    // 200k nested arrays as a shape (used to overflow the stack in dump()).
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    const std::string hdr = R"({"w":{"dtype":"F32","shape":)" + deep + R"(,"data_offsets":[0,0]}})";
    const fs::path p = write("deep.safetensors", model_test::safetensorsBytes(hdr, ""));
    QCOMPARE(errorOf([&] { SafetensorsFile::open(p); }),
             p.string() +
                 ": header: not accepted JSON: nesting deeper than 64 levels of "
                 "arrays/objects");
    // A nested shape entry within the limit is described, not dumped.
    const std::string hdr2 = R"({"w":{"dtype":"F32","shape":[[[[1]]]],"data_offsets":[0,4]}})";
    const fs::path p2 = write("nested.safetensors", model_test::safetensorsBytes(hdr2, "abcd"));
    QCOMPARE(
        errorOf([&] { SafetensorsFile::open(p2); }),
        p2.string() + ": w: shape must hold non-negative integers, got an array of 1 elements");
  }

  void duplicateTensorNames() {
    const std::string hdr = R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                            R"("w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})";
    const fs::path p =
        write("dup.safetensors", model_test::safetensorsBytes(hdr, std::string(8, 'x')));
    QCOMPARE(errorOf([&] { SafetensorsFile::open(p); }),
             p.string() + ": header: not accepted JSON: duplicate key 'w' in the top-level object");
  }

  void controlBytesInNamesAreEscaped() {
    const std::string hdr =
        "{\"w\\u001b[2J\":{\"dtype\":\"F\\u0007\",\"shape\":[1],"
        "\"data_offsets\":[0,4]}}";
    const fs::path p = write("esc.safetensors", model_test::safetensorsBytes(hdr, "abcd"));
    QCOMPARE(errorOf([&] { SafetensorsFile::open(p); }),
             p.string() + ": w\\x1B[2J: unknown dtype 'F\\x07'");
  }

  void notARegularFile() {
    const fs::path fifo = path("fifo.safetensors");
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    QCOMPARE(errorOf([&] { SafetensorsFile::open(fifo); }),
             fifo.string() + ": is a named pipe (FIFO), not a regular file");
    QCOMPARE(errorOf([&] { SafetensorsFile::open("/dev/zero"); }),
             std::string("/dev/zero: is a character device, not a regular file"));
    QCOMPARE(errorOf([&] { SafetensorsFile::open(m_tmp.path().toStdString()); }),
             m_tmp.path().toStdString() + ": is a directory, expected a file");
  }

  void missingFile() {
    EXPECT_MODEL_ERROR(SafetensorsFile::open(path("nope.safetensors")), "nope.safetensors", "cannot open");
  }
};

QTEST_APPLESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
