// Partition paths: the directory a data file of one partition goes into, Hive-style, as
// Java's PartitionSpec.partitionToPath writes it:
//   event_time_day=2017-11-16/user_id_bucket=3
// Each name and human-readable value (Transform::ToHumanString) is escaped like Java's
// URLEncoder.encode(s, UTF-8): letters, digits and ".-*_" stay, space becomes '+', every
// other byte becomes %XX (upper-case hex).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "firn/iceberg/partition/partition_spec.h"
#include "firn/iceberg/types/literal.h"

namespace firn::iceberg {

std::string UrlEncode(std::string_view s);

// REQUIRES: values.size() == spec.fields.size(); values[i] has the result type of field i.
std::string PartitionPath(const PartitionSpec& spec, const std::vector<Literal>& values);

}  // namespace firn::iceberg
