#include "firn/ingest/pipeline/router.h"

#include <simdjson.h>

#include "firn/ingest/config/table_name.h"

namespace firn::ingest {

struct Router::Impl {
  RouteSpec spec;
  std::vector<std::regex> rules;
  simdjson::ondemand::parser parser;
  std::string padded;  // the record copied with simdjson's padding
  std::string routed;  // what Route returned last
  // When the table depends on the topic alone (no rules, or rules matched against the
  // topic): the topic `routed` was resolved for, so a record of the same topic costs a
  // comparison.
  std::string routed_topic;
  bool routed_by_topic = false;
};

Router::Router(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;
Router::~Router() = default;

Result<Router> Router::Make(RouteSpec spec) {
  auto impl = std::make_unique<Impl>();
  for (const auto& [pattern, table] : spec.rules) {
    try {
      impl->rules.emplace_back(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return InvalidArgument("route rule '{}': not a valid regex: {}", pattern, e.what());
    }
  }
  if (spec.table.empty() && spec.rules.empty()) {
    return InvalidArgument("no target table: set sink.table or [[sink.route]] rules");
  }
  impl->spec = std::move(spec);
  return Router(std::move(impl));
}

Result<std::string_view> Router::Route(const SourceRecord& record) {
  Impl& impl = *impl_;
  const bool by_topic = impl.spec.route_field.empty();
  if (by_topic && impl.routed_by_topic && record.topic == impl.routed_topic) return impl.routed;
  impl.routed_by_topic = false;
  auto routed = Resolve(record);
  if (!routed) return std::unexpected(std::move(routed.error()));
  impl.routed = std::move(*routed);
  if (by_topic) {
    impl.routed_topic.assign(record.topic);
    impl.routed_by_topic = true;
  }
  return impl.routed;
}

Result<std::string> Router::Resolve(const SourceRecord& record) {
  const RouteSpec& spec = impl_->spec;
  if (spec.rules.empty()) return ResolveTableName(spec.table, record.topic, "");
  std::string value;
  if (spec.route_field.empty()) {
    value = std::string(record.topic);
  } else {
    std::string& buf = impl_->padded;
    buf.assign(record.value);
    buf.append(simdjson::SIMDJSON_PADDING, ' ');
    simdjson::ondemand::document doc;
    if (impl_->parser.iterate(buf.data(), record.value.size(), buf.size()).get(doc) !=
        simdjson::SUCCESS) {
      return InvalidArgument("malformed JSON (routing by '{}')", spec.route_field);
    }
    simdjson::ondemand::object obj;
    if (doc.get_object().get(obj) != simdjson::SUCCESS) {
      return InvalidArgument("the record is not a JSON object (routing by '{}')", spec.route_field);
    }
    simdjson::ondemand::value v;
    const auto found = obj.find_field_unordered(spec.route_field).get(v);
    if (found == simdjson::SUCCESS) {
      simdjson::ondemand::json_type type;
      if (v.type().get(type) != simdjson::SUCCESS) {
        return InvalidArgument("malformed JSON in field '{}'", spec.route_field);
      }
      if (type == simdjson::ondemand::json_type::string) {
        std::string_view s;
        if (v.get_string().get(s) != simdjson::SUCCESS) {
          return InvalidArgument("malformed string in field '{}'", spec.route_field);
        }
        value = std::string(s);
      } else if (type != simdjson::ondemand::json_type::null) {
        value = std::string(v.raw_json_token());
        while (!value.empty() && (value.back() == ' ' || value.back() == '\n')) value.pop_back();
      }
    } else if (found != simdjson::NO_SUCH_FIELD) {
      return InvalidArgument("malformed JSON (routing by '{}')", spec.route_field);
    }
  }
  for (size_t i = 0; i < impl_->rules.size(); ++i) {
    if (std::regex_match(value, impl_->rules[i])) {
      const std::string& table = spec.rules[i].second;
      if (table.find("{value}") != std::string::npos && value.empty()) {
        return InvalidArgument("route rule '{}' needs a value for {{value}}, and '{}' is empty",
                               spec.rules[i].first, spec.route_field);
      }
      return ResolveTableName(table, record.topic, value);
    }
  }
  if (spec.table.empty()) {
    return InvalidArgument("no route rule matches {} '{}' and there is no sink.table",
                           spec.route_field.empty() ? "topic" : spec.route_field, value);
  }
  return ResolveTableName(spec.table, record.topic, "");
}

std::vector<std::string> Router::TablesFor(std::string_view topic) const {
  std::vector<std::string> out;
  const RouteSpec& spec = impl_->spec;
  if (!spec.table.empty()) out.push_back(ResolveTableName(spec.table, topic, ""));
  for (const auto& [pattern, table] : spec.rules) {
    if (table.find("{value}") == std::string::npos) out.push_back(ResolveTableName(table, topic, ""));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace firn::ingest
