// ChangeDecoder: every Debezium op, bare and Connect-wrapped, tombstones, the key
// fallback of deletes, the generic op field, and damaged input.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "firn/ingest/cdc/change_decoder.h"

namespace firn::ingest {
namespace {

std::unique_ptr<ChangeDecoder> MakeDecoder(CdcFormat format, std::string field = "") {
  auto d = ChangeDecoder::Make(CdcOptions{format, std::move(field)});
  EXPECT_TRUE(d.has_value()) << d.error().message();
  return std::move(*d);
}

std::string ErrorOf(const Result<ChangeRecord>& r) {
  if (r.has_value()) return "OK";
  EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
  return r.error().message();
}

// A PostgreSQL update event as Debezium 2.x writes it (schemas.enable = false).
constexpr std::string_view kUpdate =
    R"({"before":{"id":1,"name":"a","price":null},"after":{"id":1,"name":"b","price":"1.50"},)"
    R"("source":{"version":"2.5.0.Final","connector":"postgresql","name":"pg","ts_ms":1700000000123,)"
    R"("snapshot":"false","db":"shop","schema":"public","table":"items","txId":7,"lsn":123},)"
    R"("op":"u","ts_ms":1700000000456,"transaction":null})";

std::string Wrap(std::string_view payload) {
  return std::string(R"({"schema":{"type":"struct","fields":[{"type":"struct","fields":[)"
                     R"({"type":"int32","optional":false,"field":"id"}],"optional":true,)"
                     R"("name":"pg.public.items.Value","field":"before"}],"optional":false,)"
                     R"("name":"pg.public.items.Envelope"},"payload":)") +
         std::string(payload) + "}";
}

TEST(ChangeDecoderTest, DebeziumOpsBare) {
  auto d = MakeDecoder(CdcFormat::kDebezium);
  auto r = d->Decode(kUpdate, std::nullopt);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->op, ChangeOp::kUpsert);
  EXPECT_EQ(r->row, R"({"id":1,"name":"b","price":"1.50"})");
  EXPECT_EQ(r->source_ts_ms, 1700000000123);
  EXPECT_EQ(r->op_text, "u");

  for (std::string_view op : {"c", "r"}) {
    std::string v = fmt::format(R"({{"before":null,"after":{{"id":2}},"op":"{}"}})", op);
    r = d->Decode(v, std::nullopt);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->op, ChangeOp::kUpsert);
    EXPECT_EQ(r->row, R"({"id":2})");
    EXPECT_EQ(r->source_ts_ms, -1);
    EXPECT_EQ(r->op_text, op);
    // The row is a view into the record itself.
    EXPECT_GE(r->row.data(), v.data());
    EXPECT_LE(r->row.data() + r->row.size(), v.data() + v.size());
  }

  // REPLICA IDENTITY DEFAULT: only the key in `before`.
  r = d->Decode(R"({"op":"d","before":{"id":3,"name":null},"after":null,"source":{"ts_ms":5}})",
                std::nullopt);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->op, ChangeOp::kDelete);
  EXPECT_EQ(r->row, R"({"id":3,"name":null})");
  EXPECT_EQ(r->source_ts_ms, 5);

  r = d->Decode(R"({"op":"m","ts_ms":1,"message":{"prefix":"p","content":"eA=="}})", std::nullopt);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->op, ChangeOp::kSkip);
  EXPECT_EQ(r->op_text, "m");
}

TEST(ChangeDecoderTest, DebeziumWhitespaceAndKeyOrder) {
  auto d = MakeDecoder(CdcFormat::kDebezium);
  const std::string v =
      "  {\n  \"op\" : \"c\",\n  \"after\" : { \"id\" : 1 } \n , \"before\": null }\n";
  auto r = d->Decode(v, std::nullopt);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->row, R"({ "id" : 1 })");
}

TEST(ChangeDecoderTest, DebeziumConnectWrapper) {
  auto d = MakeDecoder(CdcFormat::kDebezium);
  const std::string v = Wrap(kUpdate);
  auto r = d->Decode(v, std::nullopt);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->op, ChangeOp::kUpsert);
  EXPECT_EQ(r->row, R"({"id":1,"name":"b","price":"1.50"})");
  EXPECT_EQ(r->source_ts_ms, 1700000000123);

  // payload before schema.
  r = d->Decode(R"({"payload":{"op":"d","before":{"id":9}},"schema":{"type":"struct"}})",
                std::nullopt);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->op, ChangeOp::kDelete);
  EXPECT_EQ(r->row, R"({"id":9})");

  // A wrapped null: what the JsonConverter writes for a null value with a schema.
  r = d->Decode(R"({"schema":null,"payload":null})", std::nullopt);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->op, ChangeOp::kSkip);
}

