// CommitMetadataUpdate: a metadata-only change that loses a race is applied again to the
// winner's metadata, so neither change is lost; a failing change commits nothing.
#include "firn/iceberg/commit/metadata_update.h"

#include <gtest/gtest.h>

#include "firn/common/macros.h"
#include "firn/iceberg/sort/sort_order_parser.h"
#include "firn/io/memory_file_io.h"

namespace firn::iceberg {
namespace {

// Table operations over one in-memory metadata; `race` runs once, between the change's
// refresh and its commit, as another writer would.
class RacingOps final : public TableOperations {
 public:
  explicit RacingOps(TableMetadata m) { state_ = {std::make_shared<const TableMetadata>(std::move(m)), "v0"}; }
  Result<TableState> Refresh() override { return state_; }
  Result<TableState> Commit(const TableState& base, const TableMetadata& updated) override {
    ++commits_;
    if (race_) {
      auto race = std::move(race_);
      race_ = nullptr;
      race(*this);
    }
    if (base.metadata_location != state_.metadata_location) return CommitConflict("stale base");
    state_ = {std::make_shared<const TableMetadata>(updated), "v" + std::to_string(++version_)};
    return state_;
  }
  io::FileIO& io() override { return io_; }

  void Swap(TableMetadata m) { state_ = {std::make_shared<const TableMetadata>(std::move(m)), "v" + std::to_string(++version_)}; }
  const TableMetadata& metadata() const { return *state_.metadata; }
  std::function<void(RacingOps&)> race_;
  int commits_ = 0;

 private:
  io::MemoryFileIO io_;
  TableState state_;
  int version_ = 0;
};

Schema TestSchema() { return Schema(0, {Required(1, "id", Type::Long()), Optional(2, "name", Type::String())}); }

TEST(MetadataUpdateTest, ALostRaceIsAppliedAgainToTheWinner) {
  RacingOps ops(*NewTableMetadata(TestSchema(), PartitionSpec{}, SortOrder::Unsorted(), "mem://t", {}, 1000));
  // Another writer sets a property between our refresh and our commit.
  ops.race_ = [](RacingOps& o) {
    TableMetadataBuilder b(o.metadata(), "v0");
    b.SetProperties({{"owner", "other"}});
    o.Swap(*std::move(b).Build(2000));
  };
  int calls = 0;
  auto done = CommitMetadataUpdate(ops, [&](const TableMetadata& m, TableMetadataBuilder& b) -> Status {
    ++calls;
    FIRN_ASSIGN_OR_RETURN(SortOrder order, ParseSortOrder("name desc", m.CurrentSchema()));
    b.SetDefaultSortOrder(b.AddSortOrder(order));
    return OkStatus();
  });
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(ops.commits_, 2);
  EXPECT_EQ(ops.metadata().properties.at("owner"), "other");  // the winner's change stays
  EXPECT_EQ(ops.metadata().default_sort_order_id, 1);
}

TEST(MetadataUpdateTest, AFailingChangeCommitsNothingAndConflictsEndAfterTheAttempts) {
  RacingOps ops(*NewTableMetadata(TestSchema(), PartitionSpec{}, SortOrder::Unsorted(), "mem://t", {}, 1000));
  auto refused = CommitMetadataUpdate(ops, [](const TableMetadata&, TableMetadataBuilder&) -> Status {
    return InvalidArgument("no such column");
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message(), "no such column");
  EXPECT_EQ(ops.commits_, 0);

  // Every commit loses: the conflict is returned after `attempts` tries.
  int tries = 0;
  auto lost = CommitMetadataUpdate(
      ops,
      [&](const TableMetadata&, TableMetadataBuilder& b) -> Status {
        ++tries;
        ops.race_ = [](RacingOps& o) { o.Swap(o.metadata()); };
        b.SetProperties({{"k", "v"}});
        return OkStatus();
      },
      3);
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().kind(), ErrorKind::kCommitConflict);
  EXPECT_EQ(tries, 3);
  EXPECT_EQ(ops.metadata().properties.count("k"), 0u);
}

}  // namespace
}  // namespace firn::iceberg
