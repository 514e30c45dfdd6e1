#include "firn/ingest/kafka/kafka_source.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <cstring>

#include "firn/common/logging.h"
#include "firn/common/macros.h"
#include "firn/ingest/kafka/rdkafka_handle.h"

namespace firn::ingest::kafka {
namespace {

using ListPtr = PartitionListPtr;

std::vector<TopicPartition> ToVector(const rd_kafka_topic_partition_list_t* list) {
  std::vector<TopicPartition> out;
  out.reserve(static_cast<size_t>(list->cnt));
  for (int i = 0; i < list->cnt; ++i) {
    out.push_back({list->elems[i].topic, KafkaPartition(list->elems[i].partition)});
  }
  return out;
}

}  // namespace

struct KafkaSource::Impl {
  KafkaPtr rk;
  std::vector<rd_kafka_message_t*> held;  // messages whose bytes the last Poll handed out
  std::string reset_policy = "earliest";  // the user's auto.offset.reset
  bool cooperative = false;
};

struct RebalanceTrampoline {
  static void Call(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts,
                   void* opaque) {
    static_cast<KafkaSource*>(opaque)->OnRebalance(static_cast<int>(err), parts);
  }
};

KafkaSource::KafkaSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

KafkaSource::~KafkaSource() {
  (void)Close();
  ReleaseMessages();
}

Result<std::unique_ptr<KafkaSource>> KafkaSource::Make(KafkaSourceOptions options) {
  auto impl = std::make_unique<Impl>();
  if (options.group_id.empty()) return InvalidArgument("kafka source: a group.id is required");
  if (options.topics.empty() == options.topic_pattern.empty()) {
    return InvalidArgument("kafka source: give topics or a topic pattern (exactly one)");
  }
  auto& props = options.properties;
  if (auto it = props.find("auto.offset.reset"); it != props.end()) {
    const std::string& v = it->second;
    if (v == "smallest" || v == "earliest" || v == "beginning") {
      impl->reset_policy = "earliest";
    } else if (v == "largest" || v == "latest" || v == "end") {
      impl->reset_policy = "latest";
    } else if (v == "error") {
      impl->reset_policy = "error";
    } else {
      return InvalidArgument("kafka property 'auto.offset.reset': unknown value '{}' "
                             "(earliest, latest or error)", v);
    }
  }
  for (const char* managed : {"enable.auto.commit", "enable.auto.offset.store"}) {
    if (auto it = props.find(managed); it != props.end() && it->second != "false") {
      return InvalidArgument("kafka property '{}': firn manages offsets itself (they are stored "
                             "in the table), so this must stay false", managed);
    }
  }
  props["group.id"] = options.group_id;
  props["enable.auto.commit"] = "false";
  props["enable.auto.offset.store"] = "false";
  props["auto.offset.reset"] = "error";  // stored offsets out of range: an error, see header
  if (options.stop_when_caught_up) props["enable.partition.eof"] = "true";
  FIRN_ASSIGN_OR_RETURN(ConfPtr conf, MakeConf(props));
  rd_kafka_conf_set_rebalance_cb(conf.get(), RebalanceTrampoline::Call);
  auto source = std::unique_ptr<KafkaSource>(new KafkaSource(std::move(impl)));
  rd_kafka_conf_set_opaque(conf.get(), source.get());
  FIRN_ASSIGN_OR_RETURN(source->impl_->rk, MakeClient(RD_KAFKA_CONSUMER, std::move(conf)));
  rd_kafka_t* rk = source->impl_->rk.get();
  source->stop_when_caught_up_ = options.stop_when_caught_up;
  rd_kafka_poll_set_consumer(rk);

  ListPtr topics(rd_kafka_topic_partition_list_new(
      static_cast<int>(std::max<size_t>(options.topics.size(), 1))));
  if (options.topics.empty()) {
    const std::string pattern = "^" + options.topic_pattern;
    rd_kafka_topic_partition_list_add(topics.get(), pattern.c_str(), RD_KAFKA_PARTITION_UA);
  }
  for (const std::string& t : options.topics) {
    rd_kafka_topic_partition_list_add(topics.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
  }
  if (rd_kafka_resp_err_t e = rd_kafka_subscribe(rk, topics.get())) {
    return KafkaError(e, "kafka subscribe");
  }
  const char* protocol = rd_kafka_rebalance_protocol(rk);
  source->impl_->cooperative = protocol != nullptr && std::strcmp(protocol, "COOPERATIVE") == 0;
  return source;
}

void KafkaSource::OnRebalance(int err_code, void* opaque_list) {
  rd_kafka_t* rk = impl_->rk.get();
  auto* list = static_cast<rd_kafka_topic_partition_list_t*>(opaque_list);
  const auto err = static_cast<rd_kafka_resp_err_t>(err_code);
  const char* protocol = rd_kafka_rebalance_protocol(rk);
  impl_->cooperative = protocol != nullptr && std::strcmp(protocol, "COOPERATIVE") == 0;
  const std::vector<TopicPartition> parts = ToVector(list);
  rebalanced_ = true;
  at_end_.clear();
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    std::vector<std::optional<KafkaOffset>> starts(parts.size());
    if (listener_ != nullptr && !fatal_) {
      auto r = listener_->OnAssigned(parts);
      if (r) {
        starts = std::move(*r);
      } else {
        fatal_ = std::move(r.error());
      }
    }
    for (int i = 0; i < list->cnt; ++i) {
      const auto& s = starts[static_cast<size_t>(i)];
      list->elems[i].offset = s ? s->value()
                              : impl_->reset_policy == "latest" ? RD_KAFKA_OFFSET_END
                                                                : RD_KAFKA_OFFSET_BEGINNING;
      if (!s && impl_->reset_policy == "error") {
        fatal_ = Error(ErrorKind::kInvalidArgument,
                       fmt::format("kafka {}: the tables hold no offset for this partition and "
                                   "auto.offset.reset is 'error'", parts[static_cast<size_t>(i)].ToString()));
      }
    }
    rd_kafka_error_t* e = nullptr;
    rd_kafka_resp_err_t re = RD_KAFKA_RESP_ERR_NO_ERROR;
    if (impl_->cooperative) {
      e = rd_kafka_incremental_assign(rk, list);
    } else {
      re = rd_kafka_assign(rk, list);
    }
    if (e != nullptr) {
      fatal_ = Error(ErrorKind::kIOError, fmt::format("kafka assign: {}", rd_kafka_error_string(e)));
      rd_kafka_error_destroy(e);
    } else if (re != RD_KAFKA_RESP_ERR_NO_ERROR) {
      fatal_ = KafkaError(re, "kafka assign").error();
    }
    for (const TopicPartition& tp : parts) {
      if (std::find(assigned_.begin(), assigned_.end(), tp) == assigned_.end()) assigned_.push_back(tp);
    }
    FIRN_LOG(kInfo, "kafka: assigned {} partition(s){}", parts.size(),
             impl_->cooperative ? " (cooperative)" : "");
    return;
  }
  // Revocation (or an error): the listener commits what it holds before they go.
  const bool lost = rd_kafka_assignment_lost(rk) != 0;
  if (listener_ != nullptr) listener_->OnRevoked(parts, lost);
  if (impl_->cooperative) {
    if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, list)) {
      FIRN_LOG(kWarn, "kafka unassign: {}", rd_kafka_error_string(e));
      rd_kafka_error_destroy(e);
    }
  } else {
    rd_kafka_assign(rk, nullptr);
  }
  std::erase_if(assigned_, [&](const TopicPartition& tp) {
    return std::find(parts.begin(), parts.end(), tp) != parts.end();
  });
  FIRN_LOG(kInfo, "kafka: {} {} partition(s)", lost ? "lost" : "revoked", parts.size());
}