TEST(ChangeDecoderTest, Tombstones) {
  for (CdcFormat f : {CdcFormat::kNone, CdcFormat::kDebezium, CdcFormat::kField}) {
    auto d = MakeDecoder(f, f == CdcFormat::kField ? "op" : "");
    for (std::string_view v : {"", " \n", "null", " null\n"}) {
      auto r = d->Decode(v, std::string_view(R"({"id":1})"));
      ASSERT_TRUE(r) << r.error().message();
      EXPECT_EQ(r->op, ChangeOp::kSkip) << CdcFormatName(f) << " '" << v << "'";
      EXPECT_TRUE(r->row.empty());
    }
  }
}

TEST(ChangeDecoderTest, DeleteFallsBackToTheKey) {
  auto d = MakeDecoder(CdcFormat::kDebezium);
  const std::string value = R"({"before":null,"after":null,"op":"d","source":{"ts_ms":77}})";
  const std::string plain = R"( {"id":1,"region":"eu"} )";
  auto r = d->Decode(value, std::string_view(plain));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->op, ChangeOp::kDelete);
  EXPECT_EQ(r->row, R"({"id":1,"region":"eu"})");
  EXPECT_EQ(r->source_ts_ms, 77);
  EXPECT_EQ(r->op_text, "d");  // copied: the key's parse does not overwrite it
  EXPECT_GE(r->row.data(), plain.data());
  EXPECT_LE(r->row.data() + r->row.size(), plain.data() + plain.size());

  const std::string wrapped =
      R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}],)"
      R"("optional":false,"name":"pg.public.items.Key"},"payload":{"id":1}})";
  r = d->Decode(Wrap(value), std::string_view(wrapped));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->row, R"({"id":1})");

  // Key columns that happen to be named schema and payload: a plain key.
  const std::string odd = R"({"schema":"s","payload":5})";
  r = d->Decode(value, std::string_view(odd));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->row, odd);

  // `before` absent is the same as null.
  r = d->Decode(R"({"op":"d"})", std::string_view(plain));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->row, R"({"id":1,"region":"eu"})");

  EXPECT_EQ(ErrorOf(d->Decode(value, std::nullopt)),
            "debezium envelope: op \"d\" has a null 'before' and the record has no key, so the "
            "deleted row is unknown (PostgreSQL: the table needs a primary key or REPLICA "
            "IDENTITY)");
  EXPECT_TRUE(ErrorOf(d->Decode(value, std::string_view("null")))
                  .starts_with("debezium envelope: op \"d\" has a null 'before' and the record "
                               "has no key"));
  EXPECT_EQ(ErrorOf(d->Decode(value, std::string_view("[1]"))),
            "debezium key: expected a JSON object");
  EXPECT_EQ(ErrorOf(d->Decode(value, std::string_view(R"({"id":1)"))).substr(0, 30),
            "debezium key: malformed JSON: ");
}

