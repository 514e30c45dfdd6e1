// [sink] and its [[sink.route]] rules: see docs/configuration.md.
#include <fmt/format.h>

#include "firn/ingest/config/config_sections.h"

namespace firn::ingest::config_internal {
namespace {

// The demo writes to a table named after its topic unless told otherwise.
constexpr std::string_view kDemoTable = "demo.{topic}";

bool HasTopic(SourceType type) { return type == SourceType::kKafka || type == SourceType::kDemo; }

// Reads rule `index` of [[sink.route]]; nullopt (reported) when it is not valid.
std::optional<RouteRule> ReadRoute(const toml::node& node, size_t index, Diagnostics& diag) {
  std::string path = fmt::format("sink.route[{}]", index);
  const toml::table* table = node.as_table();
  if (table == nullptr) {
    diag.Error(LocationOf(node.source()),
               fmt::format("{}: expected a table (match = ..., table = ...), got {}", path,
                           Describe(node)));
    return std::nullopt;
  }
  size_t before = diag.error_count();
  Section rule(table, path, &diag);
  std::optional<std::string> match = rule.String("match");
  std::optional<std::string> name = rule.String("table");
  rule.RejectUnknown();
  if (diag.error_count() != before) return std::nullopt;
  if (!match) diag.Error(LocationOf(table->source()), fmt::format("{}.match is required", path));
  if (!name) diag.Error(LocationOf(table->source()), fmt::format("{}.table is required", path));
  if (!match || !name) return std::nullopt;
  if (Status ok = CheckRegex(*match); !ok) {
    diag.ErrorAtKey(path + ".match", fmt::format("{}.match: {}", path, ok.error().message()));
  }
  if (Status ok = CheckTableName(*name, TablePlaceholders::kTopicAndValue); !ok) {
    diag.ErrorAtKey(path + ".table", fmt::format("{}.table: {}", path, ok.error().message()));
  }
  if (diag.error_count() != before) return std::nullopt;
  return RouteRule{std::move(*match), std::move(*name)};
}

}  // namespace

bool ReadSink(Section s, const SourceSettings& source, bool source_valid, SinkSettings* out) {
  Diagnostics& diag = s.diag();
  size_t before = diag.error_count();
  std::optional<std::string> table = s.String("table");
  std::optional<std::string> route_field = s.String("route-field");
  const toml::node* routes = s.Get("route");
  s.RejectUnknown();
  if (table) {
    if (Status ok = CheckTableName(*table, TablePlaceholders::kTopic); !ok) {
      diag.ErrorAtKey("sink.table", "sink.table: " + ok.error().message());
    } else {
      out->table = std::move(*table);
    }
  }
  if (route_field) {
    if (route_field->empty()) {
      diag.ErrorAtKey("sink.route-field", "sink.route-field: must not be empty");
    } else {
      out->route_field = std::move(*route_field);
    }
  }
  if (routes != nullptr) {
    const toml::array* rules = routes->as_array();
    if (rules == nullptr) {
      s.Expected("sink.route", *routes, "an array of tables ([[sink.route]])");
    } else {
      for (size_t i = 0; i < rules->size(); ++i) {
        if (auto rule = ReadRoute(*rules->get(i), i, diag)) out->routes.push_back(std::move(*rule));
      }
    }
  }
  if (diag.error_count() != before) return false;

  if (out->table.empty() && out->routes.empty()) {
    if (source.type != SourceType::kDemo) {
      diag.Error("sink.table is required (or [[sink.route]] rules)");
    } else {
      out->table = kDemoTable;
    }
  }
  if (diag.HasKey("sink.route-field") && out->routes.empty()) {
    diag.ErrorAtKey("sink.route-field", "sink.route-field: needs [[sink.route]] rules");
  }
  if (source_valid && !HasTopic(source.type)) {
    // Files and stdin have no topic to fill in or match.
    auto where =
        fmt::format("source.type = \"{}\"", source.type == SourceType::kFile ? "file" : "stdin");
    if (out->table.find("{topic}") != std::string::npos) {
      diag.ErrorAtKey(
          "sink.table",
          fmt::format("sink.table: {{topic}} needs a Kafka source; {} has no topic", where));
    }
    for (size_t i = 0; i < out->routes.size(); ++i) {
      std::string path = fmt::format("sink.route[{}].table", i);
      if (out->routes[i].table.find("{topic}") != std::string::npos) {
        diag.ErrorAtKey(
            path, fmt::format("{}: {{topic}} needs a Kafka source; {} has no topic", path, where));
      }
    }
    if (!out->routes.empty() && out->route_field.empty()) {
      diag.ErrorAtKey("sink.route",
                      fmt::format("sink.route: without sink.route-field the rules match the "
                                  "topic, and {} has none",
                                  where));
    }
  }
  return diag.error_count() == before;
}

}  // namespace firn::ingest::config_internal
