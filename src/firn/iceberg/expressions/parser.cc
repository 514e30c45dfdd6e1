#include "firn/iceberg/expressions/parser.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <string>
#include <vector>

#include "firn/common/macros.h"

namespace firn::iceberg {
namespace {

enum class Tok : int8_t { kEnd, kIdent, kQuotedIdent, kString, kNumber, kSymbol };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // identifier, unescaped string, number text or symbol
  size_t column = 0;  // 1-based position of the first character
};

std::unexpected<Error> ErrorAt(size_t column, std::string_view what) {
  return InvalidArgument("--where: at column {}: {}", column, what);
}

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Result<std::vector<Token>> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token t;
    t.column = i + 1;
    if (IsIdentStart(c)) {
      size_t j = i;
      while (j < s.size() && IsIdentChar(s[j])) ++j;
      t.kind = Tok::kIdent;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else if (c == '"' || c == '\'') {
      t.kind = c == '"' ? Tok::kQuotedIdent : Tok::kString;
      size_t j = i + 1;
      bool closed = false;
      while (j < s.size()) {
        if (s[j] == c) {
          if (j + 1 < s.size() && s[j + 1] == c) {  // doubled quote escapes itself
            t.text += c;
            j += 2;
            continue;
          }
          closed = true;
          ++j;
          break;
        }
        t.text += s[j++];
      }
      if (!closed) {
        return ErrorAt(t.column, c == '"' ? "unterminated quoted identifier"
                                          : "unterminated string (quotes inside are written '')");
      }
      if (t.kind == Tok::kQuotedIdent && t.text.empty()) return ErrorAt(t.column, "empty quoted identifier");
      i = j;
    } else if (IsDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < s.size() &&
                              (IsDigit(s[i + 1]) || (s[i + 1] == '.' && c != '.')))) {
      size_t j = i;
      if (s[j] == '-' || s[j] == '+') ++j;
      while (j < s.size() && (IsDigit(s[j]) || s[j] == '.')) ++j;
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        ++j;
        if (j < s.size() && (s[j] == '-' || s[j] == '+')) ++j;
        while (j < s.size() && IsDigit(s[j])) ++j;
      }
      if (j < s.size() && IsIdentChar(s[j])) {
        return ErrorAt(t.column, fmt::format("malformed number '{}'", s.substr(i, j + 1 - i)));
      }
      t.kind = Tok::kNumber;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else {
      static constexpr std::string_view kTwo[] = {"<=", ">=", "!=", "<>", "=="};
      t.kind = Tok::kSymbol;
      for (std::string_view two : kTwo) {
        if (s.substr(i, 2) == two) t.text = std::string(two);
      }
      if (t.text.empty()) {
        if (std::string_view("()=<>,.").find(c) == std::string_view::npos) {
          return ErrorAt(t.column, fmt::format("unexpected character '{}'", c));
        }
        t.text = std::string(1, c);
      }
      i += t.text.size();
    }
    out.push_back(std::move(t));
  }
  Token end;
  end.column = s.size() + 1;
  out.push_back(end);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

