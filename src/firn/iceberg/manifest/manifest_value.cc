#include "firn/iceberg/manifest/manifest_value.h"

#include <unordered_map>

#include "firn/common/macros.h"
#include "firn/iceberg/manifest/manifest_avro_schema.h"

namespace firn::iceberg {

namespace {

avro::Value Null() { return avro::Value::Null().WithBranch(0); }
avro::Value Some(avro::Value v) { return std::move(v).WithBranch(1); }

avro::Value LongMap(const std::map<int32_t, int64_t>& m) {
  if (m.empty()) return Null();
  std::vector<avro::Value> items;
  items.reserve(m.size());
  for (const auto& [k, v] : m) items.push_back(avro::Value::Record({avro::Value::Int(k), avro::Value::Long(v)}));
  return Some(avro::Value::Array(std::move(items)));
}

avro::Value BytesMap(const std::map<int32_t, std::string>& m) {
  if (m.empty()) return Null();
  std::vector<avro::Value> items;
  items.reserve(m.size());
  for (const auto& [k, v] : m) items.push_back(avro::Value::Record({avro::Value::Int(k), avro::Value::Bytes(v)}));
  return Some(avro::Value::Array(std::move(items)));
}

avro::Value OptLong(const std::optional<int64_t>& v) {
  return v ? Some(avro::Value::Long(*v)) : Null();
}

// The index of the field with `id` (or, for files without ids, `name`) in a record node.
std::optional<size_t> FieldSlot(const avro::Node& record, int32_t id, std::string_view name) {
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (record.fields[i].FieldId() == id) return i;
  }
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (!record.fields[i].FieldId() && record.fields[i].name == name) return i;
  }
  return std::nullopt;
}

// The record node under a field's type, looking through a union with null.
const avro::Node* RecordOf(const avro::Node* n) {
  if (n->type == avro::Type::kUnion) {
    for (const avro::Node* b : n->children) {
      if (b->type == avro::Type::kRecord) return b;
    }
    return nullptr;
  }
  return n->type == avro::Type::kRecord ? n : nullptr;
}

const avro::Value* At(const avro::Value& record, const std::optional<size_t>& slot) {
  if (!slot || *slot >= record.fields().size()) return nullptr;
  const avro::Value* v = &record.fields()[*slot];
  return v->is_null() ? nullptr : v;
}

Result<int64_t> AsLong(const avro::Value& v, std::string_view what) {
  if (v.type() == avro::Type::kLong) return v.long_value();
  if (v.type() == avro::Type::kInt) return int64_t{v.int_value()};
  return Corrupt("{}: expected a long, got Avro {}", what, avro::TypeName(v.type()));
}

Result<int32_t> AsInt(const avro::Value& v, std::string_view what) {
  if (v.type() == avro::Type::kInt) return v.int_value();
  return Corrupt("{}: expected an int, got Avro {}", what, avro::TypeName(v.type()));
}

template <typename T>
Status ReadIntMap(const avro::Value* v, std::string_view what, std::map<int32_t, T>* out) {
  if (v == nullptr) return OkStatus();
  if (v->type() != avro::Type::kArray) return Corrupt("{}: expected an array of key/value records", what);
  for (const avro::Value& kv : v->items()) {
    if (kv.type() != avro::Type::kRecord || kv.fields().size() < 2) {
      return Corrupt("{}: expected key/value records", what);
    }
    FIRN_ASSIGN_OR_RETURN(int32_t key, AsInt(kv.fields()[0], what));
    if constexpr (std::is_same_v<T, int64_t>) {
      FIRN_ASSIGN_OR_RETURN(int64_t val, AsLong(kv.fields()[1], what));
      (*out)[key] = val;
    } else {
      const avro::Value& b = kv.fields()[1];
      if (b.type() != avro::Type::kBytes) return Corrupt("{}: expected bytes values", what);
      (*out)[key] = b.bytes();
    }
  }
  return OkStatus();
}

}  // namespace

