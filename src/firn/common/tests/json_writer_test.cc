#include "firn/common/json_writer.h"

#include <cmath>

#include <gtest/gtest.h>

namespace firn {
namespace {

TEST(JsonWriterTest, NestsAndSeparates) {
  JsonWriter w;
  w.BeginObject();
  w.Key("a");
  w.Int(-1);
  w.Key("b");
  w.BeginArray();
  w.Bool(true);
  w.Null();
  w.Double(0.1);
  w.UInt(18446744073709551615ULL);
  w.EndArray();
  w.Key("c");
  w.BeginObject();
  w.EndObject();
  w.EndObject();
  EXPECT_EQ(w.str(), R"({"a":-1,"b":[true,null,0.1,18446744073709551615],"c":{}})");
}

TEST(JsonWriterTest, EscapesControlAndQuotes) {
  JsonWriter w;
  w.String(std::string("q\"b\\n\n\x01\x1f") + "é");
  EXPECT_EQ(w.str(), "\"q\\\"b\\\\n\\n\\u0001\\u001f\xc3\xa9\"");
}

TEST(JsonWriterTest, NonFiniteDoublesBecomeNull) {
  JsonWriter w;
  w.BeginArray();
  w.Double(NAN);
  w.Double(INFINITY);
  w.Double(-0.0);
  w.EndArray();
  EXPECT_EQ(w.str(), "[null,null,-0]");
}

}  // namespace
}  // namespace firn
