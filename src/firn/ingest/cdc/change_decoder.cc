#include "firn/ingest/cdc/change_decoder.h"

#include <string>
#include <vector>

#include "firn/ingest/cdc/debezium_envelope.h"
#include "firn/ingest/cdc/field_op.h"
#include "firn/ingest/cdc/padded_json.h"

namespace firn::ingest {

struct ChangeDecoder::Impl {
  cdc_internal::PaddedJson json;
  std::vector<std::string> field_path;  // kField: CdcOptions::field split at '.'
  std::string op;                       // the last record's operation (op_text views it)
};

ChangeDecoder::ChangeDecoder(CdcOptions options, std::unique_ptr<Impl> impl)
    : options_(std::move(options)), impl_(std::move(impl)) {}

ChangeDecoder::~ChangeDecoder() = default;

Result<std::unique_ptr<ChangeDecoder>> ChangeDecoder::Make(const CdcOptions& options) {
  auto impl = std::make_unique<Impl>();
  if (options.format == CdcFormat::kField) {
    std::string_view rest = options.field;
    while (true) {
      const size_t dot = rest.find('.');
      std::string_view segment = rest.substr(0, dot);
      if (segment.empty()) {
        return InvalidArgument("cdc-field '{}': expected a field name (dotted for nested fields)",
                               options.field);
      }
      impl->field_path.emplace_back(segment);
      if (dot == std::string_view::npos) break;
      rest.remove_prefix(dot + 1);
    }
  }
  return std::unique_ptr<ChangeDecoder>(new ChangeDecoder(options, std::move(impl)));
}

Result<ChangeRecord> ChangeDecoder::Decode(std::string_view value,
                                           std::optional<std::string_view> key) {
  if (cdc_internal::IsTombstone(value)) return ChangeRecord{};  // kSkip
  switch (options_.format) {
    case CdcFormat::kNone:
      // Nothing to find: JsonRecordDecoder parses (and checks) the whole record.
      return ChangeRecord{ChangeOp::kUpsert, cdc_internal::TrimJson(value), -1, {}};
    case CdcFormat::kDebezium:
      return cdc_internal::DecodeDebezium(impl_->json, value, key, &impl_->op);
    case CdcFormat::kField:
      return cdc_internal::DecodeFieldOp(impl_->json, impl_->field_path, options_.field, value,
                                         &impl_->op);
  }
  return Internal("unknown cdc format {}", static_cast<int>(options_.format));
}

}  // namespace firn::ingest
