#include "engine/rules/sgf_parser.h"

#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("TENGEN_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

// Reads a fixture under sgf_data/ with the relative name in errors.
SgfCollection ReadFixture(const std::string& relative) {
  absl::StatusOr<SgfCollection> c =
      ReadSgfFile(SourceDir() + "/sgf_data/" + relative, relative);
  EXPECT_TRUE(c.ok()) << c.status();
  if (!c.ok()) return SgfCollection{};
  return *std::move(c);
}

std::vector<std::string> Values(const SgfGameTree& tree, int node, std::string_view name) {
  std::vector<std::string> out;
  const SgfProperty* p = tree.FindProperty(node, name);
  if (p == nullptr) return out;
  for (const SgfValue& v : tree.values(*p)) out.emplace_back(v.raw);
  return out;
}

std::string Value(const SgfGameTree& tree, int node, std::string_view name) {
  std::vector<std::string> v = Values(tree, node, name);
  return v.empty() ? "<none>" : v[0];
}

// Per game: "ok" or the error message.
std::vector<std::string> Outcomes(const SgfCollection& c) {
  std::vector<std::string> out;
  for (const auto& g : c.games) out.push_back(g.ok() ? "ok" : std::string(g.status().message()));
  return out;
}

TEST(SgfParserTest, ReadsPropertiesValuesAndLocations) {
  SgfCollection c = ParseSgf("(;GM[1]SZ[19]\n AB[aa][bb]\n;B[pd] ;W[dp])", "t.sgf");
  ASSERT_EQ(c.games.size(), 1u);
  ASSERT_TRUE(c.games[0].ok()) << c.games[0].status();
  const SgfGameTree& t = *c.games[0];
  EXPECT_EQ(t.file_name(), "t.sgf");
  EXPECT_EQ(t.game_number(), 1);
  ASSERT_EQ(t.num_nodes(), 3);
  EXPECT_EQ(Value(t, 0, "SZ"), "19");
  EXPECT_THAT(Values(t, 0, "AB"), ::testing::ElementsAre("aa", "bb"));
  EXPECT_EQ(Value(t, 1, "B"), "pd");
  EXPECT_EQ(Value(t, 2, "W"), "dp");
  const SgfProperty* ab = t.FindProperty(0, "AB");
  EXPECT_EQ(ab->location.line, 2);
  EXPECT_EQ(ab->location.column, 2);
  EXPECT_EQ(t.values(*ab)[1].location.line, 2);
  EXPECT_EQ(t.values(*ab)[1].location.column, 8);
  EXPECT_EQ(t.node(2).location.line, 3);
  EXPECT_EQ(t.node(2).location.column, 8);
  EXPECT_EQ(t.FindProperty(1, "W"), nullptr);
}

TEST(SgfParserTest, KeepsVariationsAndFollowsFirstChildForMainLine) {
  SgfCollection c = ReadFixture("valid/variations.sgf");
  ASSERT_EQ(c.games.size(), 1u);
  ASSERT_TRUE(c.games[0].ok()) << c.games[0].status();
  const SgfGameTree& t = *c.games[0];
  EXPECT_EQ(t.num_nodes(), 11);
  std::vector<std::string> main_line;
  for (int n : t.MainLine()) {
    const SgfProperty* b = t.FindProperty(n, "B");
    const SgfProperty* w = t.FindProperty(n, "W");
    if (b) main_line.push_back("B" + std::string(t.values(*b)[0].raw));
    if (w) main_line.push_back("W" + std::string(t.values(*w)[0].raw));
  }
  EXPECT_THAT(main_line, ::testing::ElementsAre("Bpd", "Wdp", "Bpp", "Wdd", "Bfc", "Wcf"));
  // Node 2 (W[dp]) has two variations: B[pp]... and B[dd]...
  const SgfNode& dp = t.node(2);
  ASSERT_GE(dp.first_child, 0);
  const int second = t.node(dp.first_child).next_sibling;
  ASSERT_GE(second, 0);
  EXPECT_EQ(Value(t, second, "B"), "dd");
  EXPECT_EQ(t.node(second).parent, 2);
  EXPECT_EQ(t.node(second).next_sibling, -1);
  // W[dd] has the variations B[fc] and B[cf].
  const int wdd = t.node(dp.first_child).first_child;
  EXPECT_EQ(Value(t, t.node(t.node(wdd).first_child).next_sibling, "B"), "cf");
}

