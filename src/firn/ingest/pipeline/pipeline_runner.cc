#include "firn/ingest/pipeline/pipeline_runner.h"

#include <unistd.h>

#include <algorithm>
#include <ctime>

#include <fmt/ranges.h>

#include "firn/catalog/catalog_table_operations.h"
#include "firn/catalog/catalog_uri.h"
#include "firn/common/buffer.h"
#include "firn/common/macros.h"
#include "firn/iceberg/partition/partition_spec_parser.h"
#include "firn/iceberg/sort/sort_order_parser.h"
#include "firn/iceberg/types/assign_ids.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/iceberg/types/schema_json.h"
#include "firn/ingest/json/schema_inference.h"
#include "firn/ingest/kafka/demo_publisher.h"
#include "firn/ingest/kafka/kafka_source.h"
#include "firn/ingest/kafka/mock_cluster.h"
#include "firn/ingest/kafka/producer.h"
#include "firn/ingest/offsets/stored_offsets.h"
#include "firn/ingest/source/file_source.h"
#include "firn/io/local_file_io.h"

namespace firn::ingest {

const char* const kStandardEventsDdl =
    "event_id uuid, event_time timestamptz, user_id long, session_id string, event_type string, "
    "page string, amount double, country string, device struct<os: string, version: string>, "
    "tags list<string>";
const char* const kStandardEventsPartitionBy = "day(event_time)";

namespace {

constexpr std::string_view kDemoTable = "demo.events";

std::string WorkerId() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return fmt::format("{}:{}", host, ::getpid());
}

}  // namespace

Status CreateTableFromSettings(catalog::Catalog& catalog, io::FileIO& io, const catalog::TableIdentifier& ident,
                               const TableSettings& settings, std::span<const std::string_view> sample,
                               const std::vector<MetadataColumn>& metadata_columns) {
  if (!settings.auto_create) {
    return NotFound("table {} does not exist (create it with `firn table create`, or set "
                    "auto-create = true in [table-defaults] or [tables.\"{}\"])",
                    ident.ToString(), ident.ToString());
  }
  iceberg::Schema schema;
  if (settings.schema_ddl) {
    FIRN_ASSIGN_OR_RETURN_CTX(schema, iceberg::ParseSchemaDdl(*settings.schema_ddl), "schema-ddl");
  } else if (settings.schema_json) {
    FIRN_ASSIGN_OR_RETURN_CTX(schema, iceberg::SchemaFromJsonString(*settings.schema_json), "schema-json");
  } else {
    FIRN_ASSIGN_OR_RETURN_CTX(schema, InferSchema(sample), "inferring the schema of " + ident.ToString());
  }
  if (!metadata_columns.empty()) {
    // Metadata columns the schema lacks are added after its own columns.
    std::vector<iceberg::NestedField> fields = schema.fields();
    std::vector<iceberg::NestedField> extra;
    for (iceberg::NestedField& f : MetadataFields(metadata_columns)) {
      if (schema.FindField(f.name) == nullptr) extra.push_back(std::move(f));
    }
    int32_t next = schema.HighestFieldId();
    for (iceberg::NestedField& f : iceberg::AssignFreshIds(extra, [&] { return ++next; })) fields.push_back(std::move(f));
    FIRN_ASSIGN_OR_RETURN(schema, iceberg::Schema::Make(schema.schema_id(), std::move(fields),
                                                        schema.identifier_field_ids()));
  }
  if (!settings.identifier_fields.empty()) {
    std::vector<FieldId> ids;
    for (const std::string& name : settings.identifier_fields) {
      const iceberg::NestedField* f = schema.FindField(name);
      if (f == nullptr) return InvalidArgument("identifier-fields: no column '{}' in {}", name, ident.ToString());
      ids.push_back(f->id);
    }
    FIRN_ASSIGN_OR_RETURN_CTX(schema, iceberg::Schema::Make(schema.schema_id(), schema.fields(), ids),
                              "identifier-fields");
  }
  iceberg::PartitionSpec spec;
  if (settings.partition_by) {
    FIRN_ASSIGN_OR_RETURN_CTX(spec.fields, iceberg::ParsePartitionFields(*settings.partition_by, schema),
                              "partition-by of " + ident.ToString());
  }
  iceberg::SortOrder order = iceberg::SortOrder::Unsorted();
  if (settings.sort_by) {
    FIRN_ASSIGN_OR_RETURN_CTX(order, iceberg::ParseSortOrder(*settings.sort_by, schema),
                              "sort-by of " + ident.ToString());
  }
  FIRN_ASSIGN_OR_RETURN(bool ns_exists, catalog.NamespaceExists(ident.ns));
  if (!ns_exists) {
    Status s = catalog.CreateNamespace(ident.ns, {});
    if (!s && s.error().kind() != ErrorKind::kAlreadyExists) return s;
  }
  catalog::NewTable table{schema, spec, order, settings.properties, "",
                          iceberg::kDefaultFormatVersion};
  auto created = catalog::CreateTable(catalog, io, ident, table);
  if (!created && created.error().kind() != ErrorKind::kAlreadyExists) {
    return std::unexpected(std::move(created.error()).WithContext("creating " + ident.ToString()));
  }
  if (created) FIRN_LOG(kInfo, "created table {}", ident.ToString());
  return OkStatus();
}

