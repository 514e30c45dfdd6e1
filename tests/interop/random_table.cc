#include "random_table.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <set>

#include "firn/common/json_writer.h"
#include "firn/parquet/schema/iceberg_types.h"

namespace firn::interop {
namespace {

using parquet::ColumnVector;
using parquet::IcebergPrimitiveType;
using parquet::SchemaNode;
using P = IcebergPrimitiveType;

// An Iceberg type with its field ids, from which both the Parquet node and the Iceberg
// schema JSON are built.
struct Type {
  enum Kind { kPrimitive, kDecimal, kFixed, kStruct, kList, kMap } kind = kPrimitive;
  P prim = P::kInt;
  int precision = 0, scale = 0, length = 0;
  struct Field {
    int id;
    std::string name;
    bool required;
    std::shared_ptr<Type> type;
  };
  std::vector<Field> fields;  // struct fields; list: [element]; map: [key, value]
};

constexpr const char* kPrimNames[] = {"boolean", "int", "long", "float", "double", "date",
                                      "time", "timestamp", "timestamptz", "timestamp_ns",
                                      "timestamptz_ns", "string", "uuid", "binary"};

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  RandomTable Run() {
    RandomTable t;
    int n_fields = Uniform(1, 7);
    std::vector<Type::Field> top;
    for (int i = 0; i < n_fields; ++i) top.push_back(MakeField("c" + std::to_string(i), 0));
    std::vector<SchemaNode> nodes;
    for (const auto& f : top) nodes.push_back(ToNode(f));
    auto root = parquet::IcebergStruct("table", std::nullopt, true, std::move(nodes));
    t.schema = *parquet::Schema::Make(std::move(root));

    // Options: small pages and row groups often, so files have many of both.
    t.options.page_size_bytes = Pick<int64_t>({512, 4096, 65536, 1 << 20});
    t.options.page_row_limit = Pick<int64_t>({7, 100, 20000});
    t.options.row_group_size_bytes = Pick<int64_t>({2048, 32768, 128LL << 20});
    t.options.dict_size_bytes = Pick<int64_t>({64, 1024, 2 << 20});
    t.options.compression = Pick({parquet::CompressionKind::kZstd, parquet::CompressionKind::kSnappy,
                                  parquet::CompressionKind::kGzip, parquet::CompressionKind::kUncompressed});
    t.options.write_page_v2 = Uniform(0, 3) == 0;

    JsonWriter rows;
    rows.BeginArray();
    int n_batches = Uniform(1, 3);
    for (int b = 0; b < n_batches; ++b) {
      parquet::RecordBatch batch = parquet::MakeBatch(*t.schema);
      int64_t n = Uniform(0, 10) == 0 ? 0 : Uniform(1, 400);
      std::vector<JsonWriter> dummy;
      for (int64_t r = 0; r < n; ++r) {
        rows.BeginObject();
        for (size_t i = 0; i < top.size(); ++i) {
          rows.Key(top[i].name);
          AppendValue(top[i], batch.columns[i], rows, 0);
        }
        rows.EndObject();
      }
      batch.num_rows = n;
      t.batches.push_back(std::move(batch));
    }
    rows.EndArray();

    JsonWriter out;
    out.BeginObject();
    out.Key("schema");
    out.BeginObject();
    out.Key("type");
    out.String("struct");
    out.Key("schema-id");
    out.Int(0);
    out.Key("fields");
    WriteFields(out, top);
    out.EndObject();
    out.Key("rows");
    out.Raw(rows.str());
    out.EndObject();
    t.expected_json = std::move(out).Take();
    return t;
  }