TEST(SgfParserTest, EscapesSoftLineBreaksAndBracketsInsideValues) {
  SgfCollection c = ReadFixture("valid/escapes.sgf");
  ASSERT_TRUE(c.games[0].ok()) << c.games[0].status();
  const SgfGameTree& t = *c.games[0];
  ASSERT_EQ(t.num_nodes(), 3);
  EXPECT_EQ(SgfSimpleText(Value(t, 0, "PB")), "A ] B");
  EXPECT_EQ(SgfSimpleText(Value(t, 0, "PW")), "back\\slash");
  EXPECT_EQ(SgfSimpleText(Value(t, 0, "GN")), "softbreak");
  EXPECT_EQ(SgfText(Value(t, 0, "C")), "comment with )(; and ]\nsecond line");
  EXPECT_EQ(SgfSimpleText(Value(t, 0, "C")), "comment with )(; and ] second line");
  EXPECT_EQ(SgfText(Value(t, 0, "EV")), "colon: here");
  EXPECT_EQ(Value(t, 1, "C"), ")");
  EXPECT_EQ(Value(t, 2, "W"), "dp");
  // Line breaks inside values count: a soft break and the comment's break.
  EXPECT_EQ(t.node(1).location.line, 4);
}

TEST(SgfParserTest, TextHelpers) {
  EXPECT_EQ(SgfText("a\\\r\nb\\\nc\\\\d\\]e\\:f"), "abc\\d]e:f");
  EXPECT_EQ(SgfSimpleText("a\r\nb\tc\nd"), "a b c d");
  for (const std::string text : {"plain", "br]ack\\et:colon", "\\", "]]", ":", "x\ny"}) {
    EXPECT_EQ(SgfText(SgfEscape(text)), text);
    // The escaped text never closes a value early.
    SgfCollection c = ParseSgf("(;C[" + SgfEscape(text) + "])", "e.sgf");
    ASSERT_TRUE(c.games[0].ok()) << c.games[0].status();
    EXPECT_EQ(SgfText(Value(*c.games[0], 0, "C")), text);
  }
  auto split = SplitSgfCompose("aa:cc");
  ASSERT_TRUE(split.has_value());
  EXPECT_EQ(split->first, "aa");
  EXPECT_EQ(split->second, "cc");
  split = SplitSgfCompose("a\\:b:c");
  ASSERT_TRUE(split.has_value());
  EXPECT_EQ(split->first, "a\\:b");
  EXPECT_EQ(split->second, "c");
  EXPECT_FALSE(SplitSgfCompose("dd").has_value());
}

TEST(SgfParserTest, LongFf3NamesKeepTheirUppercaseLetters) {
  SgfCollection c = ReadFixture("valid/ff3_long_names.sgf");
  ASSERT_TRUE(c.games[0].ok()) << c.games[0].status();
  const SgfGameTree& t = *c.games[0];
  EXPECT_EQ(Value(t, 0, "GM"), "1");
  EXPECT_EQ(Value(t, 0, "SZ"), "9");
  EXPECT_EQ(Value(t, 0, "KM"), "5.5");
  EXPECT_EQ(Value(t, 0, "PB"), "Alice");
  EXPECT_THAT(Values(t, 0, "AB"), ::testing::ElementsAre("cc", "gg"));
  EXPECT_EQ(Value(t, 1, "W"), "ee");
  EXPECT_EQ(Value(t, 2, "B"), "ce");
}

TEST(SgfParserTest, CollectionWithWhitespaceJunkAndCrLf) {
  SgfCollection c = ReadFixture("valid/collection.sgf");
  ASSERT_EQ(c.games.size(), 3u);
  for (const auto& g : c.games) ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(Value(*c.games[0], 0, "GN"), "one");
  EXPECT_EQ(Value(*c.games[1], 0, "GN"), "two");
  EXPECT_EQ(Value(*c.games[2], 0, "GN"), "three");
  EXPECT_EQ(c.games[2]->game_number(), 3);
  EXPECT_EQ(c.games[1]->location().line, 2);
  EXPECT_EQ(c.games[1]->location().column, 3);
  EXPECT_EQ(c.games[2]->location().line, 4);
}

TEST(SgfParserTest, ConvertsDeclaredGbkToUtf8EvenWithBracketTrailBytes) {
  // 匽 is 0x85 0x5D and 乗 is 0x81 0x5C in GBK: their second bytes are ']' and '\'.
  SgfCollection c = ReadFixture("valid/gbk.sgf");
  ASSERT_EQ(c.games.size(), 1u);
  ASSERT_TRUE(c.games[0].ok()) << c.games[0].status();
  const SgfGameTree& t = *c.games[0];
  EXPECT_EQ(t.charset(), "GBK");
  EXPECT_TRUE(t.converted_to_utf8());
  EXPECT_EQ(SgfSimpleText(Value(t, 0, "PB")), "李昌镐");
  EXPECT_EQ(SgfSimpleText(Value(t, 0, "PW")), "匽乗");
  EXPECT_EQ(SgfText(Value(t, 0, "C")), "乗]");
  EXPECT_EQ(Value(t, 1, "B"), "pd");
}

