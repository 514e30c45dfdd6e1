#include "firn/ingest/offsets/offset_claim.h"

namespace firn::ingest {
namespace {

std::string Describe(const std::optional<KafkaOffset>& offset) {
  return offset ? std::to_string(offset->value()) : std::string("nothing");
}

}  // namespace

Result<OffsetMap> ApplyClaims(const OffsetMap& stored, const std::vector<OffsetClaim>& claims) {
  OffsetMap merged = stored;
  for (const OffsetClaim& c : claims) {
    const std::optional<KafkaOffset> held = FindOffset(stored, c.topic, c.partition);
    if (held != c.from) {
      return CommitConflict(
          "{} partition {}: the table holds offsets up to {}, but this commit continues from "
          "{}: another worker committed this partition since (a rebalance); the commit is "
          "refused",
          c.topic, c.partition.value(), Describe(held), Describe(c.from));
    }
    if (c.from && c.to < *c.from) {
      return InvalidArgument("{} partition {}: claim goes backwards ({} -> {})", c.topic,
                             c.partition.value(), c.from->value(), c.to.value());
    }
    merged[c.topic][c.partition] = c.to;
  }
  return merged;
}

}  // namespace firn::ingest