Result<avro::Value> ManifestEntryToAvro(const ManifestEntry& e, int32_t format_version) {
  const DataFile& f = e.data_file;
  const bool v2 = format_version >= 2;
  std::vector<avro::Value> partition;
  partition.reserve(f.partition.size());
  for (const Literal& lit : f.partition) {
    FIRN_ASSIGN_OR_RETURN(avro::Value v, LiteralToAvro(lit));
    partition.push_back(std::move(v));
  }
  std::vector<avro::Value> df;
  if (v2) df.push_back(avro::Value::Int(static_cast<int32_t>(f.content)));
  df.push_back(avro::Value::String(f.file_path));
  df.push_back(avro::Value::String(std::string(FileFormatName(f.file_format))));
  df.push_back(avro::Value::Record(std::move(partition)));
  df.push_back(avro::Value::Long(f.record_count));
  df.push_back(avro::Value::Long(f.file_size_in_bytes));
  if (!v2) df.push_back(avro::Value::Long(64 * 1024 * 1024));  // block_size_in_bytes: obsolete
  df.push_back(LongMap(f.column_sizes));
  df.push_back(LongMap(f.value_counts));
  df.push_back(LongMap(f.null_value_counts));
  df.push_back(LongMap(f.nan_value_counts));
  df.push_back(BytesMap(f.lower_bounds));
  df.push_back(BytesMap(f.upper_bounds));
  df.push_back(f.key_metadata ? Some(avro::Value::Bytes(*f.key_metadata)) : Null());
  if (f.split_offsets.empty()) {
    df.push_back(Null());
  } else {
    std::vector<avro::Value> offs;
    for (int64_t o : f.split_offsets) offs.push_back(avro::Value::Long(o));
    df.push_back(Some(avro::Value::Array(std::move(offs))));
  }
  if (v2) {
    if (f.equality_ids.empty()) {
      df.push_back(Null());
    } else {
      std::vector<avro::Value> ids;
      for (int32_t id : f.equality_ids) ids.push_back(avro::Value::Int(id));
      df.push_back(Some(avro::Value::Array(std::move(ids))));
    }
  }
  df.push_back(f.sort_order_id ? Some(avro::Value::Int(*f.sort_order_id)) : Null());

  std::vector<avro::Value> entry;
  entry.push_back(avro::Value::Int(static_cast<int32_t>(e.status)));
  if (v2) {
    entry.push_back(OptLong(e.snapshot_id ? std::optional<int64_t>(e.snapshot_id->value()) : std::nullopt));
    entry.push_back(OptLong(e.sequence_number ? std::optional<int64_t>(e.sequence_number->value()) : std::nullopt));
    entry.push_back(OptLong(e.file_sequence_number ? std::optional<int64_t>(e.file_sequence_number->value())
                                                   : std::nullopt));
  } else {
    entry.push_back(avro::Value::Long(e.snapshot_id ? e.snapshot_id->value() : 0));
  }
  entry.push_back(avro::Value::Record(std::move(df)));
  return avro::Value::Record(std::move(entry));
}

