#include <gtest/gtest.h>
#include <snappy.h>
#include <zlib.h>

#include "firn/avro/encoder.h"
#include "firn/avro/file_reader.h"
#include "firn/avro/file_writer.h"
#include "firn/avro/schema_json.h"
#include "firn/avro/tests/test_schemas.h"
#include "firn/avro/tests/test_values.h"
#include "firn/common/macros.h"
#include "firn/io/fault_injecting_file_io.h"
#include "firn/io/memory_file_io.h"

namespace firn::avro {
namespace {

std::shared_ptr<const Schema> EveryType() {
  auto s = ParseSchema(testing::kEveryTypeSchema);
  EXPECT_TRUE(s.has_value());
  return std::make_shared<const Schema>(std::move(*s));
}

std::span<const uint8_t> Span(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Writes `n` records of kEveryTypeSchema to mem://f.avro and returns the file's bytes.
std::string WriteFile(int n, FileWriterOptions options) {
  io::MemoryFileIO fio;
  auto out = fio.NewOutputFile(FilePath("mem://f.avro"));
  EXPECT_TRUE(out.has_value());
  auto w = FileWriter::Make(std::move(*out), EveryType(), std::move(options));
  EXPECT_TRUE(w.has_value()) << w.error().ToString();
  for (int i = 0; i < n; ++i) {
    auto st = (*w)->Append(testing::EveryTypeValue(i, i % 2));
    EXPECT_TRUE(st.has_value()) << st.error().ToString();
  }
  auto st = (*w)->Finish();
  EXPECT_TRUE(st.has_value()) << st.error().ToString();
  auto bytes = fio.ReadAll(FilePath("mem://f.avro"));
  EXPECT_TRUE(bytes.has_value());
  return *bytes;
}

class FileCodecTest : public ::testing::TestWithParam<Codec> {};

TEST_P(FileCodecTest, WriteThenReadEveryRecord) {
  FileWriterOptions opts;
  opts.codec = GetParam();
  opts.block_size = 512;  // many blocks
  opts.metadata = {
      {"schema", "{\"type\":\"struct\"}"}, {"format-version", "2"}, {"content", "data"}};
  std::string file = WriteFile(200, opts);
  auto r = FileReader::Make(Span(file), "f.avro");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ((*r)->codec(), GetParam());
  EXPECT_EQ((*r)->Metadata("format-version"), "2");
  EXPECT_EQ((*r)->Metadata("content"), "data");
  EXPECT_EQ((*r)->Metadata("avro.codec"), CodecName(GetParam()));
  ASSERT_EQ((*r)->metadata().size(), 5u);
  EXPECT_EQ((*r)->metadata()[2].first, "schema");  // user metadata in the order given
  EXPECT_EQ(SchemaToJson((*r)->schema()), SchemaToJson(*EveryType()));
  EXPECT_EQ((*r)->schema().root().fields[0].FieldId(), 1);
  auto all = (*r)->ReadAll();
  ASSERT_TRUE(all.has_value()) << all.error().ToString();
  ASSERT_EQ(all->size(), 200u);
  for (int i = 0; i < 200; ++i) EXPECT_EQ((*all)[i], testing::EveryTypeValue(i, i % 2)) << i;
  EXPECT_GT((*r)->blocks_read(), 10u);
  EXPECT_EQ((*r)->records_declared(), 200u);
}

INSTANTIATE_TEST_SUITE_P(Codecs, FileCodecTest,
                         ::testing::Values(Codec::kNull, Codec::kDeflate, Codec::kSnappy),
                         [](const auto& info) { return std::string(CodecName(info.param)); });

TEST(FileTest, HeaderBytesAreExact) {
  auto schema = ParseSchema("\"int\"");
  ASSERT_TRUE(schema.has_value());
  io::MemoryFileIO fio;
  auto out = fio.NewOutputFile(FilePath("mem://i.avro"));
  ASSERT_TRUE(out.has_value());
  FileWriterOptions opts;
  opts.codec = Codec::kNull;
  opts.sync_marker = SyncMarker{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  opts.metadata = {{"k", "v"}};
  auto w =
      FileWriter::Make(std::move(*out), std::make_shared<const Schema>(std::move(*schema)), opts);
  ASSERT_TRUE(w.has_value());
  ASSERT_TRUE((*w)->Append(Value::Int(1)).has_value());
  ASSERT_TRUE((*w)->Append(Value::Int(-1)).has_value());
  ASSERT_TRUE((*w)->Finish().has_value());
  std::string expected =
      std::string("Obj\x01", 4) +
      "\x06"  // 3 metadata entries
      "\x16"
      "avro.schema"
      "\x0a"
      "\"int\""  // 11 + 5 bytes
      "\x14"
      "avro.codec"
      "\x08"
      "null"  // 10 + 4 bytes
      "\x02"
      "k"
      "\x02"
      "v" +
      std::string(1, '\0') +  // end of map
      std::string("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", 16) +
      "\x04\x04\x02\x01" +  // 2 records, 2 bytes: 1, -1
      std::string("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", 16);
  EXPECT_EQ(*fio.ReadAll(FilePath("mem://i.avro")), expected);
}

TEST(FileTest, BytesWrittenGrowsWithBlocksAndDeflateShrinks) {
  io::MemoryFileIO fio;
  auto out = fio.NewOutputFile(FilePath("mem://g.avro"));
  ASSERT_TRUE(out.has_value());
  FileWriterOptions opts;
  opts.block_size = 4096;
  auto w = FileWriter::Make(std::move(*out), EveryType(), opts);
  ASSERT_TRUE(w.has_value());
  uint64_t header = (*w)->BytesWritten();
  EXPECT_GT(header, 100u);
  ASSERT_TRUE((*w)->Append(testing::EveryTypeValue(1)).has_value());
  EXPECT_EQ((*w)->BytesWritten(), header);  // still buffered
  EXPECT_GT((*w)->BufferedBytes(), 50u);
  uint64_t encoded = 0;
  for (int i = 0; i < 100; ++i) {
    encoded = (*w)->BufferedBytes();
    ASSERT_TRUE((*w)->Append(testing::EveryTypeValue(1)).has_value());
  }
  EXPECT_GT((*w)->BytesWritten(), header);  // at least one block flushed
  EXPECT_LT((*w)->BufferedBytes(), 4096u);
  (void)encoded;
  ASSERT_TRUE((*w)->Flush().has_value());
  EXPECT_EQ((*w)->BufferedBytes(), 0u);
  uint64_t written = (*w)->BytesWritten();
  ASSERT_TRUE((*w)->Finish().has_value());
  EXPECT_EQ(fio.ReadAll(FilePath("mem://g.avro"))->size(), written);
  EXPECT_EQ((*w)->record_count(), 101u);
}

TEST(FileTest, AbandonLeavesNothingAndBadRecordsLeaveTheWriterUsable) {
  io::MemoryFileIO fio;
  {
    auto out = fio.NewOutputFile(FilePath("mem://a.avro"));
    ASSERT_TRUE(out.has_value());
    auto w = FileWriter::Make(std::move(*out), EveryType(), {});
    ASSERT_TRUE(w.has_value());
    ASSERT_TRUE((*w)->Append(testing::EveryTypeValue(0)).has_value());
    (*w)->Abandon();
    EXPECT_FALSE((*w)->Finish().has_value());
  }
  EXPECT_FALSE(*fio.Exists(FilePath("mem://a.avro")));
  {
    auto out = fio.NewOutputFile(FilePath("mem://b.avro"));
    ASSERT_TRUE(out.has_value());
    auto w = FileWriter::Make(std::move(*out), EveryType(), {});
    ASSERT_TRUE(w.has_value());
  }  // destroyed unfinished
  EXPECT_FALSE(*fio.Exists(FilePath("mem://b.avro")));

  auto out = fio.NewOutputFile(FilePath("mem://c.avro"));
  ASSERT_TRUE(out.has_value());
  auto w = FileWriter::Make(std::move(*out), EveryType(), {});
  ASSERT_TRUE(w.has_value());
  ASSERT_TRUE((*w)->Append(testing::EveryTypeValue(0)).has_value());
  Value bad = testing::EveryTypeValue(1);
  bad.mutable_fields()[6] = Value::Int(3);
  auto st = (*w)->Append(bad);
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().message().find("mem://c.avro: record 1: field 's'"), std::string::npos)
      << st.error().ToString();
  ASSERT_TRUE((*w)->Append(testing::EveryTypeValue(2)).has_value());
  ASSERT_TRUE((*w)->Finish().has_value());
  auto in = fio.OpenInputFile(FilePath("mem://c.avro"));
  ASSERT_TRUE(in.has_value());
  auto r = FileReader::Open(**in);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  auto all = (*r)->ReadAll();
  ASSERT_TRUE(all.has_value()) << all.error().ToString();
  EXPECT_EQ(*all, (std::vector<Value>{testing::EveryTypeValue(0), testing::EveryTypeValue(2)}));
}

TEST(FileTest, ReservedMetadataKeysAreRejected) {
  io::MemoryFileIO fio;
  auto out = fio.NewOutputFile(FilePath("mem://r.avro"));
  ASSERT_TRUE(out.has_value());
  FileWriterOptions opts;
  opts.metadata = {{"avro.codec", "null"}};
  auto w = FileWriter::Make(std::move(*out), EveryType(), opts);
  ASSERT_FALSE(w.has_value());
  EXPECT_EQ(w.error().kind(), ErrorKind::kInvalidArgument);
}

TEST(FileTest, FailingStorageLeavesNothingCommitted) {
  int failures = 0;
  for (io::FaultOp op : {io::FaultOp::kWrite, io::FaultOp::kSync, io::FaultOp::kRename}) {
    for (int64_t n = 1; n <= 3; ++n) {
      io::FaultInjectingFileIO fio;
      fio.InjectFault(op, n);
      FileWriterOptions opts;
      opts.block_size = 256;
      Status st = [&]() -> Status {
        FIRN_ASSIGN_OR_RETURN(auto out, fio.NewOutputFile(FilePath("/t/m.avro")));
        FIRN_ASSIGN_OR_RETURN(auto w, FileWriter::Make(std::move(out), EveryType(), opts));
        for (int i = 0; i < 20; ++i) FIRN_RETURN_NOT_OK(w->Append(testing::EveryTypeValue(i)));
        return w->Finish();
      }();
      auto exists = fio.Exists(FilePath("/t/m.avro"));
      ASSERT_TRUE(exists.has_value());
      if (st.has_value()) {
        // The fault hit an operation the writer did not reach (e.g. a third sync).
        EXPECT_TRUE(*exists);
        continue;
      }
      ++failures;
      EXPECT_FALSE(*exists) << io::FaultOpName(op) << " " << n << ": " << st.error().ToString();
      EXPECT_EQ(st.error().kind(), ErrorKind::kIOError);
    }
  }
  EXPECT_GE(failures, 6);
}

// Builds an OCF by hand with `codec` and one block of two ints, compressed by the caller.
std::string HandMadeFile(std::string_view codec, const std::string& block_data, int64_t count) {
  Buffer b;
  b.Append(std::string_view("Obj\x01", 4));
  Encoder e(&b);
  e.WriteBlockCount(2);
  e.WriteString("avro.schema");
  e.WriteString("\"int\"");
  e.WriteString("avro.codec");
  e.WriteString(codec);
  e.WriteBlockCount(0);
  std::string sync(16, 'S');
  b.Append(sync);
  e.WriteLong(count);
  e.WriteLong(static_cast<int64_t>(block_data.size()));
  b.Append(block_data);
  b.Append(sync);
  return std::string(b.view());
}

TEST(FileTest, ReadsSnappyAndVerifiesItsCrc) {
  std::string raw = "\x02\x04";  // ints 1, 2
  std::string compressed;
  snappy::Compress(raw.data(), raw.size(), &compressed);
  uint32_t crc =
      static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(raw.data()), raw.size()));
  std::string good = compressed;
  for (int shift : {24, 16, 8, 0}) good.push_back(static_cast<char>(crc >> shift));
  std::string file = HandMadeFile("snappy", good, 2);
  auto r = FileReader::Make(Span(file));
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  auto all = (*r)->ReadAll();
  ASSERT_TRUE(all.has_value()) << all.error().ToString();
  EXPECT_EQ(*all, (std::vector<Value>{Value::Int(1), Value::Int(2)}));

