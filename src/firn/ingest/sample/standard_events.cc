#include "firn/ingest/sample/standard_events.h"

#include <array>
#include <cassert>
#include <charconv>
#include <cstring>
#include <string_view>

#include "firn/ingest/timestamp_text.h"
#include "firn/parquet/schema/iceberg_types.h"

namespace firn::ingest {

std::shared_ptr<const parquet::Schema> StandardEventSchema() {
  using parquet::IcebergList;
  using parquet::IcebergPrimitive;
  using parquet::IcebergStruct;
  using P = parquet::IcebergPrimitiveType;
  static const std::shared_ptr<const parquet::Schema> schema = [] {
    auto root = IcebergStruct(
        "event", std::nullopt, true,
        {
            IcebergPrimitive("event_id", 1, false, P::kUuid),
            IcebergPrimitive("event_time", 2, false, P::kTimestampTz),
            IcebergPrimitive("user_id", 3, false, P::kLong),
            IcebergPrimitive("session_id", 4, false, P::kString),
            IcebergPrimitive("event_type", 5, false, P::kString),
            IcebergPrimitive("page", 6, false, P::kString),
            IcebergPrimitive("amount", 7, false, P::kDouble),
            IcebergPrimitive("country", 8, false, P::kString),
            IcebergStruct("device", 9, false,
                          {IcebergPrimitive("os", 11, false, P::kString),
                           IcebergPrimitive("version", 12, false, P::kString)}),
            IcebergList("tags", 10, false, IcebergPrimitive("element", 13, false, P::kString)),
        });
    auto made = parquet::Schema::Make(std::move(root));
    assert(made.has_value());  // a constant schema: failing here is a bug
    return *std::move(made);
  }();
  return schema;
}

namespace {

// splitmix64 over the generator's state: tiny, fast, good enough for synthetic data.
class Rng {
 public:
  explicit Rng(uint64_t& state) : state_(state) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), n > 0 (multiply-shift, bias negligible for small n).
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(((Next() >> 32) * n) >> 32); }
  bool Chance(uint32_t percent) { return Below(100) < percent; }

 private:
  uint64_t& state_;
};

// A value with an integer weight, for Picker.
template <typename T>
struct Weighted {
  T value;
  uint32_t weight;
};

// Picks a value with probability weight / total. Draws r = Below(total) and returns the
// value whose cumulative weight range holds r, through a table indexed by r (totals are
// small), which gives the same values as walking the list and costs one load.
template <typename T, size_t N>
class Picker {
 public:
  static constexpr uint32_t kMaxTotal = 1024;

  explicit constexpr Picker(const std::array<Weighted<T>, N>& items) : items_(items) {
    for (size_t i = 0; i < N; ++i) {
      for (uint32_t w = 0; w < items_[i].weight; ++w) index_[total_++] = static_cast<uint8_t>(i);
    }
  }
  const T& Pick(Rng& rng) const { return items_[index_[rng.Below(total_)]].value; }

 private:
  std::array<Weighted<T>, N> items_;
  std::array<uint8_t, kMaxTotal> index_{};
  uint32_t total_ = 0;
};

struct EventType {
  std::string_view name;
  bool purchase_like;  // carries an amount 95% of the time
  bool negative;       // refunds
};

constexpr std::array<Weighted<EventType>, 20> kEventTypes{{
    {{"page_view", false, false}, 30},
    {{"click", false, false}, 16},
    {{"scroll", false, false}, 8},
    {{"view_item", false, false}, 8},
    {{"search", false, false}, 6},
    {{"add_to_cart", true, false}, 7},
    {{"remove_from_cart", true, false}, 2},
    {{"begin_checkout", true, false}, 3},
    {{"add_payment_info", true, false}, 2},
    {{"purchase", true, false}, 4},
    {{"refund", true, true}, 1},
    {{"login", false, false}, 2},
    {{"logout", false, false}, 1},
    {{"signup", false, false}, 1},
    {{"share", false, false}, 1},
    {{"video_play", false, false}, 2},
    {{"video_pause", false, false}, 1},
    {{"wishlist_add", false, false}, 2},
    {{"review", false, false}, 1},
    {{"error", false, false}, 2},
}};

