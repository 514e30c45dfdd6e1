// The conversion between ManifestEntry / ManifestFile and the Avro records of the
// manifest and manifest list schemas (manifest_avro_schema.h). Writing follows the schema
// firn generates; reading looks fields up by field id, so that files from other writers
// (v1 names, extra or reordered fields) are read correctly.
#pragma once

#include "firn/avro/schema.h"
#include "firn/avro/value.h"
#include "firn/common/result.h"
#include "firn/iceberg/manifest/data_file.h"
#include "firn/iceberg/manifest/manifest_file.h"

namespace firn::iceberg {

Result<avro::Value> ManifestEntryToAvro(const ManifestEntry& entry, int32_t format_version);
avro::Value ManifestFileToAvro(const ManifestFile& file, int32_t format_version);

// Decodes records of one manifest: resolves the writer schema's fields once.
class ManifestEntryDecoder {
 public:
  static Result<ManifestEntryDecoder> Make(const avro::Schema& schema);
  // Sequence numbers and snapshot ids are returned as written (inheritance is the
  // reader's job).
  Result<ManifestEntry> Decode(const avro::Value& record) const;

 private:
  struct Slots;
  std::shared_ptr<const Slots> slots_;
};

Result<std::vector<ManifestFile>> ManifestFilesFromAvro(const avro::Schema& schema,
                                                        const std::vector<avro::Value>& records);

}  // namespace firn::iceberg