avro::Value ManifestFileToAvro(const ManifestFile& m, int32_t format_version) {
  const bool v2 = format_version >= 2;
  auto maybe = [&](avro::Value v) { return v2 ? std::move(v) : Some(std::move(v)); };
  std::vector<avro::Value> f;
  f.push_back(avro::Value::String(m.manifest_path));
  f.push_back(avro::Value::Long(m.manifest_length));
  f.push_back(avro::Value::Int(m.partition_spec_id));
  if (v2) {
    f.push_back(avro::Value::Int(static_cast<int32_t>(m.content)));
    f.push_back(avro::Value::Long(m.sequence_number));
    f.push_back(avro::Value::Long(m.min_sequence_number));
  }
  f.push_back(maybe(avro::Value::Long(m.added_snapshot_id.value())));
  f.push_back(maybe(avro::Value::Int(m.added_files_count)));
  f.push_back(maybe(avro::Value::Int(m.existing_files_count)));
  f.push_back(maybe(avro::Value::Int(m.deleted_files_count)));
  f.push_back(maybe(avro::Value::Long(m.added_rows_count)));
  f.push_back(maybe(avro::Value::Long(m.existing_rows_count)));
  f.push_back(maybe(avro::Value::Long(m.deleted_rows_count)));
  std::vector<avro::Value> parts;
  for (const PartitionFieldSummary& s : m.partitions) {
    parts.push_back(avro::Value::Record({
        avro::Value::Boolean(s.contains_null),
        s.contains_nan ? Some(avro::Value::Boolean(*s.contains_nan)) : Null(),
        s.lower_bound ? Some(avro::Value::Bytes(*s.lower_bound)) : Null(),
        s.upper_bound ? Some(avro::Value::Bytes(*s.upper_bound)) : Null(),
    }));
  }
  f.push_back(Some(avro::Value::Array(std::move(parts))));
  f.push_back(m.key_metadata ? Some(avro::Value::Bytes(*m.key_metadata)) : Null());
  return avro::Value::Record(std::move(f));
}

struct ManifestEntryDecoder::Slots {
  std::optional<size_t> status, snapshot_id, sequence_number, file_sequence_number, data_file;
  std::optional<size_t> content, file_path, file_format, partition, record_count, file_size,
      column_sizes, value_counts, null_value_counts, nan_value_counts, lower_bounds,
      upper_bounds, key_metadata, split_offsets, equality_ids, sort_order_id;
  std::vector<Type> partition_types;
};

Result<ManifestEntryDecoder> ManifestEntryDecoder::Make(const avro::Schema& schema) {
  auto slots = std::make_shared<Slots>();
  const avro::Node& root = schema.root();
  if (root.type != avro::Type::kRecord) return Corrupt("manifest schema: the root is not a record");
  slots->status = FieldSlot(root, 0, "status");
  slots->snapshot_id = FieldSlot(root, 1, "snapshot_id");
  slots->sequence_number = FieldSlot(root, 3, "sequence_number");
  slots->file_sequence_number = FieldSlot(root, 4, "file_sequence_number");
  slots->data_file = FieldSlot(root, 2, "data_file");
  if (!slots->status || !slots->data_file) {
    return Corrupt("manifest schema: no status (field id 0) or data_file (field id 2) field");
  }
  const avro::Node* df = RecordOf(root.fields[*slots->data_file].type);
  if (df == nullptr) return Corrupt("manifest schema: data_file is not a record");
  slots->content = FieldSlot(*df, 134, "content");
  slots->file_path = FieldSlot(*df, 100, "file_path");
  slots->file_format = FieldSlot(*df, 101, "file_format");
  slots->partition = FieldSlot(*df, 102, "partition");
  slots->record_count = FieldSlot(*df, 103, "record_count");
  slots->file_size = FieldSlot(*df, 104, "file_size_in_bytes");
  slots->column_sizes = FieldSlot(*df, 108, "column_sizes");
  slots->value_counts = FieldSlot(*df, 109, "value_counts");
  slots->null_value_counts = FieldSlot(*df, 110, "null_value_counts");
  slots->nan_value_counts = FieldSlot(*df, 137, "nan_value_counts");
  slots->lower_bounds = FieldSlot(*df, 125, "lower_bounds");
  slots->upper_bounds = FieldSlot(*df, 128, "upper_bounds");
  slots->key_metadata = FieldSlot(*df, 131, "key_metadata");
  slots->split_offsets = FieldSlot(*df, 132, "split_offsets");
  slots->equality_ids = FieldSlot(*df, 135, "equality_ids");
  slots->sort_order_id = FieldSlot(*df, 140, "sort_order_id");
  if (!slots->file_path || !slots->partition || !slots->record_count || !slots->file_size) {
    return Corrupt("manifest schema: data_file lacks file_path, partition, record_count or "
                   "file_size_in_bytes");
  }
  const avro::Node* part = RecordOf(df->fields[*slots->partition].type);
  if (part == nullptr) return Corrupt("manifest schema: partition is not a record");
  for (const avro::Field& f : part->fields) {
    auto t = IcebergTypeOfAvro(*f.type);
    if (!t) return std::unexpected(std::move(t.error()).WithContext("partition field '" + f.name + "'"));
    slots->partition_types.push_back(*t);
  }
  ManifestEntryDecoder d;
  d.slots_ = std::move(slots);
  return d;
}

