// avro_write_sample <dir>: writes Avro object container files with a manifest-like schema
// (Iceberg field ids, every Avro type, nulls, non-ASCII strings) for independent readers
// (check_avro.py: python3-avro; check_avro.mjs: avsc), one per codec:
//   <dir>/sample-null.avro, <dir>/sample-deflate.avro
//   <dir>/expected.json   {"files": [...], "records": [...]}: each record as
//                         avro::ValueToJson prints it (bytes and fixed as hex, unions
//                         as their value, enums as their symbol)
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "firn/avro/file_writer.h"
#include "firn/avro/schema_json.h"
#include "firn/avro/value_codec.h"
#include "firn/avro/value_json.h"
#include "firn/common/json_writer.h"
#include "firn/common/macros.h"
#include "firn/io/local_file_io.h"

namespace firn::avro {
namespace {

constexpr std::string_view kSchema = R"({
  "type": "record", "name": "manifest_entry",
  "fields": [
    {"name": "status", "type": "int", "field-id": 0},
    {"name": "snapshot_id", "type": ["null", "long"], "default": null, "field-id": 1},
    {"name": "data_file", "type": {"type": "record", "name": "r2", "fields": [
      {"name": "content", "type": "int", "doc": "Contents of the file", "field-id": 134},
      {"name": "file_path", "type": "string", "field-id": 100},
      {"name": "file_format", "type": "string", "field-id": 101},
      {"name": "partition", "type": {"type": "record", "name": "r102", "fields": [
        {"name": "day", "type": ["null", {"type": "int", "logicalType": "date"}], "default": null, "field-id": 1000}]},
       "field-id": 102},
      {"name": "record_count", "type": "long", "field-id": 103},
      {"name": "column_sizes", "type": ["null", {"type": "array", "logicalType": "map", "items": {
        "type": "record", "name": "k117_v118", "fields": [
          {"name": "key", "type": "int", "field-id": 117},
          {"name": "value", "type": "long", "field-id": 118}]}}], "default": null, "field-id": 108},
      {"name": "lower_bounds", "type": ["null", {"type": "array", "logicalType": "map", "items": {
        "type": "record", "name": "k126_v127", "fields": [
          {"name": "key", "type": "int", "field-id": 126},
          {"name": "value", "type": "bytes", "field-id": 127}]}}], "default": null, "field-id": 125},
      {"name": "split_offsets", "type": ["null", {"type": "array", "items": "long", "element-id": 133}], "default": null, "field-id": 132}
    ]}, "field-id": 2},
    {"name": "flag", "type": "boolean", "field-id": 3},
    {"name": "ratio", "type": "float", "field-id": 4},
    {"name": "score", "type": ["null", "double"], "field-id": 5},
    {"name": "color", "type": {"type": "enum", "name": "color", "symbols": ["RED", "GREEN", "BLUE"]}, "field-id": 6},
    {"name": "hash", "type": {"type": "fixed", "name": "hash4", "size": 4}, "field-id": 7},
    {"name": "props", "type": {"type": "map", "values": ["null", "string"], "key-id": 9, "value-id": 10}, "field-id": 8},
    {"name": "amount", "type": {"type": "fixed", "name": "decimal_9_2", "size": 5, "logicalType": "decimal", "precision": 9, "scale": 2}, "field-id": 11},
    {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-micros", "adjust-to-utc": true}, "field-id": 12},
    {"name": "id", "type": {"type": "fixed", "name": "uuid_fixed", "size": 16, "logicalType": "uuid"}, "field-id": 13},
    {"name": "choice", "type": ["null", "string", "long", "color"], "field-id": 14},
    {"name": "hash_again", "type": "hash4", "field-id": 15}
  ]
})";

Value Pair(int32_t k, Value v) { return Value::Record({Value::Int(k), std::move(v)}); }

Value Record(int i) {
  std::string path =
      fmt::format("s3://bucket/tåble/data/{:05}-ünïcödé-数据-🧊.parquet", i);
  int64_t big = i % 3 == 0   ? std::numeric_limits<int64_t>::max()
                : i % 3 == 1 ? std::numeric_limits<int64_t>::min()
                             : int64_t{i} * 1234567;
  std::vector<Value> sizes;
  for (int k = 1; k <= i % 4; ++k) sizes.push_back(Pair(k, Value::Long(int64_t{k} << 40)));
  Value data_file = Value::Record({
      Value::Int(i % 3),
      Value::String(path),
      Value::String("PARQUET"),
      Value::Record({i % 2 == 0 ? Value::Null() : Value::Int(19000 + i)}),
      Value::Long(big),
      i % 5 == 0 ? Value::Null() : Value::Array(std::move(sizes)),
      Value::Array(
          {Pair(1, Value::Bytes(std::string("\x00\x01\xff", 3))), Pair(2, Value::Bytes("é"))}),
      i % 2 == 0 ? Value::Null() : Value::Array({Value::Long(4), Value::Long(-(int64_t{1} << 50))}),
  });
  std::string amount(5, '\0');
  int64_t unscaled = (i % 2 == 0 ? 1 : -1) * (int64_t{i} * 100 + 99);
  for (int b = 0; b < 5; ++b) amount[4 - b] = static_cast<char>((unscaled >> (8 * b)) & 0xff);
  Value choice = i % 4 == 0   ? Value::Null()
                 : i % 4 == 1 ? Value::String("wählen ✓")
                 : i % 4 == 2 ? Value::Long(-i)
                              : Value::Enum(2);
  return Value::Record({
      Value::Int(i % 3),
      i % 4 == 0 ? Value::Null() : Value::Long(std::numeric_limits<int64_t>::max() - i),
      std::move(data_file),
      Value::Boolean(i % 2 == 1),
      Value::Float(i == 0 ? -0.0f : 0.1f * static_cast<float>(i)),
      i % 3 == 2 ? Value::Null() : Value::Double(i == 1 ? 1e-310 : 3.141592653589793 * i),
      Value::Enum(i % 3),
      Value::Fixed(std::string("\xde\xad\xbe", 3) + static_cast<char>(i)),
      Value::Map(
          {{"owner", Value::String("ĳzer")}, {"empty", Value::String("")}, {"nul", Value::Null()}}),
      Value::Fixed(amount),
      Value::Long(1700000000123456 + i),
      Value::Fixed(std::string("\x12\x34\x56\x78\x9a\xbc\xde\xf0\x00\x11\x22\x33\x44\x55\x66", 15) +
                   static_cast<char>(i)),
      std::move(choice),
      Value::Fixed("abcd"),
  });
}

Status Run(const std::string& dir) {
  FIRN_ASSIGN_OR_RETURN(Schema parsed, ParseSchema(kSchema));
  auto schema = std::make_shared<const Schema>(std::move(parsed));
  constexpr int kRecords = 60;
  io::LocalFileIO fio;
  JsonWriter expected;
  expected.BeginObject();
  expected.Key("files");
  expected.BeginArray();
  for (Codec codec : {Codec::kNull, Codec::kDeflate}) {
    std::string path = fmt::format("{}/sample-{}.avro", dir, CodecName(codec));
    FIRN_ASSIGN_OR_RETURN(auto out, fio.NewOutputFile(FilePath(path), io::WriteMode::kOverwrite));
    FileWriterOptions opts;
    opts.codec = codec;
    opts.block_size = 1024;  // several blocks
    opts.metadata = {{"schema", R"({"type":"struct","schema-id":0,"fields":[]})"},
                     {"partition-spec", "[]"},
                     {"partition-spec-id", "0"},
                     {"format-version", "2"},
                     {"content", "data"}};
    FIRN_ASSIGN_OR_RETURN(auto w, FileWriter::Make(std::move(out), schema, opts));
    for (int i = 0; i < kRecords; ++i) {
      // Unions get their branch picked by the writer from the value's type.
      FIRN_RETURN_NOT_OK(w->Append(Record(i)));
    }
    FIRN_RETURN_NOT_OK(w->Finish());
    expected.String(path);
  }
  expected.EndArray();
  expected.Key("records");
  expected.BeginArray();
  for (int i = 0; i < kRecords; ++i) {
    // Read back the branch the encoder picked, so that the JSON shows union values.
    Value v = Record(i);
    Buffer b;
    Encoder e(&b);
    FIRN_RETURN_NOT_OK(EncodeValue(schema->root(), v, e));
    Decoder d(b.span());
    FIRN_ASSIGN_OR_RETURN(Value back, DecodeValue(schema->root(), d));
    WriteValueJson(schema->root(), back, expected);
  }
  expected.EndArray();
  expected.EndObject();
  return fio.WriteAll(FilePath(dir + "/expected.json"), expected.str(), io::WriteMode::kOverwrite);
}

}  // namespace
}  // namespace firn::avro

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: avro_write_sample <dir>\n");
    return 2;
  }
  auto st = firn::avro::Run(argv[1]);
  if (!st) {
    std::fprintf(stderr, "avro_write_sample: %s\n", st.error().ToString().c_str());
    return 1;
  }
  return 0;
}
