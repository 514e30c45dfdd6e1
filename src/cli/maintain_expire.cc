// firn maintain NS.TABLE expire-snapshots: maintain/expire/expire_snapshots.h.
#include <fmt/format.h>

#include "cli/args.h"
#include "cli/catalog_flags.h"
#include "cli/maintain_actions.h"
#include "cli/number_text.h"
#include "firn/common/json_writer.h"
#include "firn/common/macros.h"
#include "firn/maintain/expire/expire_snapshots.h"

namespace firn::cli {
namespace {

using maintain::ExpireSnapshotsResult;

constexpr FlagSpec kFlags[] = {{"--older-than"}, {"--retain-last"}, {"--dry-run", {}, false}, {"--format"}};

Status CheckFlags(const ParsedArgs& p) {
  if (auto v = p.Get("--older-than")) FIRN_RETURN_NOT_OK(ParseInstantOrAgo("--older-than", *v, 0));
  if (auto v = p.Get("--retain-last")) {
    auto n = ParseCount("--retain-last", *v);
    if (!n) return std::unexpected(n.error());
    if (*n < 1 || *n > INT32_MAX) return InvalidArgument("--retain-last must be at least 1, got {}", *v);
  }
  FIRN_RETURN_NOT_OK(ParseJsonFormat(p));
  return OkStatus();
}

std::string Json(const ExpireSnapshotsResult& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("dry_run"); w.Bool(r.dry_run);
  w.Key("older_than_ms"); w.Int(r.cutoff_ms);
  w.Key("retain_last"); w.Int(r.retain_last);
  w.Key("snapshots_before"); w.Int(r.snapshots_before);
  w.Key("snapshots_expired"); w.Int(r.snapshots_expired);
  w.Key("snapshots_kept"); w.Int(r.snapshots_kept);
  w.Key("kept"); w.BeginObject();
  w.Key("refs"); w.Int(r.kept_refs);
  w.Key("newer_than_cutoff"); w.Int(r.kept_by_age);
  w.Key("retain_last"); w.Int(r.kept_retain_last);
  w.Key("carried_state"); w.Int(r.kept_carried_state);
  w.EndObject();
  w.Key("refs_removed"); w.BeginArray();
  for (const std::string& ref : r.refs_removed) w.String(ref);
  w.EndArray();
  w.Key("expired_snapshot_ids"); w.BeginArray();
  for (int64_t id : r.expired_ids) w.Int(id);
  w.EndArray();
  w.Key(r.dry_run ? "files_to_delete" : "files_deleted"); w.BeginObject();
  w.Key("data"); w.Int(r.deleted.data);
  w.Key("delete"); w.Int(r.deleted.deletes);
  w.Key("manifest"); w.Int(r.deleted.manifests);
  w.Key("manifest_list"); w.Int(r.deleted.manifest_lists);
  w.Key("metadata_json"); w.Int(r.deleted.metadata_json);
  w.Key("bytes"); w.Int(r.deleted.bytes);
  w.EndObject();
  if (r.dry_run) {
    w.Key("paths"); w.BeginArray();
    for (const std::string& p : r.to_delete) w.String(p);
    w.EndArray();
  }
  w.Key("delete_failures"); w.Int(r.delete_failures);
  w.Key("failed"); w.BeginArray();
  for (const std::string& p : r.failed_paths) w.String(p);
  w.EndArray();
  w.Key("warnings"); w.BeginArray();
  for (const std::string& s : r.warnings) w.String(s);
  if (!r.cleanup_skipped.empty()) w.String(r.cleanup_skipped);
  w.EndArray();
  w.Key("commit_attempts"); w.Int(r.attempts);
  w.Key("metadata_location"); w.String(r.metadata_location);
  w.EndObject();
  return std::move(w).Take();
}

void PrintText(const maintain::ExpireSnapshotsResult& r, const catalog::TableIdentifier& ident) {
  const char* would = r.dry_run ? "would be " : "";
  fmt::print("{}expire snapshots of {}: {} -> {} snapshots ({} {}expired)\n", r.dry_run ? "dry run: " : "",
             ident.ToString(), Grouped(r.snapshots_before), Grouped(r.snapshots_kept),
             Grouped(r.snapshots_expired), would);
  fmt::print("  kept: {} ref heads and tags, {} newer than {}, {} to retain the last {}, {} for "
             "exactly-once state\n",
             r.kept_refs, r.kept_by_age, FormatInstant(r.cutoff_ms), r.kept_retain_last, r.retain_last,
             r.kept_carried_state);
  if (!r.refs_removed.empty()) fmt::print("  refs {}removed (past max-ref-age-ms): {}\n", would, fmt::join(r.refs_removed, ", "));
  const maintain::DeletedFiles& d = r.deleted;
  fmt::print("  files {}deleted: {} data, {} delete, {} manifests, {} manifest lists, {} metadata json "
             "({} total, {})\n",
             would, Grouped(d.data), Grouped(d.deletes), Grouped(d.manifests), Grouped(d.manifest_lists),
             Grouped(d.metadata_json), Grouped(d.total()), HumanBytes(d.bytes));
  if (r.dry_run) {
    for (const std::string& p : r.to_delete) fmt::print("  would delete {}\n", p);
  } else if (r.snapshots_expired > 0 || !r.refs_removed.empty()) {
    fmt::print("  metadata: {}\n", r.metadata_location);
  }
}

void PrintWarnings(const maintain::ExpireSnapshotsResult& r) {
  if (!r.cleanup_skipped.empty()) fmt::print(stderr, "warning: no file was deleted: {}\n", r.cleanup_skipped);
  for (const std::string& w : r.warnings) fmt::print(stderr, "warning: {}\n", w);
  if (r.delete_failures > 0) {
    fmt::print(stderr, "warning: {} deletes failed (remove-orphan-files will find them), first: {}\n",
               r.delete_failures, fmt::join(r.failed_paths, "; "));
  }
}

int Run(const MaintainTarget& t, const ParsedArgs& p) {
  maintain::ExpireSnapshotsOptions o;
  const int64_t now = WallClockMs();
  o.now_ms = [now] { return now; };
  if (auto v = p.Get("--older-than")) o.older_than_ms = *ParseInstantOrAgo("--older-than", *v, now);
  if (auto v = p.Get("--retain-last")) o.retain_last = static_cast<int32_t>(*ParseCount("--retain-last", *v));
  o.dry_run = p.Has("--dry-run");
  const bool json = *ParseJsonFormat(p);
  auto r = maintain::ExpireSnapshots(t.ops, o);
  if (!r) return Failure(t.command, std::move(r.error()).WithContext(t.ident.ToString()));
  if (json) {
    fmt::print("{}\n", Json(*r));
  } else {
    PrintText(*r, t.ident);
  }
  PrintWarnings(*r);
  return kExitOk;
}

}  // namespace

const MaintainAction kExpireSnapshotsAction{
    .name = "expire-snapshots",
    .synopsis = "firn maintain NS.TABLE expire-snapshots [--older-than DURATION|TIMESTAMP] "
                "[--retain-last N] [--dry-run] [--format text|json] [catalog flags]",
    .summary = "remove old snapshots and the files only they reference",
    .help =
        "Removes snapshots older than --older-than from the table's metadata, keeping at least the\n"
        "--retain-last most recent ones of each branch, every branch head and tag, and the snapshots\n"
        "that hold firn's exactly-once offsets. Then deletes the data, delete, manifest and manifest\n"
        "list files that only expired snapshots referenced, and metadata files the table's metadata\n"
        "log no longer lists. Readers of kept snapshots are unaffected; time travel to an expired\n"
        "snapshot is no longer possible.\n\n"
        "  --older-than T    a duration before now (3d, 12h, 30m, 45s, 1d12h) or an RFC 3339\n"
        "                    timestamp (default: history.expire.max-snapshot-age-ms, 5 days)\n"
        "  --retain-last N   keep at least N snapshots of main's history (default:\n"
        "                    history.expire.min-snapshots-to-keep, 1)\n"
        "  --dry-run         list what would be expired and deleted; change nothing\n"
        "  --format F        text (default) or json\n\n"
        "Failed deletes are reported and leave the files for remove-orphan-files.\n\n" FIRN_CATALOG_FLAGS_HELP,
    .flags = kFlags,
    .check_flags = CheckFlags,
    .run = Run,
};

}  // namespace firn::cli
