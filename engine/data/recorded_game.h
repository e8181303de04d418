#ifndef TENGEN_ENGINE_DATA_RECORDED_GAME_H_
#define TENGEN_ENGINE_DATA_RECORDED_GAME_H_

// A finished (or cut) game as stored in a shard: the plain C++ mirror of
// proto GameRecord (proto/game_record.proto documents every field). Code
// that includes torch may not include generated protobuf headers, so the
// shard reader and writer speak this struct; record_proto.h converts.

#include <cstdint>
#include <string>
#include <vector>

namespace tengen::data {

enum class DataSource : uint8_t { kUnknown = 0, kHuman = 1, kSelfPlay = 2 };
enum class RecordScoring : uint8_t { kArea = 0, kTerritory = 1 };

// Sparse distribution over flat moves (y * size + x, size * size = pass).
struct PolicyTargetData {
  std::vector<int32_t> moves;
  std::vector<float> probabilities;
  bool empty() const { return moves.empty(); }
};

struct RecordedGame {
  DataSource source = DataSource::kUnknown;
  int board_size = 19;
  float komi = 7.5f;
  RecordScoring scoring = RecordScoring::kArea;
  int handicap = 0;
  std::vector<int32_t> setup_black;  // flat points
  std::vector<int32_t> setup_white;
  int first_to_move = 1;  // 1 black, 2 white
  std::vector<int32_t> moves;  // flat moves; colours alternate from first_to_move
  // Empty, or one per move; an empty target means one-hot on the played move.
  std::vector<PolicyTargetData> policy_targets;
  std::vector<float> root_values;  // self-play only, mover's view
  float winner = 0;                // black's view: +1, -1, 0 draw/unknown
  float score_lead = 0;            // black's view, when has_score_lead
  bool has_score_lead = false;
  std::vector<int8_t> final_ownership;  // black's view, size^2 or empty
  std::string result_text;
  std::string source_path;
  int source_game_index = 0;
  std::string date;
  std::string black_player;
  std::string white_player;
  std::string black_rank;
  std::string white_rank;
  uint64_t game_hash = 0;
  std::string model_name;
  // Empty, or one per move: 1 when a full search chose the move (playout
  // cap randomization); only those are training positions.
  std::vector<uint8_t> full_search;
  std::string search_settings;
  bool resign_disabled = false;
  float resign_threshold = 0;
  int would_resign_move = 0;  // from 1; 0: never
  int would_resign_player = 0;
  float winner_min_value = 0;

  // Number of moves (positions before each move).
  int num_positions() const { return static_cast<int>(moves.size()); }
  // Whether the position before move i is trained on.
  bool is_training_position(int i) const {
    return full_search.empty() || (static_cast<size_t>(i) < full_search.size() && full_search[i] != 0);
  }
  int num_training_positions() const {
    if (full_search.empty()) return num_positions();
    int n = 0;
    for (int i = 0; i < num_positions(); ++i) n += is_training_position(i) ? 1 : 0;
    return n;
  }
  // Colour (1 black, 2 white) of the player making move i.
  int mover(int i) const { return (i % 2 == 0) ? first_to_move : 3 - first_to_move; }
};

}  // namespace tengen::data

#endif  // TENGEN_ENGINE_DATA_RECORDED_GAME_H_
