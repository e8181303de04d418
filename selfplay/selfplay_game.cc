#include "selfplay/selfplay_game.h"

#include <algorithm>
#include <cmath>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/data/record_convert.h"
#include "engine/rules/scoring.h"
#include "engine/search/forced_playouts.h"

namespace tengen::selfplay {
namespace {

Rules SelfPlayRules(const SelfPlaySettings& s) {
  Rules rules = Rules::TrompTaylor();
  rules.komi = s.komi;
  return rules;
}

int PlayerOf(Color c) { return c == Color::kBlack ? 1 : 2; }

}  // namespace

SelfPlayGame::SelfPlayGame(const SelfPlaySettings& settings)
    : settings_(settings), start_position_(settings.board_size, SelfPlayRules(settings)) {
  SearchOptions& o = base_options_;
  o.c_puct = settings.c_puct;
  o.dirichlet_alpha_total = settings.dirichlet_alpha_scale;
  o.dirichlet_epsilon = settings.dirichlet_epsilon;
  o.gumbel = settings.gumbel;
  o.gumbel_considered_actions = settings.gumbel_considered_actions;
  // Self-play plays the most visited move (sampled at a temperature), not LCB.
  o.final_move = FinalMoveChoice::kMaxVisits;
  o.resign_min_visits = settings.cheap_visits;
  // Under Tromp-Taylor a pass that wins the count ends the game correctly.
  o.pass_to_win_after_opponent_pass = true;
  search_ = std::make_unique<Search>(start_position_, o);
}

void SelfPlayGame::Start(const GameStart& start) {
  start_ = start;
  rng_.seed(start.seed);
  finished_ = false;
  policy_targets_.clear();
  root_values_.clear();
  full_search_.clear();
  resigned_player_ = 0;
  would_resign_move_ = 0;
  would_resign_player_ = 0;
  min_value_.fill(1.0f);
  SearchOptions o = base_options_;
  o.seed = start.seed;
  search_->set_options(o);
  search_->SetRoot(start_position_);
  BeginMove();
}

SearchOptions SelfPlayGame::MoveOptions(bool full) const {
  SearchOptions o = base_options_;
  o.seed = search_->options().seed;
  o.dirichlet_noise = full && !settings_.gumbel && settings_.dirichlet_epsilon > 0;
  o.forced_playouts_k = full ? settings_.forced_playouts_k : 0.0f;
  o.resign_threshold = start_.resign_disabled ? -2.0f : start_.resign_threshold;
  return o;
}

void SelfPlayGame::BeginMove() {
  const bool capped = settings_.cheap_visits < settings_.full_visits;
  current_full_ = !capped || std::uniform_real_distribution<float>(0.0f, 1.0f)(rng_) < settings_.full_search_fraction;
  search_->set_options(MoveOptions(current_full_));
  search_->SetTargetVisits(current_full_ ? settings_.full_visits : settings_.cheap_visits);
}

float SelfPlayGame::Temperature(int move_number) const {
  const float halflife = std::max(settings_.temperature_halflife_moves, 1e-3f);
  return settings_.late_temperature + (settings_.early_temperature - settings_.late_temperature) *
                                          std::exp2(-static_cast<float>(move_number) / halflife);
}

data::PolicyTargetData SelfPlayGame::MovePolicyTarget() const {
  data::PolicyTargetData target;
  const int size = settings_.board_size;
  if (!settings_.gumbel && settings_.policy_target_pruning && settings_.forced_playouts_k > 0) {
    const std::vector<ChildStats> children = search_->RootChildren();
    const std::vector<int> visits =
        PruneForcedVisits(children, settings_.forced_playouts_k, settings_.c_puct, search_->root_visits());
    double total = 0;
    for (int v : visits) total += v;
    if (total > 0) {
      for (size_t i = 0; i < children.size(); ++i) {
        if (visits[i] == 0) continue;
        target.moves.push_back(ToFlat(children[i].move, size));
        target.probabilities.push_back(static_cast<float>(visits[i] / total));
      }
      return target;
    }
  }
  const std::array<float, kMaxPolicySize> policy = search_->PolicyTarget();
  for (int flat = 0; flat <= size * size; ++flat) {
    if (policy[flat] <= 0) continue;
    target.moves.push_back(flat);
    target.probabilities.push_back(policy[flat]);
  }
  return target;
}

bool SelfPlayGame::FinishMove() {
  const Game& game = search_->game();
  const Color mover = game.to_play();
  const float value = search_->root_value();
  min_value_[PlayerOf(mover)] = std::min(min_value_[PlayerOf(mover)], value);
  if (start_.resign_disabled && would_resign_move_ == 0 && value < start_.resign_threshold &&
      search_->root_visits() >= base_options_.resign_min_visits) {
    would_resign_move_ = game.move_number() + 1;
    would_resign_player_ = PlayerOf(mover);
  }
  const MoveDecision decision = search_->ChooseMove(Temperature(game.move_number()));
  if (decision.move == kResign) {
    EndGame(PlayerOf(mover));
    return true;
  }
  policy_targets_.push_back(current_full_ ? MovePolicyTarget() : data::PolicyTargetData{});
  root_values_.push_back(value);
  full_search_.push_back(current_full_ ? 1 : 0);
  if (!search_->Advance(decision.move).ok()) {
    // Cannot happen for a move the search chose; end the game as it stands
    // rather than record a move that did not happen.
    policy_targets_.pop_back();
    root_values_.pop_back();
    full_search_.pop_back();
    EndGame(0);
    return true;
  }
  if (search_->game().IsOver() || search_->game().move_number() >= settings_.max_game_moves) {
    EndGame(0);
    return true;
  }
  BeginMove();
  return false;
}

void SelfPlayGame::EndGame(int resigning_player) {
  resigned_player_ = resigning_player;
  finished_ = true;
}

data::RecordedGame SelfPlayGame::Record() const {
  const Game& game = search_->game();
  absl::StatusOr<data::RecordedGame> converted = data::RecordFromGame(game, {}, {});
  data::RecordedGame record = converted.ok() ? *std::move(converted) : data::RecordedGame{};
  record.source = data::DataSource::kSelfPlay;
  record.policy_targets = policy_targets_;
  record.root_values = root_values_;
  record.full_search = full_search_;
  if (resigned_player_ != 0) {
    record.winner = resigned_player_ == 1 ? -1.0f : 1.0f;
    record.result_text = resigned_player_ == 1 ? "W+R" : "B+R";
  } else {
    const Score score = AreaScore(game.board(), game.rules().komi);
    const float margin = score.margin();
    record.winner = margin > 0 ? 1.0f : (margin < 0 ? -1.0f : 0.0f);
    record.score_lead = margin;
    record.has_score_lead = true;
    record.result_text = ResultString(margin);
    const int size = game.size();
    record.final_ownership.resize(static_cast<size_t>(size) * size);
    for (int y = 0; y < size; ++y) {
      for (int x = 0; x < size; ++x) {
        const Color owner = score.ownership[MakePoint(x, y)];
        record.final_ownership[y * size + x] = owner == Color::kBlack ? 1 : (owner == Color::kWhite ? -1 : 0);
      }
    }
  }
  record.model_name = start_.model_name;
  record.black_player = start_.model_name;
  record.white_player = start_.model_name;
  record.search_settings = DescribeSearch(settings_);
  record.date = absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone());
  record.resign_disabled = start_.resign_disabled;
  record.resign_threshold = start_.resign_threshold;
  record.would_resign_move = would_resign_move_;
  record.would_resign_player = would_resign_player_;
  const int winner_player = record.winner > 0 ? 1 : (record.winner < 0 ? 2 : 0);
  record.winner_min_value = winner_player != 0 ? min_value_[winner_player] : 0.0f;
  return record;
}

}  // namespace tengen::selfplay
