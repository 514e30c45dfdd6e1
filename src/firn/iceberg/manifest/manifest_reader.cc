#include "firn/iceberg/manifest/manifest_reader.h"

#include "firn/avro/file_reader.h"
#include "firn/common/macros.h"
#include "firn/iceberg/manifest/manifest_value.h"

namespace firn::iceberg {

Result<std::vector<ManifestEntry>> ReadManifest(io::FileIO& io, const ManifestFile& manifest) {
  const std::string ctx = "manifest " + manifest.manifest_path;
  FIRN_ASSIGN_OR_RETURN_CTX(auto in, io.OpenInputFile(FilePath(manifest.manifest_path)), ctx);
  FIRN_ASSIGN_OR_RETURN_CTX(auto reader, avro::FileReader::Open(*in), ctx);
  FIRN_ASSIGN_OR_RETURN_CTX(ManifestEntryDecoder decoder, ManifestEntryDecoder::Make(reader->schema()), ctx);
  std::vector<ManifestEntry> out;
  avro::Value record;
  for (;;) {
    FIRN_ASSIGN_OR_RETURN_CTX(bool more, reader->Next(&record), ctx);
    if (!more) break;
    FIRN_ASSIGN_OR_RETURN_CTX(ManifestEntry e, decoder.Decode(record), ctx);
    e.data_file.spec_id = manifest.partition_spec_id;
    if (!e.snapshot_id) e.snapshot_id = manifest.added_snapshot_id;
    const bool inherit = e.status == ManifestEntryStatus::kAdded || manifest.sequence_number == 0;
    if (!e.sequence_number && inherit) e.sequence_number = SequenceNumber(manifest.sequence_number);
    if (!e.file_sequence_number && inherit) e.file_sequence_number = SequenceNumber(manifest.sequence_number);
    if (!e.sequence_number && e.status != ManifestEntryStatus::kDeleted) {
      return Corrupt("{}: {} entry for {} has no sequence number to inherit", ctx,
                     ManifestEntryStatusName(e.status), e.data_file.file_path);
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<ManifestFile>> ReadManifestList(io::FileIO& io, const std::string& path) {
  const std::string ctx = "manifest list " + path;
  FIRN_ASSIGN_OR_RETURN_CTX(auto in, io.OpenInputFile(FilePath(path)), ctx);
  FIRN_ASSIGN_OR_RETURN_CTX(auto reader, avro::FileReader::Open(*in), ctx);
  FIRN_ASSIGN_OR_RETURN_CTX(std::vector<avro::Value> records, reader->ReadAll(), ctx);
  FIRN_ASSIGN_OR_RETURN_CTX(auto files, ManifestFilesFromAvro(reader->schema(), records), ctx);
  return files;
}

}  // namespace firn::iceberg