void KafkaSource::ReleaseMessages() {
  for (rd_kafka_message_t* m : impl_->held) rd_kafka_message_destroy(m);
  impl_->held.clear();
}

Status KafkaSource::Poll(int timeout_ms, size_t max_records, std::vector<SourceRecord>* out) {
  out->clear();
  ReleaseMessages();
  if (closed_) return InvalidArgument("kafka source is closed");
  rd_kafka_t* rk = impl_->rk.get();
  int wait = timeout_ms;
  while (out->size() < max_records) {
    if (fatal_) return std::unexpected(*fatal_);
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, wait);
    if (fatal_) {
      if (m != nullptr) rd_kafka_message_destroy(m);
      return std::unexpected(*fatal_);
    }
    if (rebalanced_) {
      // Records handed out earlier in this call predate the rebalance: the listener has
      // committed up to them (revoked) or will read them again (assigned). Drop them.
      out->clear();
      rebalanced_ = false;
    }
    if (m == nullptr) break;
    wait = 0;
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      const rd_kafka_resp_err_t err = m->err;
      std::string where = m->rkt != nullptr
                              ? fmt::format("kafka {}/{} offset {}", rd_kafka_topic_name(m->rkt),
                                            m->partition, m->offset)
                              : std::string("kafka");
      std::string what = rd_kafka_message_errstr(m);
      std::optional<TopicPartition> m_topic_partition;
      if (m->rkt != nullptr) m_topic_partition = TopicPartition{rd_kafka_topic_name(m->rkt), KafkaPartition(m->partition)};
      rd_kafka_message_destroy(m);
      if (err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        if (stop_when_caught_up_ && m_topic_partition) {
          if (std::find(at_end_.begin(), at_end_.end(), *m_topic_partition) == at_end_.end()) {
            at_end_.push_back(*m_topic_partition);
          }
        }
        continue;
      }
      if (err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET || err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE) {
        return OutOfRange(
            "{}: the offset to resume from is no longer in the topic (below the log start: "
            "retention removed records before they were ingested): {}. firn does not skip "
            "lost data silently; to start over from the log start, remove the stored offsets "
            "or use a new consumer group",
            where, what);
      }
      char fatal_text[512];
      if (rd_kafka_fatal_error(rk, fatal_text, sizeof fatal_text) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return IOError("kafka fatal error: {}", fatal_text);
      }
      if (err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC || err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
          err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
          err == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED) {
        return NotFound("{}: {}", where, what);
      }
      FIRN_LOG(kWarn, "{}: {} (retrying)", where, what);
      continue;
    }
    impl_->held.push_back(m);
    if (!at_end_.empty()) {
      std::erase_if(at_end_, [&](const TopicPartition& tp) {
        return tp.partition.value() == m->partition && tp.topic == rd_kafka_topic_name(m->rkt);
      });
    }
    SourceRecord r;
    r.topic = rd_kafka_topic_name(m->rkt);
    r.partition = KafkaPartition(m->partition);
    r.offset = KafkaOffset(m->offset);
    r.next_offset = KafkaOffset(m->offset + 1);
    if (m->key != nullptr) r.key = std::string_view(static_cast<const char*>(m->key), m->key_len);
    r.value = std::string_view(m->payload != nullptr ? static_cast<const char*>(m->payload) : "", m->len);
    rd_kafka_timestamp_type_t tstype;
    r.timestamp_ms = rd_kafka_message_timestamp(m, &tstype);
    rd_kafka_headers_t* hdrs = nullptr;
    if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR && hdrs != nullptr) {
      const char* name;
      const void* value;
      size_t size;
      for (size_t i = 0; rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
        r.headers.push_back({name, std::string_view(value != nullptr ? static_cast<const char*>(value) : "", size)});
      }
    }
    out->push_back(std::move(r));
  }
  if (fatal_) return std::unexpected(*fatal_);
  return OkStatus();
}

