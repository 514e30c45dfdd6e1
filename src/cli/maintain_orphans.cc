// firn maintain NS.TABLE remove-orphan-files: maintain/orphans/remove_orphan_files.h.
#include <fmt/format.h>

#include "cli/args.h"
#include "cli/catalog_flags.h"
#include "cli/maintain_actions.h"
#include "cli/number_text.h"
#include "firn/common/json_writer.h"
#include "firn/common/macros.h"
#include "firn/maintain/orphans/remove_orphan_files.h"

namespace firn::cli {
namespace {

using maintain::RemoveOrphanFilesResult;

constexpr FlagSpec kFlags[] = {{"--older-than"}, {"--dry-run", {}, false}, {"--format"}};

Status CheckFlags(const ParsedArgs& p) {
  if (auto v = p.Get("--older-than")) FIRN_RETURN_NOT_OK(ParseDurationMs("--older-than", *v));
  FIRN_RETURN_NOT_OK(ParseJsonFormat(p));
  return OkStatus();
}

std::string Json(const RemoveOrphanFilesResult& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("dry_run"); w.Bool(r.dry_run);
  w.Key("location"); w.String(r.location);
  w.Key("older_than_ms"); w.Int(r.cutoff_ms);
  w.Key("files_listed"); w.Int(r.files_listed);
  w.Key("bytes_listed"); w.Int(r.bytes_listed);
  w.Key("files_referenced"); w.Int(r.files_referenced);
  w.Key("young_unreferenced"); w.Int(r.young_unreferenced);
  w.Key("nested_table_files"); w.Int(r.nested_table_files);
  w.Key("orphans_found"); w.Int(static_cast<int64_t>(r.orphans.size()));
  w.Key("orphan_bytes"); w.Int(r.orphan_bytes);
  w.Key("files_deleted"); w.Int(r.files_deleted);
  w.Key("bytes_deleted"); w.Int(r.bytes_deleted);
  w.Key("orphans"); w.BeginArray();
  for (const maintain::OrphanFile& o : r.orphans) {
    w.BeginObject();
    w.Key("path"); w.String(o.path);
    w.Key("size"); w.Int(o.size_bytes);
    w.Key("mtime_ms"); w.Int(o.mtime_ms);
    w.EndObject();
  }
  w.EndArray();
  w.Key("delete_failures"); w.Int(r.delete_failures);
  w.Key("failed"); w.BeginArray();
  for (const std::string& p : r.failed_paths) w.String(p);
  w.EndArray();
  w.EndObject();
  return std::move(w).Take();
}

void PrintText(const RemoveOrphanFilesResult& r, const catalog::TableIdentifier& ident) {
  fmt::print("{}remove orphan files of {} under {}\n", r.dry_run ? "dry run: " : "", ident.ToString(), r.location);
  fmt::print("  listed {} files ({}): {} referenced, {} unreferenced but modified after {} (kept)", Grouped(r.files_listed),
             HumanBytes(r.bytes_listed), Grouped(r.files_referenced), Grouped(r.young_unreferenced),
             FormatInstant(r.cutoff_ms));
  if (r.nested_table_files > 0) fmt::print(", {} in other tables' folders (kept)", Grouped(r.nested_table_files));
  fmt::print("\n");
  if (r.dry_run) {
    fmt::print("  orphans: {} files ({}) would be deleted\n", Grouped(static_cast<int64_t>(r.orphans.size())),
               HumanBytes(r.orphan_bytes));
    for (const maintain::OrphanFile& o : r.orphans) {
      fmt::print("  would delete {} ({}, modified {})\n", o.path, HumanBytes(o.size_bytes), FormatInstant(o.mtime_ms));
    }
  } else {
    fmt::print("  orphans: {} files ({}), deleted {} ({})\n", Grouped(static_cast<int64_t>(r.orphans.size())),
               HumanBytes(r.orphan_bytes), Grouped(r.files_deleted), HumanBytes(r.bytes_deleted));
  }
}

int Run(const MaintainTarget& t, const ParsedArgs& p) {
  maintain::RemoveOrphanFilesOptions o;
  const int64_t now = WallClockMs();
  o.now_ms = [now] { return now; };
  if (auto v = p.Get("--older-than")) o.older_than_ms = now - *ParseDurationMs("--older-than", *v);
  o.dry_run = p.Has("--dry-run");
  const bool json = *ParseJsonFormat(p);
  auto r = maintain::RemoveOrphanFiles(t.ops, o);
  if (!r) return Failure(t.command, std::move(r.error()).WithContext(t.ident.ToString()));
  if (json) {
    fmt::print("{}\n", Json(*r));
  } else {
    PrintText(*r, t.ident);
  }
  if (r->delete_failures > 0) {
    fmt::print(stderr, "warning: {} deletes failed, first: {}\n", r->delete_failures, fmt::join(r->failed_paths, "; "));
  }
  return kExitOk;
}

}  // namespace

const MaintainAction kRemoveOrphanFilesAction{
    .name = "remove-orphan-files",
    .synopsis = "firn maintain NS.TABLE remove-orphan-files [--older-than DURATION] [--dry-run] "
                "[--format text|json] [catalog flags]",
    .summary = "delete files under the table that no metadata references",
    .help =
        "Lists every file under the table's location and deletes those that no snapshot, manifest\n"
        "or metadata file references and that were last modified before --older-than: what crashed\n"
        "writers and failed deletes leave behind. Files of a commit still in flight are younger than\n"
        "that, so keep --older-than longer than any commit can take.\n\n"
        "  --older-than D    only files modified more than D ago (3d, 12h, 30m, 45s; default 3d)\n"
        "  --dry-run         list the orphans; delete nothing\n"
        "  --format F        text (default) or json\n\n" FIRN_CATALOG_FLAGS_HELP,
    .flags = kFlags,
    .check_flags = CheckFlags,
    .run = Run,
};

}  // namespace firn::cli