constexpr std::array<Weighted<std::string_view>, 30> kCountries{{
    {"US", 250}, {"DE", 80}, {"GB", 80}, {"FR", 60}, {"JP", 60}, {"BR", 50}, {"IN", 50}, {"CA", 40},
    {"AU", 30},  {"NL", 30}, {"ES", 25}, {"IT", 25}, {"SE", 20}, {"PL", 20}, {"MX", 20}, {"KR", 20},
    {"CH", 15},  {"AT", 15}, {"BE", 15}, {"DK", 10}, {"FI", 10}, {"NO", 10}, {"IE", 10}, {"PT", 10},
    {"CZ", 10},  {"NZ", 8},  {"SG", 8},  {"ZA", 8},  {"AR", 8},  {"TR", 8},
}};

struct Os {
  std::string_view name;
  uint32_t major_lo, major_span;  // major version range
  uint32_t minor_span, patch_span;
};

constexpr std::array<Weighted<Os>, 6> kOses{{
    {{"iOS", 15, 4, 8, 4}, 30},
    {{"Android", 11, 5, 4, 10}, 35},
    {{"Windows", 10, 2, 1, 20000}, 20},
    {{"macOS", 12, 4, 7, 3}, 8},
    {{"Linux", 5, 2, 20, 100}, 3},
    {{"ChromeOS", 118, 8, 1, 7000}, 4},
}};

constexpr std::array<std::string_view, 16> kCategories{
    "electronics",  "books",   "clothing",   "home-garden", "toys",   "sports",
    "beauty",       "grocery", "automotive", "music",       "movies", "office",
    "pet-supplies", "jewelry", "tools",      "baby"};

constexpr std::array<std::string_view, 12> kRefs{
    "direct",           "search",    "email", "social", "newsletter", "partner",
    "ad-campaign-2026", "affiliate", "push",  "sms",    "qr-code",    "retargeting"};

constexpr std::array<std::string_view, 50> kTags{
    "new",           "sale",      "vip",         "mobile",       "desktop",      "returning",
    "first-visit",   "promo",     "clearance",   "bundle",       "gift",         "premium",
    "trial",         "loyalty",   "holiday",     "black-friday", "cyber-monday", "free-shipping",
    "express",       "wishlist",  "recommended", "trending",     "bestseller",   "limited",
    "exclusive",     "eco",       "refurbished", "preorder",     "backorder",    "coupon",
    "referral",      "beta",      "ab-test-a",   "ab-test-b",    "campaign-q4",  "organic",
    "paid",          "app",       "web",         "tablet",       "guest",        "member",
    "student",       "senior",    "family",      "business",     "wholesale",    "local",
    "international", "subscribed"};

constexpr int64_t kBaseMicros = DaysFromCivil(2026, 11, 24) * 86'400'000'000LL;
constexpr int64_t kSessionIdleMicros = 30LL * 60 * 1'000'000;
constexpr char kHex[] = "0123456789abcdef";

