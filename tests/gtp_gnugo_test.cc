// Full 9x9 games between `tengen gtp` (a tiny random network, 8 visits) and
// GNU Go 3.8 at level 1, each driven through the project's GtpClient like
// any controller would: genmove on one side, play on the other, until two
// passes. Both engines must then agree on final_score (GNU Go with Chinese
// rules and --capture-all-dead, so the board is cleaned up before it
// passes), and tengen's printsgf must read back as the game just played.
// The SGF files are kept under the test's temporary folder.

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "engine/gtp/gtp_client.h"
#include "engine/rules/coords.h"
#include "engine/rules/game.h"
#include "engine/rules/sgf_game.h"
#include "engine/rules/sgf_parser.h"
#include "tests/gtp_test_util.h"

namespace tengen {
namespace {

constexpr char kGnuGo[] = "/usr/games/gnugo";
const absl::Duration kTimeout = absl::Seconds(60);

std::unique_ptr<GtpClient> StartOrDie(const std::vector<std::string>& argv,
                                      const std::string& stderr_path) {
  GtpClientOptions options;
  options.stderr_path = stderr_path;
  absl::StatusOr<std::unique_ptr<GtpClient>> client = GtpClient::Start(argv, options);
  EXPECT_TRUE(client.ok()) << client.status();
  return client.ok() ? *std::move(client) : nullptr;
}

std::string Ask(GtpClient& engine, const std::string& command) {
  absl::StatusOr<std::string> r = engine.Send(command, kTimeout);
  EXPECT_TRUE(r.ok()) << engine.program() << " " << command << ": " << r.status();
  return r.ok() ? *r : "";
}

struct GameOutcome {
  int moves = 0;
  bool two_passes = false;
  std::string resigned;  // "" or the colour that resigned
  std::string tengen_score;
  std::string gnugo_score;
  std::string sgf;
  std::vector<std::string> vertices;
};

GameOutcome PlayGame(Color tengen_color, int game_index) {
  GameOutcome outcome;
  const std::string dir = ::testing::TempDir();
  auto tengen = StartOrDie({testing::TengenBinary(), "gtp", "--model", testing::TinyModel(),
                            "--visits", "8", "--device", "cpu", "--torch_threads", "1", "--rules", "chinese",
                            "--resign_threshold", "0", "--seed",
                            absl::StrCat(game_index + 1)},
                           absl::StrCat(dir, "/tengen_vs_gnugo_", game_index, ".stderr"));
  auto gnugo = StartOrDie({kGnuGo, "--mode", "gtp", "--level", "1", "--chinese-rules",
                           "--capture-all-dead", "--seed", absl::StrCat(game_index + 11)},
                          "/dev/null");
  if (tengen == nullptr || gnugo == nullptr) return outcome;
  for (GtpClient* e : {tengen.get(), gnugo.get()}) {
    Ask(*e, "boardsize 9");
    Ask(*e, "clear_board");
    Ask(*e, "komi 7.5");
  }
  Color to_move = Color::kBlack;
  int passes = 0;
  while (outcome.moves < 400) {
    GtpClient& mover = to_move == tengen_color ? *tengen : *gnugo;
    GtpClient& other = to_move == tengen_color ? *gnugo : *tengen;
    const std::string color = to_move == Color::kBlack ? "b" : "w";
    std::string vertex = Ask(mover, "genmove " + color);
    if (vertex.empty()) return outcome;
    for (char& c : vertex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (vertex == "RESIGN") {
      outcome.resigned = color;
      break;
    }
    Ask(other, absl::StrCat("play ", color, " ", vertex));
    outcome.vertices.push_back(vertex);
    ++outcome.moves;
    passes = vertex == "PASS" ? passes + 1 : 0;
    if (passes == 2) {
      outcome.two_passes = true;
      break;
    }
    to_move = Opponent(to_move);
  }
  outcome.tengen_score = Ask(*tengen, "final_score");
  outcome.gnugo_score = Ask(*gnugo, "final_score");
  outcome.sgf = Ask(*tengen, "printsgf");
  EXPECT_TRUE(tengen->Quit().ok());
  EXPECT_TRUE(gnugo->Quit().ok());
  std::ofstream(absl::StrCat(dir, "/tengen_vs_gnugo_", game_index, ".sgf")) << outcome.sgf;
  return outcome;
}

void CheckGame(const GameOutcome& g) {
  ASSERT_TRUE(g.two_passes) << "no two passes after " << g.moves << " moves"
                            << (g.resigned.empty() ? "" : ", resigned: " + g.resigned);
  EXPECT_FALSE(g.tengen_score.empty());
  EXPECT_EQ(g.tengen_score, g.gnugo_score) << "after " << g.moves << " moves";
  // printsgf holds exactly the game played.
  SgfCollection collection = ParseSgf(g.sgf, "printsgf");
  ASSERT_EQ(collection.games.size(), 1u);
  ASSERT_TRUE(collection.games[0].ok()) << collection.games[0].status();
  absl::StatusOr<SgfReplay> replay = ReplaySgfGame(*collection.games[0]);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->record.info.size, 9);
  EXPECT_EQ(replay->record.info.komi, 7.5f);
  ASSERT_EQ(replay->record.moves.size(), g.vertices.size());
  for (size_t i = 0; i < g.vertices.size(); ++i) {
    std::string v = PointToGtp(replay->record.moves[i].point, 9);
    for (char& c : v) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(v, g.vertices[i]) << "move " << i + 1;
  }
}

TEST(GtpVsGnuGo, FullGameAsBlackEndsWithAgreedScore) {
  TENGEN_REQUIRE_GTP_BINARY();
  if (::access(kGnuGo, X_OK) != 0) GTEST_SKIP() << "GNU Go not installed at " << kGnuGo;
  CheckGame(PlayGame(Color::kBlack, 0));
}

TEST(GtpVsGnuGo, FullGameAsWhiteEndsWithAgreedScore) {
  TENGEN_REQUIRE_GTP_BINARY();
  if (::access(kGnuGo, X_OK) != 0) GTEST_SKIP() << "GNU Go not installed at " << kGnuGo;
  CheckGame(PlayGame(Color::kWhite, 1));
}

}  // namespace
}  // namespace tengen
