#include "firn/iceberg/types/schema_ddl.h"

#include <algorithm>
#include <cctype>

#include "firn/common/macros.h"
#include "firn/iceberg/types/assign_ids.h"

namespace firn::iceberg {
namespace {

// A recursive-descent parser over the DDL text; ids are assigned afterwards.
class DdlParser {
 public:
  explicit DdlParser(std::string_view s) : s_(s) {}

  Result<std::vector<NestedField>> Columns(char terminator, bool colon) {
    std::vector<NestedField> fields;
    SkipSpace();
    if (Peek() == terminator) return fields;
    while (true) {
      FIRN_ASSIGN_OR_RETURN(NestedField f, Column(colon));
      for (const NestedField& other : fields) {
        if (other.name == f.name) return Fail(fmt::format("duplicate column name '{}'", f.name));
      }
      fields.push_back(std::move(f));
      SkipSpace();
      if (Peek() != ',') break;
      ++pos_;
    }
    return fields;
  }

  bool AtEnd() {
    SkipSpace();
    return pos_ == s_.size();
  }

  std::unexpected<Error> Fail(std::string_view why) {
    return InvalidArgument("schema DDL at offset {} (near '{}'): {}", pos_,
                           s_.substr(pos_, std::min<size_t>(20, s_.size() - pos_)), why);
  }

 private:
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void SkipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  std::string Ident() {
    SkipSpace();
    size_t start = pos_;
    if (Peek() == '`' || Peek() == '"') {  // quoted names may hold any character
      char q = s_[pos_++];
      size_t end = s_.find(q, pos_);
      if (end == std::string_view::npos) return "";
      std::string out(s_.substr(pos_, end - pos_));
      pos_ = end + 1;
      return out;
    }
    while (pos_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
      ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }
  bool Keyword(std::string_view kw) {
    SkipSpace();
    if (s_.size() - pos_ < kw.size()) return false;
    for (size_t i = 0; i < kw.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(s_[pos_ + i])) != kw[i]) return false;
    }
    size_t end = pos_ + kw.size();
    if (end < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[end])) || s_[end] == '_'))
      return false;
    pos_ = end;
    return true;
  }
  bool Consume(char c) {
    SkipSpace();
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  // "not null" after a type.
  bool NotNull() {
    size_t save = pos_;
    if (Keyword("not") && Keyword("null")) return true;
    pos_ = save;
    Keyword("null");
    return false;
  }

  Result<NestedField> Column(bool colon) {
    std::string name = Ident();
    if (name.empty()) return Fail("expected a column name");
    if (colon && !Consume(':')) return Fail(fmt::format("expected ':' after field '{}'", name));
    FIRN_ASSIGN_OR_RETURN(Type type, TypeExpr());
    bool required = NotNull();
    std::string doc;
    if (Keyword("comment")) {
      SkipSpace();
      if (Peek() != '\'') return Fail("expected a quoted comment");
      size_t end = s_.find('\'', pos_ + 1);
      if (end == std::string_view::npos) return Fail("unterminated comment");
      doc = std::string(s_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
    }
    return NestedField{FieldId(0), std::move(name), required, std::move(type), std::move(doc)};
  }

  Result<Type> TypeExpr() {
    SkipSpace();
    size_t start = pos_;
    std::string word = ToLowerAscii(Ident());
    if (word.empty()) return Fail("expected a type");
    if (word == "list" || word == "array") {
      if (!Consume('<')) return Fail("expected '<' after list");
      FIRN_ASSIGN_OR_RETURN(Type element, TypeExpr());
      bool required = NotNull();
      if (!Consume('>')) return Fail("expected '>' to close list");
      return Type::List(0, required, std::move(element));
    }
    if (word == "map") {
      if (!Consume('<')) return Fail("expected '<' after map");
      FIRN_ASSIGN_OR_RETURN(Type key, TypeExpr());
      if (!Consume(',')) return Fail("expected ',' between map key and value");
      FIRN_ASSIGN_OR_RETURN(Type value, TypeExpr());
      bool required = NotNull();
      if (!Consume('>')) return Fail("expected '>' to close map");
      return Type::Map(0, std::move(key), 0, required, std::move(value));
    }
    if (word == "struct") {
      if (!Consume('<')) return Fail("expected '<' after struct");
      FIRN_ASSIGN_OR_RETURN(auto fields, Columns('>', true));
      if (!Consume('>')) return Fail("expected '>' to close struct");
      return Type::Struct(std::move(fields));
    }
    if (word == "integer") word = "int";
    if (word == "bigint") word = "long";
    if (word == "bool") word = "boolean";
    if (word == "varchar" || word == "text") word = "string";
    if (word == "decimal" || word == "fixed") {
      SkipSpace();
      char open = Peek();
      char close = open == '(' ? ')' : ']';
      if (open != '(' && open != '[')
        return Fail(fmt::format("expected parameters after {}", word));
      size_t end = s_.find(close, pos_);
      if (end == std::string_view::npos)
        return Fail(fmt::format("unterminated {} parameters", word));
      std::string params(s_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      word = word == "decimal" ? "decimal(" + params + ")" : "fixed[" + params + "]";
    }
    auto t = Type::ParsePrimitive(word);
    if (!t) {
      pos_ = start;
      return Fail(t.error().message());
    }
    return t;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

Result<Schema> ParseSchemaDdl(std::string_view ddl, int32_t schema_id) {
  DdlParser p(ddl);
  FIRN_ASSIGN_OR_RETURN(auto fields, p.Columns('\0', false));
  if (!p.AtEnd()) return p.Fail("expected ',' or the end");
  if (fields.empty()) return InvalidArgument("schema DDL has no columns");
  int32_t next = 0;
  return Schema::Make(schema_id, AssignFreshIds(fields, [&next] { return ++next; }));
}

}  // namespace firn::iceberg