TEST(SgfParserTest, ConvertsDeclaredLatin1) {
  SgfCollection c = ReadFixture("valid/latin1.sgf");
  ASSERT_TRUE(c.games[0].ok()) << c.games[0].status();
  EXPECT_EQ(Value(*c.games[0], 0, "PB"), "Müller");
  EXPECT_EQ(Value(*c.games[0], 0, "PW"), "José");
}

TEST(SgfParserTest, ValidUtf8FileIsNotConvertedWhateverItsCaSays) {
  SgfCollection c = ReadFixture("valid/mislabelled_utf8.sgf");
  ASSERT_TRUE(c.games[0].ok()) << c.games[0].status();
  EXPECT_EQ(c.games[0]->charset(), "GB2312");
  EXPECT_FALSE(c.games[0]->converted_to_utf8());
  EXPECT_EQ(Value(*c.games[0], 0, "PB"), "古力");
  EXPECT_EQ(Value(*c.games[0], 0, "PW"), "李世石");
}

TEST(SgfParserTest, UnknownCharsetKeepsRawBytes) {
  SgfCollection c = ParseSgf("(;CA[no-such-charset]PB[\xff\xfe])", "x.sgf");
  ASSERT_TRUE(c.games[0].ok()) << c.games[0].status();
  EXPECT_EQ(Value(*c.games[0], 0, "PB"), "\xff\xfe");
  EXPECT_FALSE(c.games[0]->converted_to_utf8());
}

TEST(SgfParserTest, SkipsUtf8BomAndCountsColumnsAfterIt) {
  SgfCollection c = ParseSgf("\xEF\xBB\xBF(;B[aa])", "bom.sgf");
  ASSERT_TRUE(c.games[0].ok()) << c.games[0].status();
  EXPECT_EQ(c.games[0]->location().column, 1);
}

TEST(SgfParserTest, MovedTreesKeepTheirViews) {
  // Short texts and short converted values would live inside std::string's
  // small buffer; moving the trees around must not invalidate any view.
  std::vector<SgfGameTree> trees;
  for (int i = 0; i < 40; ++i) {
    SgfCollection c = ParseSgf("(;B[aa]XyZ[b])", "m.sgf");
    trees.push_back(*std::move(c.games[0]));
  }
  for (const SgfGameTree& t : trees) {
    EXPECT_EQ(Value(t, 0, "B"), "aa");
    EXPECT_EQ(Value(t, 0, "XZ"), "b");
  }
}

TEST(SgfParserTest, DeepNestingDoesNotRecurse) {
  constexpr int kDepth = 200000;
  std::string text;
  for (int i = 0; i < kDepth; ++i) text += "(;B[aa]";
  text.append(kDepth, ')');
  SgfCollection c = ParseSgf(std::move(text), "deep.sgf");
  ASSERT_EQ(c.games.size(), 1u);
  ASSERT_TRUE(c.games[0].ok()) << c.games[0].status();
  EXPECT_EQ(c.games[0]->num_nodes(), kDepth);
  EXPECT_EQ(c.games[0]->MainLine().size(), static_cast<size_t>(kDepth));
}

TEST(SgfParserTest, UnclosedGamesResyncAtClosedLineStartGames) {
  // Thousands of unclosed "(;" lines: one broken game, found in linear time
  // (a rescan per line would take minutes).
  std::string text;
  for (int i = 0; i < 40000; ++i) text += "(;GM[1];B[aa]\n";
  SgfCollection c = ParseSgf(text, "u.sgf");
  EXPECT_THAT(Outcomes(c), ::testing::ElementsAre(
                               "u.sgf: game 1: 40000:1: unbalanced '(': the game tree is not "
                               "closed at the end of the file"));
  // A game swallowed by an unclosed one is still read; a closed mid-line
  // variation is not taken for a game.
  c = ParseSgf("(;GN[a];B[aa](;W[bb])\n(;GN[b];B[cc])\n", "v.sgf");
  EXPECT_THAT(Outcomes(c),
              ::testing::ElementsAre("v.sgf: game 1: 1:1: unbalanced '(': the game tree is not "
                                     "closed at the end of the file",
                                     "ok"));
  EXPECT_EQ(Value(*c.games[1], 0, "GN"), "b");
}

