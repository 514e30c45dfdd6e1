// firn table sort-order NS.TABLE ORDER: sets the table's default sort order (Spark's
// ALTER TABLE ... WRITE ORDERED BY), which compaction's sort strategy writes files in.
#include <fmt/format.h>

#include "cli/catalog_flags.h"
#include "cli/command_args.h"
#include "firn/catalog/catalog_table_operations.h"
#include "firn/common/macros.h"
#include "firn/iceberg/commit/metadata_update.h"
#include "firn/iceberg/sort/sort_order_parser.h"

namespace firn::cli {
namespace {

int RunSortOrder(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  auto flags = WithCatalogFlags({});
  auto p = ParseOrExit(self, args, flags, 2, 2, &code);
  if (!p) return code;
  auto ident = ParseTableArg(p->positional()[0]);
  if (!ident) return UsageError(self, ident.error());
  std::string text(p->positional()[1]);
  if (text == "unsorted") text.clear();
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  catalog::CatalogTableOperations ops(*c->catalog, *c->io, *ident);
  // Optimistic: on a lost race, the order is bound again to the new current schema.
  int32_t id = 0;
  std::string shown;
  auto committed = iceberg::CommitMetadataUpdate(
      ops, [&](const iceberg::TableMetadata& m, iceberg::TableMetadataBuilder& b) -> Status {
        FIRN_ASSIGN_OR_RETURN(iceberg::SortOrder order, iceberg::ParseSortOrder(text, m.CurrentSchema()));
        id = b.AddSortOrder(order);
        b.SetDefaultSortOrder(id);
        shown = order.IsUnsorted() ? std::string("unsorted") : iceberg::SortOrderToString(order, m.CurrentSchema());
        return OkStatus();
      });
  if (!committed) return Failure(self, std::move(committed.error()).WithContext(ident->ToString()));
  fmt::print("{}: sort order {} is the default: {}\n", ident->ToString(), id, shown);
  return kExitOk;
}

}  // namespace

const Command kTableSortOrderCommand{
    .name = "table sort-order",
    .synopsis = "firn table sort-order NS.TABLE ORDER|unsorted [catalog flags]",
    .summary = "set the sort order compaction writes files in",
    .help = "Sets the table's default sort order (Spark's ALTER TABLE ... WRITE ORDERED BY). Data\n"
            "already written is not rewritten: compaction sorts the files it rewrites (firn maintain\n"
            "NS.TABLE compact, and inside firn run), and `compact --rewrite-all` re-sorts a table.\n"
            "Ingest writes rows in arrival order and marks its files unsorted.\n\n"
            "  ORDER   terms separated by commas, each a column or transform, then asc|desc, then\n"
            "          nulls first|last: \"event_type, day(ts) desc, id asc nulls last\"; defaults:\n"
            "          asc, nulls first for asc and nulls last for desc (as Spark)\n"
            "  unsorted   clear it\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunSortOrder,
};

}  // namespace firn::cli