// Writes "YYYY-MM-DDTHH:MM:SS" (19 chars) for a non-negative second since the epoch
// before year 10000.
void FormatSecond(int64_t second, char* out) {
  const CivilDate c = CivilFromDays(second / 86400);
  const int64_t sod = second % 86400;
  const auto put = [&out](uint64_t v, int width, char sep) {
    for (int i = width - 1; i >= 0; --i) {
      out[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    out += width;
    if (sep) *out++ = sep;
  };
  put(static_cast<uint64_t>(c.year), 4, '-');
  put(c.month, 2, '-');
  put(c.day, 2, 'T');
  put(static_cast<uint64_t>(sod / 3600), 2, ':');
  put(static_cast<uint64_t>(sod / 60 % 60), 2, ':');
  put(static_cast<uint64_t>(sod % 60), 2, 0);
}

// Writes one line through a raw cursor without bounds checks. REQUIRES: the destination
// has room for StandardEventGenerator::kMaxLineBytes.
class LineWriter {
 public:
  explicit LineWriter(char* p) : p_(p) {}
  char* end() const { return p_; }

  void Lit(std::string_view s) {
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  void Ch(char c) { *p_++ = c; }
  void Int(int64_t v) { p_ = std::to_chars(p_, p_ + 24, v).ptr; }
  void Pad(uint64_t v, int width) {  // zero-padded decimal
    for (int i = width - 1; i >= 0; --i) {
      p_[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    p_ += width;
  }
  void Hex(uint64_t v, int digits) {
    for (int i = digits - 1; i >= 0; --i) {
      p_[i] = kHex[v & 15];
      v >>= 4;
    }
    p_ += digits;
  }

 private:
  char* p_;
};

constexpr Picker kEventTypePicker(kEventTypes);
constexpr Picker kCountryPicker(kCountries);
constexpr Picker kOsPicker(kOses);

}  // namespace

StandardEventGenerator::StandardEventGenerator(uint64_t seed)
    : rng_state_(seed), now_micros_(kBaseMicros), sessions_(1 << 16) {}

void StandardEventGenerator::AppendEvents(size_t n, Buffer* out) {
  Rng rng(rng_state_);
  for (size_t e = 0; e < n; ++e) {
    out->Reserve(out->size() + kMaxLineBytes);
    char* const start = reinterpret_cast<char*>(out->data() + out->size());
    LineWriter b(start);
    now_micros_ += 1 + rng.Below(1999);

    // event_id: UUID v4
    uint64_t hi = rng.Next(), lo = rng.Next();
    hi = (hi & ~0xf000ULL) | 0x4000ULL;                         // version 4
    lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
    b.Lit(R"({"event_id":")");
    b.Hex(hi >> 32, 8);
    b.Ch('-');
    b.Hex(hi >> 16, 4);
    b.Ch('-');
    b.Hex(hi, 4);
    b.Ch('-');
    b.Hex(lo >> 48, 4);
    b.Ch('-');
    b.Hex(lo, 12);

    // event_time
    const int64_t second = now_micros_ / 1'000'000;
    if (second != cached_second_) {
      cached_second_ = second;
      FormatSecond(second, stamp_);
    }
    b.Lit(R"(","event_time":")");
    b.Lit(std::string_view(stamp_, 19));
    b.Ch('.');
    b.Pad(static_cast<uint64_t>(now_micros_ % 1'000'000), 6);

    // user_id: log-uniform over [1, 2^20)
    const uint32_t bits = rng.Below(20);
    const uint64_t rank = (1ULL << bits) | (rng.Next() & ((1ULL << bits) - 1));
    const uint64_t user = 1 + (rank - 1) * 387'799 % 1'048'575;  // scatter hot ranks over ids
    b.Lit(R"(Z","user_id":)");
    b.Int(static_cast<int64_t>(user));

    // session_id
    SessionSlot& s = sessions_[(user * 0x9e3779b97f4a7c15ULL) >> 48];
    if (s.user != user || now_micros_ - s.last_micros > kSessionIdleMicros || rng.Chance(2)) {
      s.user = user;
      s.session = rng.Next();
    }
    s.last_micros = now_micros_;
    b.Lit(R"(,"session_id":")");
    b.Hex(s.session, 16);

    const EventType& et = kEventTypePicker.Pick(rng);
    b.Lit(R"(","event_type":")");
    b.Lit(et.name);

    b.Lit(R"(","page":"https://shop.example.com/)");
    b.Lit(kCategories[rng.Below(kCategories.size())]);
    b.Lit("/item-");
    b.Int(1 + rng.Below(rng.Chance(80) ? 9999 : 199999));
    b.Lit("?ref=");
    b.Lit(kRefs[rng.Below(kRefs.size())]);

    b.Lit(R"(","amount":)");
    if (rng.Chance(et.purchase_like ? 95 : 14)) {
      // cents, log-uniform-ish: 0.01 .. ~5000.00
      const uint32_t mag = rng.Below(6);
      static constexpr uint32_t kSpan[6] = {100, 1000, 5000, 20000, 100000, 500000};
      const int64_t cents = 1 + rng.Below(kSpan[mag]);
      if (et.negative) b.Ch('-');
      b.Int(cents / 100);
      b.Ch('.');
      b.Pad(static_cast<uint64_t>(cents % 100), 2);
    } else {
      b.Lit("null");
    }

    b.Lit(R"(,"country":")");
    b.Lit(kCountryPicker.Pick(rng));

    const Os& os = kOsPicker.Pick(rng);
    b.Lit(R"(","device":{"os":")");
    b.Lit(os.name);
    b.Lit(R"(","version":")");
    b.Int(os.major_lo + rng.Below(os.major_span));
    b.Ch('.');
    b.Int(rng.Below(os.minor_span));
    b.Ch('.');
    b.Int(rng.Below(os.patch_span));

    b.Lit(R"("},"tags":[)");
    const uint32_t ntags = rng.Below(4);
    for (uint32_t t = 0; t < ntags; ++t) {
      if (t) b.Ch(',');
      b.Ch('"');
      b.Lit(kTags[rng.Below(kTags.size())]);
      b.Ch('"');
    }
    b.Lit("]}\n");
    const auto len = static_cast<size_t>(b.end() - start);
    assert(len <= kMaxLineBytes);
    out->Resize(out->size() + len);
  }
  count_ += n;
}

}  // namespace firn::ingest
