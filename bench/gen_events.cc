// gen_events: writes the "standard event stream" used by firn's benchmarks as
// NDJSON, deterministically for a seed.
//
//   gen_events --seed S --count N [--out FILE]      (stdout without --out)
//
// One JSON object per line, about 330 bytes on average, fields in this order:
//   event_id    string   random UUID v4, lowercase 8-4-4-4-12
//   event_time  string   ISO-8601 UTC with microseconds, "2026-11-24T00:00:00.000123Z";
//                        starts at 2026-11-24T00:00:00Z and strictly increases by
//                        1..1999 µs per event (about 1000 events per second)
//   user_id     long     1 .. 2^20-1, log-uniform (zipf-like, s ~ 1): a few users are hot
//   session_id  string   16 lowercase hex chars; a user keeps a session while it is
//                        active (30 min idle timeout, 2% chance of a new one per event)
//   event_type  string   one of 20 values, skewed ("page_view" 30%, "click" 16%, ...)
//   page        string   "https://shop.example.com/<category>/item-<n>?ref=<source>"
//   amount      double   2 decimals; null ~70% of the time: present for 95% of
//                        purchase-like types (add_to_cart, purchase, refund (< 0), ...)
//                        and 14% of the others
//   country     string   ISO 3166 alpha-2, 30 codes, skewed (US 25%)
//   device      struct   {os: string (6 values), version: string "17.2.1"}
//   tags        list<string>  0..3 values from a 50-word vocabulary
//
// Iceberg schema the benchmarks use for it: event_id uuid, event_time timestamptz,
// user_id long, session_id string, event_type string, page string, amount double,
// country string, device struct<os: string, version: string>, tags list<string>.
//
// Standard library only; integer-only randomness (splitmix64), so the output is
// byte-identical for a seed on every platform. Lines are built in a buffer and
// written in 1 MiB chunks.

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace {

// splitmix64: tiny, fast, good enough for synthetic data.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
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
  uint64_t state_;
};

// A value with an integer weight; Pick() walks a cumulative table.
template <typename T>
struct Weighted {
  T value;
  uint32_t weight;
};

template <typename T, size_t N>
class Picker {
 public:
  explicit constexpr Picker(const std::array<Weighted<T>, N>& items) : items_(items) {
    for (const auto& it : items_) total_ += it.weight;
  }
  const T& Pick(Rng& rng) const {
    uint32_t r = rng.Below(total_);
    for (const auto& it : items_) {
      if (r < it.weight) return it.value;
      r -= it.weight;
    }
    return items_.back().value;
  }

 private:
  std::array<Weighted<T>, N> items_;
  uint32_t total_ = 0;
};

struct EventType {
  std::string_view name;
  bool purchase_like;  // carries an amount 95% of the time
  bool negative;       // refunds
};

constexpr std::array<Weighted<EventType>, 20> kEventTypes{{
    {{"page_view", false, false}, 30},     {{"click", false, false}, 16},
    {{"scroll", false, false}, 8},         {{"view_item", false, false}, 8},
    {{"search", false, false}, 6},         {{"add_to_cart", true, false}, 7},
    {{"remove_from_cart", true, false}, 2}, {{"begin_checkout", true, false}, 3},
    {{"add_payment_info", true, false}, 2}, {{"purchase", true, false}, 4},
    {{"refund", true, true}, 1},           {{"login", false, false}, 2},
    {{"logout", false, false}, 1},         {{"signup", false, false}, 1},
    {{"share", false, false}, 1},          {{"video_play", false, false}, 2},
    {{"video_pause", false, false}, 1},    {{"wishlist_add", false, false}, 2},
    {{"review", false, false}, 1},         {{"error", false, false}, 2},
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
    {{"iOS", 15, 4, 8, 4}, 30},       {{"Android", 11, 5, 4, 10}, 35},
    {{"Windows", 10, 2, 1, 20000}, 20}, {{"macOS", 12, 4, 7, 3}, 8},
    {{"Linux", 5, 2, 20, 100}, 3},    {{"ChromeOS", 118, 8, 1, 7000}, 4},
}};

constexpr std::array<std::string_view, 16> kCategories{
    "electronics", "books", "clothing", "home-garden", "toys", "sports", "beauty", "grocery",
    "automotive", "music", "movies", "office", "pet-supplies", "jewelry", "tools", "baby"};

