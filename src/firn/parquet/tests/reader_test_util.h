// Helpers for the reader tests: writing files with firn's writer into memory, opening
// bytes with the reader, a random vector generator for any schema, and a logical
// comparison of column vectors (validity, values of present slots only, list lengths
// rather than raw offsets).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "firn/common/macros.h"
#include "firn/io/memory_file_io.h"
#include "firn/io/memory_input_file.h"
#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/reader/file_reader.h"
#include "firn/parquet/schema/iceberg_types.h"
#include "firn/parquet/writer/file_writer.h"

namespace firn::parquet::testing {

using P = IcebergPrimitiveType;

// Writes `batches` with firn's writer and returns the file's bytes.
inline std::string WriteParquet(const std::shared_ptr<const Schema>& schema,
                                const std::vector<RecordBatch>& batches, const WriterOptions& options) {
  io::MemoryFileIO io;
  const FilePath path("mem://t/file.parquet");
  auto out = io.NewOutputFile(path);
  EXPECT_TRUE(out.has_value());
  auto writer = FileWriter::Make(std::move(*out), schema, options);
  EXPECT_TRUE(writer.has_value()) << writer.error().ToString();
  for (const auto& b : batches) {
    auto s = (*writer)->Write(b);
    EXPECT_TRUE(s.has_value()) << s.error().ToString();
  }
  auto r = (*writer)->Finish();
  EXPECT_TRUE(r.has_value()) << r.error().ToString();
  auto bytes = io.ReadAll(path);
  EXPECT_TRUE(bytes.has_value());
  return bytes.value_or("");
}

inline Result<std::unique_ptr<FileReader>> OpenBytes(std::string bytes, ReaderOptions options = {}) {
  auto file = std::make_unique<io::MemoryInputFile>(FilePath("mem://damaged.parquet"),
                                                    std::make_shared<const std::string>(std::move(bytes)));
  return FileReader::Open(std::move(file), options);
}

// Opens and reads every row group; returns the first error, or the rows read.
inline Result<int64_t> ReadEverything(std::string bytes, ReaderOptions options = {}) {
  FIRN_ASSIGN_OR_RETURN(auto reader, OpenBytes(std::move(bytes), options));
  int64_t rows = 0;
  for (int g = 0; g < reader->num_row_groups(); ++g) {
    FIRN_ASSIGN_OR_RETURN(RecordBatch b, reader->ReadRowGroup(g));
    rows += b.num_rows;
  }
  return rows;
}

// ---------------------------------------------------------------- random vectors

class RandomVectors {
 public:
  explicit RandomVectors(uint64_t seed, int null_percent = 20) : rng_(seed), null_percent_(null_percent) {}

  RecordBatch Batch(const Schema& schema, int64_t rows) {
    RecordBatch b = MakeBatch(schema);
    for (int64_t r = 0; r < rows; ++r) {
      for (size_t i = 0; i < b.columns.size(); ++i) Append(schema.root().children[i], b.columns[i], 0);
    }
    b.num_rows = rows;
    return b;
  }

  void Append(const SchemaNode& n, ColumnVector& v, int depth) {
    const bool valid = n.repetition != Repetition::kOptional || Uniform(0, 99) >= null_percent_;
    if (!n.is_group) return AppendLeaf(n, v, valid);
    const auto kind = n.logical.kind;
    if (kind == LogicalType::Kind::kList || kind == LogicalType::Kind::kMap) {
      const SchemaNode& rep = n.children[0];
      const int64_t k = valid ? Uniform(0, depth > 2 ? 2 : 4) : 0;
      for (int64_t e = 0; e < k; ++e) {
        if (!rep.is_group) {
          Append(rep, v.children[0], depth + 1);
        } else {
          for (size_t c = 0; c < rep.children.size(); ++c) Append(rep.children[c], v.children[c], depth + 1);
        }
      }
      v.AppendListEnd(v.children[0].length, valid);
      return;
    }
    v.AppendStruct(valid);
    for (size_t c = 0; c < n.children.size(); ++c) Append(n.children[c], v.children[c], depth + 1);
  }

 private:
  int64_t Uniform(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }

