#include "firn/ingest/kafka/line_publisher.h"

#include <fmt/format.h>
#include <poll.h>
#include <simdjson.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "firn/common/buffer.h"
#include "firn/common/macros.h"
#include "firn/ingest/json/json_errors.h"

namespace firn::ingest::kafka {
namespace {

namespace sj = simdjson::ondemand;

constexpr size_t kReadChunk = 1 << 20;
constexpr int64_t kStopCheckEvery = 256;
constexpr int kStopPollMs = 100;

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

struct LineRouter::Impl {
  LinePublishOptions options;
  sj::parser parser;
  Buffer padded;  // the current line followed by SIMDJSON_PADDING zero bytes

  // The field `name` of `obj`. simdjson errors become InvalidArgument naming the field.
  Result<sj::value> Field(sj::object& obj, const std::string& name, std::string_view role) {
    sj::value value;
    const auto e = obj.find_field_unordered(name).get(value);
    if (e == simdjson::NO_SUCH_FIELD)
      return InvalidArgument("{} field '{}' is missing", role, name);
    if (e)
      return InvalidArgument("{} field '{}': malformed JSON: {}", role, name,
                             simdjson::error_message(e));
    return value;
  }

  Status Key(sj::object& obj, std::string_view* key) {
    FIRN_ASSIGN_OR_RETURN(sj::value value, Field(obj, options.key_field, "key"));
    sj::json_type type;
    if (const auto e = value.type().get(type)) {
      return InvalidArgument("key field '{}': malformed JSON: {}", options.key_field,
                             simdjson::error_message(e));
    }
    simdjson::error_code e = simdjson::SUCCESS;
    switch (type) {
      case sj::json_type::string:
        e = value.get_string().get(*key);
        break;
      case sj::json_type::number: {
        const std::string_view raw = value.raw_json_token();
        const size_t end = raw.find_last_not_of(" \t\r\n");
        *key = raw.substr(0, end == std::string_view::npos ? 0 : end + 1);
        break;
      }
      case sj::json_type::null:
        *key = {};
        break;
      default:
        return InvalidArgument("key field '{}': expected a string or number, got {}",
                               options.key_field, JsonTypeName(type));
    }
    if (e) {
      return InvalidArgument("key field '{}': malformed JSON: {}", options.key_field,
                             simdjson::error_message(e));
    }
    return OkStatus();
  }

  Status Partition(sj::object& obj, int32_t* partition) {
    const std::string& name = options.partition_field;
    FIRN_ASSIGN_OR_RETURN(sj::value value, Field(obj, name, "partition"));
    bool is_null = false;
    if (value.is_null().get(is_null) == simdjson::SUCCESS && is_null) {
      *partition = kPartitionByKey;
      return OkStatus();
    }
    int64_t p = 0;
    if (const auto e = value.get_int64().get(p)) {
      return InvalidArgument("partition field '{}': expected an integer, got {}", name,
                             simdjson::error_message(e));
    }
    const int64_t limit = options.num_partitions > 0 ? options.num_partitions : INT32_MAX;
    if (p < 0 || p >= limit) {
      return InvalidArgument("partition field '{}': partition {} is not within 0..{}", name, p,
                             limit - 1);
    }
    *partition = static_cast<int32_t>(p);
    return OkStatus();
  }
};

LineRouter::LineRouter(LinePublishOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}
LineRouter::~LineRouter() = default;
LineRouter::LineRouter(LineRouter&&) noexcept = default;
LineRouter& LineRouter::operator=(LineRouter&&) noexcept = default;

const LinePublishOptions& LineRouter::options() const { return impl_->options; }

Status LineRouter::Route(std::string_view line, std::string_view* key, int32_t* partition) {
  const LinePublishOptions& options = impl_->options;
  *key = {};
  *partition = kPartitionByKey;
  if (options.key_field.empty() && options.partition_field.empty()) return OkStatus();

  // simdjson reads up to SIMDJSON_PADDING bytes past its input.
  Buffer& padded = impl_->padded;
  padded.Clear();
  padded.Append(line);
  std::memset(padded.Extend(simdjson::SIMDJSON_PADDING), 0, simdjson::SIMDJSON_PADDING);
  sj::document doc;
  sj::object obj;
  auto e = impl_->parser
               .iterate(reinterpret_cast<const char*>(padded.data()), line.size(), padded.size())
               .get(doc);
  if (!e) e = doc.get_object().get(obj);
  if (e == simdjson::INCORRECT_TYPE) return InvalidArgument("expected a JSON object per line");
  if (e) return InvalidArgument("malformed JSON: {}", simdjson::error_message(e));
  if (!options.partition_field.empty()) FIRN_RETURN_NOT_OK(impl_->Partition(obj, partition));
  if (!options.key_field.empty()) FIRN_RETURN_NOT_OK(impl_->Key(obj, key));
  return OkStatus();
}

Result<LinePublishStats> PublishLines(int fd, const LinePublishOptions& options, Producer* producer,
                                      const std::function<bool()>& stop) {
  LineRouter router(options);
  LinePublishStats stats;
  int64_t line_no = 0;
  std::string buf;
  size_t pos = 0;
  bool eof = false;
  while (!eof || pos < buf.size()) {
    size_t nl = buf.find('\n', pos);
    if (nl == std::string::npos && !eof) {
      buf.erase(0, pos);
      pos = 0;
      // Wait for input in slices, so that `stop` is heard while a pipe or terminal is
      // silent (a regular file is always readable).
      while (true) {
        pollfd pfd{fd, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, kStopPollMs);
        if (ready < 0 && errno != EINTR) return ErrnoError(errno, "waiting for the records");
        if (ready > 0) break;
        if (stop && stop()) return stats;
      }
      const size_t old = buf.size();
      buf.resize(old + kReadChunk);
      ssize_t n;
      do {
        n = ::read(fd, buf.data() + old, kReadChunk);
      } while (n < 0 && errno == EINTR);
      if (n < 0) return ErrnoError(errno, "reading the records");
      buf.resize(old + static_cast<size_t>(n));
      eof = n == 0;
      continue;
    }
    if (nl == std::string::npos) nl = buf.size();  // the last line has no '\n'
    std::string_view line(buf.data() + pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (IsBlank(line)) continue;
    std::string_view key;
    int32_t partition;
    FIRN_RETURN_NOT_OK_CTX(router.Route(line, &key, &partition), fmt::format("line {}", line_no));
    FIRN_RETURN_NOT_OK_CTX(producer->Produce(options.topic, partition, key, line, 0),
                           fmt::format("line {}", line_no));
    ++stats.records;
    stats.bytes += static_cast<int64_t>(line.size());
    if (stop && stats.records % kStopCheckEvery == 0 && stop()) break;
  }
  return stats;
}

}  // namespace firn::ingest::kafka
