#include "firn/iceberg/metadata_tables/metadata_tables.h"

#include <map>
#include <set>
#include <span>

#include <fmt/format.h>

#include "firn/common/json_writer.h"
#include "firn/common/macros.h"
#include "firn/iceberg/manifest/manifest_reader.h"
#include "firn/iceberg/types/literal_bytes.h"
#include "firn/iceberg/types/literal_json.h"
#include "firn/iceberg/types/temporal.h"

namespace firn::iceberg {

namespace {

constexpr std::string_view kNames[] = {"snapshots", "history",    "files",   "data_files",
                                       "delete_files", "manifests", "partitions", "entries",
                                       "refs",      "metadata_log_entries"};

std::string Str(std::string_view s) {
  std::string out;
  JsonWriter::AppendEscaped(out, s);
  return out;
}
std::string Num(int64_t v) { return std::to_string(v); }
std::string Null() { return "null"; }
std::string Bool(bool b) { return b ? "true" : "false"; }
std::string Ts(int64_t ms) { return Str(FormatTimestamp(ms * 1000, false, true)); }

std::string MapJson(const std::map<std::string, std::string>& m) {
  JsonWriter w;
  w.BeginObject();
  for (const auto& [k, v] : m) {
    w.Key(k);
    w.String(v);
  }
  w.EndObject();
  return std::move(w).Take();
}

std::string IntMapJson(const std::map<int32_t, int64_t>& m) {
  if (m.empty()) return Null();
  JsonWriter w;
  w.BeginObject();
  for (const auto& [k, v] : m) {
    w.Key(std::to_string(k));
    w.Int(v);
  }
  w.EndObject();
  return std::move(w).Take();
}

// Bounds are shown decoded when the field's type is known, else as hex.
std::string BoundsJson(const std::map<int32_t, std::string>& m, const Schema& schema) {
  if (m.empty()) return Null();
  JsonWriter w;
  w.BeginObject();
  for (const auto& [k, v] : m) {
    w.Key(std::to_string(k));
    const NestedField* f = schema.FindField(FieldId(k));
    auto lit = f != nullptr && f->type.is_primitive() ? FromBytes(f->type, v) : Result<Literal>(Literal::Null(Type::Binary()));
    if (lit && !lit->is_null()) {
      w.String(lit->ToString());
    } else {
      std::string hex;
      for (unsigned char c : v) hex += fmt::format("{:02x}", c);
      w.String(hex);
    }
  }
  w.EndObject();
  return std::move(w).Take();
}

std::string PartitionJson(const PartitionSpec* spec, const std::vector<Literal>& values) {
  JsonWriter w;
  w.BeginObject();
  for (size_t i = 0; i < values.size(); ++i) {
    w.Key(spec != nullptr && i < spec->fields.size() ? spec->fields[i].name : fmt::format("_{}", i));
    if (values[i].is_null()) {
      w.Null();
    } else if (spec != nullptr && i < spec->fields.size()) {
      w.String(spec->fields[i].transform.ToHumanString(values[i]));
    } else {
      w.String(values[i].ToString());
    }
  }
  w.EndObject();
  return std::move(w).Take();
}

std::vector<std::string> FileColumns() {
  return {"content", "file_path", "file_format", "spec_id", "partition", "record_count",
          "file_size_in_bytes", "column_sizes", "value_counts", "null_value_counts",
          "nan_value_counts", "lower_bounds", "upper_bounds", "split_offsets", "equality_ids",
          "sort_order_id"};
}

std::vector<std::string> FileRow(const TableMetadata& m, const DataFile& f) {
  std::string offsets = "[", eq = "[";
  for (size_t i = 0; i < f.split_offsets.size(); ++i) offsets += (i ? "," : "") + Num(f.split_offsets[i]);
  for (size_t i = 0; i < f.equality_ids.size(); ++i) eq += (i ? "," : "") + Num(f.equality_ids[i]);
  return {Num(static_cast<int>(f.content)), Str(f.file_path), Str(FileFormatName(f.file_format)),
          Num(f.spec_id), PartitionJson(m.SpecById(f.spec_id), f.partition), Num(f.record_count),
          Num(f.file_size_in_bytes), IntMapJson(f.column_sizes), IntMapJson(f.value_counts),
          IntMapJson(f.null_value_counts), IntMapJson(f.nan_value_counts),
          BoundsJson(f.lower_bounds, m.CurrentSchema()), BoundsJson(f.upper_bounds, m.CurrentSchema()),
          f.split_offsets.empty() ? Null() : offsets + "]", f.equality_ids.empty() ? Null() : eq + "]",
          f.sort_order_id ? Num(*f.sort_order_id) : Null()};
}

struct CurrentFiles {
  std::vector<ManifestFile> manifests;
  std::vector<std::vector<ManifestEntry>> entries;  // per manifest
};

Result<CurrentFiles> ReadCurrent(io::FileIO& io, const TableMetadata& m) {
  CurrentFiles out;
  const Snapshot* s = m.CurrentSnapshot();
  if (s == nullptr) return out;
  FIRN_ASSIGN_OR_RETURN(out.manifests, ReadManifestList(io, s->manifest_list));
  for (const ManifestFile& mf : out.manifests) {
    FIRN_ASSIGN_OR_RETURN(auto e, ReadManifest(io, mf));
    out.entries.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::span<const std::string_view> MetadataTableNames() { return kNames; }

Result<MetadataTable> BuildMetadataTable(std::string_view name, io::FileIO& io, const TableMetadata& m,
                                         const std::string& metadata_location) {
  MetadataTable t;
  if (name == "snapshots") {
    t.columns = {"committed_at", "snapshot_id", "parent_id", "operation", "manifest_list", "summary"};
    for (const Snapshot& s : m.snapshots) {
      t.rows.push_back({Ts(s.timestamp_ms), Num(s.snapshot_id.value()),
                        s.parent_snapshot_id ? Num(s.parent_snapshot_id->value()) : Null(),
                        Str(SnapshotOperationName(s.operation)), Str(s.manifest_list), MapJson(s.summary)});
    }
  } else if (name == "history") {
    t.columns = {"made_current_at", "snapshot_id", "parent_id", "is_current_ancestor"};
    std::set<int64_t> ancestors;
    if (m.current_snapshot_id) {
      for (const Snapshot* s : m.Ancestors(*m.current_snapshot_id)) ancestors.insert(s->snapshot_id.value());
    }
    for (const SnapshotLogEntry& e : m.snapshot_log) {
      const Snapshot* s = m.SnapshotById(e.snapshot_id);
      t.rows.push_back({Ts(e.timestamp_ms), Num(e.snapshot_id.value()),
                        s != nullptr && s->parent_snapshot_id ? Num(s->parent_snapshot_id->value()) : Null(),
                        Bool(ancestors.contains(e.snapshot_id.value()))});
    }
  } else if (name == "files" || name == "data_files" || name == "delete_files") {
    t.columns = FileColumns();
    FIRN_ASSIGN_OR_RETURN(CurrentFiles cur, ReadCurrent(io, m));
    for (const auto& entries : cur.entries) {
      for (const ManifestEntry& e : entries) {
        if (e.status == ManifestEntryStatus::kDeleted) continue;
        const bool data = e.data_file.content == DataFileContent::kData;
        if ((name == "data_files" && !data) || (name == "delete_files" && data)) continue;
        t.rows.push_back(FileRow(m, e.data_file));
      }
    }
  } else if (name == "entries") {
    t.columns = {"status", "snapshot_id", "sequence_number", "file_sequence_number", "data_file"};
    FIRN_ASSIGN_OR_RETURN(CurrentFiles cur, ReadCurrent(io, m));
    const std::vector<std::string> cols = FileColumns();
    for (const auto& entries : cur.entries) {
      for (const ManifestEntry& e : entries) {
        std::vector<std::string> f = FileRow(m, e.data_file);
        std::string df = "{";
        for (size_t i = 0; i < cols.size(); ++i) df += (i ? "," : "") + Str(cols[i]) + ":" + f[i];
        df += "}";
        t.rows.push_back({Num(static_cast<int>(e.status)), e.snapshot_id ? Num(e.snapshot_id->value()) : Null(),
                          e.sequence_number ? Num(e.sequence_number->value()) : Null(),
                          e.file_sequence_number ? Num(e.file_sequence_number->value()) : Null(), df});
      }
    }
  } else if (name == "manifests") {
    t.columns = {"content", "path", "length", "partition_spec_id", "added_snapshot_id",
                 "added_data_files_count", "existing_data_files_count", "deleted_data_files_count",
                 "added_delete_files_count", "existing_delete_files_count", "deleted_delete_files_count",
                 "partition_summaries"};
    const Snapshot* s = m.CurrentSnapshot();
    if (s != nullptr) {
      FIRN_ASSIGN_OR_RETURN(auto manifests, ReadManifestList(io, s->manifest_list));
      for (const ManifestFile& mf : manifests) {
        const bool data = mf.content == ManifestContent::kData;
        std::string sums = "[";
        const PartitionSpec* spec = m.SpecById(mf.partition_spec_id);
        for (size_t i = 0; i < mf.partitions.size(); ++i) {
          const PartitionFieldSummary& p = mf.partitions[i];
          auto bound = [&](const std::optional<std::string>& b) -> std::string {
            if (!b) return Null();
            if (spec != nullptr && i < spec->fields.size()) {
              auto type = spec->PartitionType(m.CurrentSchema());
              if (type) {
                auto lit = FromBytes(type->fields()[i].type, *b);
                if (lit) return Str(spec->fields[i].transform.ToHumanString(*lit));
              }
            }
            return Null();
          };
          sums += fmt::format("{}{{\"contains_null\":{},\"contains_nan\":{},\"lower_bound\":{},\"upper_bound\":{}}}",
                              i ? "," : "", Bool(p.contains_null), p.contains_nan ? Bool(*p.contains_nan) : Null(),
                              bound(p.lower_bound), bound(p.upper_bound));
        }
        sums += "]";
        t.rows.push_back({Num(static_cast<int>(mf.content)), Str(mf.manifest_path), Num(mf.manifest_length),
                          Num(mf.partition_spec_id), Num(mf.added_snapshot_id.value()),
                          Num(data ? mf.added_files_count : 0), Num(data ? mf.existing_files_count : 0),
                          Num(data ? mf.deleted_files_count : 0), Num(data ? 0 : mf.added_files_count),
                          Num(data ? 0 : mf.existing_files_count), Num(data ? 0 : mf.deleted_files_count), sums});
      }
    }
  } else if (name == "partitions") {
    t.columns = {"partition", "spec_id", "record_count", "file_count", "total_data_file_size_in_bytes",
                 "position_delete_record_count", "position_delete_file_count",
                 "equality_delete_record_count", "equality_delete_file_count", "last_updated_at",
                 "last_updated_snapshot_id"};
    struct Agg {
      int32_t spec_id = 0;
      int64_t records = 0, files = 0, bytes = 0, pos_records = 0, pos_files = 0, eq_records = 0, eq_files = 0;
      int64_t last_ms = -1;
      int64_t last_snapshot = 0;
    };
    std::map<std::string, Agg> by_partition;
    FIRN_ASSIGN_OR_RETURN(CurrentFiles cur, ReadCurrent(io, m));
    for (const auto& entries : cur.entries) {
      for (const ManifestEntry& e : entries) {
        if (e.status == ManifestEntryStatus::kDeleted) continue;
        const DataFile& f = e.data_file;
        std::string key = fmt::format("{}|{}", f.spec_id, PartitionJson(m.SpecById(f.spec_id), f.partition));
        Agg& a = by_partition[key];
        a.spec_id = f.spec_id;
        if (f.content == DataFileContent::kData) {
          a.records += f.record_count;
          ++a.files;
          a.bytes += f.file_size_in_bytes;
        } else if (f.content == DataFileContent::kPositionDeletes) {
          a.pos_records += f.record_count;
          ++a.pos_files;
        } else {
          a.eq_records += f.record_count;
          ++a.eq_files;
        }
        const Snapshot* s = e.snapshot_id ? m.SnapshotById(*e.snapshot_id) : nullptr;
        if (s != nullptr && s->timestamp_ms > a.last_ms) {
          a.last_ms = s->timestamp_ms;
          a.last_snapshot = s->snapshot_id.value();
        }
      }
    }
    for (const auto& [key, a] : by_partition) {
      t.rows.push_back({key.substr(key.find('|') + 1), Num(a.spec_id), Num(a.records), Num(a.files), Num(a.bytes),
                        Num(a.pos_records), Num(a.pos_files), Num(a.eq_records), Num(a.eq_files),
                        a.last_ms >= 0 ? Ts(a.last_ms) : Null(), a.last_ms >= 0 ? Num(a.last_snapshot) : Null()});
    }
  } else if (name == "refs") {
    t.columns = {"name", "type", "snapshot_id", "max_reference_age_in_ms", "min_snapshots_to_keep",
                 "max_snapshot_age_in_ms"};
    for (const auto& [ref_name, r] : m.refs) {
      t.rows.push_back({Str(ref_name), Str(r.type == SnapshotRefType::kBranch ? "BRANCH" : "TAG"),
                        Num(r.snapshot_id.value()), r.max_ref_age_ms ? Num(*r.max_ref_age_ms) : Null(),
                        r.min_snapshots_to_keep ? Num(*r.min_snapshots_to_keep) : Null(),
                        r.max_snapshot_age_ms ? Num(*r.max_snapshot_age_ms) : Null()});
    }
  } else if (name == "metadata_log_entries") {
    t.columns = {"timestamp", "file", "latest_snapshot_id", "latest_schema_id", "latest_sequence_number"};
    // The snapshot that was current at each file's time, from the snapshot log.
    auto at = [&](int64_t ms) -> const Snapshot* {
      auto s = m.SnapshotAsOf(ms);
      return s ? *s : nullptr;
    };
    auto row = [&](int64_t ms, const std::string& file) {
      const Snapshot* s = at(ms);
      t.rows.push_back({Ts(ms), Str(file), s ? Num(s->snapshot_id.value()) : Null(),
                        s && s->schema_id ? Num(*s->schema_id) : Null(),
                        s ? Num(s->sequence_number.value()) : Null()});
    };
    for (const MetadataLogEntry& e : m.metadata_log) row(e.timestamp_ms, e.metadata_file);
    row(m.last_updated_ms, metadata_location);
  } else {
    std::string names;
    for (std::string_view n : kNames) names += (names.empty() ? "" : ", ") + std::string(n);
    return InvalidArgument("unknown metadata table '{}' (expected one of: {})", name, names);
  }
  return t;
}

}  // namespace firn::iceberg
