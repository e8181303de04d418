#ifndef TENGEN_ENGINE_RULES_SGF_GAME_H_
#define TENGEN_ENGINE_RULES_SGF_GAME_H_

// From a parsed SGF game tree to a replayed tengen::Game: reads the root
// properties (SZ, KM, HA, RE, DT, PB, PW, BR, WR, RU, GN, EV, PC), replays the
// main line (first child at every node) with setup (AB/AW/AE, PL) and moves
// (B/W; B[] and, on boards up to 19x19, B[tt] are passes), and checks every
// move. Errors name the file, the game, the move number and the line:column
// of the move.
//
// Replay rules: human records are replayed with KoRule::kSimple by default.
// Japanese and Korean rules allow some whole-board repetitions (triple ko
// ends the game without result), so superko would reject real games; the
// simple-ko check still catches records that lost moves. The same colour
// may move twice (records do that after a lost ko threat, a time-out...).
// Suicide is illegal unless RU names rules that allow it (New Zealand, Ing,
// Tromp-Taylor). HA >= 2 without any AB before the first move places the
// fixed handicap stones (GTP placement).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/rules/board.h"
#include "engine/rules/game.h"
#include "engine/rules/sgf_parser.h"

namespace tengen {

struct SgfResult {
  std::string text;              // RE as written: "B+Resign", "W+0.5", "0", "Void", ""
  Color winner = Color::kEmpty;  // kEmpty: draw, void or unknown
  bool draw = false;
  bool resignation = false;      // "B+R", "B+Resign"
  std::optional<float> margin;   // "B+3.5" -> 3.5 (for the winner)

  // Reads an RE value; unknown forms keep only `text`.
  static SgfResult FromText(std::string text);
};

// The metadata of a game record (root properties).
struct SgfGameInfo {
  int size = 19;
  std::optional<float> komi;  // KM; absent in the record -> nullopt (replayed with komi 0)
  int handicap = 0;           // HA
  SgfResult result;           // RE
  std::string date;           // DT as written
  int year = 0, month = 0, day = 0;  // first date of DT, 0 when not readable
  std::string black_player, white_player;  // PB, PW
  std::string black_rank, white_rank;      // BR, WR
  std::string rules;                       // RU as written
  std::string game_name, event, place;     // GN, EV, PC
};

// One setup step: applied before moves[before_move]. Root setup (and fixed
// handicap stones) is a step with before_move == 0.
struct SgfSetup {
  int before_move = 0;
  std::vector<Point> black, white, clear;  // AB, AW, AE as written (rectangles expanded)
  std::optional<Color> to_play;            // PL
  SgfLocation location;                    // of the node
};

struct SgfMove {
  Color color = Color::kBlack;
  Point point = kPass;
  SgfLocation location;  // of the B or W property
};

struct SgfGameRecord {
  std::string file_name;
  int game_number = 0;
  SgfGameInfo info;
  std::vector<SgfSetup> setup;
  std::vector<SgfMove> moves;
  // OK when the whole main line was replayed. With stop_at_illegal_move, the
  // error of the first illegal move or setup where the record was cut.
  absl::Status cut;
};

struct SgfReplayOptions {
  KoRule ko_rule = KoRule::kSimple;
  // Instead of failing on an illegal move or setup after the first move,
  // return the game as it was just before it (record.cut tells why). Errors
  // up to the first move (root properties, initial setup, the first move
  // itself) still fail: there is no game to keep.
  bool stop_at_illegal_move = false;
  // Let RU[NZ], RU[Ing], RU[Tromp-Taylor]... allow suicide.
  bool suicide_from_rules = true;
};

struct SgfReplay {
  SgfGameRecord record;
  Game game;  // the position after the last replayed move
};

// The rules used for replaying a record with that RU and komi.
Rules SgfReplayRules(const SgfGameInfo& info, const SgfReplayOptions& options);

// Reads the root properties only.
absl::StatusOr<SgfGameInfo> ReadSgfGameInfo(const SgfGameTree& tree);

absl::StatusOr<SgfReplay> ReplaySgfGame(const SgfGameTree& tree,
                                        const SgfReplayOptions& options = {});

// Reads an SGF point ("dp"; "" and, up to 19x19, "tt" are passes).
absl::StatusOr<Point> ParseSgfMovePoint(std::string_view raw, int size);

// "" when both records hold the same game (info, setup, moves; not the
// locations), else a description of the first difference.
std::string DescribeSgfRecordDifference(const SgfGameRecord& a, const SgfGameRecord& b);

}  // namespace tengen

#endif  // TENGEN_ENGINE_RULES_SGF_GAME_H_
