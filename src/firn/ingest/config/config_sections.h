// The readers of the pipeline config's sections (private to config/). Each reads its
// keys into the config, reports errors to the section's Diagnostics, and checks the rules
// between its keys only when the keys themselves were valid. Each returns whether the
// section was valid, so that rules across sections are checked only between valid ones.
#pragma once

#include "firn/ingest/config/pipeline_config.h"
#include "firn/ingest/config/toml_reader.h"

namespace firn::ingest::config_internal {

// [source]; an absent section is the demo.
bool ReadSource(Section source, SourceSettings* out);
// [metrics]; an absent section leaves metrics off.
void ReadMetrics(Section metrics, MetricsSettings* out);
// [maintenance]; an absent section keeps the defaults (on).
void ReadMaintenance(Section maintenance, MaintenanceConfig* out);
// [sink]; `source` is the [source] read before, `source_valid` whether it was valid.
bool ReadSink(Section sink, const SourceSettings& source, bool source_valid, SinkSettings* out);
// [table-defaults] and [tables."ns.name"] of the root table.
bool ReadTables(Section& root, PipelineConfig* config);

// Whether `name` is a valid Kafka topic name (Kafka's Topic.validate: 1..249 characters
// of [A-Za-z0-9._-], not "." or "..").
bool IsValidTopicName(std::string_view name);
// OK when `pattern` compiles as an ECMAScript std::regex; else InvalidArgument saying why.
Status CheckRegex(std::string_view pattern);

}  // namespace firn::ingest::config_internal
