#include "engine/gtp/mcts_move_generator.h"

#include <algorithm>
#include <climits>
#include <span>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "engine/features/compact_position.h"
#include "engine/search/search_game.h"

namespace tengen::gtp {
namespace {

// A root needs one visit for itself and one for a child before it has a
// move to recommend; stop requests are honoured only after that.
constexpr int kMinVisits = 2;
// Moves the tree may be advanced by before a fresh root is cheaper.
constexpr size_t kMaxAdvance = 16;
// Unvisited moves appended to a final report.
constexpr size_t kUnvisitedCandidates = 4;

bool SameRules(const Rules& a, const Rules& b) {
  return a.ko == b.ko && a.scoring == b.scoring && a.allow_suicide == b.allow_suicide &&
         a.komi == b.komi;
}

}  // namespace

MctsMoveGenerator::MctsMoveGenerator(BatchBackend* backend, const SearchOptions& search_options,
                                     MctsGeneratorOptions options)
    : backend_(backend), search_options_(search_options), options_(options) {
  options_.leaves_per_batch =
      std::clamp(options_.leaves_per_batch, 1, std::max(1, backend_->max_batch_size()));
  search_options_.leaves_per_batch = options_.leaves_per_batch;
  positions_.resize(options_.leaves_per_batch);
  handles_.resize(options_.leaves_per_batch);
  outputs_.resize(options_.leaves_per_batch);
}

SearchOptions MctsMoveGenerator::DefaultSearchOptions() {
  SearchOptions o;
  o.dirichlet_noise = false;
  o.gumbel = false;
  o.resign_threshold = -2.0f;
  o.reuse_tree = true;
  o.final_move = FinalMoveChoice::kLcb;
  return o;
}

absl::Status MctsMoveGenerator::SupportsBoardSize(int size) const {
  if (size != backend_->board_size()) {
    return absl::InvalidArgumentError(absl::StrFormat("the network plays %dx%d only",
                                                      backend_->board_size(),
                                                      backend_->board_size()));
  }
  return absl::OkStatus();
}

void MctsMoveGenerator::MoveRootTo(const Game& game) {
  if (search_ == nullptr) {
    search_ = std::make_unique<tengen::Search>(game, search_options_);
    return;
  }
  const Game& root = search_->game();
  const std::vector<MoveRecord>& old_moves = root.moves();
  const std::vector<MoveRecord>& new_moves = game.moves();
  bool reusable = root.size() == game.size() && SameRules(root.rules(), game.rules()) &&
                  old_moves.size() <= new_moves.size() &&
                  new_moves.size() - old_moves.size() <= kMaxAdvance;
  for (size_t i = 0; reusable && i < old_moves.size(); ++i) {
    reusable = old_moves[i].color == new_moves[i].color && old_moves[i].point == new_moves[i].point;
  }
  for (size_t i = old_moves.size(); reusable && i < new_moves.size(); ++i) {
    reusable = new_moves[i].color == search_->game().to_play() &&
               search_->Advance(new_moves[i].point).ok();
  }
  if (reusable) {
    reusable = search_->game().to_play() == game.to_play() && SameSearchView(search_->game(), game);
  }
  if (!reusable) search_->SetRoot(game);
}

SearchReport MctsMoveGenerator::Search(const Game& game, const SearchRequest& request) {
  MoveRootTo(game);
  const int start_visits = search_->root_visits();
  reused_visits_ += start_visits;
  const int64_t playout_target =
      request.max_playouts >= INT_MAX - start_visits ? INT_MAX : start_visits + request.max_playouts;
  const int64_t target = std::clamp<int64_t>(std::min(request.max_visits, playout_target),
                                             kMinVisits, INT_MAX);
  search_->SetTargetVisits(static_cast<int>(target));

  absl::Time next_report = absl::Now() + request.report_interval;
  while (!search_->Done()) {
    if (search_->root_visits() >= kMinVisits && request.should_stop && request.should_stop()) break;
    const int before = search_->root_visits();
    const int n = search_->SelectLeaves(options_.leaves_per_batch, std::span(positions_),
                                        std::span(handles_));
    if (n > 0) {
      backend_->EvaluateBatch(std::span<const CompactPosition>(positions_.data(), n),
                              std::span<EvalOutput>(outputs_.data(), n));
      search_->ApplyResults(std::span<const LeafHandle>(handles_.data(), n),
                            std::span<const EvalOutput>(outputs_.data(), n));
    } else if (search_->root_visits() == before) {
      break;  // nothing left to search (e.g. every line ends the game)
    }
    if (request.on_report && absl::Now() >= next_report) {
      request.on_report(MakeReport(game, request.want_ownership));
      next_report = absl::Now() + request.report_interval;
    }
  }
  return MakeReport(game, request.want_ownership, /*with_unvisited=*/true);
}

SearchReport MctsMoveGenerator::MakeReport(const Game& game, bool with_ownership,
                                           bool with_unvisited) {
  SearchReport report;
  report.root_visits = search_->root_visits();
  report.root_winrate = 0.5f * (search_->root_value() + 1.0f);
  report.root_score_lead = search_->root_score_lead();
  for (const ChildStats& child : search_->RootChildren(options_.max_pv_length)) {
    if (child.visits <= 0) continue;
    CandidateMove c;
    c.move = child.move;
    c.visits = child.visits;
    c.winrate = child.winrate();
    c.score_lead = child.score_lead;
    c.prior = child.prior;
    c.lcb = child.lcb_winrate();
    c.pv = child.pv;
    if (c.pv.empty()) c.pv.push_back(c.move);
    report.candidates.push_back(std::move(c));
  }
  if (with_unvisited) {
    // A few unvisited moves by prior, so that the engine has an
    // alternative when every visit went to a move it must not play (an
    // early pass of a weak network).
    std::vector<CandidateMove> unvisited;
    for (Point p : game.LegalMoves()) {
      const bool visited = std::any_of(report.candidates.begin(), report.candidates.end(),
                                       [p](const CandidateMove& c) { return c.move == p; });
      if (visited || game.board().IsSimpleEye(p, game.to_play())) continue;
      CandidateMove c;
      c.move = p;
      c.prior = search_->RootPrior(p);
      c.winrate = report.root_winrate;
      c.lcb = 0;
      c.pv = {p};
      unvisited.push_back(std::move(c));
    }
    const size_t keep = std::min<size_t>(unvisited.size(), kUnvisitedCandidates);
    std::partial_sort(unvisited.begin(), unvisited.begin() + keep, unvisited.end(),
                      [](const CandidateMove& a, const CandidateMove& b) { return a.prior > b.prior; });
    report.candidates.insert(report.candidates.end(), unvisited.begin(), unvisited.begin() + keep);
  }
  if (with_ownership) {
    const int points = game.size() * game.size();
    const uint64_t key = game.situation_hash() ^ (static_cast<uint64_t>(game.move_number()) << 1);
    if (const auto* own = search_->root_ownership(); own != nullptr) {
      report.ownership.assign(own->begin(), own->begin() + points);
    } else if (!ownership_cache_.empty() && ownership_key_ == key) {
      report.ownership = ownership_cache_;
    } else {
      // The root came from a reused tree or the cache: one more evaluation,
      // remembered for the next reports of this position.
      EvalOutput output;
      const CompactPosition position = MakeCompactPosition(game);
      backend_->EvaluateBatch(std::span<const CompactPosition>(&position, 1),
                              std::span<EvalOutput>(&output, 1));
      report.ownership.assign(output.ownership.begin(), output.ownership.begin() + points);
      ownership_cache_ = report.ownership;
      ownership_key_ = key;
    }
  }
  return report;
}

}  // namespace tengen::gtp
