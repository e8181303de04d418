// `tengen bench board --size 9|19`: raw rules-engine speed on one core.

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/random/random.h"
#include "absl/strings/str_format.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/rules/board.h"
#include "engine/rules/game.h"
#include "engine/rules/playout.h"

namespace tengen::cli {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A mid-game position: 60 random non-eye moves from the empty board.
Board MidgameBoard(int size, absl::BitGen& rng) {
  Board board(size);
  RandomPlayout(board, Color::kBlack, rng, std::min(60, size * size / 2));
  return board;
}

int RunBenchBoard(const std::vector<std::string>&) {
  const int size = absl::GetFlag(FLAGS_size);
  if (absl::Status s = ValidateBoardSize(size); !s.ok()) {
    std::fprintf(stderr, "tengen bench board: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  const double seconds = absl::GetFlag(FLAGS_seconds);
  absl::BitGen rng;

  // Play + undo as search does it: play on the board, restore a snapshot.
  const Board start = MidgameBoard(size, rng);
  std::vector<Point> moves;
  for (int i = 0; i < start.num_empty(); ++i) {
    const Point p = start.empty_point(i);
    if (start.IsLegal(p, Color::kBlack)) moves.push_back(p);
  }
  int64_t play_undo = 0;
  Board board = start;
  auto t0 = Clock::now();
  while (SecondsSince(t0) < seconds / 6) {
    for (int rep = 0; rep < 1000; ++rep) {
      const Point p = moves[play_undo % moves.size()];
      board.Play(p, Color::kBlack);
      board = start;
      ++play_undo;
    }
  }
  const double play_undo_rate = play_undo / SecondsSince(t0);

  // The same moves played with a record and taken back (search's way).
  int64_t play_record_undo = 0;
  BoardUndo undo;
  t0 = Clock::now();
  while (SecondsSince(t0) < seconds / 6) {
    for (int rep = 0; rep < 1000; ++rep) {
      const Point p = moves[play_record_undo % moves.size()];
      board.Play(p, Color::kBlack, &undo);
      board.Undo(&undo);
      ++play_record_undo;
    }
  }
  const double play_record_undo_rate = play_record_undo / SecondsSince(t0);

  // Game-level play + undo (legality with superko, history; undo replays).
  Game game(size);
  for (int i = 0; i < 30; ++i) {
    std::vector<Point> legal = game.LegalMoves();
    (void)game.Play(legal[absl::Uniform<size_t>(rng, 0, legal.size())]);
  }
  const std::vector<Point> game_moves = game.LegalMoves();
  int64_t game_play_undo = 0;
  t0 = Clock::now();
  while (SecondsSince(t0) < seconds / 6) {
    for (int rep = 0; rep < 100; ++rep) {
      (void)game.Play(game_moves[game_play_undo % game_moves.size()]);
      game.Undo();
      ++game_play_undo;
    }
  }
  const double game_play_undo_rate = game_play_undo / SecondsSince(t0);

  int64_t playouts = 0, playout_moves = 0;
  t0 = Clock::now();
  while (SecondsSince(t0) < seconds / 2) {
    for (int rep = 0; rep < 20; ++rep) {
      Board b(size);
      playout_moves += RandomPlayout(b, Color::kBlack, rng).moves;
      ++playouts;
    }
  }
  const double playout_seconds = SecondsSince(t0);
  std::printf(
      "size=%d play_undo_per_s=%.0f play_record_undo_per_s=%.0f game_play_undo_per_s=%.0f "
      "playouts_per_s=%.0f moves_per_playout=%.1f\n",
      size, play_undo_rate, play_record_undo_rate, game_play_undo_rate, playouts / playout_seconds,
      static_cast<double>(playout_moves) / playouts);
  return 0;
}

}  // namespace

TENGEN_REGISTER_COMMAND(bench_board, "bench board",
                        "board play + copy back, play + Undo, and uniform random playouts per second (one core)",
                        RunBenchBoard,
                        "size", "seconds");

}  // namespace tengen::cli
