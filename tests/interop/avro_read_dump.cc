// avro_read_dump <file.avro>: reads an Avro object container file with firn's reader and
// prints JSON: {"codec": ..., "metadata": {...}, "schema": <writer schema as firn
// serialises it>, "records": [...]} with records as avro::ValueToJson prints them.
// Used by check_avro.py to check files written by python3-avro.
#include <cstdio>
#include <string>

#include "firn/avro/file_reader.h"
#include "firn/avro/schema_json.h"
#include "firn/avro/value_json.h"
#include "firn/common/json_writer.h"
#include "firn/common/macros.h"
#include "firn/io/local_file_io.h"

namespace firn::avro {
namespace {

Result<std::string> Dump(const std::string& path) {
  io::LocalFileIO fio;
  FIRN_ASSIGN_OR_RETURN(auto in, fio.OpenInputFile(FilePath(path)));
  FIRN_ASSIGN_OR_RETURN(auto reader, FileReader::Open(*in));
  JsonWriter w;
  w.BeginObject();
  w.Key("codec");
  w.String(CodecName(reader->codec()));
  w.Key("metadata");
  w.BeginObject();
  for (const auto& [k, v] : reader->metadata()) {
    w.Key(k);
    w.String(v);
  }
  w.EndObject();
  w.Key("schema");
  w.Raw(SchemaToJson(reader->schema()));
  w.Key("records");
  w.BeginArray();
  Value v;
  while (true) {
    FIRN_ASSIGN_OR_RETURN(bool more, reader->Next(&v));
    if (!more) break;
    WriteValueJson(reader->schema().root(), v, w);
  }
  w.EndArray();
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace
}  // namespace firn::avro

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: avro_read_dump <file.avro>\n");
    return 2;
  }
  auto out = firn::avro::Dump(argv[1]);
  if (!out) {
    std::fprintf(stderr, "avro_read_dump: %s\n", out.error().ToString().c_str());
    return 1;
  }
  std::fwrite(out->data(), 1, out->size(), stdout);
  std::fputc('\n', stdout);
  return 0;
}