  std::string Bytes(size_t n) {
    std::string s(n, '\0');
    // A small alphabet half the time, so dictionaries pay off and get exercised.
    const bool low = Uniform(0, 1) == 0;
    for (auto& c : s) c = static_cast<char>(low ? 'a' + Uniform(0, 3) : Uniform(0, 255));
    return s;
  }

  void AppendLeaf(const SchemaNode& n, ColumnVector& v, bool valid) {
    const int32_t width = ValueWidth(n);
    if (!valid) return v.AppendNull(width);
    const bool small = Uniform(0, 2) != 0;  // low cardinality
    switch (n.physical) {
      case PhysicalType::kBoolean: return v.AppendValue<uint8_t>(static_cast<uint8_t>(Uniform(0, 1)));
      case PhysicalType::kInt32:
        return v.AppendValue<int32_t>(static_cast<int32_t>(small ? Uniform(-3, 3) : Uniform(INT32_MIN, INT32_MAX)));
      case PhysicalType::kInt64:
        return v.AppendValue<int64_t>(small ? Uniform(-3, 3) : Uniform(INT64_MIN, INT64_MAX));
      case PhysicalType::kFloat: {
        float f = small ? static_cast<float>(Uniform(-2, 2)) : 0;
        if (!small) {
          uint32_t bits = static_cast<uint32_t>(Uniform(0, UINT32_MAX));
          std::memcpy(&f, &bits, 4);
        }
        return v.AppendValue(f);
      }
      case PhysicalType::kDouble: {
        double d = small ? static_cast<double>(Uniform(-2, 2)) / 4 : 0;
        if (!small) {
          uint64_t bits = static_cast<uint64_t>(Uniform(INT64_MIN, INT64_MAX));
          std::memcpy(&d, &bits, 8);
        }
        return v.AppendValue(d);
      }
      case PhysicalType::kByteArray: return v.AppendBytes(Bytes(static_cast<size_t>(Uniform(0, small ? 3 : 40))));
      case PhysicalType::kInt96:
      case PhysicalType::kFixedLenByteArray: return v.AppendFixedBytes(Bytes(static_cast<size_t>(width)));
    }
  }