Result<ManifestEntry> ManifestEntryDecoder::Decode(const avro::Value& record) const {
  const Slots& s = *slots_;
  ManifestEntry e;
  const avro::Value* status = At(record, s.status);
  if (status == nullptr) return Corrupt("manifest entry without a status");
  FIRN_ASSIGN_OR_RETURN(int32_t st, AsInt(*status, "status"));
  if (st < 0 || st > 2) return Corrupt("manifest entry status {} (expected 0, 1 or 2)", st);
  e.status = static_cast<ManifestEntryStatus>(st);
  if (const avro::Value* v = At(record, s.snapshot_id)) {
    FIRN_ASSIGN_OR_RETURN(int64_t id, AsLong(*v, "snapshot_id"));
    e.snapshot_id = SnapshotId(id);
  }
  if (const avro::Value* v = At(record, s.sequence_number)) {
    FIRN_ASSIGN_OR_RETURN(int64_t n, AsLong(*v, "sequence_number"));
    e.sequence_number = SequenceNumber(n);
  }
  if (const avro::Value* v = At(record, s.file_sequence_number)) {
    FIRN_ASSIGN_OR_RETURN(int64_t n, AsLong(*v, "file_sequence_number"));
    e.file_sequence_number = SequenceNumber(n);
  }
  const avro::Value* dfv = At(record, s.data_file);
  if (dfv == nullptr || dfv->type() != avro::Type::kRecord) return Corrupt("manifest entry without data_file");
  DataFile& f = e.data_file;
  if (const avro::Value* v = At(*dfv, s.content)) {
    FIRN_ASSIGN_OR_RETURN(int32_t c, AsInt(*v, "content"));
    if (c < 0 || c > 2) return Corrupt("data_file.content {} (expected 0, 1 or 2)", c);
    f.content = static_cast<DataFileContent>(c);
  }
  const avro::Value* path = At(*dfv, s.file_path);
  if (path == nullptr || path->type() != avro::Type::kString) return Corrupt("data_file.file_path missing");
  f.file_path = path->string();
  if (const avro::Value* v = At(*dfv, s.file_format); v != nullptr && v->type() == avro::Type::kString) {
    auto fmt = ParseFileFormat(v->string());
    if (!fmt) return std::unexpected(std::move(fmt.error()).WithContext(f.file_path));
    f.file_format = *fmt;
  }
  const avro::Value* part = At(*dfv, s.partition);
  if (part == nullptr || part->type() != avro::Type::kRecord ||
      part->fields().size() != s.partition_types.size()) {
    return Corrupt("{}: partition tuple does not match the manifest's partition struct", f.file_path);
  }
  for (size_t i = 0; i < s.partition_types.size(); ++i) {
    auto lit = LiteralFromAvro(s.partition_types[i], part->fields()[i]);
    if (!lit) return std::unexpected(std::move(lit.error()).WithContext(f.file_path));
    f.partition.push_back(std::move(*lit));
  }
  FIRN_ASSIGN_OR_RETURN(f.record_count, AsLong(*At(*dfv, s.record_count), "record_count"));
  FIRN_ASSIGN_OR_RETURN(f.file_size_in_bytes, AsLong(*At(*dfv, s.file_size), "file_size_in_bytes"));
  FIRN_RETURN_NOT_OK(ReadIntMap(At(*dfv, s.column_sizes), "column_sizes", &f.column_sizes));
  FIRN_RETURN_NOT_OK(ReadIntMap(At(*dfv, s.value_counts), "value_counts", &f.value_counts));
  FIRN_RETURN_NOT_OK(ReadIntMap(At(*dfv, s.null_value_counts), "null_value_counts", &f.null_value_counts));
  FIRN_RETURN_NOT_OK(ReadIntMap(At(*dfv, s.nan_value_counts), "nan_value_counts", &f.nan_value_counts));
  FIRN_RETURN_NOT_OK(ReadIntMap(At(*dfv, s.lower_bounds), "lower_bounds", &f.lower_bounds));
  FIRN_RETURN_NOT_OK(ReadIntMap(At(*dfv, s.upper_bounds), "upper_bounds", &f.upper_bounds));
  if (const avro::Value* v = At(*dfv, s.key_metadata)) f.key_metadata = v->bytes();
  if (const avro::Value* v = At(*dfv, s.split_offsets); v != nullptr && v->type() == avro::Type::kArray) {
    for (const avro::Value& o : v->items()) {
      FIRN_ASSIGN_OR_RETURN(int64_t off, AsLong(o, "split_offsets"));
      f.split_offsets.push_back(off);
    }
  }
  if (const avro::Value* v = At(*dfv, s.equality_ids); v != nullptr && v->type() == avro::Type::kArray) {
    for (const avro::Value& o : v->items()) {
      FIRN_ASSIGN_OR_RETURN(int32_t id, AsInt(o, "equality_ids"));
      f.equality_ids.push_back(id);
    }
  }
  if (const avro::Value* v = At(*dfv, s.sort_order_id)) {
    FIRN_ASSIGN_OR_RETURN(int32_t id, AsInt(*v, "sort_order_id"));
    f.sort_order_id = id;
  }
  return e;
}

