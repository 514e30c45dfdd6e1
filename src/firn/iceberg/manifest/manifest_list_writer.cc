#include "firn/iceberg/manifest/manifest_list_writer.h"

#include "firn/avro/file_writer.h"
#include "firn/avro/schema_json.h"
#include "firn/common/macros.h"
#include "firn/iceberg/manifest/manifest_avro_schema.h"
#include "firn/iceberg/manifest/manifest_value.h"

namespace firn::iceberg {

Result<std::vector<ManifestFile>> WriteManifestList(io::FileIO& io, const FilePath& path,
                                                    const ManifestListInfo& info,
                                                    std::vector<ManifestFile> manifests) {
  const std::string ctx = "manifest list " + path.value();
  FIRN_ASSIGN_OR_RETURN(avro::Schema schema, avro::ParseSchema(ManifestListAvroSchemaJson(info.format_version)));
  avro::FileWriterOptions wo;
  wo.codec = info.codec;
  wo.metadata = {{"snapshot-id", std::to_string(info.snapshot_id.value())},
                 {"parent-snapshot-id",
                  info.parent_snapshot_id ? std::to_string(info.parent_snapshot_id->value()) : "null"},
                 {"sequence-number", std::to_string(info.sequence_number.value())},
                 {"format-version", std::to_string(info.format_version)}};
  FIRN_ASSIGN_OR_RETURN_CTX(auto out, io.NewOutputFile(path, io::WriteMode::kCreate), ctx);
  FIRN_ASSIGN_OR_RETURN_CTX(
      auto writer,
      avro::FileWriter::Make(std::move(out), std::make_shared<const avro::Schema>(std::move(schema)), std::move(wo)),
      ctx);
  for (ManifestFile& m : manifests) {
    if (m.sequence_number == kUnassignedSequenceNumber) m.sequence_number = info.sequence_number.value();
    if (m.min_sequence_number == kUnassignedSequenceNumber) {
      m.min_sequence_number = info.sequence_number.value();
    }
    Status st = writer->Append(ManifestFileToAvro(m, info.format_version));
    if (!st) {
      writer->Abandon();
      return std::unexpected(std::move(st.error()).WithContext(ctx));
    }
  }
  FIRN_RETURN_NOT_OK_CTX(writer->Finish(), ctx);
  return manifests;
}

}  // namespace firn::iceberg
