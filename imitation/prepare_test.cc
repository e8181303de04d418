#include "imitation/prepare.h"

#ifdef TENGEN_HAVE_LIBARCHIVE
#include <archive.h>
#include <archive_entry.h>
#endif

#include <filesystem>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "engine/data/atomic_file.h"
#include "engine/data/shard_file.h"
#include "engine/data/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "imitation/sgf_fixtures.h"

namespace tengen::imitation {
namespace {

using ::testing::HasSubstr;
using testing::MakeSgf;
using testing::SgfFixture;
namespace fs = std::filesystem;

std::string SharedSgf() {
  const char* source = std::getenv("TENGEN_SOURCE_DIR");
  return (fs::path(source != nullptr ? source : ".") / ".." / "shared" / "sgf").string();
}

void Write(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  ASSERT_TRUE(data::WriteFileAtomically(path, text).ok());
}

// Every game of a prepared folder: hash -> split name.
std::map<uint64_t, std::string> GamesBySplit(const std::string& dir) {
  std::map<uint64_t, std::string> games;
  absl::StatusOr<data::ManifestData> manifest = data::ReadManifest(dir);
  EXPECT_TRUE(manifest.ok()) << manifest.status();
  if (!manifest.ok()) return games;
  for (const data::SplitInfo& split : manifest->splits) {
    int64_t count = 0, positions = 0;
    for (const std::string& file : split.shard_files) {
      absl::StatusOr<std::vector<data::RecordedGame>> shard = data::ReadShard(dir + "/" + file);
      EXPECT_TRUE(shard.ok()) << shard.status();
      if (!shard.ok()) continue;
      for (const data::RecordedGame& g : *shard) {
        EXPECT_TRUE(games.emplace(g.game_hash, split.name).second) << "game in two places";
        positions += g.num_positions();
        ++count;
      }
    }
    EXPECT_EQ(count, split.games) << split.name;
    EXPECT_EQ(positions, split.positions) << split.name;
  }
  return games;
}

std::vector<std::string> Listing(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

PrepareOptions Options(std::vector<std::string> inputs, std::string out) {
  PrepareOptions o;
  o.inputs = std::move(inputs);
  o.out_dir = std::move(out);
  o.progress = false;
  o.games_per_shard = 50;
  o.threads = 2;
  return o;
}

// A folder with one game of every kind of trouble, in two collections.
class FixturePrepareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = data::testing::MakeTempDir("sgf");
    std::string a, b;
    for (int i = 0; i < 12; ++i) {
      SgfFixture good;
      good.variant = i;
      (i % 2 == 0 ? a : b) += MakeSgf(good);
    }
    SgfFixture dup;  // the moves of game 0 under other names
    dup.black = "someone else";
    dup.date = "2006-01-01";
    b += MakeSgf(dup);
    SgfFixture late;
    late.variant = 100;
    late.date = "2015-06-01";
    a += MakeSgf(late);
    SgfFixture handicap;
    handicap.variant = 101;
    handicap.extra_root = "HA[2]AB[ba][ab]";
    a += MakeSgf(handicap);
    SgfFixture nine;
    nine.variant = 102;
    nine.size = 9;
    b += MakeSgf(nine);
    SgfFixture illegal;
    illegal.variant = 103;
    illegal.illegal_at = 33;
    b += MakeSgf(illegal);
    SgfFixture no_result;
    no_result.variant = 104;
    no_result.result = "";
    a += MakeSgf(no_result);
    SgfFixture undated;
    undated.variant = 105;
    undated.date = "";
    b += MakeSgf(undated);
    SgfFixture short_game;
    short_game.variant = 106;
    short_game.moves = 12;
    a += MakeSgf(short_game);
    a += "(;GM[1]SZ[19];B[pd];W[dp";  // never closed
    Write(dir_ + "/a.sgf", a);
    Write(dir_ + "/sub/b.sgf", b);
    Write(dir_ + "/README.md", "(;not a game file)");
  }
  std::string dir_;
};

TEST_F(FixturePrepareTest, CountsEveryRejectionByReason) {
  const std::string out = data::testing::MakeTempDir("out");
  absl::StatusOr<PrepareSummary> s = PrepareShards(Options({dir_}, out));
  ASSERT_TRUE(s.ok()) << s.status();
  const data::ManifestData& m = s->manifest;
  EXPECT_EQ(m.games_read, 21);
  EXPECT_EQ(s->games_kept, 12);
  EXPECT_EQ(m.duplicates_removed, 1);
  EXPECT_EQ(m.rejections.at("duplicate"), 1);
  EXPECT_EQ(m.rejections.at("date_too_late"), 1);
  EXPECT_EQ(m.rejections.at("handicap"), 1);
  EXPECT_EQ(m.rejections.at("board_size"), 1);
  EXPECT_EQ(m.rejections.at("illegal_move"), 1);
  EXPECT_EQ(m.rejections.at("no_result"), 1);
  EXPECT_EQ(m.rejections.at("undated"), 1);
  EXPECT_EQ(m.rejections.at("too_short"), 1);
  EXPECT_EQ(m.rejections.at("parse_error"), 1);
  EXPECT_EQ(m.rejections.at("rank_too_low"), 0);
  int64_t kept = 0;
  for (const data::SplitInfo& split : m.splits) kept += split.games;
  EXPECT_EQ(kept, 12);
  EXPECT_EQ(GamesBySplit(out).size(), 12u);
  EXPECT_EQ(m.filters.at("before_date"), "2014-01-01");
  EXPECT_EQ(m.filters.at("min_moves"), "30");
  EXPECT_EQ(m.filters.at("split"), "98/1/1");
  EXPECT_EQ(m.source_paths, std::vector<std::string>{dir_});
  const std::string text = FormatPrepareSummary(*s);
  EXPECT_THAT(text, HasSubstr("illegal_move"));
  EXPECT_THAT(text, HasSubstr("move 34"));  // an example reason
}

TEST_F(FixturePrepareTest, LooserFiltersKeepMore) {
  const std::string out = data::testing::MakeTempDir("out");
  PrepareOptions o = Options({dir_}, out);
  o.filter.allow_undated = true;
  o.filter.illegal_moves = IllegalMovePolicy::kCut;
  o.filter.allow_handicap = true;
  o.filter.before_date = "";
  absl::StatusOr<PrepareSummary> s = PrepareShards(o);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->games_kept, 12 + 4);  // late, handicap, illegal (cut at 33), undated
  EXPECT_EQ(s->games_cut, 1);
}