  std::mt19937_64 rng_;
  int null_percent_;
};

// ---------------------------------------------------------------- comparison

// Compares slot i of `a` with slot j of `b`, both vectors for node `n`: validity, and for
// present slots the values, list lengths and elements, struct fields.
inline ::testing::AssertionResult SlotsEqual(const SchemaNode& n, const ColumnVector& a, int64_t i,
                                             const ColumnVector& b, int64_t j, const std::string& path) {
  auto fail = [&]() -> ::testing::AssertionResult {
    return ::testing::AssertionFailure() << path << ": slot " << i << " vs " << j;
  };
  if (a.IsValid(i) != b.IsValid(j)) return fail() << ": validity " << a.IsValid(i) << " vs " << b.IsValid(j);
  if (!a.IsValid(i)) return ::testing::AssertionSuccess();
  if (!n.is_group) {
    const int32_t w = ValueWidth(n);
    if (w == 0) {
      if (a.BytesAt(i) != b.BytesAt(j)) return fail() << ": bytes differ";
    } else if (std::memcmp(a.values.data() + i * w, b.values.data() + j * w, static_cast<size_t>(w)) != 0) {
      return fail() << ": value bytes differ";
    }
    return ::testing::AssertionSuccess();
  }
  const auto kind = n.logical.kind;
  if (kind == LogicalType::Kind::kList || kind == LogicalType::Kind::kMap) {
    const int64_t ab = a.offsets_data()[i], ae = a.offsets_data()[i + 1];
    const int64_t bb = b.offsets_data()[j], be = b.offsets_data()[j + 1];
    if (ae - ab != be - bb) return fail() << ": list length " << ae - ab << " vs " << be - bb;
    const SchemaNode& rep = n.children[0];
    for (int64_t e = 0; e < ae - ab; ++e) {
      for (size_t c = 0; c < a.children.size(); ++c) {
        const SchemaNode& cn = rep.is_group ? rep.children[c] : rep;
        auto r = SlotsEqual(cn, a.children[c], ab + e, b.children[c], bb + e,
                            path + "[" + std::to_string(e) + "]." + cn.name);
        if (!r) return r;
      }
    }
    return ::testing::AssertionSuccess();
  }
  for (size_t c = 0; c < n.children.size(); ++c) {
    auto r = SlotsEqual(n.children[c], a.children[c], i, b.children[c], j, path + "." + n.children[c].name);
    if (!r) return r;
  }
  return ::testing::AssertionSuccess();
}

// `actual` holds rows [first_row, first_row + actual.num_rows) of `expected` (several
// batches, concatenated); with first_row = 0 and a whole file, all of them.
inline ::testing::AssertionResult BatchesEqual(const Schema& schema, const std::vector<RecordBatch>& expected,
                                               const RecordBatch& actual, int64_t first_row = 0,
                                               bool whole = true) {
  int64_t row = 0;
  for (const auto& b : expected) {
    for (int64_t r = 0; r < b.num_rows; ++r, ++row) {
      if (row < first_row || row >= first_row + actual.num_rows) continue;
      for (size_t c = 0; c < schema.root().children.size(); ++c) {
        const auto& node = schema.root().children[c];
        auto res = SlotsEqual(node, b.columns[c], r, actual.columns[c], row - first_row,
                              "row " + std::to_string(row) + " " + node.name);
        if (!res) return res;
      }
    }
  }
  if (row < first_row + actual.num_rows || (whole && row != first_row + actual.num_rows)) {
    return ::testing::AssertionFailure() << "expected " << row << " rows in all, read " << actual.num_rows
                                         << " from row " << first_row;
  }
  return ::testing::AssertionSuccess();
}

inline SchemaNode Root(std::vector<SchemaNode> fields) {
  return IcebergStruct("table", std::nullopt, true, std::move(fields));
}

// Small files for damage and fuzzing: flat (every physical type but INT96, dictionary
// encoded unless `dict_size` forces PLAIN fallback) and nested (struct, lists, map).
inline std::string FlatFile(CompressionKind codec, bool v2, int64_t dict_size = 2 << 20, int64_t rows = 300) {
  auto schema = *Schema::Make(Root({IcebergPrimitive("id", 1, true, P::kLong),
                                    IcebergPrimitive("name", 2, false, P::kString),
                                    IcebergPrimitive("score", 3, false, P::kDouble),
                                    IcebergPrimitive("flag", 4, false, P::kBoolean),
                                    IcebergFixed("fx", 5, false, 3)}));
  RandomVectors gen(11);
  std::vector<RecordBatch> batches;
  batches.push_back(gen.Batch(*schema, rows));
  WriterOptions options;
  options.compression = codec;
  options.write_page_v2 = v2;
  options.page_size_bytes = 512;
  options.dict_size_bytes = dict_size;
  return WriteParquet(schema, batches, options);
}

inline std::string NestedFile(CompressionKind codec, bool v2, int64_t rows = 200) {
  int id = 1;
  auto next = [&] { return id++; };
  std::vector<SchemaNode> fields;
  fields.push_back(IcebergStruct("st", next(), false, {IcebergPrimitive("a", next(), true, P::kInt),
                                                        IcebergPrimitive("b", next(), false, P::kString)}));
  fields.push_back(IcebergList("li", next(), false, IcebergPrimitive("e", next(), false, P::kLong)));
  fields.push_back(IcebergList("lol", next(), true,
                               IcebergList("e", next(), false, IcebergPrimitive("e", next(), true, P::kInt))));
  fields.push_back(IcebergMap("m", next(), false, IcebergPrimitive("k", next(), true, P::kString),
                              IcebergStruct("v", next(), false, {IcebergDecimal("d", next(), false, 20, 2)})));
  auto schema = *Schema::Make(Root(std::move(fields)));
  RandomVectors gen(12);
  std::vector<RecordBatch> batches;
  batches.push_back(gen.Batch(*schema, rows * 3 / 5));
  batches.push_back(gen.Batch(*schema, rows - rows * 3 / 5));
  WriterOptions options;
  options.compression = codec;
  options.write_page_v2 = v2;
  options.page_size_bytes = 256;
  options.row_group_size_bytes = 4096;
  return WriteParquet(schema, batches, options);
}

}  // namespace firn::parquet::testing
