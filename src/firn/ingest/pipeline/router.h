// Router: which table a record goes to (the [sink] section of the pipeline config).
//
//   - a static table, or a template of the topic: "analytics.{topic}";
//   - with route-field, the value of that top-level JSON field (or, without one, the
//     topic) is matched against regex rules, first match wins; a rule's table may use
//     {topic} and {value}. A record no rule matches goes to the default table, and is a
//     bad record when there is none.
//
// Thread-safety: none (Route reuses a parser).
#pragma once

#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/ingest/source/source.h"

namespace firn::ingest {

struct RouteSpec {
  std::string table;        // default table or template; empty: none
  std::string route_field;  // top-level JSON field; empty: rules match the topic
  std::vector<std::pair<std::string, std::string>> rules;  // (regex, table template)
};

class Router {
 public:
  static Result<Router> Make(RouteSpec spec);
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;
  ~Router();

  // The table name for the record, valid until the next call. InvalidArgument when
  // nothing matches (a bad record).
  Result<std::string_view> Route(const SourceRecord& record);
  // Tables a topic's records go to that are known without reading a record (the default
  // table and rule tables without {value}); used to find where partitions start.
  std::vector<std::string> TablesFor(std::string_view topic) const;

 private:
  struct Impl;
  explicit Router(std::unique_ptr<Impl> impl);
  Result<std::string> Resolve(const SourceRecord& record);
  std::unique_ptr<Impl> impl_;
};

}  // namespace firn::ingest
