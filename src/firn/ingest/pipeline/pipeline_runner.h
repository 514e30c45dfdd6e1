// PipelineRunner: a PipelineConfig (`firn run -c pipeline.toml`) made real: the catalog,
// the source (Kafka, files, stdin, or the demo: librdkafka's mock cluster in-process
// fed with the standard event stream), the router, table auto-creation, and the Pipeline
// that ties them together.
//
// Thread-safety: Run blocks the calling thread; RequestStop may be called from another
// thread or a signal handler.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "firn/ingest/config/pipeline_config.h"
#include "firn/ingest/pipeline/pipeline.h"

namespace firn::ingest {

struct RunnerOptions {
  // Kafka: stop (committing) once every owned partition has been read to its end, as a
  // batch job would; `firn run --until-caught-up`.
  bool until_caught_up = false;
  // Shared with maintenance in the same process (PipelineOptions::commit_gate).
  CommitGate* commit_gate = nullptr;
};

class PipelineRunner {
 public:
  // Opens the catalog and the source (for the demo: starts the mock cluster). Errors name
  // the config key or the resource at fault.
  static Result<std::unique_ptr<PipelineRunner>> Make(const PipelineConfig& config,
                                                      RunnerOptions options = {});
  ~PipelineRunner();

  // What will run, for the start-up lines.
  const std::vector<std::string>& description() const { return description_; }
  // Runs until the source ends (files, stdin, the demo's events), RequestStop, or an error.
  Status Run();
  void RequestStop();

  void SetObserver(std::function<void(const PipelineStats&, const CycleReport*)> observer);
  // Metrics (pipeline_observer.h); "*observer" must outlive Run.
  void SetPipelineObserver(PipelineObserver* observer);
  const PipelineStats& stats() const;
  // Consumer lag summed over owned partitions; -1 when unknown.
  int64_t TotalLag();
  // Consumer lag per owned partition, "events/0 120, events/3 4 (6 others at 0)"; empty
  // for sources without lag.
  std::string LagReport();
  // Consumer lag per owned partition (empty for sources without lag). REQUIRES: called
  // on the thread that runs the pipeline (from its observer), like TotalLag.
  std::map<TopicPartition, PartitionLag> PartitionLags();

 private:
  struct Impl;
  explicit PipelineRunner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> description_;
};

// Creates `ident` as the config says for it (auto-create): schema from schema-ddl or
// schema-json, else inferred from `sample` (json/schema_inference.h); partition-by,
// identifier-fields and properties; the metadata columns are added to the schema. NotFound when auto-create is off. AlreadyExists from
// a race is success.
Status CreateTableFromSettings(catalog::Catalog& catalog, io::FileIO& io,
                               const catalog::TableIdentifier& ident, const TableSettings& settings,
                               std::span<const std::string_view> sample,
                               const std::vector<MetadataColumn>& metadata_columns = {});

// The standard event stream's schema as DDL, and the demo's partitioning.
extern const char* const kStandardEventsDdl;
extern const char* const kStandardEventsPartitionBy;

}  // namespace firn::ingest
