// The standard event stream: firn's built-in sample data, used by `firn run` (until
// ingest from Kafka exists) and by the benchmarks against DuckDB. Deterministic for a
// seed, byte for byte, on every platform (integer-only randomness, splitmix64).
//
// One JSON object per line, about 331 bytes on average, fields always in this order:
//   event_id    string   random UUID v4, lowercase 8-4-4-4-12
//   event_time  string   RFC 3339 UTC with microseconds, "2026-11-24T00:00:00.000123Z";
//                        starts at 2026-11-24T00:00:00Z and strictly increases by
//                        1..1999 µs per event (about 1000 events per second)
//   user_id     long     1 .. 2^20-1, log-uniform (zipf-like, s ~ 1): a few users are hot
//   session_id  string   16 lowercase hex chars; a user keeps a session while it is
//                        active (30 min idle timeout, 2% chance of a new one per event)
//   event_type  string   one of 20 values, skewed ("page_view" 30%, "click" 16%, ...)
//   page        string   "https://shop.example.com/<category>/item-<n>?ref=<source>"
//   amount      double   2 decimals, or null (~70%): present for 95% of purchase-like
//                        types (add_to_cart, purchase, refund (< 0), ...), 14% of others
//   country     string   ISO 3166 alpha-2, 30 codes, skewed (US 25%)
//   device      struct   {os: string (6 values), version: string "17.2.1"}
//   tags        list<string>  0..3 values from a 50-word vocabulary
//
// Thread-safety: a generator is used by one thread at a time; StandardEventSchema() is
// thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/parquet/schema/schema.h"

namespace firn::ingest {

// The Iceberg schema of the stream, every field optional, with these field ids:
//   1 event_id uuid, 2 event_time timestamptz, 3 user_id long, 4 session_id string,
//   5 event_type string, 6 page string, 7 amount double, 8 country string,
//   9 device struct<11 os: string, 12 version: string>, 10 tags list<13 element: string>.
std::shared_ptr<const parquet::Schema> StandardEventSchema();

class StandardEventGenerator {
 public:
  // Bytes one generated line can take at most, '\n' included.
  static constexpr size_t kMaxLineBytes = 1024;

  explicit StandardEventGenerator(uint64_t seed);

  // Appends the next `n` events to *out, each a line ending in '\n'. The stream continues
  // across calls: AppendEvents(a) then AppendEvents(b) writes the same bytes as
  // AppendEvents(a + b).
  void AppendEvents(size_t n, Buffer* out);

  // Events generated so far.
  uint64_t events_generated() const { return count_; }

 private:
  // Direct-mapped cache of active sessions: bounded memory, deterministic.
  struct SessionSlot {
    uint64_t user = 0;
    uint64_t session = 0;
    int64_t last_micros = 0;
  };

  uint64_t rng_state_;
  int64_t now_micros_;
  int64_t cached_second_ = -1;
  char stamp_[20] = {};  // "YYYY-MM-DDTHH:MM:SS" of cached_second_
  std::vector<SessionSlot> sessions_;
  uint64_t count_ = 0;
};

}  // namespace firn::ingest
