#include "cli/row_json.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

#include "firn/common/buffer.h"
#include "firn/ingest/sample/standard_event_decoder.h"
#include "firn/ingest/sample/standard_events.h"
#include "firn/io/memory_file_io.h"
#include "firn/parquet/reader/file_reader.h"
#include "firn/parquet/schema/iceberg_types.h"
#include "firn/parquet/writer/file_writer.h"

namespace firn::cli {
namespace {

// Same JSON values (numbers compared as doubles), ignoring how they are spelled.
bool SameJson(simdjson::dom::element a, simdjson::dom::element b) {
  using T = simdjson::dom::element_type;
  auto numeric = [](T t) { return t == T::INT64 || t == T::UINT64 || t == T::DOUBLE; };
  if (numeric(a.type()) && numeric(b.type())) return double(a) == double(b);
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case T::STRING:
      return std::string_view(a) == std::string_view(b);
    case T::BOOL:
      return bool(a) == bool(b);
    case T::NULL_VALUE:
      return true;
    case T::ARRAY: {
      simdjson::dom::array x = a, y = b;
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (!SameJson(*i, *j)) return false;
      }
      return true;
    }
    case T::OBJECT: {
      simdjson::dom::object x = a, y = b;
      if (x.size() != y.size()) return false;
      for (auto [key, value] : x) {
        simdjson::dom::element other;
        if (y[key].get(other) || !SameJson(value, other)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

// The sample stream, through decoder, writer and reader, prints as the values it was
// generated from.
TEST(RowJsonTest, SampleStreamRoundTrip) {
  ingest::StandardEventGenerator gen(9);
  Buffer text;
  gen.AppendEvents(500, &text);
  ingest::StandardEventDecoder decoder;
  auto batch = decoder.MakeBatch();
  ASSERT_TRUE(decoder.AppendLines(text.view(), true, 1000, &batch).has_value());

  io::MemoryFileIO io;
  auto out = io.NewOutputFile(FilePath("mem://e.parquet"));
  ASSERT_TRUE(out.has_value());
  const parquet::WriterOptions options;
  auto w = parquet::FileWriter::Make(std::move(*out), decoder.schema(), options);
  ASSERT_TRUE(w.has_value());
  ASSERT_TRUE((*w)->Write(batch).has_value());
  ASSERT_TRUE((*w)->Finish().has_value());
  auto in = io.OpenInputFile(FilePath("mem://e.parquet"));
  ASSERT_TRUE(in.has_value());
  auto reader = parquet::FileReader::Open(std::move(*in));
  ASSERT_TRUE(reader.has_value());
  auto read = (*reader)->ReadAll();
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->num_rows, 500);

  simdjson::dom::parser p1, p2;
  std::string_view rest = text.view();
  for (int64_t r = 0; r < read->num_rows; ++r) {
    const size_t nl = rest.find('\n');
    const std::string original(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
    JsonWriter jw;
    WriteRowJson(*(*reader)->schema(), *read, r, &jw);
    simdjson::dom::element a, b;
    ASSERT_EQ(p1.parse(original).get(a), simdjson::SUCCESS);
    ASSERT_EQ(p2.parse(jw.str()).get(b), simdjson::SUCCESS) << jw.str();
    ASSERT_TRUE(SameJson(a, b)) << original << "\n" << jw.str();
  }
}

TEST(RowJsonTest, MapsAndNulls) {
  using P = parquet::IcebergPrimitiveType;
  auto schema = parquet::Schema::Make(parquet::IcebergStruct(
      "t", std::nullopt, true,
      {parquet::IcebergMap("m", 1, false, parquet::IcebergPrimitive("key", 2, true, P::kInt),
                           parquet::IcebergPrimitive("value", 3, false, P::kString)),
       parquet::IcebergPrimitive("b", 4, false, P::kBoolean)}));
  ASSERT_TRUE(schema.has_value());
  auto batch = parquet::MakeBatch(**schema);
  auto& m = batch.columns[0];
  m.children[0].AppendValue<int32_t>(7);
  m.children[1].AppendBytes("x");
  m.children[0].AppendValue<int32_t>(8);
  m.children[1].AppendNull(0);
  m.AppendListEnd(2);
  m.AppendListEnd(2, false);
  batch.columns[1].AppendValue<uint8_t>(1);
  batch.columns[1].AppendNull(1);
  batch.num_rows = 2;
  ASSERT_TRUE(parquet::ValidateBatch(**schema, batch).has_value());
  JsonWriter w0, w1;
  WriteRowJson(**schema, batch, 0, &w0);
  WriteRowJson(**schema, batch, 1, &w1);
  EXPECT_EQ(w0.str(), R"({"m":{"keys":[7,8],"values":["x",null]},"b":true})");
  EXPECT_EQ(w1.str(), R"({"m":null,"b":null})");
}

}  // namespace
}  // namespace firn::cli