TEST(ChangeDecoderTest, DebeziumErrors) {
  auto d = MakeDecoder(CdcFormat::kDebezium);
  struct Case {
    std::string value;
    std::string message;
  };
  const Case cases[] = {
      {R"({"op":"u","before":null,"after":null})",
       "debezium envelope: op \"u\" has a null 'after'"},
      {R"({"op":"c"})", "debezium envelope: op \"c\" has no 'after'"},
      {R"({"op":"t","source":{"ts_ms":1}})",
       "truncate events are not supported: op \"t\" would delete every row of the table; "
       "truncate the Iceberg table yourself (Debezium skips truncates unless "
       "skipped.operations leaves \"t\" out)"},
      {R"({"op":"x","after":{}})",
       "debezium envelope: unknown op \"x\" (expected \"c\", \"r\", \"u\", \"d\", \"t\" or "
       "\"m\")"},
      {R"({"op":"","after":{}})",
       "debezium envelope: unknown op \"\" (expected \"c\", \"r\", \"u\", \"d\", \"t\" or "
       "\"m\")"},
      {R"({"op":"c\n","after":{}})",
       "debezium envelope: unknown op \"c\\u000a\" (expected \"c\", \"r\", \"u\", \"d\", \"t\" "
       "or \"m\")"},
      {R"({"after":{"id":1}})",
       "debezium envelope: no 'op' field; expected a Debezium change event, bare or as "
       "{\"schema\": ..., \"payload\": ...}"},
      {R"({"schema":{},"payload":{"after":{"id":1}}})",
       "debezium envelope: no 'op' field in 'payload'"},
      {R"({"op":1,"after":{}})", "debezium envelope: 'op' must be a string, got number 1"},
      {R"({"op":null,"after":{}})", "debezium envelope: 'op' must be a string, got null"},
      {R"({"op":["c"],"after":{}})", "debezium envelope: 'op' must be a string, got array"},
      {R"({"op":"c","after":[1]})",
       "debezium envelope: 'after' must be an object or null, got array"},
      {R"({"op":"c","after":"{}"})",
       "debezium envelope: 'after' must be an object or null, got string"},
      {R"({"op":"c","after":{},"before":5})",
       "debezium envelope: 'before' must be an object or null, got number"},
      {R"({"op":"c","after":{},"source":"pg"})",
       "debezium envelope: 'source' must be an object, got string"},
      {R"({"op":"c","after":{},"source":{"ts_ms":"1"}})",
       "debezium envelope: 'source.ts_ms' must be a non-negative integer, got string \"1\""},
      {R"({"op":"c","after":{},"source":{"ts_ms":1.5}})",
       "debezium envelope: 'source.ts_ms' must be a non-negative integer, got number 1.5"},
      {R"({"op":"c","after":{},"source":{"ts_ms":-1}})",
       "debezium envelope: 'source.ts_ms' must be a non-negative integer, got number -1"},
      {R"({"schema":{},"payload":"x"})",
       "debezium envelope: 'payload' must be an object, got string \"x\""},
      {R"({"schema":{},"payload":[]})",
       "debezium envelope: 'payload' must be an object, got array"},
      {R"({"op":"c","op":"d","after":{}})", "debezium envelope: 'op' is given twice"},
      {R"({"op":"c","after":{},"after":{}})", "debezium envelope: 'after' is given twice"},
      {R"([{"op":"c"}])", "debezium envelope: expected a JSON object, got array"},
      {R"("c")", "debezium envelope: expected a JSON object, got string"},
      {R"({"op":"c","after":{}}{})", "debezium envelope: malformed JSON: content after the object"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ErrorOf(d->Decode(c.value, std::nullopt)), c.message) << c.value;
  }
  // Malformed JSON: the message is simdjson's, after a fixed prefix.
  for (std::string_view v :
       {R"({"op":"c","after":{)", R"({"op":"c",)", R"({"op":)", "{", R"({"op":"c","after":{}} x)",
        R"({"op":"c" "after":{}})", "{\"op\":\"\xff\",\"after\":{}}"}) {
    const std::string m = ErrorOf(d->Decode(v, std::nullopt));
    EXPECT_TRUE(m.starts_with("debezium envelope: malformed JSON: ")) << v << " -> " << m;
  }
}

TEST(ChangeDecoderTest, NoneFormat) {
  auto d = MakeDecoder(CdcFormat::kNone);
  auto r = d->Decode(" {\"id\":1,\"op\":\"d\"}\n", std::nullopt);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->op, ChangeOp::kUpsert);
  EXPECT_EQ(r->row, R"({"id":1,"op":"d"})");
  EXPECT_EQ(r->source_ts_ms, -1);
}

