// UpsertWriter: the files of one upsert commit: data files for the rows, equality-delete
// files for the keys they replace in earlier commits, and position-delete files for rows
// this same commit wrote and a later change replaced.
//
// Why both kinds of delete: an equality delete applies only to data files with a smaller
// data sequence number (spec, "Scan Planning"), and everything one commit adds shares one
// sequence number. So a key's first change in a commit writes one equality delete (it
// removes the key's row from every earlier commit), and a row this commit wrote earlier
// is removed by its position. The Flink sink's known "same sequence number" bug is what
// happens without the second part.
//
// Changes are applied in order, a batch at a time (Write). Within a batch only the last
// change of each key is kept: earlier rows of that key are never written at all. Across
// batches the writer remembers, for every key this commit touched, where its row is (file
// and position) or that it was deleted; memory grows with the keys of one commit and is
// reported by MemoryUsage.
//
// Equality deletes go to the table's partition spec when every source field of the spec
// is a key field (a key never changes partition), else to an unpartitioned spec, where
// they apply to every partition (the caller passes that spec; the table must hold it).
//
// Thread-safety: none.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "firn/iceberg/data/equality_delete_writer.h"
#include "firn/iceberg/data/partitioned_writer.h"
#include "firn/iceberg/data/position_delete_writer.h"
#include "firn/ingest/upsert/key_encoder.h"

namespace firn::ingest {

// One change of a batch, in source order: an upserted row (an index into the rows batch)
// or a deleted key (an index into the keys batch).
struct Change {
  bool is_delete = false;
  int64_t row = 0;
};

struct UpsertStats {
  int64_t rows_written = 0;      // data rows in files
  int64_t rows_superseded = 0;   // rows never written: a later change of the same batch replaced them
  int64_t position_deletes = 0;  // rows of this commit removed by position
  int64_t equality_deletes = 0;  // keys removed from earlier commits
};

class UpsertWriter {
 public:
  // `schema`/`spec`: the table's (rows are in `schema`'s layout). `delete_spec`: where
  // equality deletes go, the table's spec or an unpartitioned one (see above). All three
  // must remain live while the writer is in use.
  static Result<std::unique_ptr<UpsertWriter>> Make(io::FileIO& io, const iceberg::Schema& schema,
                                                    const iceberg::PartitionSpec& spec,
                                                    const iceberg::PartitionSpec& delete_spec,
                                                    const std::vector<int32_t>& key_ids,
                                                    iceberg::DataWriterOptions options);
  ~UpsertWriter();

  // Applies `changes` in order. `rows` holds the upserted rows (the table schema's
  // layout), `keys` the deleted keys (key_schema()'s layout).
  Status Write(const parquet::RecordBatch& rows, const parquet::RecordBatch& keys,
               std::span<const Change> changes);
  // Rows that follow are in `schema`'s layout (schema evolution: the key fields are the
  // same). The open data files are finished; where this commit's keys are stays known.
  // `schema` must remain live while the writer is in use.
  Status UseSchema(const iceberg::Schema& schema);
  // Every file of the commit: data files, then delete files. The writer is spent.
  Result<std::vector<iceberg::DataFile>> Finish();
  void Abandon();

  const iceberg::Schema& key_schema() const { return key_encoder_.key_schema(); }
  const UpsertStats& stats() const { return stats_; }
  bool has_deletes() const { return stats_.position_deletes > 0 || stats_.equality_deletes > 0; }

  int64_t MemoryUsage() const;
  // What only Finish frees: the key index and the position deletes waiting to be sorted.
  int64_t CommitBoundBytes() const { return index_bytes_ + positions_->MemoryUsage(); }
  Result<int64_t> ReleaseLargest() { return data_->ReleaseLargest(); }
  int64_t EstimatedBytes() const { return data_->EstimatedBytes(); }
  int64_t files_closed_for_memory() const { return data_->files_closed_for_memory(); }

 private:
  UpsertWriter(io::FileIO& io, const iceberg::Schema& schema, const iceberg::PartitionSpec& spec,
               KeyEncoder key_encoder, iceberg::DataWriterOptions options);
  Status WriteKeyDeletes();
  Status DeletePosition(int32_t file, int64_t position);

  // Where a key's current row of this commit is; file -1: the key was deleted.
  struct Location {
    int32_t file = -1;
    int64_t position = 0;
  };

  io::FileIO& io_;
  const iceberg::Schema* schema_;
  const iceberg::PartitionSpec& spec_;
  iceberg::DataWriterOptions options_;
  std::shared_ptr<const parquet::Schema> file_schema_;
  KeyEncoder key_encoder_;  // rows -> keys
  KeyEncoder key_of_keys_;  // deleted keys (already in key layout) -> keys
  std::unique_ptr<iceberg::PartitionedWriter> data_;
  // Data files of earlier schemas in this commit (UseSchema): finished, and still the
  // target of position deletes. A Location's file is an index into old_files_ below
  // file_base_, else file_base_ + the current writer's file ordinal.
  std::vector<iceberg::DataFile> finished_data_;
  std::vector<std::pair<std::string, std::vector<iceberg::Literal>>> old_files_;
  int32_t file_base_ = 0;
  int32_t max_ordinal_ = -1;  // the highest file ordinal of data_ a Location holds
  std::unique_ptr<iceberg::EqualityDeleteWriter> equality_;
  std::unique_ptr<iceberg::PositionDeleteWriter> positions_;
  std::unordered_map<std::string, Location> index_;
  int64_t index_bytes_ = 0;
  parquet::RecordBatch equality_keys_;  // keys waiting for the equality-delete writer
  // Scratch of Write, kept across calls.
  std::vector<std::string> batch_keys_;
  std::vector<uint8_t> superseded_;
  std::vector<int64_t> take_;
  std::vector<iceberg::RowLocation> locations_;
  parquet::RecordBatch kept_;
  UpsertStats stats_;
};

}  // namespace firn::ingest
