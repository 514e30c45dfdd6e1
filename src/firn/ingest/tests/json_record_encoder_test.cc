// JsonRecordEncoder: canonical lines decode and encode back byte for byte, non-canonical
// input encodes to its canonical form, and the values survive a Parquet file (firn's
// writer, then its reader).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/types/schema.h"
#include "firn/ingest/json/json_record_decoder.h"
#include "firn/ingest/json/json_record_encoder.h"
#include "firn/io/memory_file_io.h"
#include "firn/parquet/reader/file_reader.h"
#include "firn/parquet/writer/file_writer.h"

namespace firn::ingest {
namespace {

using iceberg::Optional;
using iceberg::Required;
using iceberg::Type;
using parquet::RecordBatch;

iceberg::Schema AllTypes() {
  return iceberg::Schema(
      0, {Required(1, "b", Type::Boolean()), Optional(2, "i", Type::Int()), Optional(3, "l", Type::Long()),
          Optional(4, "f", Type::Float()), Optional(5, "d", Type::Double()),
          Optional(6, "dec9", Type::Decimal(9, 2)), Optional(7, "dec18", Type::Decimal(18, 3)),
          Optional(8, "dec38", Type::Decimal(38, 10)), Optional(9, "date", Type::Date()),
          Optional(10, "time", Type::Time()), Optional(11, "ts", Type::Timestamp()),
          Optional(12, "tstz", Type::TimestampTz()), Optional(13, "tsns", Type::TimestampNs()),
          Optional(14, "tstzns", Type::TimestampTzNs()), Optional(15, "s", Type::String()),
          Optional(16, "u", Type::Uuid()), Optional(17, "fx", Type::Fixed(3)), Optional(18, "bin", Type::Binary()),
          Optional(19, "st", Type::Struct({Required(20, "a", Type::Int()),
                                           Optional(21, "inner", Type::Struct({Optional(22, "x", Type::String())}))})),
          Optional(23, "lst", Type::List(24, false, Type::Long())),
          Optional(25, "ml", Type::List(26, true, Type::List(27, false, Type::Struct({Optional(28, "k", Type::String())})))),
          Optional(29, "ms", Type::Map(30, Type::String(), 31, false, Type::Int())),
          Optional(32, "mi", Type::Map(33, Type::Long(), 34, false, Type::List(35, true, Type::String()))),
          Optional(36, "d38", Type::Decimal(38, 0)), Optional(37, "q\"\\é", Type::Int())});
}

// Canonical lines: what the encoder writes for the values they hold.
const std::vector<std::string> kCanonical = {
    R"({"b":true,"i":-2147483648,"l":-9223372036854775808,"f":1.5,"d":-0.1,"dec9":"-9999999.99",)"
    R"("dec18":"999999999999999.999","dec38":"-9999999999999999999999999999.9999999999","date":"0001-01-01",)"
    R"("time":"23:59:59.999999","ts":"1969-12-31T23:59:59.999999","tstz":"0999-06-15T10:30:00.000001Z",)"
    R"("tsns":"2262-04-11T23:47:16.854775807","tstzns":"1677-09-21T00:12:43.145224192Z",)"
    R"("s":"héllo \"q\" \\ \n\t\u0001\u001f ✓ 😀 \r\b\f","u":"f79c3e09-677c-4bbd-a479-3f349cb785e7","fx":"AQID","bin":"",)"
    R"("st":{"a":1,"inner":{"x":"y"}},"lst":[9223372036854775807,null,0],"ml":[[{"k":"a"},null],[]],)"
    R"("ms":{"a":1,"b":null},"mi":[{"key":-1,"value":["x"]},{"key":2,"value":null}],)"
    R"("d38":"-99999999999999999999999999999999999999","q\"\\é":7})",
    R"({"b":false,"i":2147483647,"l":9223372036854775807,"f":3.4028235e+38,"d":5e-324,"dec9":"0.00",)"
    R"("dec18":"-0.001","dec38":"9999999999999999999999999999.9999999999","date":"9999-12-31",)"
    R"("time":"00:00:00.000000","ts":"9999-12-31T23:59:59.999999","tstz":"1900-02-28T00:00:00.000000Z",)"
    R"("tsns":"1970-01-01T00:00:00.000000000","tstzns":"1969-12-31T23:59:59.999999999Z","s":"",)"
    R"("u":"00000000-0000-0000-0000-000000000000","fx":"////","bin":"AA==","st":{"a":-5,"inner":null},)"
    R"("lst":[],"ml":[],"ms":{},"mi":[],"d38":"99999999999999999999999999999999999999","q\"\\é":null})",
    R"({"b":true,"i":null,"l":null,"f":"NaN","d":"-Infinity","dec9":null,"dec18":null,"dec38":null,)"
    R"("date":"-0001-03-01","time":null,"ts":"+10000-01-01T00:00:00.000000","tstz":"0000-01-01T00:00:00.000000Z",)"
    R"("tsns":null,"tstzns":null,"s":null,"u":null,"fx":null,"bin":"AAEC/w==","st":null,"lst":null,"ml":[[]],)"
    R"("ms":{"":0,"\u0000":-1},"mi":null,"d38":"0","q\"\\é":0})",
    R"({"b":false,"i":0,"l":0,"f":-0,"d":1e+300,"dec9":"-0.01","dec18":"0.000","dec38":"0.0000000001",)"
    R"("date":"1970-01-01","time":"12:00:00.000001","ts":"1000-01-01T00:00:00.000000","tstz":null,)"
    R"("tsns":"2024-01-02T03:04:05.123456789","tstzns":"2024-01-02T03:04:05.000000001Z","s":"\\u0041",)"
    R"("u":"ffffffff-ffff-ffff-ffff-ffffffffffff","fx":"AAAA","bin":null,"st":{"a":0,"inner":{"x":null}},)"
    R"("lst":[null],"ml":null,"ms":null,"mi":[{"key":-9223372036854775808,"value":[]}],"d38":null,"q\"\\é":null})",
};