TEST(ChangeDecoderTest, FieldFormat) {
  auto d = MakeDecoder(CdcFormat::kField, "op");
  struct Case {
    std::string_view op;
    ChangeOp expected;
  };
  const Case cases[] = {
      {"I", ChangeOp::kUpsert}, {"i", ChangeOp::kUpsert},      {"C", ChangeOp::kUpsert},
      {"c", ChangeOp::kUpsert}, {"R", ChangeOp::kUpsert},      {"r", ChangeOp::kUpsert},
      {"U", ChangeOp::kUpsert}, {"update", ChangeOp::kUpsert}, {"D", ChangeOp::kDelete},
      {"d", ChangeOp::kDelete}, {"DELETE", ChangeOp::kDelete}, {"Insert", ChangeOp::kUpsert},
  };
  for (const Case& c : cases) {
    const std::string v = fmt::format(R"({{"id":1,"op":"{}","x":[1,{{"op":"D"}}]}})", c.op);
    auto r = d->Decode(v, std::nullopt);
    ASSERT_TRUE(r) << c.op << ": " << r.error().message();
    EXPECT_EQ(r->op, c.expected) << c.op;
    EXPECT_EQ(r->row, v);
    EXPECT_EQ(r->op_text, c.op);
  }
  EXPECT_EQ(ErrorOf(d->Decode(R"({"id":1,"op":"X"})", std::nullopt)),
            "cdc field 'op': unknown operation \"X\" (expected one starting with I, C, R or U "
            "for an upsert, D for a delete)");
  EXPECT_EQ(ErrorOf(d->Decode(R"({"id":1,"op":""})", std::nullopt)),
            "cdc field 'op': unknown operation \"\" (expected one starting with I, C, R or U "
            "for an upsert, D for a delete)");
  EXPECT_EQ(ErrorOf(d->Decode(R"({"id":1})", std::nullopt)),
            "cdc field 'op': missing from the record");
  EXPECT_EQ(ErrorOf(d->Decode(R"({"id":1,"OP":"I"})", std::nullopt)),
            "cdc field 'op': missing from the record");
  EXPECT_EQ(ErrorOf(d->Decode(R"({"id":1,"op":null})", std::nullopt)),
            "cdc field 'op': expected a string (I, U or D), got null");
  EXPECT_EQ(ErrorOf(d->Decode(R"({"id":1,"op":7})", std::nullopt)),
            "cdc field 'op': expected a string (I, U or D), got number 7");
  EXPECT_EQ(ErrorOf(d->Decode(R"({"op":"I","op":"D"})", std::nullopt)),
            "cdc field 'op': 'op' is given twice");
  EXPECT_EQ(ErrorOf(d->Decode(R"([1])", std::nullopt)),
            "cdc field 'op': expected a JSON object per record");
  EXPECT_EQ(ErrorOf(d->Decode(R"({"op":"I"}{})", std::nullopt)),
            "cdc field 'op': malformed JSON: content after the object");
  EXPECT_TRUE(ErrorOf(d->Decode(R"({"op":"I"} 1)", std::nullopt))
                  .starts_with("cdc field 'op': malformed JSON: "));
  // Escaped keys are compared unescaped.
  auto r = d->Decode(R"({"\u006fp":"D"})", std::nullopt);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->op, ChangeOp::kDelete);
}

TEST(ChangeDecoderTest, FieldFormatNested) {
  auto d = MakeDecoder(CdcFormat::kField, "meta.op");
  auto r = d->Decode(R"({"id":1,"meta":{"ts":3,"op":"D"},"op":"I"})", std::nullopt);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->op, ChangeOp::kDelete);
  EXPECT_EQ(ErrorOf(d->Decode(R"({"meta":{"x":1}})", std::nullopt)),
            "cdc field 'meta.op': missing from the record");
  EXPECT_EQ(ErrorOf(d->Decode(R"({"meta":null})", std::nullopt)),
            "cdc field 'meta.op': missing from the record");
  EXPECT_EQ(ErrorOf(d->Decode(R"({"meta":"D"})", std::nullopt)),
            "cdc field 'meta.op': 'meta' must be an object, got string \"D\"");

  // Debezium's ExtractNewRecordState SMT with add.fields=op.
  d = MakeDecoder(CdcFormat::kField, "__op");
  r = d->Decode(R"({"id":1,"name":"a","__op":"u","__deleted":"false"})", std::nullopt);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->op, ChangeOp::kUpsert);
}

TEST(ChangeDecoderTest, MakeRejectsBadFieldNames) {
  for (std::string_view name : {"", ".", "a.", ".a", "a..b"}) {
    auto d = ChangeDecoder::Make(CdcOptions{CdcFormat::kField, std::string(name)});
    ASSERT_FALSE(d.has_value()) << name;
    EXPECT_EQ(d.error().kind(), ErrorKind::kInvalidArgument);
  }
}

