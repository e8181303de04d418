#include "engine/gtp/gtp_protocol.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::gtp {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PreprocessLine, RemovesControlCharactersAndConvertsTabs) {
  EXPECT_EQ(PreprocessLine("play\tb\td4\r"), "play b d4");
  EXPECT_EQ(PreprocessLine(std::string("na\x01me\x7f", 7)), "name");
  EXPECT_EQ(PreprocessLine(std::string("\x00\x1b[2Jname", 9)), "[2Jname");
}

TEST(PreprocessLine, DropsCommentsAndEmptyLines) {
  EXPECT_EQ(PreprocessLine("genmove b # think hard"), "genmove b");
  EXPECT_EQ(PreprocessLine("# only a comment"), std::nullopt);
  EXPECT_EQ(PreprocessLine(""), std::nullopt);
  EXPECT_EQ(PreprocessLine(" \t \r"), std::nullopt);
  EXPECT_EQ(PreprocessLine("   name   "), "name");
}

TEST(PreprocessLine, KeepsHighBytes) {
  EXPECT_EQ(PreprocessLine("\xff\xfe"), "\xff\xfe");
}

TEST(ParseCommand, SplitsIdNameAndArguments) {
  Command c = ParseCommand("12 play  b   D4");
  EXPECT_EQ(c.id, "12");
  EXPECT_EQ(c.name, "play");
  EXPECT_THAT(c.args, ElementsAre("b", "D4"));

  c = ParseCommand("name");
  EXPECT_EQ(c.id, "");
  EXPECT_EQ(c.name, "name");
  EXPECT_THAT(c.args, IsEmpty());

  c = ParseCommand("42");
  EXPECT_EQ(c.id, "42");
  EXPECT_EQ(c.name, "");

  // A token with a non-digit is a command name, not an id.
  c = ParseCommand("4x2 name");
  EXPECT_EQ(c.id, "");
  EXPECT_EQ(c.name, "4x2");
}

TEST(Format, FramesResponsesAsTheSpecRequires) {
  EXPECT_EQ(FormatSuccess("", ""), "= \n\n");
  EXPECT_EQ(FormatSuccess("7", "2"), "=7 2\n\n");
  EXPECT_EQ(FormatFailure("", "unknown command"), "? unknown command\n\n");
  EXPECT_EQ(FormatFailure("3", "illegal move"), "?3 illegal move\n\n");
}

TEST(Format, MultiLineTextNeverContainsAnEmptyLine) {
  EXPECT_EQ(FormatSuccess("1", "a\nb\n"), "=1 a\nb\n\n");
  EXPECT_EQ(FormatSuccess("1", "a\n\nb"), "=1 a\n \nb\n\n");
  EXPECT_EQ(FormatSuccess("", "\nboard"), "= \nboard\n\n");
  EXPECT_EQ(FormatSuccess("", "x\r\ny"), "= x\ny\n\n");
}

TEST(Printable, EscapesAndTruncates) {
  EXPECT_EQ(Printable("ab\x01"), "ab\\x01");
  EXPECT_EQ(Printable(std::string(100, 'a'), 10), std::string(10, 'a') + "...");
}

}  // namespace
}  // namespace tengen::gtp
