#include "engine/arena/opening_book.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "engine/rules/temp_file_test_util.h"
#include "gtest/gtest.h"

namespace tengen::arena {
namespace {

std::string BookFolder() {
  const std::string dir = testing::TempFilePath("opening_book");
  std::filesystem::create_directories(dir + "/more");
  // Two games per file in a collection; a folder below.
  std::ofstream(dir + "/a.sgf") << "(;GM[1]FF[4]SZ[9]KM[7];B[ee];W[cc];B[gc];W[cg];B[gg])"
                                   "(;GM[1]FF[4]SZ[9];B[ee];W[cc];B[gc];W[cg];B[cd])\n";             // same 4 moves
  std::ofstream(dir + "/b.sgf") << "(;GM[1]FF[4]SZ[9];B[ee];W[cc];B[gc])"                            // too short
                                   "(;GM[1]FF[4]SZ[13];B[gg];W[cc];B[kc];W[ck];B[kk])\n";            // wrong size
  std::ofstream(dir + "/more/c.sgf") << "(;GM[1]FF[4]SZ[9]HA[2]AB[cc][gg];W[ee];B[cg];W[gc];B[dd])"  // setup
                                        "(;GM[1]FF[4]SZ[9];B[ee];W[];B[gc];W[cg];B[dd])"             // a pass
                                        "(;GM[1]FF[4]SZ[9];B[ee];B[cc];W[gc];W[cg])"                 // not alternating
                                        "(;GM[1]FF[4]SZ[9];B[cc];W[ee];B[cg];W[gc];B[dd])"
                                        "(;GM[1]FF[4]SZ[9];B[cg];W[gc];B[cc];W[ee];B[dd])\n";  // transposition
  std::ofstream(dir + "/more/d.sgf") << "(;GM[1]FF[4]SZ[9];B[dd];W[ff];B[df];W[fd])\n";
  return dir;
}

TEST(OpeningBookTest, TakesThePositionAfterKMovesOfUsableGames) {
  OpeningBookOptions o;
  o.paths = {BookFolder()};
  o.moves = 4;
  absl::StatusOr<OpeningBook> book = LoadOpeningBook(o);
  ASSERT_TRUE(book.ok()) << book.status();
  EXPECT_EQ(book->games_read, 10);
  ASSERT_EQ(book->openings.size(), 3u) << book->Summary(4);
  EXPECT_EQ(book->skipped, 5);
  EXPECT_EQ(book->duplicates, 2);
  EXPECT_TRUE(absl::EndsWith(book->openings[0].source, "a.sgf game 1")) << book->openings[0].source;
  EXPECT_TRUE(absl::EndsWith(book->openings[1].source, "c.sgf game 4")) << book->openings[1].source;
  EXPECT_TRUE(absl::EndsWith(book->openings[2].source, "d.sgf game 1")) << book->openings[2].source;
  for (const Opening& opening : book->openings) EXPECT_EQ(opening.moves.size(), 4u);
  EXPECT_EQ(book->openings[0].moves[0], MakePoint(4, 4));
  EXPECT_EQ(book->openings[0].moves[1], MakePoint(2, 2));
}

TEST(OpeningBookTest, MaxOpeningsIsASeededChoiceInFileOrder) {
  OpeningBookOptions o;
  o.paths = {BookFolder()};
  o.moves = 2;  // a.sgf's two games and c.sgf's 4th game share B[ee] W[cc]... and others
  absl::StatusOr<OpeningBook> all = LoadOpeningBook(o);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_GE(all->openings.size(), 3u);
  o.max_openings = 2;
  absl::StatusOr<OpeningBook> some = LoadOpeningBook(o);
  ASSERT_TRUE(some.ok());
  ASSERT_EQ(some->openings.size(), 2u);
  EXPECT_EQ(some->unused, static_cast<int>(all->openings.size()) - 2);
  EXPECT_LT(some->openings[0].source, some->openings[1].source);
  absl::StatusOr<OpeningBook> again = LoadOpeningBook(o);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->openings[0].source, some->openings[0].source);
  EXPECT_EQ(again->openings[1].source, some->openings[1].source);
}

TEST(OpeningBookTest, NoUsableGameFails) {
  OpeningBookOptions o;
  o.paths = {BookFolder()};
  o.moves = 40;
  absl::StatusOr<OpeningBook> book = LoadOpeningBook(o);
  ASSERT_FALSE(book.ok());
  EXPECT_TRUE(absl::StrContains(book.status().message(), "no 9x9 game")) << book.status();
  o.paths = {"/nonexistent/book"};
  o.moves = 2;
  EXPECT_FALSE(LoadOpeningBook(o).ok());
}

}  // namespace
}  // namespace tengen::arena
