#include "engine/data/json_writer.h"

#include <limits>

#include "gtest/gtest.h"

namespace tengen::data {
namespace {

TEST(JsonWriterTest, NestsIndentsAndEscapes) {
  JsonWriter w;
  w.BeginObject();
  w.Key("name").String("a \"b\"\n\tc\\");
  w.Key("list").BeginArray().Int(1).Number(0.5).Bool(true).Null().EndArray();
  w.Key("empty").BeginObject().EndObject();
  w.Key("none").BeginArray().EndArray();
  w.EndObject();
  EXPECT_EQ(w.str(),
            "{\n"
            "  \"name\": \"a \\\"b\\\"\\n\\tc\\\\\",\n"
            "  \"list\": [\n"
            "    1,\n"
            "    0.5,\n"
            "    true,\n"
            "    null\n"
            "  ],\n"
            "  \"empty\": {},\n"
            "  \"none\": []\n"
            "}\n");
}

TEST(JsonWriterTest, NonFiniteNumbersAreNull) {
  JsonWriter w;
  w.BeginArray()
      .Number(std::numeric_limits<double>::quiet_NaN())
      .Number(std::numeric_limits<double>::infinity())
      .Optional(std::nullopt)
      .Optional(2.0)
      .EndArray();
  EXPECT_EQ(w.str(), "[\n  null,\n  null,\n  null,\n  2\n]\n");
}

TEST(JsonWriterTest, NumbersRoundTrip) {
  JsonWriter w;
  w.BeginArray().Number(0.1).Number(1.5e15).Number(-431).Number(1.0 / 3).Int(-7).EndArray();
  EXPECT_EQ(w.str(), "[\n  0.1,\n  1.5e+15,\n  -431,\n  0.33333333333333331,\n  -7\n]\n");
}

TEST(JsonQuoteTest, ControlCharactersAndUtf8) {
  EXPECT_EQ(JsonQuote(std::string("\x01x", 2)), "\"\\u0001x\"");
  EXPECT_EQ(JsonQuote("göban 碁"), "\"göban 碁\"");
}

}  // namespace
}  // namespace tengen::data
