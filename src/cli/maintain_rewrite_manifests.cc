// firn maintain NS.TABLE rewrite-manifests: maintain/manifests/rewrite_manifests.h.
#include <fmt/format.h>

#include "cli/args.h"
#include "cli/catalog_flags.h"
#include "cli/maintain_actions.h"
#include "cli/number_text.h"
#include "firn/common/json_writer.h"
#include "firn/maintain/manifests/rewrite_manifests.h"

namespace firn::cli {
namespace {

constexpr FlagSpec kFlags[] = {{"--format"}};

Status CheckFlags(const ParsedArgs& p) {
  if (auto json = ParseJsonFormat(p); !json) return std::unexpected(json.error());
  return OkStatus();
}

int Run(const MaintainTarget& t, const ParsedArgs& p) {
  const bool json = *ParseJsonFormat(p);
  auto r = maintain::RewriteManifests(t.ops);
  if (!r) return Failure(t.command, std::move(r.error()).WithContext(t.ident.ToString()));
  if (json) {
    JsonWriter w;
    w.BeginObject();
    w.Key("manifests_before"); w.Int(r->manifests_before);
    w.Key("manifests_after"); w.Int(r->manifests_after);
    w.Key("snapshot_id");
    if (r->snapshot) w.Int(r->snapshot->value());
    else w.Null();
    w.Key("attempts"); w.Int(r->attempts);
    w.Key("duration_ms"); w.Int(r->duration_ms);
    w.EndObject();
    fmt::print("{}\n", std::move(w).Take());
  } else if (!r->snapshot) {
    fmt::print("{} has no snapshot: nothing to rewrite\n", t.ident.ToString());
  } else {
    fmt::print("rewrote the manifests of {}: {} -> {} manifests, snapshot {}, {:.1f} s\n", t.ident.ToString(),
               Grouped(r->manifests_before), Grouped(r->manifests_after), r->snapshot->value(),
               static_cast<double>(r->duration_ms) / 1000.0);
  }
  return kExitOk;
}

}  // namespace

const MaintainAction kRewriteManifestsAction{
    .name = "rewrite-manifests",
    .synopsis = "firn maintain NS.TABLE rewrite-manifests [--format text|json] [catalog flags]",
    .summary = "merge manifests and cluster their entries by partition",
    .help =
        "Rewrites every manifest of the current snapshot into manifests of\n"
        "commit.manifest.target-size-bytes (default 8 MB) whose entries are sorted by partition,\n"
        "committed as a replace snapshot that changes no data. Streaming commits leave one small\n"
        "manifest each; after this, planning a scan of a partition opens few of them.\n\n"
        "  --format text|json  output (default text)\n\n" FIRN_CATALOG_FLAGS_HELP,
    .flags = kFlags,
    .check_flags = CheckFlags,
    .run = Run,
};

}  // namespace firn::cli