Result<std::vector<ManifestFile>> ManifestFilesFromAvro(const avro::Schema& schema,
                                                        const std::vector<avro::Value>& records) {
  const avro::Node& root = schema.root();
  if (root.type != avro::Type::kRecord) return Corrupt("manifest list schema: the root is not a record");
  auto path = FieldSlot(root, 500, "manifest_path");
  auto length = FieldSlot(root, 501, "manifest_length");
  auto spec = FieldSlot(root, 502, "partition_spec_id");
  auto content = FieldSlot(root, 517, "content");
  auto seq = FieldSlot(root, 515, "sequence_number");
  auto min_seq = FieldSlot(root, 516, "min_sequence_number");
  auto snap = FieldSlot(root, 503, "added_snapshot_id");
  auto added = FieldSlot(root, 504, "added_files_count");
  auto existing = FieldSlot(root, 505, "existing_files_count");
  auto deleted = FieldSlot(root, 506, "deleted_files_count");
  auto added_rows = FieldSlot(root, 512, "added_rows_count");
  auto existing_rows = FieldSlot(root, 513, "existing_rows_count");
  auto deleted_rows = FieldSlot(root, 514, "deleted_rows_count");
  auto partitions = FieldSlot(root, 507, "partitions");
  auto key = FieldSlot(root, 519, "key_metadata");
  if (!path || !length || !spec) {
    return Corrupt("manifest list schema: no manifest_path, manifest_length or partition_spec_id");
  }
  // The summary record's fields, by id: v1 lists written before contains_nan lack it.
  std::optional<size_t> contains_null, contains_nan, lower, upper;
  if (partitions) {
    const avro::Node* t = root.fields[*partitions].type;
    if (t->type == avro::Type::kUnion) {
      for (const avro::Node* b : t->children) {
        if (b->type == avro::Type::kArray) t = b;
      }
    }
    if (t->type == avro::Type::kArray) {
      if (const avro::Node* rec = RecordOf(&t->items())) {
        contains_null = FieldSlot(*rec, 509, "contains_null");
        contains_nan = FieldSlot(*rec, 518, "contains_nan");
        lower = FieldSlot(*rec, 510, "lower_bound");
        upper = FieldSlot(*rec, 511, "upper_bound");
      }
    }
  }
  std::vector<ManifestFile> out;
  out.reserve(records.size());
  for (const avro::Value& r : records) {
    ManifestFile m;
    const avro::Value* p = At(r, path);
    if (p == nullptr || p->type() != avro::Type::kString) return Corrupt("manifest list entry without a path");
    m.manifest_path = p->string();
    auto ctx = [&](Error e) { return std::unexpected(std::move(e).WithContext(m.manifest_path)); };
    auto get_long = [&](const std::optional<size_t>& slot, int64_t fallback, std::string_view what) -> Result<int64_t> {
      const avro::Value* v = At(r, slot);
      return v == nullptr ? Result<int64_t>(fallback) : AsLong(*v, what);
    };
    auto l = get_long(length, 0, "manifest_length");
    if (!l) return ctx(l.error());
    m.manifest_length = *l;
    auto sp = get_long(spec, 0, "partition_spec_id");
    if (!sp) return ctx(sp.error());
    m.partition_spec_id = static_cast<int32_t>(*sp);
    auto c = get_long(content, 0, "content");
    if (!c || *c < 0 || *c > 1) return ctx(c ? Error(ErrorKind::kCorrupt, "content must be 0 or 1") : c.error());
    m.content = static_cast<ManifestContent>(*c);
    auto s = get_long(seq, 0, "sequence_number");
    auto ms = get_long(min_seq, 0, "min_sequence_number");
    auto sid = get_long(snap, 0, "added_snapshot_id");
    auto a = get_long(added, 0, "added_files_count");
    auto e = get_long(existing, 0, "existing_files_count");
    auto d = get_long(deleted, 0, "deleted_files_count");
    auto ar = get_long(added_rows, 0, "added_rows_count");
    auto er = get_long(existing_rows, 0, "existing_rows_count");
    auto dr = get_long(deleted_rows, 0, "deleted_rows_count");
    for (auto* x : {&s, &ms, &sid, &a, &e, &d, &ar, &er, &dr}) {
      if (!*x) return ctx(x->error());
    }
    m.sequence_number = *s;
    m.min_sequence_number = *ms;
    m.added_snapshot_id = SnapshotId(*sid);
    m.added_files_count = static_cast<int32_t>(*a);
    m.existing_files_count = static_cast<int32_t>(*e);
    m.deleted_files_count = static_cast<int32_t>(*d);
    m.added_rows_count = *ar;
    m.existing_rows_count = *er;
    m.deleted_rows_count = *dr;
    if (const avro::Value* parts = At(r, partitions); parts != nullptr && parts->type() == avro::Type::kArray) {
      for (const avro::Value& ps : parts->items()) {
        if (ps.type() != avro::Type::kRecord) {
          return ctx(Error(ErrorKind::kCorrupt, "malformed partition field summary"));
        }
        PartitionFieldSummary sum;
        if (const avro::Value* v = At(ps, contains_null)) {
          sum.contains_null = v->type() == avro::Type::kBoolean && v->boolean();
        }
        if (const avro::Value* v = At(ps, contains_nan); v && v->type() == avro::Type::kBoolean) {
          sum.contains_nan = v->boolean();
        }
        if (const avro::Value* v = At(ps, lower); v && v->type() == avro::Type::kBytes) sum.lower_bound = v->bytes();
        if (const avro::Value* v = At(ps, upper); v && v->type() == avro::Type::kBytes) sum.upper_bound = v->bytes();
        m.partitions.push_back(std::move(sum));
      }
    }
    if (const avro::Value* k = At(r, key)) m.key_metadata = k->bytes();
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace firn::iceberg
