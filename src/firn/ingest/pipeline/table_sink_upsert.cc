// TableSink's upsert mode (docs/upserts.md): the key, the spec equality deletes are
// written in, the upsert writer, and decoding a record into a change. The rest of the
// sink (offsets, commits, appends) is in table_sink.cc.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "firn/common/logging.h"
#include "firn/common/macros.h"
#include "firn/iceberg/manifest/manifest_reader.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/ingest/pipeline/table_sink.h"

namespace firn::ingest {

Status TableSink::StartUpsertWriter() {
  const iceberg::TableMetadata& m = *state_.metadata;
  FIRN_ASSIGN_OR_RETURN(iceberg::DataWriterOptions options,
                        iceberg::DataWriterOptionsFromTable(m, *decoder_->schema()));
  options.memory_budget_bytes = options_.memory_budget_bytes;
  writer_metadata_ = state_.metadata;
  writer_schema_ = schema_;
  FIRN_ASSIGN_OR_RETURN(upsert_, UpsertWriter::Make(io_, *writer_schema_, writer_metadata_->DefaultSpec(),
                                                    *delete_spec_, key_ids_, std::move(options)));
  return OkStatus();
}

namespace {

bool SourcesAreKeys(const iceberg::PartitionSpec& spec, const std::vector<int32_t>& key_ids) {
  for (const iceberg::PartitionField& f : spec.fields) {
    if (f.transform.kind == iceberg::TransformKind::kVoid) continue;
    if (std::find(key_ids.begin(), key_ids.end(), f.source_id.value()) == key_ids.end()) return false;
  }
  return true;
}

// The spec ids of the current snapshot's live data files (one manifest list read). A
// partitioned equality delete applies only to data files of its own spec, so deletes are
// scoped to partitions only when every live data file is in the default spec.
Result<std::set<int32_t>> DataSpecIds(io::FileIO& io, const iceberg::TableMetadata& m) {
  std::set<int32_t> ids;
  const iceberg::Snapshot* current = m.CurrentSnapshot();
  if (current == nullptr) return ids;
  FIRN_ASSIGN_OR_RETURN(auto manifests, iceberg::ReadManifestList(io, current->manifest_list));
  for (const iceberg::ManifestFile& mf : manifests) {
    if (mf.content == iceberg::ManifestContent::kData && mf.live_files_count() > 0) ids.insert(mf.partition_spec_id);
  }
  return ids;
}

}  // namespace

// Upsert mode: resolves the key (config over table), the decoder of deleted keys, and the
// spec equality deletes are written in (see upsert_writer.h). A table partitioned by a
// column outside the key gets an unpartitioned spec added, once, for global deletes.
Status TableSink::UseKeys(const iceberg::Schema& schema) {
  std::vector<int32_t> ids;
  if (!options_.key_columns.empty()) {
    for (const std::string& column : options_.key_columns) {
      const iceberg::NestedField* f = schema.FindField(column);
      if (f == nullptr) return InvalidArgument("{}: id-columns names '{}', which is not a column of the table", name(), column);
      ids.push_back(f->id.value());
    }
  } else {
    for (FieldId id : schema.identifier_field_ids()) ids.push_back(id.value());
  }
  if (ids.empty()) {
    return InvalidArgument("{}: upsert = true needs a key: set id-columns in the config or identifier fields on the "
                           "table (identifier-field-ids)", name());
  }
  for (int32_t id : ids) {
    const iceberg::NestedField* f = schema.FindField(FieldId(id));
    if (f != nullptr && !f->required) {
      return InvalidArgument("{}: key column '{}' is optional; identifier fields must be required (not null)",
                             name(), f->name);
    }
  }
  FIRN_ASSIGN_OR_RETURN(KeyEncoder keys, KeyEncoder::Make(schema, ids));
  JsonRecordDecoder::Options decode = options_.decode;
  decode.reject_unknown_fields = false;  // a delete's row image has every column; only the key is read
  auto key_decoder = JsonRecordDecoder::Make(keys.key_schema(), decode);
  if (!key_decoder) return std::unexpected(std::move(key_decoder.error()).WithContext(name()));
  key_decoder_ = std::move(*key_decoder);
  key_batch_ = key_decoder_->MakeBatch();
  key_ids_ = std::move(ids);
  if (!change_decoder_) {
    auto cdc = ChangeDecoder::Make(options_.cdc);
    if (!cdc) return std::unexpected(std::move(cdc.error()).WithContext(name()));
    change_decoder_ = std::move(*cdc);
  }
  if (upsert_) return OkStatus();  // the writer holds on to the delete spec
  const iceberg::TableMetadata& m = *state_.metadata;
  auto data_specs = DataSpecIds(io_, m);
  if (!data_specs) return std::unexpected(std::move(data_specs.error()).WithContext(name()));
  const bool one_spec = data_specs->empty() || (data_specs->size() == 1 && *data_specs->begin() == m.default_spec_id);
  if (SourcesAreKeys(m.DefaultSpec(), key_ids_) && one_spec) {
    delete_spec_ = m.DefaultSpec();
    return OkStatus();
  }
  FIRN_LOG(kInfo, "{}: equality deletes are written unpartitioned and apply to every partition: {}", name(),
           one_spec ? fmt::format("the partition spec uses columns outside the key ({})", keys.KeyNames())
                    : fmt::format("live data files were written under partition spec(s) {}, and the table's "
                                  "spec is now {}", fmt::join(*data_specs, ", "), m.default_spec_id));
  for (const iceberg::PartitionSpec& spec : m.partition_specs) {
    if (spec.IsUnpartitioned()) {
      delete_spec_ = spec;
      return OkStatus();
    }
  }
  // Add an unpartitioned spec (not the default: data stays partitioned) in a commit of
  // its own, before any data needs it.
  iceberg::TableMetadataBuilder builder(m, state_.metadata_location);
  builder.AddPartitionSpec(iceberg::PartitionSpec{});
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  auto updated = std::move(builder).Build(now_ms);
  if (!updated) return std::unexpected(std::move(updated.error()).WithContext(name()));
  auto committed = ops_.Commit(state_, *updated);
  if (!committed) return std::unexpected(std::move(committed.error()).WithContext(name()));
  state_ = std::move(*committed);
  for (const iceberg::PartitionSpec& spec : state_.metadata->partition_specs) {
    if (spec.IsUnpartitioned()) delete_spec_ = spec;
  }
  if (!delete_spec_) return Internal("{}: the unpartitioned spec was not added", name());
  return OkStatus();
}

// Upsert mode: the record says what changed (cdc options); the change goes to batch_
// (a row that replaces its key's row) or key_batch_ (a key whose row goes).
Status TableSink::AppendChange(const SourceRecord& record) {
  auto change = change_decoder_->Decode(record.value, record.key);
  if (!change) return std::unexpected(std::move(change.error()));
  switch (change->op) {
    case ChangeOp::kSkip:
      return OkStatus();
    case ChangeOp::kUpsert:
      FIRN_RETURN_NOT_OK(AppendRow(change->row, record));
      changes_.push_back({.is_delete = false, .row = batch_.num_rows - 1});
      break;
    case ChangeOp::kDelete: {
      const int64_t row = key_batch_.num_rows;
      if (Status s = key_decoder_->AppendLine(change->row, &key_batch_); !s) {
        return std::unexpected(WithoutLine(s.error()).WithContext("the key of a delete"));
      }
      if (key_batch_.num_rows == row) return InvalidArgument("a delete without a key (no JSON object)");
      changes_.push_back({.is_delete = true, .row = row});
      if (record.timestamp_ms > max_kafka_timestamp_ms_) max_kafka_timestamp_ms_ = record.timestamp_ms;
      break;
    }
  }
  // The database's commit time of the change is the event time of a change stream.
  if (change->source_ts_ms >= 0) max_event_time_us_ = std::max(max_event_time_us_, change->source_ts_ms * 1000);
  return OkStatus();
}

}  // namespace firn::ingest