TEST_F(FixturePrepareTest, SplitDependsOnlyOnTheGame) {
  PrepareOptions o = Options({dir_ + "/a.sgf", dir_ + "/sub/b.sgf"}, data::testing::MakeTempDir("one"));
  o.split = *data::ParseSplitSpec("50/25/25");
  ASSERT_TRUE(PrepareShards(o).ok());
  PrepareOptions reversed = o;
  reversed.inputs = {dir_ + "/sub/b.sgf", dir_ + "/a.sgf"};
  reversed.out_dir = data::testing::MakeTempDir("two");
  reversed.threads = 1;
  ASSERT_TRUE(PrepareShards(reversed).ok());
  const auto one = GamesBySplit(o.out_dir);
  EXPECT_EQ(one, GamesBySplit(reversed.out_dir));
  std::set<std::string> used;
  for (const auto& [hash, split] : one) {
    used.insert(split);
    EXPECT_EQ(split, o.split.names[data::SplitForHash(hash, o.split)]);
  }
  EXPECT_EQ(used.size(), 3u);  // 12 games at 50/25/25 fill every split
}

TEST_F(FixturePrepareTest, FailureLeavesNothingBehind) {
  const std::string out = data::testing::MakeTempDir("out");
  PrepareOptions o = Options({dir_}, out);
  o.games_per_shard = 2;  // several shards finish before the failure
  o.split = *data::ParseSplitSpec("1/0/0");
  o.fail_after_games_for_testing = 7;
  absl::StatusOr<PrepareSummary> s = PrepareShards(o);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("injected failure"));
  EXPECT_TRUE(Listing(out).empty()) << Listing(out).size();
}

TEST_F(FixturePrepareTest, RefusesToMixWithAnEarlierRunUnlessOverwriting) {
  const std::string out = data::testing::MakeTempDir("out");
  PrepareOptions o = Options({dir_}, out);
  o.games_per_shard = 1;
  ASSERT_TRUE(PrepareShards(o).ok());
  const size_t files_before = Listing(out).size();
  o.games_per_shard = 100;
  absl::StatusOr<PrepareSummary> again = PrepareShards(o);
  ASSERT_FALSE(again.ok());
  EXPECT_THAT(std::string(again.status().message()), HasSubstr("--overwrite"));
  EXPECT_EQ(Listing(out).size(), files_before);
  o.overwrite = true;
  ASSERT_TRUE(PrepareShards(o).ok());
  // Only the new run's shards remain: one per non-empty split, and the manifest.
  EXPECT_LE(Listing(out).size(), 4u);
  EXPECT_EQ(GamesBySplit(out).size(), 12u);
}

#ifdef TENGEN_HAVE_LIBARCHIVE
TEST_F(FixturePrepareTest, ReadsZipAndTarGzArchives) {
  const std::string plain = data::testing::MakeTempDir("plain");
  ASSERT_TRUE(PrepareShards(Options({dir_}, plain)).ok());
  const auto expected = GamesBySplit(plain);
  for (const auto& [name, format, filter] :
       {std::tuple{"games.zip", ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE},
        std::tuple{"games.tar.gz", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP}}) {
    const std::string archive_dir = data::testing::MakeTempDir("archive");
    const std::string path = archive_dir + "/" + name;
    archive* a = archive_write_new();
    archive_write_set_format(a, format);
    archive_write_add_filter(a, filter);
    ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK);
    for (const char* member : {"a.sgf", "sub/b.sgf", "README.md"}) {
      std::string text;
      ASSERT_TRUE(data::ReadFileToString(dir_ + "/" + member, &text).ok());
      archive_entry* e = archive_entry_new();
      archive_entry_set_pathname(e, member);
      archive_entry_set_size(e, static_cast<la_int64_t>(text.size()));
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_perm(e, 0644);
      ASSERT_EQ(archive_write_header(a, e), ARCHIVE_OK);
      ASSERT_EQ(archive_write_data(a, text.data(), text.size()), static_cast<la_ssize_t>(text.size()));
      archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    const std::string out = data::testing::MakeTempDir("out");
    absl::StatusOr<PrepareSummary> s = PrepareShards(Options({archive_dir}, out));
    ASSERT_TRUE(s.ok()) << name << ": " << s.status();
    EXPECT_EQ(s->manifest.games_read, 21) << name;
    EXPECT_EQ(GamesBySplit(out), expected) << name;
  }
}