// Damaged input: every truncation of valid records, bare and wrapped, gives an error or
// the same change as the whole record (a cut inside trailing whitespace); never a crash.
TEST(ChangeDecoderDamageTest, EveryTruncation) {
  const std::string key = R"({"schema":{"type":"struct"},"payload":{"id":1}})";
  struct Input {
    CdcFormat format;
    std::string value;
  };
  const Input inputs[] = {
      {CdcFormat::kDebezium, std::string(kUpdate) + "\n"},
      {CdcFormat::kDebezium, Wrap(kUpdate)},
      {CdcFormat::kDebezium, Wrap(R"({"op":"d","before":null,"source":{"ts_ms":3}})")},
      {CdcFormat::kField, R"({"id":1,"meta":{"op":"D","x":[1,2,{"y":null}]},"z":"w"} )"},
  };
  for (const Input& in : inputs) {
    auto d = MakeDecoder(in.format, in.format == CdcFormat::kField ? "meta.op" : "");
    auto full = d->Decode(in.value, std::string_view(key));
    ASSERT_TRUE(full) << full.error().message();
    const ChangeOp op = full->op;
    const std::string row(full->row);
    for (size_t n = 0; n < in.value.size(); ++n) {
      const std::string cut = in.value.substr(0, n);
      auto r = d->Decode(cut, std::string_view(key));
      if (!r) {
        EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
        continue;
      }
      if (r->op == ChangeOp::kSkip && cut.find_first_not_of(" \n") == std::string::npos) continue;
      EXPECT_EQ(r->op, op) << "cut at " << n;
      EXPECT_EQ(r->row, row) << "cut at " << n;
    }
    // And every truncation of the key, for the delete.
    for (size_t n = 0; n < key.size(); ++n) {
      auto r = d->Decode(in.value, std::string_view(key).substr(0, n));
      if (r && r->op == ChangeOp::kDelete && !r->row.empty()) {
        EXPECT_EQ(r->row.front(), '{') << "key cut at " << n;
        EXPECT_EQ(r->row.back(), '}') << "key cut at " << n;
      }
    }
  }
}

// Random byte changes and random garbage: an error or a result, never a crash; a row is
// always a braced range of the input.
TEST(ChangeDecoderDamageTest, RandomBytes) {
  std::mt19937_64 rng(20240611);
  const std::string base = Wrap(kUpdate);
  for (CdcFormat format : {CdcFormat::kDebezium, CdcFormat::kField}) {
    auto d = MakeDecoder(format, format == CdcFormat::kField ? "payload.op" : "");
    for (int i = 0; i < 3000; ++i) {
      std::string v = base;
      const int changes = 1 + static_cast<int>(rng() % 4);
      for (int c = 0; c < changes; ++c) {
        v[rng() % v.size()] = static_cast<char>(rng() % 256);
      }
      if (i % 10 == 0) {
        v.resize(rng() % 64);
        for (char& ch : v) ch = "{}[]\",:0aeu \\n"[rng() % 14];
      }
      auto r = d->Decode(v, std::string_view(v));
      if (r && !r->row.empty()) {
        EXPECT_EQ(r->row.front(), '{');
        EXPECT_EQ(r->row.back(), '}');
        EXPECT_GE(r->row.data(), v.data());
        EXPECT_LE(r->row.data() + r->row.size(), v.data() + v.size());
      }
    }
  }
}

// Deep nesting inside skipped and read parts: simdjson's depth limit or a skip, never a
// stack overflow (the decoder does not recurse into the data).
TEST(ChangeDecoderDamageTest, HugeNesting) {
  auto d = MakeDecoder(CdcFormat::kDebezium);
  for (size_t depth : {100u, 2000u, 100000u}) {
    const std::string deep = std::string(depth, '[') + std::string(depth, ']');
    const std::string in_schema = R"({"schema":)" + deep + R"(,"payload":{"op":"c","after":{}}})";
    auto r = d->Decode(in_schema, std::nullopt);
    if (r) {
      EXPECT_EQ(r->row, "{}");
    }
    const std::string in_after = R"({"op":"c","after":{"a":)" + deep + "}}";
    r = d->Decode(in_after, std::nullopt);
    if (r) {
      EXPECT_EQ(r->row, R"({"a":)" + deep + "}");
    }
    const std::string unclosed = R"({"op":"c","after":{"a":)" + std::string(depth, '{');
    EXPECT_FALSE(d->Decode(unclosed, std::nullopt).has_value());
    const std::string deep_objects = std::string(depth, '{') + std::string(depth, '}');
    EXPECT_FALSE(d->Decode(deep_objects, std::nullopt).has_value());
  }
  auto f = MakeDecoder(CdcFormat::kField, "a.b.c");
  const std::string deep = R"({"a":{"b":)" + std::string(5000, '[') + std::string(5000, ']') + "}}";
  EXPECT_FALSE(f->Decode(deep, std::nullopt).has_value());
}

}  // namespace
}  // namespace firn::ingest
