// Reading manifests and manifest lists, with the spec's inheritance rules applied
// ("Sequence Number Inheritance", "Snapshot ID Inheritance"): an entry whose snapshot id
// is null takes the manifest's added_snapshot_id; an ADDED entry whose sequence numbers are
// null takes the manifest's sequence_number; v1 files have sequence number 0.
#pragma once

#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/iceberg/manifest/data_file.h"
#include "firn/iceberg/manifest/manifest_file.h"

namespace firn::iceberg {

// Every entry of `manifest`, DELETED ones included. Corrupt (naming the file) when the
// file is damaged or does not follow the manifest schema.
Result<std::vector<ManifestEntry>> ReadManifest(io::FileIO& io, const ManifestFile& manifest);

// The manifests listed in a snapshot's manifest list.
Result<std::vector<ManifestFile>> ReadManifestList(io::FileIO& io, const std::string& path);

}  // namespace firn::iceberg