 private:
  int64_t Uniform(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
  template <typename T>
  T Pick(std::initializer_list<T> xs) { return *(xs.begin() + Uniform(0, static_cast<int64_t>(xs.size()) - 1)); }
  bool Chance(int percent) { return Uniform(0, 99) < percent; }

  Type::Field MakeField(std::string name, int depth) {
    Type::Field f{next_id_++, std::move(name), Chance(30), MakeType(depth)};
    return f;
  }

  std::shared_ptr<Type> MakeType(int depth) {
    auto t = std::make_shared<Type>();
    int k = Uniform(0, depth >= 3 ? 5 : 9);
    if (k <= 3 || k == 5) {
      t->kind = Type::kPrimitive;
      t->prim = static_cast<P>(Uniform(0, 13));
    } else if (k == 4) {
      t->kind = Uniform(0, 1) ? Type::kDecimal : Type::kFixed;
      t->precision = static_cast<int>(Pick<int64_t>({1, 5, 9, 10, 18, 19, 28, 38}));
      t->scale = static_cast<int>(Uniform(0, t->precision));
      t->length = static_cast<int>(Uniform(1, 20));
    } else if (k <= 6) {
      t->kind = Type::kStruct;
      int n = Uniform(1, 4);
      for (int i = 0; i < n; ++i) t->fields.push_back(MakeField("f" + std::to_string(i), depth + 1));
    } else if (k <= 8) {
      t->kind = Type::kList;
      t->fields.push_back(MakeField("element", depth + 1));
    } else {
      t->kind = Type::kMap;
      auto key = std::make_shared<Type>();
      key->kind = Type::kPrimitive;
      key->prim = Pick({P::kInt, P::kLong, P::kString, P::kDate, P::kUuid});
      t->fields.push_back({next_id_++, "key", true, key});
      t->fields.push_back(MakeField("value", depth + 1));
    }
    return t;
  }

  SchemaNode ToNode(const Type::Field& f) {
    const Type& t = *f.type;
    switch (t.kind) {
      case Type::kPrimitive: return parquet::IcebergPrimitive(f.name, f.id, f.required, t.prim);
      case Type::kDecimal: return parquet::IcebergDecimal(f.name, f.id, f.required, t.precision, t.scale);
      case Type::kFixed: return parquet::IcebergFixed(f.name, f.id, f.required, t.length);
      case Type::kStruct: {
        std::vector<SchemaNode> children;
        for (const auto& c : t.fields) children.push_back(ToNode(c));
        return parquet::IcebergStruct(f.name, f.id, f.required, std::move(children));
      }
      case Type::kList: return parquet::IcebergList(f.name, f.id, f.required, ToNode(t.fields[0]));
      case Type::kMap:
        return parquet::IcebergMap(f.name, f.id, f.required, ToNode(t.fields[0]), ToNode(t.fields[1]));
    }
    return {};
  }

  void WriteType(JsonWriter& w, const Type& t) {
    switch (t.kind) {
      case Type::kPrimitive: w.String(kPrimNames[static_cast<int>(t.prim)]); return;
      case Type::kDecimal: w.String(fmt::format("decimal({}, {})", t.precision, t.scale)); return;
      case Type::kFixed: w.String(fmt::format("fixed[{}]", t.length)); return;
      case Type::kStruct:
        w.BeginObject();
        w.Key("type");
        w.String("struct");
        w.Key("fields");
        WriteFields(w, t.fields);
        w.EndObject();
        return;
      case Type::kList:
        w.BeginObject();
        w.Key("type"); w.String("list");
        w.Key("element-id"); w.Int(t.fields[0].id);
        w.Key("element"); WriteType(w, *t.fields[0].type);
        w.Key("element-required"); w.Bool(t.fields[0].required);
        w.EndObject();
        return;
      case Type::kMap:
        w.BeginObject();
        w.Key("type"); w.String("map");
        w.Key("key-id"); w.Int(t.fields[0].id);
        w.Key("key"); WriteType(w, *t.fields[0].type);
        w.Key("value-id"); w.Int(t.fields[1].id);
        w.Key("value"); WriteType(w, *t.fields[1].type);
        w.Key("value-required"); w.Bool(t.fields[1].required);
        w.EndObject();
        return;
    }
  }

  void WriteFields(JsonWriter& w, const std::vector<Type::Field>& fields) {
    w.BeginArray();
    for (const auto& f : fields) {
      w.BeginObject();
      w.Key("id"); w.Int(f.id);
      w.Key("name"); w.String(f.name);
      w.Key("required"); w.Bool(f.required);
      w.Key("type"); WriteType(w, *f.type);
      w.EndObject();
    }
    w.EndArray();
  }

  // Appends one value of field `f` to vector `v` and its canonical JSON to `j`.
  void AppendValue(const Type::Field& f, ColumnVector& v, JsonWriter& j, int depth,
                   std::set<std::string>* unique = nullptr) {
    const Type& t = *f.type;
    if (!f.required && Chance(15)) {
      AppendNull(t, v);
      j.Null();
      return;
    }
    switch (t.kind) {
      case Type::kPrimitive: AppendPrimitive(t.prim, v, j, unique); return;
      case Type::kDecimal: AppendDecimal(t, v, j); return;
      case Type::kFixed: {
        std::string b = RandomBytes(static_cast<size_t>(t.length));
        v.AppendFixedBytes(b);
        j.String(Hex(b));
        return;
      }
      case Type::kStruct:
        j.BeginObject();
        for (size_t i = 0; i < t.fields.size(); ++i) {
          j.Key(t.fields[i].name);
          AppendValue(t.fields[i], v.children[i], j, depth + 1);
        }
        j.EndObject();
        v.AppendStruct(true);
        return;
      case Type::kList: {
        int n = Chance(20) ? 0 : static_cast<int>(Uniform(1, 4));
        j.BeginArray();
        for (int i = 0; i < n; ++i) AppendValue(t.fields[0], v.children[0], j, depth + 1);
        j.EndArray();
        v.AppendListEnd(v.children[0].length);
        return;
      }
      case Type::kMap: {
        int n = Chance(20) ? 0 : static_cast<int>(Uniform(1, 3));
        std::set<std::string> keys;
        j.BeginArray();
        for (int i = 0; i < n; ++i) {
          j.BeginArray();
          AppendValue(t.fields[0], v.children[0], j, depth + 1, &keys);
          AppendValue(t.fields[1], v.children[1], j, depth + 1);
          j.EndArray();
        }
        j.EndArray();
        v.AppendListEnd(v.children[0].length);
        return;
      }
    }
  }

  void AppendNull(const Type& t, ColumnVector& v) {
    switch (t.kind) {
      case Type::kPrimitive: {
        SchemaNode n = parquet::IcebergPrimitive("x", 0, false, t.prim);
        v.AppendNull(parquet::ValueWidth(n));
        return;
      }
      case Type::kDecimal: {
        SchemaNode n = parquet::IcebergDecimal("x", 0, false, t.precision, t.scale);
        v.AppendNull(parquet::ValueWidth(n));
        return;
      }
      case Type::kFixed: v.AppendNull(t.length); return;
      case Type::kStruct:
        // A null struct still has a slot in each child (Arrow layout); fill with nulls
        // or zero values that the writer must not emit.
        for (size_t i = 0; i < t.fields.size(); ++i) AppendFiller(*t.fields[i].type, v.children[i]);
        v.AppendStruct(false);
        return;
      case Type::kList:
      case Type::kMap:
        v.AppendListEnd(v.children[0].length, false);
        return;
    }
  }

  // A child slot under a null struct: a null (validity 0) for optional-or-not alike.
  void AppendFiller(const Type& t, ColumnVector& v) { AppendNull(t, v); }

  void AppendPrimitive(P p, ColumnVector& v, JsonWriter& j, std::set<std::string>* unique) {
    for (int attempt = 0;; ++attempt) {
      JsonWriter probe;
      ColumnVector tmp;
      AppendPrimitiveOnce(p, tmp, probe);
      if (unique != nullptr && !unique->insert(probe.str()).second && attempt < 50) continue;
      // Copy the single slot from tmp into v.
      if (!tmp.offsets.empty()) v.AppendBytes(tmp.BytesAt(0));
      else v.AppendFixedBytes(tmp.values.view());
      j.Raw(probe.str());
      return;
    }
  }

  void AppendPrimitiveOnce(P p, ColumnVector& v, JsonWriter& j) {
    switch (p) {
      case P::kBoolean: {
        uint8_t b = Chance(50);
        v.AppendValue(b);
        j.Bool(b);
        return;
      }
      case P::kInt: case P::kDate: {
        int32_t x = p == P::kDate ? static_cast<int32_t>(Uniform(-800000, 800000))
                                  : Pick<int32_t>({std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(), 0, -1,
                                                   static_cast<int32_t>(Uniform(-100000, 100000))});
        if (p == P::kInt && Chance(50)) x = static_cast<int32_t>(Uniform(-1000, 1000));
        v.AppendValue(x);
        j.String(std::to_string(x));
        return;
      }
      case P::kLong: case P::kTime: case P::kTimestamp: case P::kTimestampTz: case P::kTimestampNs: case P::kTimestampTzNs: {
        int64_t x;
        if (p == P::kLong) {
          x = Chance(20) ? Pick<int64_t>({std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), 0})
                         : Uniform(-1'000'000'000'000LL, 1'000'000'000'000LL);
        } else if (p == P::kTime) {
          x = Uniform(0, 86'400'000'000LL - 1);
        } else if (p == P::kTimestamp || p == P::kTimestampTz) {
          x = Uniform(-8'000'000'000'000'000LL, 8'000'000'000'000'000LL) / 1000;  // about ±250 years
        } else {
          x = Uniform(-4'000'000'000'000'000'000LL, 4'000'000'000'000'000'000LL);
        }
        v.AppendValue(x);
        j.String(std::to_string(x));
        return;
      }
      case P::kFloat: {
        float x = Pick<float>({0.0f, -0.0f, NAN, INFINITY, -INFINITY, std::numeric_limits<float>::max(),
                               std::numeric_limits<float>::denorm_min(), 1.5f});
        if (Chance(60)) x = static_cast<float>(std::normal_distribution<double>(0, 1e6)(rng_));
        v.AppendValue(x);
        j.String(FloatString(x));
        return;
      }
      case P::kDouble: {
        double x = Pick<double>({0.0, -0.0, NAN, INFINITY, -INFINITY, std::numeric_limits<double>::max(),
                                 std::numeric_limits<double>::denorm_min(), -2.5});
        if (Chance(60)) x = std::normal_distribution<double>(0, 1e12)(rng_);
        v.AppendValue(x);
        j.String(FloatString(x));
        return;
      }
      case P::kString: {
        static const char* kPieces[] = {"a", "Z", "0", " ", "é", "中", "😀", "\\", "\"", "ß", "\n", "ü"};
        std::string s;
        int n = static_cast<int>(Uniform(0, 20));
        for (int i = 0; i < n; ++i) s += kPieces[Uniform(0, 11)];
        v.AppendBytes(s);
        j.String(s);
        return;
      }
      case P::kUuid: {
        std::string b = RandomBytes(16);
        v.AppendFixedBytes(b);
        std::string h = Hex(b);
        j.String(h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20));
        return;
      }
      case P::kBinary: {
        std::string b = RandomBytes(static_cast<size_t>(Uniform(0, 20)));
        v.AppendBytes(b);
        j.String(Hex(b));
        return;
      }
    }
  }

