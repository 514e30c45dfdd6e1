// ManifestWriter: writes one manifest (spec "Manifests") as an Avro object container file
// with the spec's schema for the table's format version, the partition struct typed by the
// spec, and the header metadata Java writes ("schema", "schema-id", "partition-spec",
// "partition-spec-id", "format-version", "content"). It tracks the entry counts and the
// partition summaries that go into the manifest list.
//
// Lifecycle: Make, then Add / AddExisting / AddDeleted, then Finish (commits the file
// atomically and returns its ManifestFile) or Abandon.
// Thread-safety: none.
#pragma once

#include <memory>
#include <string>

#include "firn/avro/file_writer.h"
#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/iceberg/manifest/data_file.h"
#include "firn/iceberg/manifest/manifest_file.h"
#include "firn/iceberg/partition/partition_spec.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

struct ManifestWriterOptions {
  int32_t format_version = 2;                   // of the table
  ManifestContent content = ManifestContent::kData;  // data or delete files
  SnapshotId snapshot_id;                       // the snapshot this manifest is written for
  avro::Codec codec = avro::Codec::kDeflate;    // write.avro.compression-codec (gzip = deflate)
};

class ManifestWriter {
 public:
  // `schema` and `spec` must remain live until Finish or Abandon.
  static Result<std::unique_ptr<ManifestWriter>> Make(io::FileIO& io, const FilePath& path,
                                                      const Schema& schema,
                                                      const PartitionSpec& spec,
                                                      ManifestWriterOptions options);

  // A file this snapshot adds. Its data sequence number is inherited at commit unless
  // `data_sequence_number` is given (rewrites keep the sequence number of what they replace).
  Status Add(const DataFile& file, std::optional<SequenceNumber> data_sequence_number = {});
  // A live file carried over from an earlier manifest (keeps its snapshot and sequence numbers).
  Status AddExisting(const ManifestEntry& entry);
  // A file this snapshot removes (status DELETED, this snapshot's id, sequence numbers kept).
  Status AddDeleted(const ManifestEntry& entry);

  // Bytes of the manifest so far, for rolling at commit.manifest.target-size-bytes.
  uint64_t EstimatedLength() const;
  int64_t entry_count() const { return entries_; }

  Result<ManifestFile> Finish();
  void Abandon();

 private:
  ManifestWriter(const PartitionSpec& spec, Type partition_type, ManifestWriterOptions options,
                 std::string path);
  Status Write(const ManifestEntry& entry);

  const PartitionSpec& spec_;
  Type partition_type_;
  ManifestWriterOptions options_;
  std::string path_;
  std::unique_ptr<avro::FileWriter> writer_;
  ManifestFile result_;
  std::vector<std::optional<Literal>> lower_, upper_;  // partition summaries
  int64_t entries_ = 0;
  int64_t min_sequence_number_ = INT64_MAX;
  bool has_unassigned_ = false;  // an ADDED entry whose sequence number is inherited
};

}  // namespace firn::iceberg