Result<Literal> ParseNumber(const Token& t) {
  std::string_view s = t.text;
  bool has_exp = s.find_first_of("eE") != std::string_view::npos;
  size_t dot = s.find('.');
  if (has_exp) {
    char* end = nullptr;
    std::string text(s);
    double d = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) return ErrorAt(t.column, fmt::format("malformed number '{}'", s));
    return Literal::Double(d);
  }
  bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (dot == std::string_view::npos) {
    int64_t v = 0;
    std::string digits = (negative ? "-" : "") + std::string(s);
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (r.ec != std::errc::result_out_of_range) {
      if (r.ec != std::errc() || r.ptr != digits.data() + digits.size()) {
        return ErrorAt(t.column, fmt::format("malformed number '{}'", t.text));
      }
      return Literal::Long(v);
    }
    // Beyond a long: a decimal with scale 0 (e.g. for decimal(38, 0) columns).
  }
  // A decimal: the digits without the point are the unscaled value.
  dot = s.find('.');
  std::string_view int_part = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (frac.find('.') != std::string_view::npos || (int_part.empty() && frac.empty())) {
    return ErrorAt(t.column, fmt::format("malformed number '{}'", t.text));
  }
  std::string digits = std::string(int_part) + std::string(frac);
  size_t first = digits.find_first_not_of('0');
  size_t significant = first == std::string::npos ? 0 : digits.size() - first;
  int32_t scale = static_cast<int32_t>(frac.size());
  int32_t precision = std::max<int32_t>({static_cast<int32_t>(significant), scale, 1});
  if (precision > 38) return ErrorAt(t.column, fmt::format("number {} has more than 38 digits", t.text));
  Int128 unscaled = 0;
  for (char d : digits) unscaled = unscaled * 10 + (d - '0');
  return Literal::Decimal(negative ? -unscaled : unscaled, precision, scale);
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<ExprPtr> ParseAll() {
    FIRN_ASSIGN_OR_RETURN(ExprPtr e, ParseOr());
    if (Peek().kind != Tok::kEnd) {
      return ErrorAt(Peek().column, fmt::format("unexpected '{}' after a complete condition "
                                                "(missing AND or OR?)", Describe(Peek())));
    }
    return e;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& Next() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool IsKeyword(const Token& t, std::string_view kw) const {
    return t.kind == Tok::kIdent && EqualsIgnoreCase(t.text, kw);
  }
  bool AcceptKeyword(std::string_view kw) {
    if (!IsKeyword(Peek(), kw)) return false;
    Next();
    return true;
  }
  bool AcceptSymbol(std::string_view sym) {
    if (Peek().kind != Tok::kSymbol || Peek().text != sym) return false;
    Next();
    return true;
  }
  static std::string Describe(const Token& t) {
    switch (t.kind) {
      case Tok::kEnd: return "end of input";
      case Tok::kString: return "'" + t.text + "'";
      case Tok::kQuotedIdent: return "\"" + t.text + "\"";
      default: return t.text;
    }
  }
  std::unexpected<Error> Expected(std::string_view what, std::string_view after) const {
    std::string found = Peek().kind == Tok::kEnd ? "reached the end" : "found " + Describe(Peek());
    return ErrorAt(Peek().column, fmt::format("expected {} after '{}', {}", what, after, found));
  }

  Result<ExprPtr> ParseOr() {
    FIRN_ASSIGN_OR_RETURN(ExprPtr left, ParseAnd());
    while (AcceptKeyword("or")) {
      FIRN_ASSIGN_OR_RETURN(ExprPtr right, ParseAnd());
      left = Or(std::move(left), std::move(right));
    }
    return left;
  }

  Result<ExprPtr> ParseAnd() {
    FIRN_ASSIGN_OR_RETURN(ExprPtr left, ParseNot());
    while (AcceptKeyword("and")) {
      FIRN_ASSIGN_OR_RETURN(ExprPtr right, ParseNot());
      left = And(std::move(left), std::move(right));
    }
    return left;
  }

  Result<ExprPtr> ParseNot() {
    if (AcceptKeyword("not")) {
      FIRN_ASSIGN_OR_RETURN(ExprPtr child, ParseNot());
      return Not(std::move(child));
    }
    return ParsePrimary();
  }

  Result<ExprPtr> ParsePrimary() {
    if (AcceptSymbol("(")) {
      size_t open = tokens_[pos_ - 1].column;
      FIRN_ASSIGN_OR_RETURN(ExprPtr e, ParseOr());
      if (!AcceptSymbol(")")) {
        if (Peek().kind == Tok::kEnd) return ErrorAt(Peek().column, fmt::format("missing ')' for the '(' at column {}", open));
        return ErrorAt(Peek().column, fmt::format("expected ')' or AND/OR, found {}", Describe(Peek())));
      }
      return e;
    }
    if (AcceptKeyword("true")) return True();
    if (AcceptKeyword("false")) return False();
    if (Peek().kind != Tok::kIdent && Peek().kind != Tok::kQuotedIdent) {
      if (Peek().kind == Tok::kEnd) return ErrorAt(Peek().column, "expected a condition, reached the end");
      return ErrorAt(Peek().column, fmt::format("expected a column name, found {}", Describe(Peek())));
    }
    std::string column = Next().text;
    while (AcceptSymbol(".")) {
      if (Peek().kind != Tok::kIdent && Peek().kind != Tok::kQuotedIdent) return Expected("a field name", ".");
      column += "." + Next().text;
    }
    return ParsePredicate(std::move(column));
  }

  Result<ExprPtr> ParsePredicate(std::string column) {
    const Token& t = Peek();
    if (t.kind == Tok::kSymbol) {
      static constexpr std::pair<std::string_view, Operation> kOps[] = {
          {"=", Operation::kEq},    {"==", Operation::kEq},  {"!=", Operation::kNotEq},
          {"<>", Operation::kNotEq}, {"<", Operation::kLt},   {"<=", Operation::kLtEq},
          {">", Operation::kGt},    {">=", Operation::kGtEq}};
      for (auto [sym, op] : kOps) {
        if (t.text != sym) continue;
        std::string op_text = Next().text;
        FIRN_ASSIGN_OR_RETURN(Literal v, ParseValue(op_text));
        if (v.is_null()) {
          return ErrorAt(tokens_[pos_ - 1].column,
                         fmt::format("comparison with NULL is never true; use IS NULL or IS NOT NULL"));
        }
        return Predicate(op, std::move(column), {std::move(v)});
      }
    }
    if (AcceptKeyword("is")) {
      bool negated = AcceptKeyword("not");
      if (AcceptKeyword("null")) return Predicate(negated ? Operation::kNotNull : Operation::kIsNull, column);
      if (AcceptKeyword("nan")) return Predicate(negated ? Operation::kNotNan : Operation::kIsNan, column);
      return Expected("NULL or NaN", negated ? "IS NOT" : "IS");
    }
    bool negated = AcceptKeyword("not");
    if (AcceptKeyword("in")) return ParseIn(std::move(column), negated);
    if (AcceptKeyword("like")) return ParseLike(std::move(column), negated);
    if (negated) return Expected("IN or LIKE", "NOT");
    return Expected("an operator (=, !=, <, <=, >, >=, IN, IS, LIKE)", column);
  }

  Result<Literal> ParseValue(std::string_view after) {
    const Token& t = Peek();
    switch (t.kind) {
      case Tok::kString: return Literal::String(Next().text);
      case Tok::kNumber: {
        FIRN_ASSIGN_OR_RETURN(Literal v, ParseNumber(t));
        Next();
        return v;
      }
      case Tok::kIdent:
        if (IsKeyword(t, "true") || IsKeyword(t, "false")) {
          bool b = IsKeyword(t, "true");
          Next();
          return Literal::Boolean(b);
        }
        if (IsKeyword(t, "null")) {
          Next();
          return Literal::Null(Type::String());
        }
        break;
      default: break;
    }
    return Expected("a value", after);
  }

  Result<ExprPtr> ParseIn(std::string column, bool negated) {
    std::string_view kw = negated ? "NOT IN" : "IN";
    if (!AcceptSymbol("(")) return Expected("'('", kw);
    std::vector<Literal> values;
    std::string after = "(";
    while (true) {
      FIRN_ASSIGN_OR_RETURN(Literal v, ParseValue(after));
      if (v.is_null()) return ErrorAt(tokens_[pos_ - 1].column, fmt::format("NULL is not allowed in {} lists", kw));
      values.push_back(std::move(v));
      if (AcceptSymbol(",")) {
        after = ",";
        continue;
      }
      if (AcceptSymbol(")")) break;
      return Expected("',' or ')'", "a value");
    }
    return Predicate(negated ? Operation::kNotIn : Operation::kIn, std::move(column), std::move(values));
  }

  Result<ExprPtr> ParseLike(std::string column, bool negated) {
    const Token& t = Peek();
    if (t.kind != Tok::kString) return Expected("a quoted pattern", "LIKE");
    std::string pattern = t.text;
    size_t col = t.column;
    Next();
    std::string_view prefix(pattern);
    if (!prefix.ends_with('%') || prefix.substr(0, prefix.size() - 1).find_first_of("%_") != std::string_view::npos) {
      return ErrorAt(col, fmt::format("LIKE supports only prefix patterns such as 'abc%' "
                                      "(no '_' and no '%' but the final one), got '{}'", pattern));
    }
    prefix.remove_suffix(1);
    return Predicate(negated ? Operation::kNotStartsWith : Operation::kStartsWith, std::move(column),
                     {Literal::String(std::string(prefix))});
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

Result<ExprPtr> ParseWhere(std::string_view text) {
  FIRN_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(text));
  Parser parser(std::move(tokens));
  return parser.ParseAll();
}

}  // namespace firn::iceberg