Status KafkaSource::Seek(const std::vector<std::pair<TopicPartition, std::optional<KafkaOffset>>>& to) {
  if (to.empty()) return OkStatus();
  ListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(to.size())));
  for (const auto& [tp, offset] : to) {
    rd_kafka_topic_partition_t* p =
        rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition.value());
    p->offset = offset ? offset->value()
                : impl_->reset_policy == "latest" ? RD_KAFKA_OFFSET_END
                                                  : RD_KAFKA_OFFSET_BEGINNING;
  }
  if (rd_kafka_error_t* e = rd_kafka_seek_partitions(impl_->rk.get(), list.get(), 10000)) {
    Status s = IOError("kafka seek: {}", rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    return s;
  }
  for (int i = 0; i < list->cnt; ++i) {
    if (list->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return KafkaError(list->elems[i].err,
                        fmt::format("kafka seek {}/{}", list->elems[i].topic, list->elems[i].partition));
    }
  }
  // Messages fetched before the seek may still be queued; the pipeline drops records
  // whose offsets it does not expect.
  at_end_.clear();
  return OkStatus();
}

bool KafkaSource::Exhausted() const {
  if (!stop_when_caught_up_ || assigned_.empty() || closed_) return false;
  for (const TopicPartition& tp : assigned_) {
    if (std::find(at_end_.begin(), at_end_.end(), tp) == at_end_.end()) return false;
  }
  return true;
}

void KafkaSource::ReportProgress(const std::map<TopicPartition, KafkaOffset>& next) {
  if (next.empty() || closed_) return;
  ListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(next.size())));
  for (const auto& [tp, offset] : next) {
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition.value())->offset =
        offset.value();
  }
  // Asynchronous, best effort: these offsets only feed lag monitoring (kafka-consumer-groups).
  if (rd_kafka_resp_err_t e = rd_kafka_commit(impl_->rk.get(), list.get(), 1)) {
    FIRN_LOG(kDebug, "kafka offset commit (monitoring only): {}", rd_kafka_err2str(e));
  }
}

std::map<TopicPartition, PartitionLag> KafkaSource::Lag() {
  std::map<TopicPartition, PartitionLag> out;
  if (closed_ || assigned_.empty()) return out;
  ListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(assigned_.size())));
  for (const TopicPartition& tp : assigned_) {
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition.value());
  }
  rd_kafka_position(impl_->rk.get(), list.get());
  for (int i = 0; i < list->cnt; ++i) {
    const auto& e = list->elems[i];
    int64_t low = -1, high = -1;
    PartitionLag lag;
    if (rd_kafka_get_watermark_offsets(impl_->rk.get(), e.topic, e.partition, &low, &high) ==
            RD_KAFKA_RESP_ERR_NO_ERROR && high >= 0) {
      lag.high_watermark = high;
      if (e.offset >= 0) lag.lag = std::max<int64_t>(0, high - e.offset);
    }
    out[{e.topic, KafkaPartition(e.partition)}] = lag;
  }
  return out;
}

Status KafkaSource::Close() {
  if (closed_ || !impl_->rk) return OkStatus();
  closed_ = true;
  ReleaseMessages();
  // Revokes through the listener (which commits what it holds), then leaves the group.
  const rd_kafka_resp_err_t e = rd_kafka_consumer_close(impl_->rk.get());
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) return KafkaError(e, "kafka close");
  return OkStatus();
}

}  // namespace firn::ingest::kafka
