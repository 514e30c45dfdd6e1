#include "cli/inspect_report.h"

#include "firn/common/macros.h"

namespace firn::cli {

Result<InspectReport> BuildInspectReport(std::string path, const parquet::FileReader& reader) {
  const auto& md = reader.metadata();
  InspectReport r;
  r.path = std::move(path);
  FIRN_ASSIGN_OR_RETURN(r.file_size, reader.file().Size());
  r.format_version = md.version;
  r.created_by = md.created_by;
  r.rows = md.num_rows;
  r.schema = reader.schema();
  if (md.key_value_metadata) {
    for (const auto& kv : *md.key_value_metadata) {
      r.key_value_metadata.emplace_back(kv.key, kv.value.value_or(""));
    }
  }
  const auto& columns = r.schema->columns();
  for (int g = 0; g < reader.num_row_groups(); ++g) {
    const auto& rg = md.row_groups[static_cast<size_t>(g)];
    RowGroupReport out;
    out.rows = rg.num_rows;
    // The footer was validated by FileReader::Open: one chunk per leaf, each with
    // meta_data.
    for (size_t c = 0; c < rg.columns.size() && c < columns.size(); ++c) {
      const auto& cmd = *rg.columns[c].meta_data;
      ChunkReport chunk;
      chunk.path = columns[c].PathString();
      chunk.leaf = columns[c].node;
      chunk.codec = std::string(parquet::format::ToString(cmd.codec));
      for (auto e : cmd.encodings) chunk.encodings.emplace_back(parquet::format::ToString(e));
      chunk.compressed_bytes = cmd.total_compressed_size;
      chunk.uncompressed_bytes = cmd.total_uncompressed_size;
      chunk.num_values = cmd.num_values;
      auto stats = reader.ChunkStatistics(g, static_cast<int>(c));
      if (!stats) {
        chunk.stats_error = stats.error().message();
      } else if (stats->has_value()) {
        const parquet::ColumnChunkStats& s = **stats;
        chunk.null_count = s.null_count;
        chunk.distinct_count = s.distinct_count;
        chunk.nan_count = s.nan_count;
        if (s.min) chunk.min = RenderLeafValue(*chunk.leaf, *s.min);
        if (s.max) chunk.max = RenderLeafValue(*chunk.leaf, *s.max);
        chunk.min_exact = s.min_exact;
        chunk.max_exact = s.max_exact;
      }
      out.compressed_bytes += chunk.compressed_bytes;
      out.uncompressed_bytes += chunk.uncompressed_bytes;
      out.columns.push_back(std::move(chunk));
    }
    r.row_groups.push_back(std::move(out));
  }
  return r;
}

}  // namespace firn::cli
