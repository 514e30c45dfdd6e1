// firn schema NS.TABLE <change> ...: schema evolution, committed as a new table schema.
// The rules (spec "Schema Evolution") live in iceberg/types/schema_update.h: a change that
// would break readers of existing data is refused with the column named.
#include <chrono>

#include <fmt/format.h>

#include "cli/catalog_flags.h"
#include "cli/command_args.h"
#include "firn/catalog/catalog_table_operations.h"
#include "firn/common/macros.h"
#include "firn/iceberg/commit/metadata_update.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/iceberg/types/schema_update.h"

namespace firn::cli {
namespace {

using iceberg::SchemaUpdate;

constexpr FlagSpec kFlags[] = {{"--doc"}, {"--first", {}, false}, {"--before"}, {"--after"}};

// A type as written in --schema-ddl ("long", "struct<a:int>", "list<string>").
Result<iceberg::Type> ParseTypeText(std::string_view text) {
  FIRN_ASSIGN_OR_RETURN_CTX(iceberg::Schema s, iceberg::ParseSchemaDdl(fmt::format("c {}", text)),
                            fmt::format("type '{}'", text));
  if (s.fields().size() != 1 || s.fields()[0].required) return InvalidArgument("'{}' is not a type", text);
  return s.fields()[0].type;
}

std::pair<std::string, std::string> SplitParent(std::string_view dotted) {
  const size_t dot = dotted.rfind('.');
  if (dot == std::string_view::npos) return {"", std::string(dotted)};
  return {std::string(dotted.substr(0, dot)), std::string(dotted.substr(dot + 1))};
}

Status Need(const std::vector<std::string_view>& a, size_t n, std::string_view usage) {
  if (a.size() != n) return InvalidArgument("usage: {}", usage);
  return OkStatus();
}

// Applies the change named by `a[0]` with its arguments.
Status ApplyChange(SchemaUpdate& u, const std::vector<std::string_view>& a, const ParsedArgs& p) {
  const std::string_view op = a[0];
  auto move = [&](std::string_view name) -> Status {
    if (p.Has("--first")) return u.MoveFirst(name);
    if (auto b = p.Get("--before")) return u.MoveBefore(name, *b);
    if (auto af = p.Get("--after")) return u.MoveAfter(name, *af);
    return OkStatus();
  };
  if (op == "add-column") {
    FIRN_RETURN_NOT_OK(Need(a, 3, "add-column NAME TYPE [--doc TEXT] [--first|--before C|--after C]"));
    FIRN_ASSIGN_OR_RETURN(iceberg::Type type, ParseTypeText(a[2]));
    auto [parent, name] = SplitParent(a[1]);
    FIRN_RETURN_NOT_OK(u.AddColumn(parent, name, type, false, std::string(p.Get("--doc").value_or(""))));
    return move(a[1]);
  }
  if (op == "rename-column") {
    FIRN_RETURN_NOT_OK(Need(a, 3, "rename-column NAME NEW_NAME"));
    return u.RenameColumn(a[1], a[2]);
  }
  if (op == "widen") {
    FIRN_RETURN_NOT_OK(Need(a, 3, "widen NAME TYPE (int->long, float->double, decimal precision)"));
    FIRN_ASSIGN_OR_RETURN(iceberg::Type type, ParseTypeText(a[2]));
    return u.UpdateColumnType(a[1], type);
  }
  if (op == "make-optional") {
    FIRN_RETURN_NOT_OK(Need(a, 2, "make-optional NAME"));
    return u.MakeColumnOptional(a[1]);
  }
  if (op == "drop-column") {
    FIRN_RETURN_NOT_OK(Need(a, 2, "drop-column NAME"));
    return u.DeleteColumn(a[1]);
  }
  if (op == "move") {
    FIRN_RETURN_NOT_OK(Need(a, 2, "move NAME --first|--before C|--after C"));
    if (!p.Has("--first") && !p.Has("--before") && !p.Has("--after")) {
      return InvalidArgument("move needs --first, --before C or --after C");
    }
    return move(a[1]);
  }
  if (op == "set-identifier") {
    if (a.size() < 2) return InvalidArgument("usage: set-identifier NAME [NAME ...]");
    std::vector<std::string> names;
    for (size_t i = 1; i < a.size(); ++i) {
      std::string_view list = a[i];
      while (!list.empty()) {
        const size_t comma = list.find(',');
        if (list.substr(0, comma).size() > 0) names.emplace_back(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      }
    }
    return u.SetIdentifierFields(names);
  }
  return InvalidArgument("unknown schema change '{}' (add-column, rename-column, widen, make-optional, "
                         "drop-column, move, set-identifier)",
                         op);
}

int RunSchema(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  auto flags = WithCatalogFlags(kFlags);
  auto p = ParseOrExit(self, args, flags, 2, 64, &code);
  if (!p) return code;
  auto ident = ParseTableArg(p->positional()[0]);
  if (!ident) return UsageError(self, ident.error());
  std::vector<std::string_view> change(p->positional().begin() + 1, p->positional().end());
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  catalog::CatalogTableOperations ops(*c->catalog, *c->io, *ident);
  // Optimistic: on a lost race, the change is applied again to the new current schema.
  int32_t id = 0, last_column_id = 0;
  auto committed = iceberg::CommitMetadataUpdate(
      ops, [&](const iceberg::TableMetadata& m, iceberg::TableMetadataBuilder& b) -> Status {
        SchemaUpdate u(m.CurrentSchema(), m.last_column_id);
        FIRN_RETURN_NOT_OK(ApplyChange(u, change, *p));
        iceberg::SchemaUpdateResult r = u.Apply(0);
        id = b.AddSchema(r.schema, r.last_column_id);
        b.SetCurrentSchema(id);
        last_column_id = r.last_column_id;
        return OkStatus();
      });
  if (!committed) {
    const Error& e = committed.error();
    return e.kind() == ErrorKind::kInvalidArgument && e.message().starts_with("usage") ? UsageError(self, e)
                                                                                        : Failure(self, e);
  }
  fmt::print("{}: schema {} is current (last column id {})\n", ident->ToString(), id, last_column_id);
  return kExitOk;
}

}  // namespace

const Command kSchemaCommand{
    .name = "schema",
    .synopsis = "firn schema NS.TABLE add-column|rename-column|widen|make-optional|drop-column|move|"
                "set-identifier ARGS... [catalog flags]",
    .summary = "evolve a table's schema",
    .help = "Changes the table schema with the rules of Iceberg schema evolution; a change that\n"
            "would break readers of existing data is refused. Field ids are never reused.\n\n"
            "  add-column NAME TYPE      add an optional column; NAME may be nested (loc.alt);\n"
            "                            TYPE as in --schema-ddl (long, struct<a:int>, list<string>)\n"
            "      --doc TEXT            its documentation\n"
            "      --first | --before C | --after C   where it goes\n"
            "  rename-column NAME NEW    rename (data files are read by field id, so nothing is rewritten)\n"
            "  widen NAME TYPE           int->long, float->double, decimal(P,S)->decimal(P',S) with P'>P\n"
            "  make-optional NAME        required -> optional\n"
            "  drop-column NAME          remove a column (not an identifier field)\n"
            "  move NAME --first|--before C|--after C   reorder\n"
            "  set-identifier NAME[,NAME...]   the identifier fields (required primitives)\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunSchema,
};

}  // namespace firn::cli