#endif  // TENGEN_HAVE_LIBARCHIVE

TEST_F(FixturePrepareTest, DamagedArchiveAndMissingInputsAreClearErrors) {
  const std::string bad = data::testing::MakeTempDir("bad");
  Write(bad + "/broken.zip", "PK\x03\x04 this is not really a zip file");
  absl::StatusOr<PrepareSummary> s = PrepareShards(Options({bad}, data::testing::MakeTempDir("o1")));
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("broken.zip"));
  s = PrepareShards(Options({dir_ + "/nope.sgf"}, data::testing::MakeTempDir("o2")));
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("nope.sgf"));
  s = PrepareShards(Options({data::testing::MakeTempDir("empty")}, data::testing::MakeTempDir("o3")));
  EXPECT_FALSE(s.ok());
}

TEST_F(FixturePrepareTest, ReadSgfGamesForEvaluation) {
  GameFilterOptions filter;
  std::map<std::string, int64_t> rejections;
  absl::StatusOr<std::vector<data::RecordedGame>> games = ReadSgfGames({dir_}, filter, &rejections);
  ASSERT_TRUE(games.ok()) << games.status();
  EXPECT_EQ(games->size(), 13u);  // duplicates are kept here
  EXPECT_EQ(rejections.at("handicap"), 1);
}

// Two months of the real Tom collection.
TEST(RealDataPrepareTest, TwoMonthsOfTom) {
  const std::string tom = SharedSgf() + "/tom-9d";
  if (!fs::exists(tom + "/2005-01.sgf")) GTEST_SKIP() << "no shared corpus at " << tom;
  int64_t trees = 0;
  for (const char* month : {"2005-01.sgf", "2005-02.sgf"}) {
    std::string text;
    ASSERT_TRUE(data::ReadFileToString(tom + "/" + month, &text).ok());
    for (size_t p = text.find("(;"); p != std::string::npos; p = text.find("(;", p + 1)) ++trees;
  }
  const std::string out = data::testing::MakeTempDir("tom");
  PrepareOptions o = Options({tom + "/2005-02.sgf", tom + "/2005-01.sgf"}, out);
  o.games_per_shard = 400;
  absl::StatusOr<PrepareSummary> s = PrepareShards(o);
  ASSERT_TRUE(s.ok()) << s.status();
  const data::ManifestData& m = s->manifest;
  EXPECT_EQ(m.games_read, trees);
  int64_t rejected = 0;
  for (const auto& [reason, count] : m.rejections) rejected += count;
  EXPECT_EQ(s->games_kept + rejected, trees);
  // Tom games are 9d vs 9d, dated 2005, even, with results: almost all kept.
  EXPECT_GT(s->games_kept, trees * 95 / 100);
  const auto games = GamesBySplit(out);
  EXPECT_EQ(static_cast<int64_t>(games.size()), s->games_kept);
  const data::SplitInfo* train = m.FindSplit("train");
  ASSERT_NE(train, nullptr);
  EXPECT_NEAR(static_cast<double>(train->games) / s->games_kept, 0.98, 0.015);
  EXPECT_GT(train->positions, train->games * 100);  // real games are long
  EXPECT_EQ(train->shard_files.size(), static_cast<size_t>((train->games + 399) / 400));

  // A flipped byte and a truncation in a real shard are caught and named.
  const std::string shard = out + "/" + train->shard_files[0];
  std::string bytes;
  ASSERT_TRUE(data::ReadFileToString(shard, &bytes).ok());
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 1;
  ASSERT_TRUE(data::WriteFileAtomically(shard, flipped).ok());
  absl::StatusOr<std::vector<data::RecordedGame>> read = data::ReadShard(shard);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(std::string(read.status().message()), HasSubstr(shard));
  EXPECT_THAT(std::string(read.status().message()), HasSubstr("CRC mismatch"));
  ASSERT_TRUE(data::WriteFileAtomically(shard, bytes.substr(0, bytes.size() - 100)).ok());
  read = data::ReadShard(shard);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(std::string(read.status().message()), HasSubstr("truncated"));
  EXPECT_THAT(std::string(read.status().message()), HasSubstr("record"));
}

}  // namespace
}  // namespace tengen::imitation