  void AppendDecimal(const Type& t, ColumnVector& v, JsonWriter& j) {
    // A random unscaled value with up to `precision` digits.
    int digits = static_cast<int>(Uniform(1, t.precision));
    __int128 x = 0;
    for (int i = 0; i < digits; ++i) x = x * 10 + Uniform(i == 0 ? 1 : 0, 9);
    if (Chance(10)) {  // the extreme: all nines
      x = 0;
      for (int i = 0; i < t.precision; ++i) x = x * 10 + 9;
    }
    if (Chance(50)) x = -x;
    if (t.precision <= 9) {
      v.AppendValue(static_cast<int32_t>(x));
    } else if (t.precision <= 18) {
      v.AppendValue(static_cast<int64_t>(x));
    } else {
      int len = parquet::DecimalRequiredBytes(t.precision);
      std::string be(static_cast<size_t>(len), '\0');
      for (int i = 0; i < len; ++i) be[len - 1 - i] = static_cast<char>(static_cast<uint8_t>(x >> (8 * i)));
      v.AppendFixedBytes(be);
    }
    bool neg = x < 0;
    unsigned __int128 u = neg ? static_cast<unsigned __int128>(-x) : static_cast<unsigned __int128>(x);
    std::string s;
    do {
      s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
      u /= 10;
    } while (u != 0);
    if (t.scale > 0) {
      while (static_cast<int>(s.size()) <= t.scale) s.insert(s.begin(), '0');
      s.insert(s.end() - t.scale, '.');
    }
    j.String((neg ? "-" : "") + s);
  }

  static std::string FloatString(double x) {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
    char buf[40];
    auto r = std::to_chars(buf, buf + sizeof(buf), x);
    return std::string(buf, r.ptr);
  }
  static std::string FloatString(float x) {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
    char buf[40];
    auto r = std::to_chars(buf, buf + sizeof(buf), x);
    return std::string(buf, r.ptr);
  }

  std::string RandomBytes(size_t n) {
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(Uniform(0, 255));
    return s;
  }

  static std::string Hex(std::string_view b) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    for (unsigned char c : b) {
      s += kHex[c >> 4];
      s += kHex[c & 15];
    }
    return s;
  }

  std::mt19937_64 rng_;
  int next_id_ = 1;
};

}  // namespace

RandomTable GenerateRandomTable(uint64_t seed) { return Generator(seed).Run(); }

}  // namespace firn::interop
