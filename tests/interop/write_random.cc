// write_random --seed S --out DIR: writes DIR/<S>.parquet with firn's writer from a seeded
// random table, and DIR/<S>.expected.json with the rows every reader must see.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "firn/io/local_file_io.h"
#include "firn/parquet/writer/file_writer.h"
#include "random_table.h"

int main(int argc, char** argv) {
  uint64_t seed = 1;
  std::string out = ".";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--seed") seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (a == "--out") out = argv[i + 1];
  }
  auto table = firn::interop::GenerateRandomTable(seed);
  auto io = std::make_unique<firn::io::LocalFileIO>();
  std::string path = out + "/" + std::to_string(seed) + ".parquet";
  auto file = io->NewOutputFile(firn::FilePath(path), firn::io::WriteMode::kOverwrite);
  if (!file) {
    std::fprintf(stderr, "%s\n", file.error().ToString().c_str());
    return 2;
  }
  auto writer = firn::parquet::FileWriter::Make(std::move(*file), table.schema, table.options);
  if (!writer) {
    std::fprintf(stderr, "%s\n", writer.error().ToString().c_str());
    return 2;
  }
  for (const auto& b : table.batches) {
    auto s = (*writer)->Write(b);
    if (!s) {
      std::fprintf(stderr, "seed %llu: %s\n", static_cast<unsigned long long>(seed), s.error().ToString().c_str());
      return 2;
    }
  }
  auto r = (*writer)->Finish();
  if (!r) {
    std::fprintf(stderr, "%s\n", r.error().ToString().c_str());
    return 2;
  }
  std::ofstream(out + "/" + std::to_string(seed) + ".expected.json") << table.expected_json;
  return 0;
}