constexpr std::array<std::string_view, 12> kRefs{
    "direct", "search", "email", "social", "newsletter", "partner", "ad-campaign-2026", "affiliate",
    "push", "sms", "qr-code", "retargeting"};

constexpr std::array<std::string_view, 50> kTags{
    "new",       "sale",      "vip",       "mobile",    "desktop",   "returning", "first-visit",
    "promo",     "clearance", "bundle",    "gift",      "premium",   "trial",     "loyalty",
    "holiday",   "black-friday", "cyber-monday", "free-shipping", "express", "wishlist",
    "recommended", "trending", "bestseller", "limited",  "exclusive", "eco",       "refurbished",
    "preorder",  "backorder", "coupon",    "referral",  "beta",      "ab-test-a", "ab-test-b",
    "campaign-q4", "organic",  "paid",      "app",       "web",       "tablet",    "guest",
    "member",    "student",   "senior",    "family",    "business",  "wholesale", "local",
    "international", "subscribed"};

constexpr int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {  // H. Hinnant's algorithm
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t y;
  unsigned m, d;
};

constexpr Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

// Writes "YYYY-MM-DDTHH:MM:SS" (19 chars) for a non-negative second since the
// epoch before year 10000.
void FormatSecond(int64_t second, char* out) {
  const Civil c = CivilFromDays(second / 86400);
  const int64_t sod = second % 86400;
  const auto put = [&out](uint64_t v, int width, char sep) {
    for (int i = width - 1; i >= 0; --i) {
      out[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    out += width;
    if (sep) *out++ = sep;
  };
  put(static_cast<uint64_t>(c.y), 4, '-');
  put(c.m, 2, '-');
  put(c.d, 2, 'T');
  put(static_cast<uint64_t>(sod / 3600), 2, ':');
  put(static_cast<uint64_t>(sod / 60 % 60), 2, ':');
  put(static_cast<uint64_t>(sod % 60), 2, 0);
}

constexpr int64_t kBaseMicros = DaysFromCivil(2026, 11, 24) * 86'400'000'000LL;
constexpr int64_t kSessionIdleMicros = 30LL * 60 * 1'000'000;
constexpr char kHex[] = "0123456789abcdef";

// Appends to a growable byte buffer without per-call bounds checks: the caller
// reserves room for a whole line first (kMaxLine).
class LineBuffer {
 public:
  static constexpr size_t kMaxLine = 1024;
  static constexpr size_t kFlushAt = 1 << 20;

  // "*out" must remain open while this buffer is in use; call Flush() at the end.
  explicit LineBuffer(std::FILE* out) : out_(out), buf_(kFlushAt + kMaxLine) {}

  void Lit(std::string_view s) {
    std::memcpy(p_(), s.data(), s.size());
    len_ += s.size();
  }
  void Ch(char c) { buf_[len_++] = c; }
  void Int(int64_t v) {
    auto [end, ec] = std::to_chars(p_(), p_() + 24, v);
    (void)ec;
    len_ = static_cast<size_t>(end - buf_.data());
  }
  void Pad(uint64_t v, int width) {  // zero-padded decimal
    for (int i = width - 1; i >= 0; --i) {
      buf_[len_ + i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    len_ += width;
  }
  void Hex(uint64_t v, int digits) {
    for (int i = digits - 1; i >= 0; --i) {
      buf_[len_ + i] = kHex[v & 15];
      v >>= 4;
    }
    len_ += digits;
  }
  // Call after each line; writes out once a chunk is full.
  bool EndLine() { return len_ < kFlushAt || Flush(); }
  bool Flush() {
    if (len_ > 0 && std::fwrite(buf_.data(), 1, len_, out_) != len_) return false;
    total_ += len_;
    len_ = 0;
    return true;
  }
  uint64_t total_bytes() const { return total_ + len_; }

 private:
  char* p_() { return buf_.data() + len_; }
  std::FILE* out_;
  std::vector<char> buf_;
  size_t len_ = 0;
  uint64_t total_ = 0;
};

// Direct-mapped cache of active sessions: bounded memory, deterministic.
struct SessionSlot {
  uint64_t user = 0;
  uint64_t session = 0;
  int64_t last_micros = 0;
};

struct Options {
  uint64_t seed = 1;
  uint64_t count = 0;
  const char* out = nullptr;
};

bool ParseU64(const char* s, uint64_t* v) {
  const char* end = s + std::strlen(s);
  auto [p, ec] = std::from_chars(s, end, *v);
  return ec == std::errc() && p == end && p != s;
}

int Usage(const char* argv0) {
  std::fprintf(stderr, "usage: %s --seed S --count N [--out FILE]\n", argv0);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  bool have_count = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--seed" && i + 1 < argc) {
      if (!ParseU64(argv[++i], &opt.seed)) return Usage(argv[0]);
    } else if (a == "--count" && i + 1 < argc) {
      if (!ParseU64(argv[++i], &opt.count)) return Usage(argv[0]);
      have_count = true;
    } else if (a == "--out" && i + 1 < argc) {
      opt.out = argv[++i];
    } else {
      return Usage(argv[0]);
    }
  }
  if (!have_count) return Usage(argv[0]);

  std::FILE* out = stdout;
  if (opt.out != nullptr) {
    out = std::fopen(opt.out, "wb");
    if (out == nullptr) {
      std::perror(opt.out);
      return 1;
    }
  }

  const Picker event_types(kEventTypes);
  const Picker countries(kCountries);
  const Picker oses(kOses);
  Rng rng(opt.seed);
  std::vector<SessionSlot> sessions(1 << 16);
  const std::clock_t started = std::clock();

  uint64_t written = 0;
  {
    LineBuffer b(out);
    int64_t now = kBaseMicros;
    int64_t cached_second = -1;
    char stamp[20];  // "YYYY-MM-DDTHH:MM:SS", recomputed once per second

    for (uint64_t n = 0; n < opt.count; ++n) {
      now += 1 + rng.Below(1999);

      // event_id: UUID v4
      uint64_t hi = rng.Next(), lo = rng.Next();
      hi = (hi & ~0xf000ULL) | 0x4000ULL;                             // version 4
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
      const int64_t second = now / 1'000'000;
      if (second != cached_second) {
        cached_second = second;
        FormatSecond(second, stamp);
      }
      b.Lit(R"(","event_time":")");
      b.Lit(std::string_view(stamp, 19));
      b.Ch('.');
      b.Pad(static_cast<uint64_t>(now % 1'000'000), 6);

      // user_id: log-uniform over [1, 2^20)
      const uint32_t bits = rng.Below(20);
      const uint64_t rank = (1ULL << bits) | (rng.Next() & ((1ULL << bits) - 1));
      const uint64_t user = 1 + (rank - 1) * 387'799 % 1'048'575;  // scatter hot ranks over ids
      b.Lit(R"(Z","user_id":)");
      b.Int(static_cast<int64_t>(user));

      // session_id
      SessionSlot& s = sessions[(user * 0x9e3779b97f4a7c15ULL) >> 48];
      if (s.user != user || now - s.last_micros > kSessionIdleMicros || rng.Chance(2)) {
        s.user = user;
        s.session = rng.Next();
      }
      s.last_micros = now;
      b.Lit(R"(,"session_id":")");
      b.Hex(s.session, 16);

      const EventType& et = event_types.Pick(rng);
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
      b.Lit(countries.Pick(rng));

      const Os& os = oses.Pick(rng);
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
      if (!b.EndLine()) {
        std::perror("gen_events: write");
        return 1;
      }
    }
    if (!b.Flush()) {
      std::perror("gen_events: write");
      return 1;
    }
    written = b.total_bytes();
  }
  if (out != stdout && std::fclose(out) != 0) {
    std::perror(opt.out);
    return 1;
  }
  if (out == stdout && std::fflush(stdout) != 0) {
    std::perror("gen_events: stdout");
    return 1;
  }

  const double secs = static_cast<double>(std::clock() - started) / CLOCKS_PER_SEC;
  std::fprintf(stderr, "gen_events: %llu events, %llu bytes, mean %.1f bytes/event, %.2f s cpu\n",
               static_cast<unsigned long long>(opt.count), static_cast<unsigned long long>(written),
               opt.count ? static_cast<double>(written) / static_cast<double>(opt.count) : 0.0, secs);
  return 0;
}
