#include "firn/iceberg/manifest/manifest_writer.h"

#include <fmt/format.h>

#include "firn/avro/schema_json.h"
#include "firn/common/json_writer.h"
#include "firn/common/macros.h"
#include "firn/iceberg/manifest/manifest_avro_schema.h"
#include "firn/iceberg/manifest/manifest_value.h"
#include "firn/iceberg/partition/partition_spec_json.h"
#include "firn/iceberg/types/literal_bytes.h"
#include "firn/iceberg/types/schema_json.h"

namespace firn::iceberg {

namespace {

std::string PartitionFieldsJson(const PartitionSpec& spec) {
  JsonWriter w;
  WritePartitionFieldsJson(spec, w);
  return std::move(w).Take();
}

}  // namespace

ManifestWriter::ManifestWriter(const PartitionSpec& spec, Type partition_type,
                               ManifestWriterOptions options, std::string path)
    : spec_(spec),
      partition_type_(std::move(partition_type)),
      options_(options),
      path_(std::move(path)),
      lower_(spec.fields.size()),
      upper_(spec.fields.size()) {
  result_.manifest_path = path_;
  result_.partition_spec_id = spec.spec_id;
  result_.content = options.content;
  result_.added_snapshot_id = options.snapshot_id;
  result_.partitions.resize(spec.fields.size());
}

Result<std::unique_ptr<ManifestWriter>> ManifestWriter::Make(io::FileIO& io, const FilePath& path,
                                                             const Schema& schema,
                                                             const PartitionSpec& spec,
                                                             ManifestWriterOptions options) {
  FIRN_ASSIGN_OR_RETURN(Type partition_type, spec.PartitionType(schema));
  FIRN_ASSIGN_OR_RETURN(std::string schema_json,
                        ManifestEntryAvroSchemaJson(partition_type, options.format_version));
  FIRN_ASSIGN_OR_RETURN(avro::Schema avro_schema, avro::ParseSchema(schema_json));
  avro::FileWriterOptions wo;
  wo.codec = options.codec;
  wo.metadata = {
      {"schema", SchemaToJson(schema)},
      {"schema-id", std::to_string(schema.schema_id())},
      {"partition-spec", PartitionFieldsJson(spec)},
      {"partition-spec-id", std::to_string(spec.spec_id)},
      {"format-version", std::to_string(options.format_version)},
  };
  if (options.format_version >= 2) {
    wo.metadata.emplace_back("content",
                             options.content == ManifestContent::kData ? "data" : "deletes");
  }
  FIRN_ASSIGN_OR_RETURN_CTX(auto out, io.NewOutputFile(path, io::WriteMode::kCreate),
                            "manifest " + path.value());
  auto w = std::unique_ptr<ManifestWriter>(
      new ManifestWriter(spec, std::move(partition_type), options, path.value()));
  FIRN_ASSIGN_OR_RETURN_CTX(
      w->writer_,
      avro::FileWriter::Make(std::move(out),
                             std::make_shared<const avro::Schema>(std::move(avro_schema)), std::move(wo)),
      "manifest " + path.value());
  return w;
}

Status ManifestWriter::Write(const ManifestEntry& entry) {
  const DataFile& f = entry.data_file;
  if (f.partition.size() != spec_.fields.size()) {
    return InvalidArgument("{}: partition tuple has {} values, spec {} has {} fields", f.file_path,
                           f.partition.size(), spec_.spec_id, spec_.fields.size());
  }
  if ((options_.content == ManifestContent::kData) != (f.content == DataFileContent::kData)) {
    return InvalidArgument("{}: {} file in a {} manifest", f.file_path, DataFileContentName(f.content),
                           options_.content == ManifestContent::kData ? "data" : "delete");
  }
  FIRN_ASSIGN_OR_RETURN(avro::Value record, ManifestEntryToAvro(entry, options_.format_version));
  FIRN_RETURN_NOT_OK_CTX(writer_->Append(record), "manifest " + path_);
  ++entries_;
  switch (entry.status) {
    case ManifestEntryStatus::kAdded:
      ++result_.added_files_count;
      result_.added_rows_count += f.record_count;
      break;
    case ManifestEntryStatus::kExisting:
      ++result_.existing_files_count;
      result_.existing_rows_count += f.record_count;
      break;
    case ManifestEntryStatus::kDeleted:
      ++result_.deleted_files_count;
      result_.deleted_rows_count += f.record_count;
      break;
  }
  if (entry.status != ManifestEntryStatus::kDeleted) {
    if (entry.sequence_number) {
      min_sequence_number_ = std::min(min_sequence_number_, entry.sequence_number->value());
    } else {
      has_unassigned_ = true;
    }
  }
  for (size_t i = 0; i < f.partition.size(); ++i) {
    const Literal& v = f.partition[i];
    PartitionFieldSummary& sum = result_.partitions[i];
    const TypeId t = partition_type_.fields()[i].type.id();
    if (t == TypeId::kFloat || t == TypeId::kDouble) {
      bool nan = !v.is_null() && (t == TypeId::kFloat ? std::isnan(std::get<float>(v.value))
                                                       : std::isnan(std::get<double>(v.value)));
      sum.contains_nan = sum.contains_nan.value_or(false) || nan;
      if (nan) continue;
    }
    if (v.is_null()) {
      sum.contains_null = true;
      continue;
    }
    if (!lower_[i] || Compare(v, *lower_[i]) < 0) lower_[i] = v;
    if (!upper_[i] || Compare(v, *upper_[i]) > 0) upper_[i] = v;
  }
  return OkStatus();
}

Status ManifestWriter::Add(const DataFile& file, std::optional<SequenceNumber> data_sequence_number) {
  ManifestEntry e;
  e.status = ManifestEntryStatus::kAdded;
  e.snapshot_id = options_.snapshot_id;
  e.sequence_number = data_sequence_number;
  e.data_file = file;
  e.data_file.spec_id = spec_.spec_id;
  return Write(e);
}

Status ManifestWriter::AddExisting(const ManifestEntry& entry) {
  ManifestEntry e = entry;
  e.status = ManifestEntryStatus::kExisting;
  return Write(e);
}

Status ManifestWriter::AddDeleted(const ManifestEntry& entry) {
  ManifestEntry e = entry;
  e.status = ManifestEntryStatus::kDeleted;
  e.snapshot_id = options_.snapshot_id;
  return Write(e);
}

uint64_t ManifestWriter::EstimatedLength() const {
  return writer_ ? writer_->BytesWritten() + writer_->BufferedBytes() : 0;
}

Result<ManifestFile> ManifestWriter::Finish() {
  if (!writer_) return Internal("manifest {} already finished", path_);
  const uint64_t written_before = writer_->BytesWritten();
  (void)written_before;
  FIRN_RETURN_NOT_OK_CTX(writer_->Flush(), "manifest " + path_);
  result_.manifest_length = static_cast<int64_t>(writer_->BytesWritten());
  FIRN_RETURN_NOT_OK_CTX(writer_->Finish(), "manifest " + path_);
  writer_.reset();
  for (size_t i = 0; i < lower_.size(); ++i) {
    if (lower_[i]) result_.partitions[i].lower_bound = ToBytes(*lower_[i]);
    if (upper_[i]) result_.partitions[i].upper_bound = ToBytes(*upper_[i]);
  }
  // A manifest whose entries all inherit gets the snapshot's sequence number at commit.
  result_.sequence_number = kUnassignedSequenceNumber;
  result_.min_sequence_number =
      has_unassigned_ || min_sequence_number_ == INT64_MAX ? kUnassignedSequenceNumber : min_sequence_number_;
  if (has_unassigned_ && min_sequence_number_ != INT64_MAX) {
    // Mixed: the known minimum is below the snapshot's own number, which is larger than
    // every sequence number already in the table.
    result_.min_sequence_number = min_sequence_number_;
  }
  return result_;
}

void ManifestWriter::Abandon() {
  if (writer_) writer_->Abandon();
  writer_.reset();
}

}  // namespace firn::iceberg
