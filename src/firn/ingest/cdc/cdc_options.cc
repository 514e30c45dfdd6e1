#include "firn/ingest/cdc/cdc_options.h"

namespace firn::ingest {

std::string_view CdcFormatName(CdcFormat format) {
  switch (format) {
    case CdcFormat::kNone:
      return "none";
    case CdcFormat::kDebezium:
      return "debezium";
    case CdcFormat::kField:
      return "field";
  }
  return "unknown";
}

}  // namespace firn::ingest
