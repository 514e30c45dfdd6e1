// Writes a snapshot's manifest list (spec "Manifest Lists"), with the header metadata Java
// writes ("snapshot-id", "parent-snapshot-id", "sequence-number", "format-version"). New
// manifests carry kUnassignedSequenceNumber until here, where they get the snapshot's
// sequence number.
#pragma once

#include <optional>
#include <vector>

#include "firn/avro/codec.h"
#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/iceberg/manifest/manifest_file.h"

namespace firn::iceberg {

struct ManifestListInfo {
  int32_t format_version = 2;
  SnapshotId snapshot_id;
  std::optional<SnapshotId> parent_snapshot_id;
  SequenceNumber sequence_number{0};
  avro::Codec codec = avro::Codec::kDeflate;
};

// Writes `manifests` (in order) to `path` atomically. Returns them as written (sequence
// numbers assigned).
Result<std::vector<ManifestFile>> WriteManifestList(io::FileIO& io, const FilePath& path,
                                                    const ManifestListInfo& info,
                                                    std::vector<ManifestFile> manifests);

}  // namespace firn::iceberg