  std::string bad = good;
  bad.back() ^= 1;
  std::string bad_file = HandMadeFile("snappy", bad, 2);
  auto r2 = FileReader::Make(Span(bad_file));
  ASSERT_TRUE(r2.has_value());
  auto all2 = (*r2)->ReadAll();
  ASSERT_FALSE(all2.has_value());
  EXPECT_NE(all2.error().message().find("CRC-32 mismatch"), std::string::npos)
      << all2.error().ToString();
}

TEST(FileTest, UnknownCodecIsNotSupported) {
  std::string file = HandMadeFile("zstandard", "xx", 1);
  auto r = FileReader::Make(Span(file), "z.avro");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), ErrorKind::kNotSupported);
  EXPECT_NE(r.error().message().find("'zstandard'"), std::string::npos) << r.error().ToString();
  EXPECT_NE(r.error().message().find("z.avro"), std::string::npos);
}

TEST(FileTest, LeftoverBytesInABlockAreCorrupt) {
  std::string file = HandMadeFile("null", "\x02\x04\x06", 2);  // 3 ints, 2 declared
  auto r = FileReader::Make(Span(file));
  ASSERT_TRUE(r.has_value());
  auto all = (*r)->ReadAll();
  ASSERT_FALSE(all.has_value());
  EXPECT_NE(all.error().message().find("1 bytes after its last record"), std::string::npos)
      << all.error().ToString();
}

TEST(FileTest, AbsurdRecordCountIsCorrupt) {
  std::string file = HandMadeFile("null", "\x02\x04", 1'000'000'000'000);
  auto r = FileReader::Make(Span(file));
  ASSERT_TRUE(r.has_value());
  Value v;
  auto next = (*r)->Next(&v);
  ASSERT_FALSE(next.has_value());
  EXPECT_NE(next.error().message().find("declares 1000000000000 records in 2 bytes"),
            std::string::npos)
      << next.error().ToString();
}

}  // namespace
}  // namespace firn::avro

namespace firn::avro {
namespace {

TEST(FileTest, ErrorsAreSticky) {
  std::string file = HandMadeFile("null", "\x02\x89", 2);  // second int is a truncated varint
  auto r = FileReader::Make(Span(file));
  ASSERT_TRUE(r.has_value());
  Value v;
  auto first = (*r)->Next(&v);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(v, Value::Int(1));
  auto second = (*r)->Next(&v);
  ASSERT_FALSE(second.has_value());
  auto third = (*r)->Next(&v);
  ASSERT_FALSE(third.has_value());
  EXPECT_EQ(second.error(), third.error());
}

}  // namespace
}  // namespace firn::avro