struct PipelineRunner::Impl {
  PipelineConfig config;
  io::LocalFileIO io;
  std::unique_ptr<catalog::Catalog> catalog;
  std::unique_ptr<kafka::MockCluster> mock;
  std::unique_ptr<kafka::DemoPublisher> publisher;
  std::unique_ptr<kafka::Producer> dead_letters;  // errors.dead-letter = "topic"
  std::unique_ptr<Source> source;
  kafka::KafkaSource* kafka = nullptr;
  std::unique_ptr<Pipeline> pipeline;
};

PipelineRunner::PipelineRunner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PipelineRunner::~PipelineRunner() {
  if (impl_->publisher) {
    impl_->publisher->Stop();
    (void)impl_->publisher->Join();
  }
  impl_->pipeline.reset();
  impl_->source.reset();
}

Result<std::unique_ptr<PipelineRunner>> PipelineRunner::Make(const PipelineConfig& config,
                                                             RunnerOptions runner_options) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  PipelineConfig& c = impl->config;
  std::vector<std::string> desc;
  const bool demo = c.source.type == SourceType::kDemo;
  if (demo) {
    // The demo's own defaults, each only where the config says nothing.
    if (c.sink.table.empty() && c.sink.routes.empty()) c.sink.table = std::string(kDemoTable);
    TableOverrides& t = c.table_defaults;
    if (!t.auto_create) t.auto_create = true;
    if (!t.schema_ddl && !t.schema_json) t.schema_ddl = kStandardEventsDdl;
    if (!t.partition_by) t.partition_by = kStandardEventsPartitionBy;
    if (std::find(c.keys.begin(), c.keys.end(), "commit") == c.keys.end()) c.commit.interval_ms = 2000;
  }

  FIRN_ASSIGN_OR_RETURN(impl->catalog,
                        catalog::OpenCatalog({.uri = c.catalog.uri, .warehouse = c.catalog.warehouse,
                                              .catalog_name = c.catalog.name},
                                             &impl->io));
  desc.push_back(fmt::format("catalog   {}", impl->catalog->description()));

  PipelineOptions options;
  options.commit_gate = runner_options.commit_gate;
  options.commit_interval_ms = c.commit.interval_ms;
  options.commit_max_bytes = c.commit.max_bytes;
  options.commit_max_records = c.commit.max_records;
  // Buffers freed by writers are cached for reuse (firn/common/buffer.h) up to an eighth
  // of the budget; the writers get the rest.
  const int64_t pool_bytes = c.memory_budget / 8;
  SetBufferPoolLimit(static_cast<size_t>(pool_bytes));
  options.memory_budget_bytes = c.memory_budget - pool_bytes;
  options.write_threads = c.write_threads;
  options.errors = c.errors.tolerance == ErrorTolerance::kAll ? ErrorPolicy::kDeadLetter : ErrorPolicy::kFail;
  options.dead_letter_suffix = c.errors.dead_letter_table_suffix;
  options.log_bad_records = c.errors.log;
  options.summary["firn.worker"] = WorkerId();
  options.metadata_columns = c.source.metadata_columns;
  options.decode.case_insensitive = c.decode.case_insensitive;
  options.decode.timestamp_numbers =
      c.decode.timestamp_numbers == TimestampNumbers::kMillis   ? JsonRecordDecoder::TimestampNumbers::kMillis
      : c.decode.timestamp_numbers == TimestampNumbers::kMicros ? JsonRecordDecoder::TimestampNumbers::kMicros
                                                                : JsonRecordDecoder::TimestampNumbers::kReject;

  switch (c.source.type) {
    case SourceType::kDemo:
    case SourceType::kKafka: {
      kafka::KafkaSourceOptions ko;
      ko.properties = c.source.kafka;
      ko.group_id = c.source.group_id.empty() ? "firn" : c.source.group_id;
      // The demo's cluster lives and dies with this process, so each run is a new stream
      // with its own group (offsets of an earlier run's stream mean nothing here).
      if (demo) ko.group_id = fmt::format("firn-demo-{:x}", static_cast<uint64_t>(::time(nullptr)) * 1000003u + static_cast<uint64_t>(::getpid()));
      ko.topics = c.source.topics;
      ko.topic_pattern = c.source.topic_pattern;
      ko.stop_when_caught_up = runner_options.until_caught_up;
      if (demo) {
        FIRN_ASSIGN_OR_RETURN(impl->mock, kafka::MockCluster::Make(1));
        FIRN_RETURN_NOT_OK(impl->mock->CreateTopic(c.source.demo.topic, c.source.demo.partitions));
        ko.properties["bootstrap.servers"] = impl->mock->bootstrap_servers();
        // The mock rebalances after session.timeout.ms; below ~3.5 s a joiner can expire.
        ko.properties.try_emplace("session.timeout.ms", "6000");
        ko.topics = {c.source.demo.topic};
        ko.topic_pattern.clear();
        options.stop_after_records = c.source.demo.events;
        desc.push_back(fmt::format("source    demo: librdkafka's mock cluster at {} (in this process), "
                                   "topic '{}' with {} partitions, {} standard events{}",
                                   impl->mock->bootstrap_servers(), c.source.demo.topic, c.source.demo.partitions,
                                   c.source.demo.events,
                                   c.source.demo.rate > 0 ? fmt::format(" at {}/s", c.source.demo.rate) : ""));
      } else {
        desc.push_back(fmt::format("source    kafka {} (group '{}')",
                                   ko.topics.empty() ? "pattern ^" + ko.topic_pattern
                                                     : fmt::format("topics {}", fmt::join(ko.topics, ", ")),
                                   ko.group_id));
      }
      options.offsets_key = KafkaOffsetsKey(ko.group_id);
      FIRN_ASSIGN_OR_RETURN(auto source, kafka::KafkaSource::Make(std::move(ko)));
      impl->kafka = source.get();
      impl->source = std::move(source);
      break;
    }
    case SourceType::kFile: {
      FIRN_ASSIGN_OR_RETURN(impl->source, FileSource::Make(c.source.paths));
      options.offsets_key = std::string(kFileOffsetsKey);
      desc.push_back(fmt::format("source    files {}", fmt::join(c.source.paths, ", ")));
      break;
    }
    case SourceType::kStdin: {
      FIRN_ASSIGN_OR_RETURN(impl->source, FileSource::Make({"-"}));
      desc.push_back("source    stdin (no offsets are stored: every run appends what it reads)");
      break;
    }
  }

  RouteSpec route{.table = c.sink.table, .route_field = c.sink.route_field};
  for (const RouteRule& r : c.sink.routes) route.rules.emplace_back(r.match, r.table);
  FIRN_ASSIGN_OR_RETURN(Router router, Router::Make(std::move(route)));
  desc.push_back(fmt::format("sink      {}{}", c.sink.table.empty() ? "(routes only)" : c.sink.table,
                             c.sink.routes.empty() ? "" : fmt::format(", {} route rule(s)", c.sink.routes.size())));
  desc.push_back(c.write_threads > 0
                     ? fmt::format("threads   decoding on one, writing on {} (write-threads)", c.write_threads)
                     : std::string("threads   one: decoding and writing take turns (write-threads = 0)"));
  desc.push_back(fmt::format("commit    every {} ms{}{}, exactly once (offsets in the snapshot summary '{}')",
                             c.commit.interval_ms,
                             c.commit.max_records > 0 ? fmt::format(" or {} records", c.commit.max_records) : "",
                             c.commit.max_bytes > 0 ? fmt::format(" or {} bytes", c.commit.max_bytes) : "",
                             options.offsets_key.empty() ? "(none)" : options.offsets_key));

  Impl* raw = impl.get();
  if (options.errors == ErrorPolicy::kDeadLetter && c.errors.dead_letter == DeadLetterTarget::kTopic) {
    // The producer gets the connection and security settings of the source, nothing else
    // (consumer properties would only draw warnings).
    std::map<std::string, std::string> props;
    for (const auto& [k, v] : c.source.kafka) {
      if (k == "bootstrap.servers" || k == "client.id" || k.starts_with("security.") || k.starts_with("sasl.") ||
          k.starts_with("ssl.")) {
        props[k] = v;
      }
    }
    if (impl->mock) props["bootstrap.servers"] = impl->mock->bootstrap_servers();
    FIRN_ASSIGN_OR_RETURN_CTX(impl->dead_letters, kafka::Producer::Make(std::move(props)), "dead-letter producer");
    const std::string topic = c.errors.dead_letter_topic;
    options.dead_letter_sink = [raw, topic](const SourceRecord& r, const std::string& table,
                                            std::string_view error) -> Status {
      std::vector<std::pair<std::string, std::string>> headers = {
          {"firn.error", std::string(error)},
          {"firn.table", table},
          {"firn.source.topic", std::string(r.topic)},
          {"firn.source.partition", std::to_string(r.partition.value())},
          {"firn.source.offset", std::to_string(r.offset.value())}};
      for (const SourceHeader& h : r.headers) headers.emplace_back(std::string(h.key), std::string(h.value));
      return raw->dead_letters->Produce(topic, kafka::kPartitionByKey, r.key.value_or(""), r.value,
                                        std::max<int64_t>(r.timestamp_ms, 0), headers);
    };
    options.flush_dead_letters = [raw]() -> Status { return raw->dead_letters->Flush(30'000); };
    desc.push_back(fmt::format("errors    bad records to Kafka topic '{}' (at least once)", topic));
  } else if (options.errors == ErrorPolicy::kDeadLetter) {
    desc.push_back(fmt::format("errors    bad records to <table>{} tables", c.errors.dead_letter_table_suffix));
  } else {
    desc.push_back("errors    a bad record stops the run (errors.tolerance = \"none\")");
  }
  options.evolve_schema = [raw](const std::string& table) {
    return SettingsForTable(raw->config, table).evolve_schema;
  };
  options.configure_upsert = [raw](const std::string& table, TableSinkOptions* sink) {
    const TableSettings settings = SettingsForTable(raw->config, table);
    if (!settings.upsert) return;
    sink->upsert = true;
    sink->key_columns = settings.identifier_fields;
    sink->cdc = settings.cdc;
  };
  options.create_table = [raw](const catalog::TableIdentifier& ident,
                                std::span<const std::string_view> sample) -> Status {
    return CreateTableFromSettings(*raw->catalog, raw->io, ident, SettingsForTable(raw->config, ident.ToString()),
                                   sample, raw->config.source.metadata_columns);
  };
  FIRN_ASSIGN_OR_RETURN(impl->pipeline,
                        Pipeline::Make(*impl->catalog, impl->io, *impl->source, std::move(router), options));
  if (demo) {
    kafka::DemoPublishOptions po;
    po.topic = c.source.demo.topic;
    po.events = c.source.demo.events;
    po.rate_per_sec = c.source.demo.rate;
    po.seed = c.source.demo.seed;
    Pipeline* p = impl->pipeline.get();
    po.consumed = [p] { return p->records_read_relaxed(); };
    FIRN_ASSIGN_OR_RETURN(impl->publisher,
                          kafka::DemoPublisher::Make({{"bootstrap.servers", impl->mock->bootstrap_servers()}}, po));
  }
  auto runner = std::unique_ptr<PipelineRunner>(new PipelineRunner(std::move(impl)));
  runner->description_ = std::move(desc);
  return runner;
}

Status PipelineRunner::Run() {
  if (impl_->publisher) impl_->publisher->Start();
  Status s = impl_->pipeline->Run();
  if (impl_->publisher) {
    impl_->publisher->Stop();
    Status published = impl_->publisher->Join();
    if (s && !published) return published;
  }
  return s;
}

void PipelineRunner::RequestStop() { impl_->pipeline->RequestStop(); }

void PipelineRunner::SetObserver(std::function<void(const PipelineStats&, const CycleReport*)> observer) {
  impl_->pipeline->SetObserver(std::move(observer));
}

void PipelineRunner::SetPipelineObserver(PipelineObserver* observer) {
  impl_->pipeline->SetPipelineObserver(observer);
}

std::map<TopicPartition, PartitionLag> PipelineRunner::PartitionLags() {
  if (impl_->kafka == nullptr) return {};
  return impl_->kafka->Lag();
}

const PipelineStats& PipelineRunner::stats() const { return impl_->pipeline->stats(); }

int64_t PipelineRunner::TotalLag() {
  if (impl_->kafka == nullptr) return -1;
  int64_t total = 0;
  for (const auto& [tp, lag] : impl_->kafka->Lag()) {
    if (lag.lag < 0) return -1;
    total += lag.lag;
  }
  return total;
}

std::string PipelineRunner::LagReport() {
  if (impl_->kafka == nullptr) return "";
  std::string out;
  int caught_up = 0, unknown = 0;
  for (const auto& [tp, lag] : impl_->kafka->Lag()) {
    if (lag.lag < 0) {
      ++unknown;
    } else if (lag.lag == 0) {
      ++caught_up;
    } else {
      if (!out.empty()) out += ", ";
      out += fmt::format("{} {}", tp.ToString(), lag.lag);
    }
  }
  if (caught_up > 0) out += fmt::format("{}{} at 0", out.empty() ? "" : ", ", caught_up);
  if (unknown > 0) out += fmt::format("{}{} unknown", out.empty() ? "" : ", ", unknown);
  return out;
}

}  // namespace firn::ingest
