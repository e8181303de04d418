#include "engine/data/record_proto.h"

namespace tengen::data {

proto::GameRecord ToProto(const RecordedGame& game) {
  proto::GameRecord r;
  r.set_source(static_cast<proto::DataSource>(game.source));
  r.set_board_size(game.board_size);
  r.set_komi(game.komi);
  r.set_scoring(static_cast<proto::ScoringRule>(game.scoring));
  r.set_handicap(game.handicap);
  r.mutable_setup_black()->Add(game.setup_black.begin(), game.setup_black.end());
  r.mutable_setup_white()->Add(game.setup_white.begin(), game.setup_white.end());
  r.set_first_to_move(game.first_to_move);
  r.mutable_moves()->Add(game.moves.begin(), game.moves.end());
  for (const PolicyTargetData& t : game.policy_targets) {
    proto::PolicyTarget* pt = r.add_policy_targets();
    pt->mutable_moves()->Add(t.moves.begin(), t.moves.end());
    pt->mutable_probabilities()->Add(t.probabilities.begin(), t.probabilities.end());
  }
  r.mutable_root_values()->Add(game.root_values.begin(), game.root_values.end());
  r.set_winner(game.winner);
  r.set_score_lead(game.score_lead);
  r.set_has_score_lead(game.has_score_lead);
  for (int8_t o : game.final_ownership) r.add_final_ownership(o);
  r.set_result_text(game.result_text);
  r.set_source_path(game.source_path);
  r.set_source_game_index(game.source_game_index);
  r.set_date(game.date);
  r.set_black_player(game.black_player);
  r.set_white_player(game.white_player);
  r.set_black_rank(game.black_rank);
  r.set_white_rank(game.white_rank);
  r.set_game_hash(game.game_hash);
  r.set_model_name(game.model_name);
  for (uint8_t f : game.full_search) r.add_full_search(f != 0);
  r.set_search_settings(game.search_settings);
  r.set_resign_disabled(game.resign_disabled);
  r.set_resign_threshold(game.resign_threshold);
  r.set_would_resign_move(game.would_resign_move);
  r.set_would_resign_player(game.would_resign_player);
  r.set_winner_min_value(game.winner_min_value);
  return r;
}

RecordedGame FromProto(const proto::GameRecord& r) {
  RecordedGame game;
  game.source = static_cast<DataSource>(r.source());
  game.board_size = r.board_size();
  game.komi = r.komi();
  game.scoring = static_cast<RecordScoring>(r.scoring());
  game.handicap = r.handicap();
  game.setup_black.assign(r.setup_black().begin(), r.setup_black().end());
  game.setup_white.assign(r.setup_white().begin(), r.setup_white().end());
  game.first_to_move = r.first_to_move();
  game.moves.assign(r.moves().begin(), r.moves().end());
  game.policy_targets.resize(r.policy_targets_size());
  for (int i = 0; i < r.policy_targets_size(); ++i) {
    const proto::PolicyTarget& pt = r.policy_targets(i);
    game.policy_targets[i].moves.assign(pt.moves().begin(), pt.moves().end());
    game.policy_targets[i].probabilities.assign(pt.probabilities().begin(),
                                                pt.probabilities().end());
  }
  game.root_values.assign(r.root_values().begin(), r.root_values().end());
  game.winner = r.winner();
  game.score_lead = r.score_lead();
  game.has_score_lead = r.has_score_lead();
  game.final_ownership.reserve(r.final_ownership_size());
  for (int32_t o : r.final_ownership()) game.final_ownership.push_back(static_cast<int8_t>(o));
  game.result_text = r.result_text();
  game.source_path = r.source_path();
  game.source_game_index = r.source_game_index();
  game.date = r.date();
  game.black_player = r.black_player();
  game.white_player = r.white_player();
  game.black_rank = r.black_rank();
  game.white_rank = r.white_rank();
  game.game_hash = r.game_hash();
  game.model_name = r.model_name();
  game.full_search.assign(r.full_search().begin(), r.full_search().end());
  game.search_settings = r.search_settings();
  game.resign_disabled = r.resign_disabled();
  game.resign_threshold = r.resign_threshold();
  game.would_resign_move = r.would_resign_move();
  game.would_resign_player = r.would_resign_player();
  game.winner_min_value = r.winner_min_value();
  return game;
}

}  // namespace tengen::data
