// Forwards to the pipeline config, which now lives in the ingest module
// (firn/ingest/config/pipeline_config.h), for run_command.cc.
#pragma once

#include "firn/ingest/config/pipeline_config.h"

namespace firn::cli {
using ingest::LoadPipelineConfig;
using ingest::ParsePipelineConfig;
using ingest::PipelineConfig;
}  // namespace firn::cli