std::string Joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s.append(l).push_back('\n');
  return s;
}

TEST(JsonRecordEncoder, CanonicalLinesRoundTripExactly) {
  auto dec = JsonRecordDecoder::Make(AllTypes());
  ASSERT_TRUE(dec.has_value()) << dec.error().ToString();
  auto enc = JsonRecordEncoder::Make(AllTypes());
  ASSERT_TRUE(enc.has_value());
  RecordBatch b = (*dec)->MakeBatch();
  const std::string input = Joined(kCanonical);
  auto consumed = (*dec)->AppendLines(input, true, 1000, &b);
  ASSERT_TRUE(consumed.has_value()) << consumed.error().ToString();
  EXPECT_EQ(*consumed, input.size());
  ASSERT_EQ(b.num_rows, static_cast<int64_t>(kCanonical.size()));
  ASSERT_TRUE(parquet::ValidateBatch(*(*dec)->schema(), b).has_value());
  std::string out;
  ASSERT_TRUE((*enc)->AppendAll(b, &out).has_value());
  EXPECT_EQ(out, input);
  // A sub-range.
  out.clear();
  ASSERT_TRUE((*enc)->AppendRows(b, 1, 2, &out).has_value());
  EXPECT_EQ(out, kCanonical[1] + "\n");
  EXPECT_FALSE((*enc)->AppendRows(b, 2, 9, &out).has_value());
}

TEST(JsonRecordEncoder, NonCanonicalInputEncodesCanonically) {
  auto dec = JsonRecordDecoder::Make(AllTypes());
  auto enc = JsonRecordEncoder::Make(AllTypes());
  ASSERT_TRUE(dec.has_value() && enc.has_value());
  RecordBatch b = (*dec)->MakeBatch();
  const std::string in =
      R"( { "q\"\\\u00e9" : 1 , "b" : true, "dec9": 5, "dec18": -12.5, "tstz": "2024-01-02T03:04:05+05:30",)"
      R"( "time": "01:02", "ts": "2024-01-02 03:04:05.5", "u": "F79C3E09-677C-4BBD-A479-3F349CB785E7",)"
      R"( "f": 0.1, "d": 100, "s": "\u00e9\/", "st": {"inner": {}, "a": 3}} )";
  ASSERT_TRUE((*dec)->AppendLine(in, &b).has_value());
  std::string out;
  ASSERT_TRUE((*enc)->AppendAll(b, &out).has_value());
  EXPECT_EQ(out,
            R"({"b":true,"i":null,"l":null,"f":0.1,"d":100,"dec9":"5.00","dec18":"-12.500","dec38":null,)"
            R"("date":null,"time":"01:02:00.000000","ts":"2024-01-02T03:04:05.500000",)"
            R"("tstz":"2024-01-01T21:34:05.000000Z","tsns":null,"tstzns":null,"s":"é/",)"
            R"("u":"f79c3e09-677c-4bbd-a479-3f349cb785e7","fx":null,"bin":null,"st":{"a":3,"inner":{"x":null}},)"
            R"("lst":null,"ml":null,"ms":null,"mi":null,"d38":null,"q\"\\é":1})"
            "\n");
}

TEST(JsonRecordEncoder, ThroughAParquetFile) {
  const iceberg::Schema schema = AllTypes();
  auto dec = JsonRecordDecoder::Make(schema);
  auto enc = JsonRecordEncoder::Make(schema);
  ASSERT_TRUE(dec.has_value() && enc.has_value());
  // Many rows (every canonical line 50 times) so that pages and dictionaries are exercised.
  std::vector<std::string> lines;
  for (int k = 0; k < 50; ++k) lines.insert(lines.end(), kCanonical.begin(), kCanonical.end());
  const std::string input = Joined(lines);
  RecordBatch b = (*dec)->MakeBatch();
  ASSERT_TRUE((*dec)->AppendLines(input, true, 1 << 20, &b).has_value());

  io::MemoryFileIO io;
  const FilePath path("mem://t/data/0.parquet");
  auto file = io.NewOutputFile(path);
  ASSERT_TRUE(file.has_value());
  parquet::WriterOptions options;
  options.page_row_limit = 37;  // several pages per column
  auto writer = parquet::FileWriter::Make(std::move(*file), (*dec)->schema(), options);
  ASSERT_TRUE(writer.has_value()) << writer.error().ToString();
  auto w = (*writer)->Write(b);
  ASSERT_TRUE(w.has_value()) << w.error().ToString();
  ASSERT_TRUE((*writer)->Finish().has_value());

  auto in = io.OpenInputFile(path);
  ASSERT_TRUE(in.has_value());
  auto reader = parquet::FileReader::Open(std::move(*in));
  ASSERT_TRUE(reader.has_value()) << reader.error().ToString();
  auto read = (*reader)->ReadAll();
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(read->num_rows, static_cast<int64_t>(lines.size()));
  std::string out;
  ASSERT_TRUE((*enc)->AppendAll(*read, &out).has_value());
  EXPECT_EQ(out, input);
}

TEST(JsonRecordEncoder, RejectsABatchOfAnotherShape) {
  auto enc = JsonRecordEncoder::Make(AllTypes());
  ASSERT_TRUE(enc.has_value());
  RecordBatch b;
  b.columns.resize(3);
  std::string out;
  EXPECT_FALSE((*enc)->AppendAll(b, &out).has_value());
}

}  // namespace
}  // namespace firn::ingest
