// firn namespace create|list|drop: namespaces of the catalog.
#include <fmt/format.h>

#include "cli/catalog_flags.h"
#include "cli/command_args.h"
#include "cli/tabular_output.h"

namespace firn::cli {
namespace {

constexpr FlagSpec kPropertyFlag[] = {{"--property", {}, true, true}};
constexpr FlagSpec kFormatFlag[] = {{"--format"}};

int RunCreate(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  auto flags = WithCatalogFlags(kPropertyFlag);
  auto p = ParseOrExit(self, args, flags, 1, 1, &code);
  if (!p) return code;
  auto ns = catalog::Namespace::Parse(p->positional()[0]);
  if (!ns) return UsageError(self, ns.error());
  auto props = ParseKeyValues("--property", p->GetAll("--property"));
  if (!props) return UsageError(self, props.error());
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  if (auto st = c->catalog->CreateNamespace(*ns, *props); !st) return Failure(self, st.error());
  fmt::print("created namespace {}\n", ns->ToString());
  return kExitOk;
}

int RunList(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  auto flags = WithCatalogFlags(kFormatFlag);
  auto p = ParseOrExit(self, args, flags, 0, 1, &code);
  if (!p) return code;
  auto format = ParseOutputFormat(p->Get("--format").value_or("table"));
  if (!format) return UsageError(self, format.error());
  catalog::Namespace parent;
  if (!p->positional().empty()) {
    auto ns = catalog::Namespace::Parse(p->positional()[0]);
    if (!ns) return UsageError(self, ns.error());
    parent = *ns;
  }
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  auto list = c->catalog->ListNamespaces(parent);
  if (!list) return Failure(self, list.error());
  ResultSet rs{{"namespace", "properties"}, {}};
  for (const catalog::Namespace& ns : *list) {
    auto props = c->catalog->LoadNamespaceProperties(ns);
    std::string json = "{", text;
    if (props) {
      for (const auto& [k, v] : *props) {
        if (json.size() > 1) json += ',';
        json += Cell::Str(k).json + ":" + Cell::Str(v).json;
        text += (text.empty() ? "" : ", ") + k + "=" + v;
      }
    }
    json += "}";
    rs.rows.push_back({Cell::Str(ns.ToString()), Cell::Json(json, text)});
  }
  PrintResultSet(rs, *format);
  return kExitOk;
}

int RunDrop(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  auto flags = WithCatalogFlags({});
  auto p = ParseOrExit(self, args, flags, 1, 1, &code);
  if (!p) return code;
  auto ns = catalog::Namespace::Parse(p->positional()[0]);
  if (!ns) return UsageError(self, ns.error());
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  if (auto st = c->catalog->DropNamespace(*ns); !st) return Failure(self, st.error());
  fmt::print("dropped namespace {}\n", ns->ToString());
  return kExitOk;
}

}  // namespace

const Command kNamespaceCreateCommand{
    .name = "namespace create",
    .synopsis = "firn namespace create NAMESPACE [--property K=V ...] [catalog flags]",
    .summary = "create a namespace",
    .help = "Creates a namespace (levels separated by '.', e.g. db or prod.events).\n\n"
            "  --property K=V      a namespace property (repeatable)\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunCreate,
};

const Command kNamespaceListCommand{
    .name = "namespace list",
    .synopsis = "firn namespace list [PARENT] [--format table|jsonl|csv] [catalog flags]",
    .summary = "list namespaces",
    .help = "Lists the namespaces under PARENT (default: the top level) with their properties.\n\n"
            "  --format F          table (default), jsonl or csv\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunList,
};

const Command kNamespaceDropCommand{
    .name = "namespace drop",
    .synopsis = "firn namespace drop NAMESPACE [catalog flags]",
    .summary = "drop an empty namespace",
    .help = "Drops a namespace. A namespace that still holds tables or namespaces is refused.\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunDrop,
};

}  // namespace firn::cli