TEST(SgfParserTest, ReaderGivesTheSameGamesAsParseSgf) {
  const std::string text = "(;GN[a])\n(;GN[b]];B[aa])\n(;GN[c])";
  SgfReader reader(text, "r.sgf");
  std::vector<std::string> from_reader;
  while (auto g = reader.Next()) {
    from_reader.push_back(g->ok() ? Value(**g, 0, "GN") : std::string(g->status().message()));
  }
  EXPECT_THAT(from_reader, ::testing::ElementsAre(
                               "a", "r.sgf: game 2: 2:8: unbalanced ']'", "c"));
  EXPECT_FALSE(reader.Next().has_value());
}

TEST(SgfParserTest, UnreadableFileIsAnError) {
  absl::StatusOr<SgfCollection> c = ReadSgfFile("/nonexistent/x.sgf");
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(absl::IsNotFound(c.status())) << c.status();
  EXPECT_THAT(std::string(c.status().message()), ::testing::HasSubstr("/nonexistent/x.sgf"));
}

struct MalformedCase {
  std::string file;
  std::vector<std::string> outcomes;  // per game: "ok" or the exact error
};

class SgfParserMalformedTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(SgfParserMalformedTest, GivesTheExactError) {
  const MalformedCase& c = GetParam();
  EXPECT_THAT(Outcomes(ReadFixture(c.file)), ::testing::ElementsAreArray(c.outcomes));
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, SgfParserMalformedTest,
    ::testing::Values(
        MalformedCase{"malformed/empty.sgf",
                      {"malformed/empty.sgf: game 1: 1:1: no SGF game tree found (expected '(;')"}},
        MalformedCase{
            "malformed/garbage_bytes.sgf",
            {"malformed/garbage_bytes.sgf: game 1: 1:1: no SGF game tree found (expected '(;')"}},
        MalformedCase{"malformed/garbage_in_game.sgf",
                      {"malformed/garbage_in_game.sgf: game 1: 2:7: unexpected byte 0x01"}},
        MalformedCase{"malformed/unbalanced_bracket.sgf",
                      {"malformed/unbalanced_bracket.sgf: game 1: 2:7: unbalanced ']'"}},
        MalformedCase{"malformed/unbalanced_paren_open.sgf",
                      {"malformed/unbalanced_paren_open.sgf: game 1: 1:1: unbalanced '(': the "
                       "game tree is not closed at the end of the file"}},
        MalformedCase{"malformed/unbalanced_paren_close.sgf",
                      {"malformed/unbalanced_paren_close.sgf: game 1: 2:14: unbalanced ')' after "
                       "the end of the game tree"}},
        MalformedCase{"malformed/truncated_value.sgf",
                      {"malformed/truncated_value.sgf: game 1: 2:15: unbalanced '[': the value "
                       "is not closed at the end of the file"}},
        MalformedCase{"malformed/collection_game2_broken.sgf",
                      {"ok", "malformed/collection_game2_broken.sgf: game 2: 2:35: unbalanced ']'",
                       "ok"}},
        MalformedCase{"malformed/collection_game2_unclosed.sgf",
                      {"ok",
                       "malformed/collection_game2_unclosed.sgf: game 2: 2:1: unbalanced '(': the "
                       "game tree is not closed at the end of the file",
                       "ok"}}),
    [](const ::testing::TestParamInfo<MalformedCase>& info) {
      std::string name = info.param.file.substr(info.param.file.find('/') + 1);
      name = name.substr(0, name.find('.'));
      for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

TEST(SgfParserTest, StructuralErrors) {
  auto error = [](const std::string& text) {
    SgfCollection c = ParseSgf(text, "s.sgf");
    return c.games[0].ok() ? std::string("ok") : std::string(c.games[0].status().message());
  };
  EXPECT_EQ(error("(;B)"), "s.sgf: game 1: 1:3: property B has no value");
  EXPECT_EQ(error("(;B[aa]()"), "s.sgf: game 1: 1:9: empty game tree '()'");
  EXPECT_EQ(error("(;B[aa](B[bb]))"), "s.sgf: game 1: 1:9: expected ';' after '('");
  EXPECT_EQ(error("(;B[aa](;W[bb]);B[cc])"),
            "s.sgf: game 1: 1:16: node after a variation (expected '(' or ')')");
  EXPECT_EQ(error("(;B[aa](;W[bb])C[x])"),
            "s.sgf: game 1: 1:16: property after a variation (expected '(' or ')')");
  EXPECT_EQ(error("(;[aa])"), "s.sgf: game 1: 1:3: value without a property name");
  EXPECT_EQ(error("(;add[aa])"), "s.sgf: game 1: 1:3: property name 'add' has no uppercase letter");
  EXPECT_EQ(error("(;B[aa]#)"), "s.sgf: game 1: 1:8: unexpected character '#'");
  EXPECT_EQ(error("(;B[aa] [bb]\n\t[cc])"), "ok");
}

}  // namespace
}  // namespace tengen
